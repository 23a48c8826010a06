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
  const row = await db.selectFrom('chase').select('id').where('task_id', '=', taskId).where('unit_id', '=', unitId).where('level', '=', level).executeTakeFirst();
  return row !== undefined;
}

export async function findChasesOfTasks(db: Db, taskIds: readonly number[]): Promise<ChaseRow[]> {
  if (taskIds.length === 0) return [];
  return db.selectFrom('chase').selectAll().where('task_id', 'in', [...taskIds]).orderBy('created_at').orderBy('id').execute();
}

export async function markChaseAnswered(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable('chase').set({ answered_at: at }).where('id', '=', id).execute();
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
