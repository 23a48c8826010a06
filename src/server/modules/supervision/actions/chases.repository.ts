import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { ChaseTable } from '../../../db/schema.ts';

/** `chase`: 催办 (level 0) and 督办单 (levels 1–3) sent to a unit about a task. */
export type ChaseRow = Selectable<ChaseTable>;

export async function insertChase(db: Db, row: Insertable<ChaseTable>): Promise<number> {
  return (await db.insertInto('chase').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findChase(db: Db, id: number): Promise<ChaseRow | undefined> {
  return db.selectFrom('chase').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Whether the unit already had a notice of `level` about the task (a 督办单 climbs one level at a time). */
export async function hasChaseAtLevel(db: Db, taskId: number, unitId: number, level: number): Promise<boolean> {
  const row = await db
    .selectFrom('chase')
    .select('id')
    .where('task_id', '=', taskId)
    .where('unit_id', '=', unitId)
    .where('level', '=', level)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findChasesOfTasks(db: Db, taskIds: readonly number[]): Promise<ChaseRow[]> {
  if (taskIds.length === 0) return [];
  return db
    .selectFrom('chase')
    .selectAll()
    .where('task_id', 'in', [...taskIds])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Records the unit's reply once; answers false when the chase was already answered (a second click). */
export async function markChaseAnswered(
  db: Db,
  id: number,
  at: string,
  reply: { text: string; late: boolean },
): Promise<boolean> {
  const res = await db
    .updateTable('chase')
    .set({ answered_at: at, reply_text: reply.text, replied_late: reply.late ? 1 : 0 })
    .where('id', '=', id)
    .where('answered_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** The highest 督办单 sequence number of a year (0 when none yet): the next one is this + 1. */
export async function maxDocSeq(db: Db, year: number): Promise<number> {
  const row = await db
    .selectFrom('chase')
    .select((eb) => eb.fn.max('doc_seq').as('seq'))
    .where('doc_year', '=', year)
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}

export async function setChaseDocument(
  db: Db,
  id: number,
  doc: { year: number; seq: number; number: string; signer: string },
): Promise<void> {
  await db
    .updateTable('chase')
    .set({ doc_year: doc.year, doc_seq: doc.seq, doc_number: doc.number, signer: doc.signer })
    .where('id', '=', id)
    .execute();
}

export async function markChaseAcked(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable('chase').set({ acked_at: at }).where('id', '=', id).where('acked_at', 'is', null).execute();
}

/** Chases with a reply deadline before `today` and no reply: late ones, for the 督办台 and escalation. */
export async function findUnansweredChases(db: Db, before: string): Promise<ChaseRow[]> {
  return db
    .selectFrom('chase')
    .selectAll()
    .where('answered_at', 'is', null)
    .where('due_date', 'is not', null)
    .where('due_date', '<', before)
    .orderBy('due_date')
    .execute();
}

/** Chases to a unit not answered yet (its 待办). */
export async function findOpenChasesOfUnit(db: Db, unitId: number): Promise<ChaseRow[]> {
  return db
    .selectFrom('chase')
    .selectAll()
    .where('unit_id', '=', unitId)
    .where('answered_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Chases per task (read by the plan import, through supervision's `countTaskHistory`). */
export async function countChasesByTask(db: Db, taskIds: readonly number[]): Promise<Map<number, number>> {
  if (taskIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('chase')
    .select(['task_id', (e) => e.fn.countAll<string | number>().as('n')])
    .where('task_id', 'in', [...taskIds])
    .groupBy('task_id')
    .execute();
  return new Map(rows.map((r) => [r.task_id, Number(r.n)]));
}
