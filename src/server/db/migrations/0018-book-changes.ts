import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must never change once released.

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * The change log of the gazetteer (issue 15): one row per ingest, edit, publish/unpublish and delete of a book, written
 * in the same transaction as the change. Every server's search index is a cache that records the last `seq` it applied
 * and follows the log. No foreign key: the row of a deleted book must stay.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await (
    pg
      ? db.schema.createTable('book_change').addColumn('seq', 'serial', (c) => c.primaryKey())
      : db.schema.createTable('book_change').addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
  )
    .addColumn('book_id', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('book_change_book_idx').on('book_change').column('book_id').execute();
  // Existing installations: one row per book already there, so an index built before this migration is caught up by
  // the same path as any other (a server whose index records no seq re-applies these).
  await db
    .insertInto('book_change')
    .columns(['book_id', 'kind', 'at'])
    .expression((eb: any) =>
      eb
        .selectFrom('book')
        .select(['id as book_id', eb.val('ingest').as('kind'), 'updated_at as at'])
        .orderBy('id'),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('book_change').execute();
}
