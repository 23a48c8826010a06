import { AppError } from '../../../shared/errors.ts';
import type { TTaskPermissions } from '../../../shared/reports.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorize, can, type Action } from '../../platform/policy.ts';
import { findTaskWithPlan, findUnitsOfTask } from '../workplan/workplan.repository.ts';

/**
 * Who may see and touch a task: the one unit check of the supervision domain, called by every use case. Leaders,
 * supervisors and admins see every task (`task.read_all`); everybody else sees the tasks their own unit is named on
 * (lead or support), and nothing else. Role rules stay in policy.ts; what depends on the task's units is here.
 */
export type TaskRecord = NonNullable<Awaited<ReturnType<typeof findTaskWithPlan>>>;
export type TaskUnitRecord = Awaited<ReturnType<typeof findUnitsOfTask>>[number];

export interface TaskContext {
  task: TaskRecord;
  units: TaskUnitRecord[];
}

/** The one set of messages the unit check answers with. */
export const ACCESS_MESSAGES = {
  taskNotFound: '该任务不存在或已被删除。',
  notYourTask: '这项任务不属于您所在的单位，您不能查看或办理。',
  notYourReport: '这项任务不属于您所在的单位，不能填报或修改它的进展。',
  roadmapLeadOnly: '只有该任务牵头单位的人员或督办员可以编辑节点和指标。',
  extensionLeadOnly: '只有这项任务的牵头单位可以申请延期。',
  approveOwnUnit: '只有填报单位的处室负责人可以审核通过这份进展报告。',
  returnOwnUnit: '只有填报单位的处室负责人或督办员可以退回这份进展报告。',
  answerOwnUnit: '只有被催办单位的人员可以回复。',
} as const;

export async function loadTaskContext(db: Db, taskId: number): Promise<TaskContext> {
  const task = await findTaskWithPlan(db, taskId);
  if (!task) throw new AppError('NOT_FOUND', ACCESS_MESSAGES.taskNotFound);
  return { task, units: await findUnitsOfTask(db, taskId) };
}

/** The role the actor's unit has on the task, or null. A unit named twice (lead and support) counts as lead. */
export function unitRoleOn(
  actor: Actor,
  units: readonly Pick<TaskUnitRecord, 'unit_id' | 'role'>[],
): 'lead' | 'support' | null {
  if (actor.unitId === null) return null;
  const mine = units.filter((u) => u.unit_id === actor.unitId);
  if (mine.some((u) => u.role === 'lead')) return 'lead';
  return mine.length > 0 ? 'support' : null;
}

/** Leaders, supervisors and administrators see every task; unit people only the tasks their unit is on. */
export function seesAllTasks(actor: Actor): boolean {
  return can(actor, 'task.read_all');
}

export function canSeeTask(actor: Actor, units: readonly Pick<TaskUnitRecord, 'unit_id' | 'role'>[]): boolean {
  return seesAllTasks(actor) || unitRoleOn(actor, units) !== null;
}

export function assertSeesTask(actor: Actor, units: readonly Pick<TaskUnitRecord, 'unit_id' | 'role'>[]): void {
  if (!canSeeTask(actor, units)) throw new AppError('FORBIDDEN', ACCESS_MESSAGES.notYourTask);
}

/** Authorises `action` (default: reading plans), loads the task and checks the actor may see it. */
export async function loadVisibleTask(
  db: Db,
  actor: Actor,
  taskId: number,
  action: Action = 'plan.read',
): Promise<TaskContext> {
  authorize(actor, action);
  const ctx = await loadTaskContext(db, taskId);
  assertSeesTask(actor, ctx.units);
  return ctx;
}

/** Milestones, indicators and the continuous flag: the lead unit's staff and head, or a supervisor/admin. */
export function canEditRoadmap(actor: Actor, units: readonly Pick<TaskUnitRecord, 'unit_id' | 'role'>[]): boolean {
  if (!can(actor, 'roadmap.edit')) return false;
  if (can(actor, 'supervision.configure')) return true;
  return unitRoleOn(actor, units) === 'lead';
}

export async function loadRoadmapTask(db: Db, actor: Actor, taskId: number): Promise<TaskContext> {
  authorize(actor, 'roadmap.edit');
  const ctx = await loadTaskContext(db, taskId);
  if (!canEditRoadmap(actor, ctx.units)) throw new AppError('FORBIDDEN', ACCESS_MESSAGES.roadmapLeadOnly);
  return ctx;
}

/** The unit head of `unitId`: who approves (and may return) that unit's reports. */
export function isHeadOf(actor: Actor, unitId: number): boolean {
  return can(actor, 'report.approve') && actor.unitId === unitId;
}

/** What the task page offers the actor; the server refuses the same things anyway. */
export function taskPermissions(
  actor: Actor,
  units: readonly Pick<TaskUnitRecord, 'unit_id' | 'role'>[],
): TTaskPermissions {
  const role = unitRoleOn(actor, units);
  const headHere = can(actor, 'report.approve') && role !== null;
  return {
    editRoadmap: canEditRoadmap(actor, units),
    fileAs: can(actor, 'report.file') ? role : null,
    approve: headHere,
    returnReports: headHere || can(actor, 'report.return_any'),
  };
}

export const taskHeadline = (t: { number: string; text: string }) =>
  `第${t.number}项：${t.text.length > 40 ? `${t.text.slice(0, 40)}…` : t.text}`;
/** The task page (timeline, reports, milestones) every notification about the task opens. */
export const taskLink = (t: { id: number }) => `/supervision/tasks/${t.id}`;
