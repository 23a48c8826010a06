import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must never change once released.

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const table = (name: string) =>
    pg
      ? db.schema.createTable(name).addColumn('id', 'serial', (c) => c.primaryKey())
      : db.schema.createTable(name).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await table('plan')
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text')
    .addColumn('preamble', 'text', (c) => c.notNull())
    .addColumn('notice_title', 'text')
    .addColumn('notice_date', 'text')
    .addColumn('notice_addressees_json', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('plan_year_title_uq', ['year', 'title'])
    .execute();

  await table('plan_source')
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plan.id').onDelete('cascade'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    // The original file is kept in the database so it commits with the plan and travels with every backup.
    .addColumn('content', pg ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await table('plan_section')
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plan.id').onDelete('cascade'))
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .execute();

  await table('task')
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plan.id').onDelete('cascade'))
    .addColumn('section_id', 'integer', (c) => c.notNull().references('plan_section.id').onDelete('cascade'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('group_title', 'text')
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('deadline_explicit', 'integer', (c) => c.notNull())
    .addColumn('deadline_text', 'text')
    .addColumn('references_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('task_plan_number_uq', ['plan_id', 'number'])
    .execute();

  await table('task_unit')
    .addColumn('task_id', 'integer', (c) => c.notNull().references('task.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.references('unit.id').onDelete('restrict'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('task_unit_task_idx').on('task_unit').column('task_id').execute();
  await db.schema.createIndex('task_unit_unit_idx').on('task_unit').column('unit_id').execute();

  await table('task_target')
    .addColumn('task_id', 'integer', (c) => c.notNull().references('task.id').onDelete('cascade'))
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('comparator', 'text', (c) => c.notNull())
    .addColumn('value', pg ? 'double precision' : 'real')
    .addColumn('min', pg ? 'double precision' : 'real')
    .addColumn('max', pg ? 'double precision' : 'real')
    .addColumn('unit', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('task_target_task_idx').on('task_target').column('task_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['task_target', 'task_unit', 'task', 'plan_section', 'plan_source', 'plan']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
