import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type {
  EvaluationCampaignTable,
  EvaluationEntryTable,
  EvaluationExpertTable,
  ScoreSheetTable,
  ScoreTemplateTable,
} from '../../db/schema.ts';

export type ScoreTemplateRow = Selectable<ScoreTemplateTable>;
export type CampaignRow = Selectable<EvaluationCampaignTable>;
export type ExpertRow = Selectable<EvaluationExpertTable>;
export type EntryRow = Omit<Selectable<EvaluationEntryTable>, 'file_bytes'>;
export type SheetRow = Selectable<ScoreSheetTable>;

// ── templates ──
export async function insertTemplate(db: Db, v: Omit<Insertable<ScoreTemplateTable>, 'id'>): Promise<number> {
  return (await db.insertInto('score_template').values(v).returning('id').executeTakeFirstOrThrow()).id;
}
export async function updateTemplateDefinition(db: Db, id: number, json: string, now: string): Promise<void> {
  await db.updateTable('score_template').set({ definition_json: json, updated_at: now }).where('id', '=', id).execute();
}
export async function findTemplate(db: Db, id: number): Promise<ScoreTemplateRow | undefined> {
  return db.selectFrom('score_template').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function findTemplates(db: Db): Promise<ScoreTemplateRow[]> {
  return db.selectFrom('score_template').selectAll().orderBy('name').orderBy('version', 'desc').execute();
}
export async function latestTemplateVersion(db: Db, name: string): Promise<number> {
  const r = await db
    .selectFrom('score_template')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(r?.v ?? 0);
}
export async function templateIdsInUse(db: Db): Promise<Set<number>> {
  const rows = await db.selectFrom('evaluation_campaign').select('template_id').distinct().execute();
  return new Set(rows.map((r) => r.template_id));
}

// ── campaigns ──
export async function insertCampaign(db: Db, v: Omit<Insertable<EvaluationCampaignTable>, 'id'>): Promise<number> {
  return (await db.insertInto('evaluation_campaign').values(v).returning('id').executeTakeFirstOrThrow()).id;
}
export async function updateCampaign(db: Db, id: number, v: Updateable<EvaluationCampaignTable>): Promise<void> {
  await db.updateTable('evaluation_campaign').set(v).where('id', '=', id).execute();
}
export async function findCampaign(db: Db, id: number): Promise<CampaignRow | undefined> {
  return db.selectFrom('evaluation_campaign').selectAll().where('id', '=', id).executeTakeFirst();
}
/** Campaigns, all or those `ids`. */
export async function findCampaigns(db: Db, ids: readonly number[] | null): Promise<CampaignRow[]> {
  let q = db.selectFrom('evaluation_campaign').selectAll();
  if (ids) q = q.where('id', 'in', ids.length ? [...ids] : [-1]);
  return q.orderBy('year', 'desc').orderBy('id', 'desc').execute();
}
export async function countEntriesByCampaign(db: Db): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('evaluation_entry')
    .select(['campaign_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('campaign_id')
    .execute();
  return new Map(rows.map((r) => [r.campaign_id, Number(r.n)]));
}

// ── groups ──
export async function insertGroup(
  db: Db,
  v: { campaign_id: number; name: string; entry_kind: string },
): Promise<number> {
  return (await db.insertInto('evaluation_group').values(v).returning('id').executeTakeFirstOrThrow()).id;
}
export async function findGroups(db: Db, campaignId: number) {
  return db.selectFrom('evaluation_group').selectAll().where('campaign_id', '=', campaignId).orderBy('id').execute();
}

// ── experts ──
export async function insertExpert(db: Db, v: Omit<Insertable<EvaluationExpertTable>, 'id'>): Promise<number> {
  return (await db.insertInto('evaluation_expert').values(v).returning('id').executeTakeFirstOrThrow()).id;
}
export async function findExperts(db: Db, campaignId: number): Promise<ExpertRow[]> {
  return db.selectFrom('evaluation_expert').selectAll().where('campaign_id', '=', campaignId).orderBy('id').execute();
}
export async function findExpertshipsOfUser(db: Db, userId: number): Promise<ExpertRow[]> {
  return db.selectFrom('evaluation_expert').selectAll().where('user_id', '=', userId).execute();
}

// ── entries ──
const entryColumns = [
  'id',
  'campaign_id',
  'unit_id',
  'region_unit_id',
  'title',
  'entry_kind',
  'volume_year',
  'published',
  'publisher',
  'group_id',
  'file_name',
  'text',
  'submitted_by',
  'created_at',
] as const;
export async function insertEntry(db: Db, v: Omit<Insertable<EvaluationEntryTable>, 'id'>): Promise<number> {
  return (await db.insertInto('evaluation_entry').values(v).returning('id').executeTakeFirstOrThrow()).id;
}
export async function findEntries(db: Db, campaignId: number): Promise<EntryRow[]> {
  return db
    .selectFrom('evaluation_entry')
    .select(entryColumns)
    .where('campaign_id', '=', campaignId)
    .orderBy('id')
    .execute();
}
export async function findEntry(db: Db, id: number): Promise<EntryRow | undefined> {
  return db.selectFrom('evaluation_entry').select(entryColumns).where('id', '=', id).executeTakeFirst();
}
export async function findEntryFile(
  db: Db,
  id: number,
): Promise<{ file_name: string; file_bytes: Uint8Array } | undefined> {
  return db.selectFrom('evaluation_entry').select(['file_name', 'file_bytes']).where('id', '=', id).executeTakeFirst();
}
export async function deleteEntry(db: Db, id: number): Promise<void> {
  await db.deleteFrom('evaluation_entry').where('id', '=', id).execute();
}

export async function setEntryGroup(db: Db, id: number, groupId: number | null): Promise<void> {
  await db.updateTable('evaluation_entry').set({ group_id: groupId }).where('id', '=', id).execute();
}

// ── assignments ──
export async function replaceAssignments(
  db: Db,
  campaignId: number,
  rows: readonly { entry_id: number; expert_id: number; cross_group: number }[],
): Promise<void> {
  await db.deleteFrom('evaluation_assignment').where('campaign_id', '=', campaignId).execute();
  if (rows.length)
    await db
      .insertInto('evaluation_assignment')
      .values(rows.map((r) => ({ ...r, campaign_id: campaignId })))
      .execute();
}
export async function findAssignments(db: Db, campaignId: number) {
  return db
    .selectFrom('evaluation_assignment')
    .select(['entry_id', 'expert_id', 'cross_group'])
    .where('campaign_id', '=', campaignId)
    .orderBy('entry_id')
    .orderBy('expert_id')
    .execute();
}

// ── score sheets ──
export async function findSheets(db: Db, campaignId: number): Promise<SheetRow[]> {
  return db.selectFrom('score_sheet').selectAll().where('campaign_id', '=', campaignId).orderBy('id').execute();
}
export async function findSheet(
  db: Db,
  entryId: number,
  expertId: number,
  stage: string,
): Promise<SheetRow | undefined> {
  return db
    .selectFrom('score_sheet')
    .selectAll()
    .where('entry_id', '=', entryId)
    .where('expert_id', '=', expertId)
    .where('stage', '=', stage)
    .executeTakeFirst();
}
export async function upsertSheet(db: Db, v: Omit<Insertable<ScoreSheetTable>, 'id'>): Promise<void> {
  const existing = await findSheet(db, v.entry_id, v.expert_id, v.stage);
  if (existing)
    await db
      .updateTable('score_sheet')
      .set({ marks_json: v.marks_json, vote: v.vote, submitted: v.submitted, updated_at: v.updated_at })
      .where('id', '=', existing.id)
      .execute();
  else await db.insertInto('score_sheet').values(v).execute();
}
