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
  const real = pg ? 'double precision' : 'real';
  const blob = pg ? 'bytea' : 'blob';

  // One row per plan: how often units report and when lights turn yellow and red.
  await db.schema
    .createTable('plan_supervision')
    .addColumn('plan_id', 'integer', (c) => c.primaryKey().references('plan.id').onDelete('cascade'))
    .addColumn('cycle', 'text', (c) => c.notNull())
    .addColumn('due_day', 'integer', (c) => c.notNull())
    .addColumn('yellow_points', 'integer', (c) => c.notNull())
    .addColumn('red_points', 'integer', (c) => c.notNull())
    .addColumn('remind_days_before', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .alterTable('task')
    .addColumn('is_continuous', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('task').addColumn('closed_at', 'text').execute();
  await db.schema
    .alterTable('task')
    .addColumn('closed_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .execute();
  await db.schema.alterTable('task').addColumn('close_evidence', 'text').execute();

  await table('milestone')
    .addColumn('task_id', 'integer', (c) => c.notNull().references('task.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('deliverable', 'text')
    .addColumn('weight', real, (c) => c.notNull())
    .addColumn('reached_at', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('milestone_task_idx').on('milestone').column('task_id').execute();

  // A quantified target tracked over the year: its planned curve and the actuals reports bring.
  await table('indicator')
    .addColumn('task_id', 'integer', (c) => c.notNull().references('task.id').onDelete('cascade'))
    .addColumn('target_id', 'integer', (c) => c.references('task_target.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('target_value', real, (c) => c.notNull())
    .addColumn('baseline', real, (c) => c.notNull().defaultTo(0))
    .addColumn('curve', 'text', (c) => c.notNull())
    .addColumn('points_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('indicator_task_idx').on('indicator').column('task_id').execute();

  await table('report')
    .addColumn('task_id', 'integer', (c) => c.notNull().references('task.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id').onDelete('restrict'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress_text', 'text', (c) => c.notNull())
    .addColumn('percent', 'integer')
    .addColumn('problems', 'text')
    .addColumn('next_steps', 'text')
    .addColumn('milestones_reached_json', 'text', (c) => c.notNull())
    .addColumn('indicator_actuals_json', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('submitted_at', 'text')
    .addColumn('decided_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('decided_at', 'text')
    .addColumn('decision_comment', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('report_task_unit_period_uq', ['task_id', 'unit_id', 'period'])
    .execute();
  await db.schema.createIndex('report_unit_idx').on('report').columns(['unit_id', 'period']).execute();

  await table('report_attachment')
    .addColumn('report_id', 'integer', (c) => c.notNull().references('report.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', blob, (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // Everything that happens to a task, in order: the task's timeline (reports, decisions, chases, extensions, closing).
  await table('task_event')
    .addColumn('task_id', 'integer', (c) => c.notNull().references('task.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.references('unit.id').onDelete('set null'))
    .addColumn('report_id', 'integer', (c) => c.references('report.id').onDelete('set null'))
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('detail_json', 'text')
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('task_event_task_idx').on('task_event').columns(['task_id', 'occurred_at']).execute();

  // 催办 (level 0) and 督办单 (levels 1–3).
  await table('chase')
    .addColumn('task_id', 'integer', (c) => c.notNull().references('task.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id').onDelete('restrict'))
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text')
    .execute();

  await table('extension_request')
    .addColumn('task_id', 'integer', (c) => c.notNull().references('task.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id').onDelete('restrict'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('old_date', 'text', (c) => c.notNull())
    .addColumn('new_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('decided_at', 'text')
    .addColumn('decision_comment', 'text')
    .execute();

  await table('notification')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    // Reminders are sent once: the same (user, key) is never notified twice.
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addUniqueConstraint('notification_user_key_uq', ['user_id', 'dedupe_key'])
    .execute();

  // Outbound deliveries (e-mail, 企业微信, 钉钉), each attempted once per key and recorded.
  await table('delivery')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('delivery_channel_key_uq', ['channel', 'dedupe_key', 'recipient'])
    .execute();

  await db.schema
    .createTable('setting')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Assessment: the rules are data the supervisor edits; leader scores are per unit and plan.
  await db.schema
    .createTable('assessment_rule_set')
    .addColumn('plan_id', 'integer', (c) => c.primaryKey().references('plan.id').onDelete('cascade'))
    .addColumn('rules_json', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await table('quality_score')
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plan.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id').onDelete('restrict'))
    .addColumn('score', real, (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('scored_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('scored_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('quality_score_plan_unit_uq', ['plan_id', 'unit_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'quality_score',
    'assessment_rule_set',
    'setting',
    'delivery',
    'notification',
    'extension_request',
    'chase',
    'task_event',
    'report_attachment',
    'report',
    'indicator',
    'milestone',
    'plan_supervision',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  for (const c of ['close_evidence', 'closed_by', 'closed_at', 'is_continuous'])
    await db.schema.alterTable('task').dropColumn(c).execute();
}
