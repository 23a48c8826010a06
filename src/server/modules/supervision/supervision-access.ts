import { AppError } from '../../../shared/errors.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { can } from '../../platform/policy.ts';

export interface SupervisedTask {
  id: number;
  planId: number;
  planYear: number;
  number: string;
  text: string;
  deadline: string;
  closedAt: string | null;
  units: { unitId: number | null; name: string; role: 'lead' | 'support'; unitName: string | null }[];
}

export async function loadSupervisedTask(db: Db, taskId: number): Promise<SupervisedTask> {
  const row = await db
    .selectFrom('task')
    .innerJoin('plan', 'plan.id', 'task.plan_id')
    .select(['task.id', 'task.plan_id', 'plan.year', 'task.number', 'task.text', 'task.deadline', 'task.closed_at'])
    .where('task.id', '=', taskId)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', '该任务不存在或已被删除。');
  const units = await db
    .selectFrom('task_unit')
    .leftJoin('unit', 'unit.id', 'task_unit.unit_id')
    .select(['task_unit.unit_id', 'task_unit.name', 'task_unit.role', 'unit.name as unit_name'])
    .where('task_unit.task_id', '=', taskId)
    .orderBy('task_unit.sort_order')
    .execute();
  return {
    id: row.id,
    planId: row.plan_id,
    planYear: row.year,
    number: row.number,
    text: row.text,
    deadline: row.deadline,
    closedAt: row.closed_at,
    units: units.map((u) => ({ unitId: u.unit_id, name: u.name, role: u.role, unitName: u.unit_name })),
  };
}

/** Leaders, supervisors and administrators see every task; unit people only the tasks their unit is on. */
export function seesAllTasks(actor: Actor): boolean {
  return can(actor, 'task.read_all');
}

export function unitRoleOnTask(actor: Actor, task: SupervisedTask): 'lead' | 'support' | null {
  if (actor.unitId === null) return null;
  const mine = task.units.filter((u) => u.unitId === actor.unitId);
  if (mine.some((u) => u.role === 'lead')) return 'lead';
  return mine.length > 0 ? 'support' : null;
}

export function assertSeesTask(actor: Actor, task: SupervisedTask): void {
  if (!seesAllTasks(actor) && unitRoleOnTask(actor, task) === null) {
    throw new AppError('FORBIDDEN', '这项任务不属于您所在的单位，您不能查看。');
  }
}

/** The task's timeline is written by one function, shared with the reports module. */
export { recordTaskEvent } from '../reports/task-access.ts';

export const taskHeadline = (t: Pick<SupervisedTask, 'number' | 'text'>) => `第${t.number}项：${t.text.length > 40 ? `${t.text.slice(0, 40)}…` : t.text}`;
/** The task page (timeline, reports, milestones) every notification about the task opens. */
export const taskLink = (t: Pick<SupervisedTask, 'id'>) => `/supervision/tasks/${t.id}`;

/** A real calendar date (2023-02-30 is refused), as YYYY-MM-DD. */
export function isRealDate(date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}
