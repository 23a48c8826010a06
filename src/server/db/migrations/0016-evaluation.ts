import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must never change once released.

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** 评审 (issue 13), the evaluation half: score-sheet templates and evaluation campaigns (评比) with experts and scores. */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const blob = pg ? 'bytea' : 'blob';
  const table = (name: string) =>
    pg
      ? db.schema.createTable(name).addColumn('id', 'serial', (c) => c.primaryKey())
      : db.schema.createTable(name).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  // A version of a score sheet (评分表); frozen once a campaign uses it, editing then makes the next version.
  await table('score_template')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition_json', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('score_template_name_version_uq', ['name', 'version'])
    .execute();

  await table('evaluation_campaign')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('volume_year', 'integer')
    .addColumn('require_published', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('template_id', 'integer', (c) => c.notNull().references('score_template.id').onDelete('restrict'))
    .addColumn('experts_per_entry', 'integer', (c) => c.notNull())
    .addColumn('quotas_json', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('submit_deadline', 'text')
    .addColumn('notice_from', 'text')
    .addColumn('notice_to', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await table('evaluation_group')
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('evaluation_campaign.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('entry_kind', 'text', (c) => c.notNull())
    .addUniqueConstraint('evaluation_group_name_uq', ['campaign_id', 'name'])
    .execute();

  await table('evaluation_expert')
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('evaluation_campaign.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('restrict'))
    .addColumn('region_unit_id', 'integer', (c) => c.notNull().references('unit.id').onDelete('restrict'))
    .addColumn('group_id', 'integer', (c) => c.references('evaluation_group.id').onDelete('set null'))
    .addUniqueConstraint('evaluation_expert_user_uq', ['campaign_id', 'user_id'])
    .execute();

  await table('evaluation_entry')
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('evaluation_campaign.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id').onDelete('restrict'))
    .addColumn('region_unit_id', 'integer', (c) => c.notNull().references('unit.id').onDelete('restrict'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('entry_kind', 'text', (c) => c.notNull())
    .addColumn('volume_year', 'integer')
    .addColumn('published', 'integer', (c) => c.notNull())
    .addColumn('publisher', 'text')
    .addColumn('group_id', 'integer', (c) => c.references('evaluation_group.id').onDelete('set null'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_bytes', blob, (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('evaluation_entry_title_uq', ['campaign_id', 'title'])
    .execute();

  await table('evaluation_assignment')
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('evaluation_campaign.id').onDelete('cascade'))
    .addColumn('entry_id', 'integer', (c) => c.notNull().references('evaluation_entry.id').onDelete('cascade'))
    .addColumn('expert_id', 'integer', (c) => c.notNull().references('evaluation_expert.id').onDelete('cascade'))
    .addColumn('cross_group', 'integer', (c) => c.notNull())
    .addUniqueConstraint('evaluation_assignment_uq', ['entry_id', 'expert_id'])
    .execute();

  // One expert's marks on one entry in one stage (初评/复评 scores, 终评 vote).
  await table('score_sheet')
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('evaluation_campaign.id').onDelete('cascade'))
    .addColumn('entry_id', 'integer', (c) => c.notNull().references('evaluation_entry.id').onDelete('cascade'))
    .addColumn('expert_id', 'integer', (c) => c.notNull().references('evaluation_expert.id').onDelete('cascade'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('marks_json', 'text', (c) => c.notNull())
    .addColumn('vote', 'integer')
    .addColumn('submitted', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('score_sheet_uq', ['entry_id', 'expert_id', 'stage'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'score_sheet',
    'evaluation_assignment',
    'evaluation_entry',
    'evaluation_expert',
    'evaluation_group',
    'evaluation_campaign',
    'score_template',
  ])
    await db.schema.dropTable(t).execute();
}
