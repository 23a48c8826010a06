import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { EvalAssessmentTable, EvalRectificationTable, EvalTemplateTable } from '../../db/schema.ts';

export type EvalTemplateRow = Selectable<EvalTemplateTable>;
export type EvalAssessmentRow = Selectable<EvalAssessmentTable>;
export type EvalRectificationRow = Selectable<EvalRectificationTable>;

export async function insertTemplate(db: Db, v: Omit<Insertable<EvalTemplateTable>, 'id'>): Promise<number> {
  return (await db.insertInto('eval_template').values(v).returning('id').executeTakeFirstOrThrow()).id;
}
export async function findTemplate(db: Db, id: number): Promise<EvalTemplateRow | undefined> {
  return db.selectFrom('eval_template').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function findTemplates(db: Db): Promise<EvalTemplateRow[]> {
  return db.selectFrom('eval_template').selectAll().orderBy('name').orderBy('version', 'desc').execute();
}
export async function latestVersion(db: Db, name: string): Promise<number> {
  const r = await db
    .selectFrom('eval_template')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(r?.v ?? 0);
}

export async function insertAssessment(db: Db, v: Omit<Insertable<EvalAssessmentTable>, 'id'>): Promise<number> {
  return (await db.insertInto('eval_assessment').values(v).returning('id').executeTakeFirstOrThrow()).id;
}
export async function updateAssessment(db: Db, id: number, v: Updateable<EvalAssessmentTable>): Promise<void> {
  await db.updateTable('eval_assessment').set(v).where('id', '=', id).execute();
}
export async function findAssessment(db: Db, id: number): Promise<EvalAssessmentRow | undefined> {
  return db.selectFrom('eval_assessment').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function findAssessmentOf(
  db: Db,
  unitId: number,
  year: number,
  templateId: number,
): Promise<EvalAssessmentRow | undefined> {
  return db
    .selectFrom('eval_assessment')
    .selectAll()
    .where('unit_id', '=', unitId)
    .where('year', '=', year)
    .where('template_id', '=', templateId)
    .executeTakeFirst();
}
export async function findAssessments(db: Db, unitIds: readonly number[] | null): Promise<EvalAssessmentRow[]> {
  let q = db.selectFrom('eval_assessment').selectAll();
  if (unitIds) q = q.where('unit_id', 'in', unitIds.length ? [...unitIds] : [-1]);
  return q.orderBy('id', 'desc').execute();
}

export async function insertPhoto(
  db: Db,
  v: {
    assessment_id: number;
    indicator_key: string;
    mime: string;
    bytes: Uint8Array;
    note: string | null;
    created_by: number | null;
    created_at: string;
  },
): Promise<number> {
  return (await db.insertInto('eval_photo').values(v).returning('id').executeTakeFirstOrThrow()).id;
}
export async function findPhotos(
  db: Db,
  assessmentId: number,
): Promise<{ id: number; indicator_key: string; note: string | null; created_at: string }[]> {
  return db
    .selectFrom('eval_photo')
    .select(['id', 'indicator_key', 'note', 'created_at'])
    .where('assessment_id', '=', assessmentId)
    .orderBy('id')
    .execute();
}
export async function findPhoto(
  db: Db,
  id: number,
): Promise<{ assessment_id: number; mime: string; bytes: Uint8Array } | undefined> {
  return db.selectFrom('eval_photo').select(['assessment_id', 'mime', 'bytes']).where('id', '=', id).executeTakeFirst();
}

export async function insertRectifications(
  db: Db,
  rows: readonly Omit<Insertable<EvalRectificationTable>, 'id'>[],
): Promise<void> {
  if (rows.length)
    await db
      .insertInto('eval_rectification')
      .values([...rows])
      .execute();
}
export async function findRectifications(db: Db, assessmentId: number): Promise<EvalRectificationRow[]> {
  return db
    .selectFrom('eval_rectification')
    .selectAll()
    .where('assessment_id', '=', assessmentId)
    .orderBy('id')
    .execute();
}
export async function findRectification(db: Db, id: number): Promise<EvalRectificationRow | undefined> {
  return db.selectFrom('eval_rectification').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function markRectificationDone(db: Db, id: number, note: string, now: string): Promise<void> {
  await db.updateTable('eval_rectification').set({ done_note: note, done_at: now }).where('id', '=', id).execute();
}
