import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must never change once released.

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = (name: string) =>
    pg
      ? db.schema.createTable(name).addColumn('id', 'serial', (c) => c.primaryKey())
      : db.schema.createTable(name).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await id('book')
    .addColumn('source_id', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('year', 'integer')
    .addColumn('period', 'text')
    .addColumn('edition', 'text')
    .addColumn('compiler', 'text')
    .addColumn('publisher', 'text')
    .addColumn('place', 'text')
    .addColumn('isbn', 'text')
    .addColumn('licence', 'text')
    .addColumn('source_format', 'text', (c) => c.notNull())
    .addColumn('source_name', 'text', (c) => c.notNull())
    .addColumn('is_published', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('section_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('char_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await id('book_section')
    .addColumn('book_id', 'integer', (c) => c.notNull().references('book.id').onDelete('cascade'))
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('parent_ordinal', 'integer')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('anchors_json', 'text', (c) => c.notNull())
    .addColumn('notes_json', 'text', (c) => c.notNull())
    .addUniqueConstraint('book_section_ordinal_uq', ['book_id', 'ordinal'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['book_section', 'book']) await db.schema.dropTable(t).ifExists().execute();
}
