import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must never change once released.

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  // Per-book override of what the search index leaves out (JSON: { mode, extraLines }); null = the format's rules.
  await db.schema.alterTable('book').addColumn('search_rule', 'text').execute();
  // The structured bibliographic record (卷数, contributors with dynasty and role, years, holding, series) as JSON.
  await db.schema.alterTable('book').addColumn('bib_json', 'text').execute();
  // Glyph codes with no character (〓 in the text) per section, as JSON [{ offset, code }]; null = none.
  await db.schema.alterTable('book_section').addColumn('glyphs_json', 'text').execute();

  // A signed-in reader's saved searches and search history (the search page's URL query string).
  const table = isPostgres(db)
    ? db.schema.createTable('saved_search').addColumn('id', 'serial', (c) => c.primaryKey())
    : db.schema.createTable('saved_search').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  await table
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('saved_search_user')
    .on('saved_search')
    .columns(['user_id', 'kind', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('saved_search').execute();
  await db.schema.alterTable('book_section').dropColumn('glyphs_json').execute();
  await db.schema.alterTable('book').dropColumn('bib_json').execute();
  await db.schema.alterTable('book').dropColumn('search_rule').execute();
}
