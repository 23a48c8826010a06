import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { DatareportCycleTable, DatareportFormTable, DatareportSubmissionTable } from '../../db/schema.ts';

export type FormRow = Selectable<DatareportFormTable>;
export type CycleRow = Selectable<DatareportCycleTable>;
export type SubmissionRow = Selectable<DatareportSubmissionTable>;

export async function insertForm(db: Db, v: Omit<Insertable<DatareportFormTable>, 'id'>): Promise<number> {
  return (await db.insertInto('datareport_form').values(v).returning('id').executeTakeFirstOrThrow()).id;
}
export async function updateForm(db: Db, id: number, v: Updateable<DatareportFormTable>): Promise<void> {
  await db.updateTable('datareport_form').set(v).where('id', '=', id).execute();
}
export async function findForm(db: Db, id: number): Promise<FormRow | undefined> {
  return db.selectFrom('datareport_form').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function findFormByName(db: Db, name: string): Promise<FormRow | undefined> {
  return db.selectFrom('datareport_form').selectAll().where('name', '=', name).executeTakeFirst();
}
export async function findForms(db: Db): Promise<FormRow[]> {
  return db.selectFrom('datareport_form').selectAll().orderBy('id').execute();
}

export async function insertCycle(db: Db, v: Omit<Insertable<DatareportCycleTable>, 'id'>): Promise<number> {
  return (await db.insertInto('datareport_cycle').values(v).returning('id').executeTakeFirstOrThrow()).id;
}
export async function findCycle(db: Db, id: number): Promise<CycleRow | undefined> {
  return db.selectFrom('datareport_cycle').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function findCycleOf(db: Db, formId: number, year: number): Promise<CycleRow | undefined> {
  return db
    .selectFrom('datareport_cycle')
    .selectAll()
    .where('form_id', '=', formId)
    .where('year', '=', year)
    .executeTakeFirst();
}
export async function findCycles(db: Db, formId?: number): Promise<CycleRow[]> {
  let q = db.selectFrom('datareport_cycle').selectAll();
  if (formId) q = q.where('form_id', '=', formId);
  return q.orderBy('year', 'desc').orderBy('id', 'desc').execute();
}

export async function findSubmissions(
  db: Db,
  cycleIds: readonly number[],
  unitIds: readonly number[] | null,
): Promise<SubmissionRow[]> {
  if (cycleIds.length === 0) return [];
  let q = db
    .selectFrom('datareport_submission')
    .selectAll()
    .where('cycle_id', 'in', [...cycleIds]);
  if (unitIds) q = q.where('unit_id', 'in', unitIds.length ? [...unitIds] : [-1]);
  return q.orderBy('id').execute();
}
export async function findSubmission(db: Db, id: number): Promise<SubmissionRow | undefined> {
  return db.selectFrom('datareport_submission').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function findSubmissionOf(db: Db, cycleId: number, unitId: number): Promise<SubmissionRow | undefined> {
  return db
    .selectFrom('datareport_submission')
    .selectAll()
    .where('cycle_id', '=', cycleId)
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
}
export async function insertSubmission(db: Db, v: Omit<Insertable<DatareportSubmissionTable>, 'id'>): Promise<number> {
  return (await db.insertInto('datareport_submission').values(v).returning('id').executeTakeFirstOrThrow()).id;
}
export async function updateSubmission(db: Db, id: number, v: Updateable<DatareportSubmissionTable>): Promise<void> {
  await db.updateTable('datareport_submission').set(v).where('id', '=', id).execute();
}
