import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must never change once released.

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** The 督办 loop: 签收, numbered 督办单 with replies, 申请办结, 领导批示 and their answers. */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const table = (name: string) =>
    pg
      ? db.schema.createTable(name).addColumn('id', 'serial', (c) => c.primaryKey())
      : db.schema.createTable(name).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  // 签收: a responsible unit acknowledges a task it was given (once per unit and task).
  await table('task_ack')
    .addColumn('task_id', 'integer', (c) => c.notNull().references('task.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id').onDelete('restrict'))
    .addColumn('acked_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('acked_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('task_ack_task_unit_uq', ['task_id', 'unit_id'])
    .execute();

  // 督办单 as a document: number (督字〔2023〕5号), signer, 签收 and the unit's reply (late or not).
  for (const [name, type] of [
    ['doc_year', 'integer'],
    ['doc_seq', 'integer'],
    ['doc_number', 'text'],
    ['signer', 'text'],
    ['reply_text', 'text'],
    ['acked_at', 'text'],
  ] as const) {
    await db.schema.alterTable('chase').addColumn(name, type).execute();
  }
  await db.schema
    .alterTable('chase')
    .addColumn('replied_late', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // A mobile number per account, for the SMS channel (阿里云短信).
  await db.schema.alterTable('app_user').addColumn('phone', 'text').execute();

  // 申请办结: the lead unit applies to close with its evidence; the supervisor approves or returns.
  await table('closure_request')
    .addColumn('task_id', 'integer', (c) => c.notNull().references('task.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id').onDelete('restrict'))
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('decided_at', 'text')
    .addColumn('decision_comment', 'text')
    .execute();
  await db.schema.createIndex('closure_request_task_idx').on('closure_request').column('task_id').execute();

  // 领导批示 on a task (optionally about one report), and each responsible unit's answer to it.
  await table('instruction')
    .addColumn('task_id', 'integer', (c) => c.notNull().references('task.id').onDelete('cascade'))
    .addColumn('report_id', 'integer', (c) => c.references('report.id').onDelete('set null'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('instruction_task_idx').on('instruction').column('task_id').execute();
  await table('instruction_reply')
    .addColumn('instruction_id', 'integer', (c) => c.notNull().references('instruction.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id').onDelete('restrict'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('replied_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('replied_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('instruction_reply_unit_uq', ['instruction_id', 'unit_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('instruction_reply').execute();
  await db.schema.dropTable('instruction').execute();
  await db.schema.dropTable('closure_request').execute();
  for (const name of ['replied_late', 'acked_at', 'reply_text', 'signer', 'doc_number', 'doc_seq', 'doc_year']) {
    await db.schema.alterTable('chase').dropColumn(name).execute();
  }
  await db.schema.alterTable('app_user').dropColumn('phone').execute();
  await db.schema.dropTable('task_ack').execute();
}
