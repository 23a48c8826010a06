import type { Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must never change once released.

export async function up(db: Kysely<any>): Promise<void> {
  // Per-book override of what the search index leaves out (JSON: { mode, extraLines }); null = the format's rules.
  await db.schema.alterTable('book').addColumn('search_rule', 'text').execute();
  // The structured bibliographic record (卷数, contributors with dynasty and role, years, holding, series) as JSON.
  await db.schema.alterTable('book').addColumn('bib_json', 'text').execute();
  // Glyph codes with no character (〓 in the text) per section, as JSON [{ offset, code }]; null = none.
  await db.schema.alterTable('book_section').addColumn('glyphs_json', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('book_section').dropColumn('glyphs_json').execute();
  await db.schema.alterTable('book').dropColumn('bib_json').execute();
  await db.schema.alterTable('book').dropColumn('search_rule').execute();
}
