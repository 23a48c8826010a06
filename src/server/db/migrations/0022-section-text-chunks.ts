import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must never change once released.

/** Code points a piece holds (the application's `TEXT_CHUNK` when this migration was written). */
const CHUNK = 4_096;
/** Sections read per step, and piece rows per INSERT (3 parameters a row). */
const SECTIONS_PER_STEP = 100;
const ROWS_PER_INSERT = 300;

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

function chunksOf(text: string): string[] {
  const out: string[] = [];
  let from = 0;
  while (from < text.length) {
    let to = from;
    for (let n = 0; n < CHUNK && to < text.length; n++) {
      const c = text.charCodeAt(to);
      const next = text.charCodeAt(to + 1);
      to += c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
    }
    out.push(text.slice(from, to));
    from = to;
  }
  return out;
}

async function insertPieces(db: Kysely<any>, rows: { section_id: number; seq: number; text: string }[]) {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT)
    await db
      .insertInto('book_section_text')
      .values(rows.slice(i, i + ROWS_PER_INSERT))
      .execute();
}

/**
 * A section's text moves out of its row into pieces of 4,096 code points (`book_section_text`), so that reading the
 * characters around a search hit reads one piece, not the whole juan (a database reads a value whole). The text is
 * still stored once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('book_section_text')
    .addColumn('section_id', 'integer', (c) => c.notNull().references('book_section.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('book_section_text_pk', ['section_id', 'seq'])
    .execute();
  let after = 0;
  for (;;) {
    const sections: { id: number; text: string }[] = await db
      .selectFrom('book_section')
      .select(['id', 'text'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(SECTIONS_PER_STEP)
      .execute();
    if (sections.length === 0) break;
    const rows: { section_id: number; seq: number; text: string }[] = [];
    for (const s of sections)
      for (const [seq, text] of chunksOf(s.text).entries()) rows.push({ section_id: s.id, seq, text });
    await insertPieces(db, rows);
    after = Number((sections[sections.length - 1] as { id: number }).id);
  }
  await db.schema.alterTable('book_section').dropColumn('text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('book_section')
    .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  const joined = isPostgres(db)
    ? sql`(SELECT string_agg(t.text, '' ORDER BY t.seq) FROM book_section_text t WHERE t.section_id = book_section.id)`
    : sql`(SELECT group_concat(t.text, '' ORDER BY t.seq) FROM book_section_text t WHERE t.section_id = book_section.id)`;
  await sql`UPDATE book_section SET text = COALESCE(${joined}, '')`.execute(db);
  await db.schema.dropTable('book_section_text').execute();
}
