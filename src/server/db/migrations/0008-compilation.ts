import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must never change once released.

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** 编纂: projects with their 编纂方案 and roles, the 篇目 tree with its history and approved revisions, draft versions, assignments. */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const table = (name: string) =>
    pg
      ? db.schema.createTable(name).addColumn('id', 'serial', (c) => c.primaryKey())
      : db.schema.createTable(name).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  await table('compile_project')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('year', 'integer')
    .addColumn('previous_id', 'integer', (c) => c.references('compile_project.id').onDelete('set null'))
    .addColumn('owner_unit_id', 'integer', (c) => c.references('unit.id').onDelete('set null'))
    .addColumn('outline_state', 'text', (c) => c.notNull())
    .addColumn('task_id', 'integer', (c) => c.references('task.id').onDelete('set null'))
    .addColumn('scope', 'text')
    .addColumn('lower_limit', 'text')
    .addColumn('upper_limit', 'text')
    .addColumn('target_chars', 'integer')
    .addColumn('style_guide', 'text')
    .addColumn('organisation', 'text')
    .addColumn('stages_json', 'text', (c) => c.notNull())
    .addColumn('rules_json', 'text')
    .addColumn('published_book_id', 'integer')
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('compile_project_task_idx').on('compile_project').column('task_id').execute();

  await table('compile_member')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('compile_project.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.references('unit.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('compile_member_uq', ['project_id', 'user_id', 'role'])
    .execute();
  await db.schema.createIndex('compile_member_user_idx').on('compile_member').column('user_id').execute();

  await table('compile_node')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('compile_project.id').onDelete('cascade'))
    .addColumn('parent_id', 'integer', (c) => c.references('compile_node.id').onDelete('cascade'))
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('genre', 'text', (c) => c.notNull())
    .addColumn('matter', 'text', (c) => c.notNull())
    .addColumn('owner_unit_id', 'integer', (c) => c.references('unit.id').onDelete('set null'))
    .addColumn('writer_id', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('word_budget', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('approved_at', 'text')
    .addColumn('carried_from_id', 'integer')
    .addColumn('is_carried', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('compile_node_project_idx')
    .on('compile_node')
    .columns(['project_id', 'parent_id', 'sort_order'])
    .execute();

  // The outline's history: every add, rename, move, split, merge, import; never changed.
  await table('compile_outline_change')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('compile_project.id').onDelete('cascade'))
    .addColumn('node_id', 'integer')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('detail_json', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('compile_outline_change_idx')
    .on('compile_outline_change')
    .columns(['project_id', 'id'])
    .execute();

  await table('compile_outline_revision')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('compile_project.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('snapshot_json', 'text', (c) => c.notNull())
    .addColumn('node_count', 'integer', (c) => c.notNull())
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('comment', 'text')
    .addUniqueConstraint('compile_outline_revision_uq', ['project_id', 'number'])
    .execute();

  // Draft versions are immutable: a restore or an edit is a new row.
  await table('compile_draft_version')
    .addColumn('node_id', 'integer', (c) => c.notNull().references('compile_node.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('plain_text', 'text', (c) => c.notNull())
    .addColumn('char_count', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_name', 'text')
    .addColumn('restored_from', 'integer')
    .addColumn('note', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('compile_draft_version_uq', ['node_id', 'version'])
    .execute();

  // 供稿 / 撰稿 / 审读 assignments of a node to a unit or a person, with a due date.
  await table('compile_assignment')
    .addColumn('node_id', 'integer', (c) => c.notNull().references('compile_node.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.references('unit.id').onDelete('set null'))
    .addColumn('user_id', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('compile_assignment_node_idx').on('compile_assignment').column('node_id').execute();

  // 送审稿: a frozen set of node versions with its 齐清定 checklist; never changed (the review refers to it by id).
  await table('compile_submission')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('compile_project.id').onDelete('restrict'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('checklist_json', 'text', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('compile_submission_uq', ['project_id', 'number'])
    .execute();
  await table('compile_submission_item')
    .addColumn('submission_id', 'integer', (c) => c.notNull().references('compile_submission.id').onDelete('restrict'))
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addColumn('node_id', 'integer')
    .addColumn('version_id', 'integer', (c) => c.references('compile_draft_version.id').onDelete('restrict'))
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('genre', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('compile_submission_item_idx')
    .on('compile_submission_item')
    .columns(['submission_id', 'ordinal'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'compile_submission_item',
    'compile_submission',
    'compile_assignment',
    'compile_draft_version',
    'compile_outline_revision',
    'compile_outline_change',
    'compile_node',
    'compile_member',
    'compile_project',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
