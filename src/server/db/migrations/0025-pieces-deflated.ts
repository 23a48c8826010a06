import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

// Frozen in time: this file imports no application code and must never change once released.

/** Pieces rewritten per step: one UPDATE of 500 rows (3 parameters a row). */
const PIECES_PER_STEP = 500;

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

type Piece = { section_id: number; seq: number; bytes: Uint8Array };

/**
 * Rewrites every piece's bytes in place with `convert`, a step of pieces at a time in (section, seq) order: one
 * `UPDATE … FROM (VALUES …)` a step (both dialects name a VALUES list's columns column1, column2, …).
 */
async function rewritePieces(
  db: Kysely<any>,
  column: string,
  convert: (bytes: Uint8Array) => Uint8Array,
): Promise<void> {
  const blob = sql.raw(isPostgres(db) ? 'bytea' : 'blob');
  let after = { section_id: 0, seq: -1 };
  for (;;) {
    const rows = (await db
      .selectFrom('book_section_piece')
      .select(['section_id', 'seq', `${column} as bytes`])
      .where((eb) => eb(eb.refTuple('section_id', 'seq'), '>', eb.tuple(after.section_id, after.seq)))
      .orderBy('section_id')
      .orderBy('seq')
      .limit(PIECES_PER_STEP)
      .execute()) as Piece[];
    if (rows.length === 0) return;
    const values = sql.join(
      rows.map(
        (r) =>
          sql`(CAST(${Number(r.section_id)} AS integer), CAST(${Number(r.seq)} AS integer), CAST(${Buffer.from(convert(r.bytes))} AS ${blob}))`,
      ),
    );
    await sql`UPDATE book_section_piece SET ${sql.ref(column)} = v.column3 FROM (VALUES ${values}) AS v
      WHERE book_section_piece.section_id = v.column1 AND book_section_piece.seq = v.column2`.execute(db);
    const last = rows[rows.length - 1] as Piece;
    after = { section_id: Number(last.section_id), seq: Number(last.seq) };
  }
}

/**
 * Each piece of text stored deflated (raw DEFLATE, RFC 1951, of its UTF-16 little-endian bytes) in
 * `book_section_piece.deflated`, which was `utf16`: the texts are most of the main database, and deflated they take
 * 0.67 of their UTF-16 bytes on the scaled benchmark corpus (0.46 of UTF-8). Same pieces, same `seq`, same text.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await rewritePieces(db, 'utf16', (bytes) => deflateRawSync(bytes, { level: 6 }));
  await db.schema.alterTable('book_section_piece').renameColumn('utf16', 'deflated').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await rewritePieces(db, 'deflated', (bytes) => inflateRawSync(bytes));
  await db.schema.alterTable('book_section_piece').renameColumn('deflated', 'utf16').execute();
}
