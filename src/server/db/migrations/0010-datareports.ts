import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must never change once released.

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * 资料年报: forms defined as data (fields, checks), yearly cycles that freeze the form they use, and one submission per
 * office and cycle moving draft → submitted → city_approved → accepted (or returned).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const table = (name: string) =>
    pg
      ? db.schema.createTable(name).addColumn('id', 'serial', (c) => c.primaryKey())
      : db.schema.createTable(name).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await table('datareport_form')
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('definition_json', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await table('datareport_cycle')
    .addColumn('form_id', 'integer', (c) => c.notNull().references('datareport_form.id').onDelete('restrict'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('definition_json', 'text', (c) => c.notNull())
    .addColumn('form_version', 'integer', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('datareport_cycle_uq', ['form_id', 'year'])
    .execute();

  await table('datareport_submission')
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('datareport_cycle.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id').onDelete('restrict'))
    .addColumn('values_json', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('reviewed_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('reviewed_at', 'text')
    .addColumn('decided_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('decided_at', 'text')
    .addColumn('comment', 'text')
    .addColumn('updated_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('datareport_submission_uq', ['cycle_id', 'unit_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('datareport_submission').execute();
  await db.schema.dropTable('datareport_cycle').execute();
  await db.schema.dropTable('datareport_form').execute();
}
