import { AppError } from '../../../shared/errors.ts';
import type { TTaskPermissions } from '../../../shared/reports.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { authorize, can } from '../../platform/policy.ts';
import { findTaskRow, findUnitsOfTask, type TaskRow, type TaskUnitRow } from './reports.repository.ts';

/**
 * Who may see and touch a task. Leaders, supervisors and admins see every task; everybody else sees the tasks their
 * own unit appears on (lead or support), and nothing else — the unit check lives here, once, for every use case.
 */
export interface TaskContext {
  task: TaskRow;
  units: TaskUnitRow[];
}

export async function loadTaskContext(db: Db, taskId: number): Promise<TaskContext> {
  const task = await findTaskRow(db, taskId);
  if (!task) throw new AppError('NOT_FOUND', '该任务不存在或已被删除。');
  return { task, units: await findUnitsOfTask(db, taskId) };
}

/** The role the actor's unit has on the task, or null. */
export function unitRoleOn(actor: Actor, units: readonly TaskUnitRow[]): 'lead' | 'support' | null {
  if (actor.unitId === null) return null;
  const mine = units.filter((u) => u.unit_id === actor.unitId);
  if (mine.some((u) => u.role === 'lead')) return 'lead';
  return mine.length > 0 ? 'support' : null;
}

export function canSeeTask(actor: Actor, units: readonly TaskUnitRow[]): boolean {
  return can(actor, 'task.read_all') || unitRoleOn(actor, units) !== null;
}

export async function loadVisibleTask(db: Db, actor: Actor, taskId: number): Promise<TaskContext> {
  authorize(actor, 'plan.read');
  const ctx = await loadTaskContext(db, taskId);
  if (!canSeeTask(actor, ctx.units)) throw new AppError('FORBIDDEN', '这项任务不属于您所在的单位，您不能查看或填报。');
  return ctx;
}

/** Milestones, indicators and the continuous flag: the lead unit's staff and head, or a supervisor/admin. */
export function canEditRoadmap(actor: Actor, units: readonly TaskUnitRow[]): boolean {
  if (!can(actor, 'roadmap.edit')) return false;
  if (can(actor, 'supervision.configure')) return true;
  return unitRoleOn(actor, units) === 'lead';
}

export async function loadRoadmapTask(db: Db, actor: Actor, taskId: number): Promise<TaskContext> {
  authorize(actor, 'roadmap.edit');
  const ctx = await loadTaskContext(db, taskId);
  if (!canEditRoadmap(actor, ctx.units)) throw new AppError('FORBIDDEN', '只有该任务牵头单位的人员或督办员可以编辑节点和指标。');
  return ctx;
}

export function taskPermissions(actor: Actor, units: readonly TaskUnitRow[]): TTaskPermissions {
  const role = unitRoleOn(actor, units);
  return {
    editRoadmap: canEditRoadmap(actor, units),
    fileAs: can(actor, 'report.file') ? role : null,
    approve: actor.roles.includes('unit_head') && role !== null,
    returnReports: (actor.roles.includes('unit_head') && role !== null) || actor.roles.includes('supervisor'),
  };
}

/** One line on the task's timeline. Call with the same transaction as the change. */
export async function recordTaskEvent(
  db: Db,
  clock: Clock,
  actor: Actor,
  e: { taskId: number; kind: string; summary: string; unitId?: number | null; reportId?: number | null; detail?: unknown },
): Promise<void> {
  await db
    .insertInto('task_event')
    .values({
      task_id: e.taskId,
      kind: e.kind,
      actor_id: actor.userId,
      actor_name: actor.displayName,
      unit_id: e.unitId ?? null,
      report_id: e.reportId ?? null,
      summary: e.summary,
      detail_json: e.detail === undefined ? null : JSON.stringify(e.detail),
      occurred_at: clock.now().toISOString(),
    })
    .execute();
}

/** "Today" for period and due-date rules: the UTC date of the clock (offices are in one time zone; a day early at 0–8 h is acceptable). */
export function todayOf(clock: Clock): string {
  return clock.now().toISOString().slice(0, 10);
}
