import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { IndicatorTable, MilestoneTable } from '../../../db/schema.ts';

/** `milestone` and `indicator`: a task's roadmap (时间表和路线图). */
export type MilestoneRow = Selectable<MilestoneTable>;
export type IndicatorRow = Selectable<IndicatorTable>;

export async function findMilestones(db: Db, taskId: number): Promise<MilestoneRow[]> {
  return db
    .selectFrom('milestone')
    .selectAll()
    .where('task_id', '=', taskId)
    .orderBy('due_date')
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
}

/** Milestones of many tasks (a plan's), by due date. */
export async function findMilestonesOfTasks(db: Db, taskIds: readonly number[]): Promise<MilestoneRow[]> {
  if (taskIds.length === 0) return [];
  return db
    .selectFrom('milestone')
    .selectAll()
    .where('task_id', 'in', [...taskIds])
    .orderBy('due_date')
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
}

export async function findMilestone(db: Db, id: number): Promise<MilestoneRow | undefined> {
  return db.selectFrom('milestone').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertMilestone(db: Db, row: Insertable<MilestoneTable>): Promise<number> {
  return (await db.insertInto('milestone').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateMilestoneRow(db: Db, id: number, values: Updateable<MilestoneTable>): Promise<void> {
  await db.updateTable('milestone').set(values).where('id', '=', id).execute();
}

export async function deleteMilestoneRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('milestone').where('id', '=', id).execute();
}

/** Of `ids`, the task's milestones not yet reached (what an approval may mark reached). */
export async function findOpenMilestonesAmong(db: Db, taskId: number, ids: readonly number[]): Promise<MilestoneRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('milestone')
    .selectAll()
    .where('task_id', '=', taskId)
    .where('id', 'in', [...ids])
    .where('reached_at', 'is', null)
    .execute();
}

export async function markMilestonesReached(db: Db, ids: readonly number[], date: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('milestone')
    .set({ reached_at: date })
    .where('id', 'in', [...ids])
    .execute();
}

export async function findIndicators(db: Db, taskId: number): Promise<IndicatorRow[]> {
  return db.selectFrom('indicator').selectAll().where('task_id', '=', taskId).orderBy('id').execute();
}

/** Indicators of many tasks, in the order of `taskIds`, then by id. */
export async function findIndicatorsOfTasks(db: Db, taskIds: readonly number[]): Promise<IndicatorRow[]> {
  if (taskIds.length === 0) return [];
  const rows = await db
    .selectFrom('indicator')
    .selectAll()
    .where('task_id', 'in', [...taskIds])
    .orderBy('id')
    .execute();
  const order = new Map(taskIds.map((id, i) => [id, i]));
  return rows.sort((a, b) => order.get(a.task_id)! - order.get(b.task_id)! || a.id - b.id);
}

export async function findIndicator(db: Db, id: number): Promise<IndicatorRow | undefined> {
  return db.selectFrom('indicator').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertIndicator(db: Db, row: Insertable<IndicatorTable>): Promise<number> {
  return (await db.insertInto('indicator').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateIndicatorRow(db: Db, id: number, values: Updateable<IndicatorTable>): Promise<void> {
  await db.updateTable('indicator').set(values).where('id', '=', id).execute();
}

export async function deleteIndicatorRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('indicator').where('id', '=', id).execute();
}

/** Milestones per task (read by the plan import, through supervision's `countTaskHistory`). */
export async function countMilestonesByTask(db: Db, taskIds: readonly number[]): Promise<Map<number, number>> {
  if (taskIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('milestone')
    .select(['task_id', (e) => e.fn.countAll<string | number>().as('n')])
    .where('task_id', 'in', [...taskIds])
    .groupBy('task_id')
    .execute();
  return new Map(rows.map((r) => [r.task_id, Number(r.n)]));
}
