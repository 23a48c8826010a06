import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must never change once released.

/** Pieces read per step, and rows per INSERT (3 parameters a row). */
const PIECES_PER_STEP = 500;

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

type Piece = { section_id: number; seq: number };

/**
 * Copies every row of `from` into `to`, a step of pieces at a time in (section, seq) order, converting the text
 * column's value with `convert`.
 */
async function copyPieces(
  db: Kysely<any>,
  from: string,
  to: string,
  column: [from: string, to: string],
  convert: (value: unknown) => unknown,
): Promise<void> {
  let after: Piece = { section_id: 0, seq: -1 };
  for (;;) {
    const rows = (await db
      .selectFrom(from)
      .select(['section_id', 'seq', column[0]])
      .where((eb) => eb(eb.refTuple('section_id', 'seq'), '>', eb.tuple(after.section_id, after.seq)))
      .orderBy('section_id')
      .orderBy('seq')
      .limit(PIECES_PER_STEP)
      .execute()) as (Piece & Record<string, unknown>)[];
    if (rows.length === 0) return;
    await db
      .insertInto(to)
      .values(rows.map((r) => ({ section_id: r.section_id, seq: r.seq, [column[1]]: convert(r[column[0]]) })))
      .execute();
    const last = rows[rows.length - 1] as Piece;
    after = { section_id: Number(last.section_id), seq: Number(last.seq) };
  }
}

/**
 * The pieces of a section's text stored as UTF-16 (little-endian) bytes in `book_section_piece.utf16`, not as text:
 * a Han character, 3 bytes of UTF-8, is 2 of UTF-16, and the texts are most of the main database (0.69 of the bytes
 * on the shared corpus). Same pieces (`seq`), same cuts; a lone surrogate is kept as it is, where UTF-8 stored U+FFFD.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('book_section_piece')
    .addColumn('section_id', 'integer', (c) => c.notNull().references('book_section.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('utf16', isPostgres(db) ? 'bytea' : 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('book_section_piece_pk', ['section_id', 'seq'])
    .execute();
  await copyPieces(db, 'book_section_text', 'book_section_piece', ['text', 'utf16'], (text) =>
    Buffer.from(String(text), 'utf16le'),
  );
  await db.schema.dropTable('book_section_text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('book_section_text')
    .addColumn('section_id', 'integer', (c) => c.notNull().references('book_section.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('book_section_text_pk', ['section_id', 'seq'])
    .execute();
  await copyPieces(db, 'book_section_piece', 'book_section_text', ['utf16', 'text'], (bytes) =>
    Buffer.from(bytes as Uint8Array).toString('utf16le'),
  );
  await db.schema.dropTable('book_section_piece').execute();
}
