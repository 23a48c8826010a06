import type { z } from 'zod';
import { AppError } from '../../../../shared/errors.ts';
import type { TMilestone, ZMilestoneInput } from '../../../../shared/reports.ts';
import type { Db } from '../../../db/database.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import { recordAudit } from '../../../platform/audit/audit.service.ts';
import { resolveInput, type DeferredInput } from '../../../platform/deferred-input.ts';
import { authorize } from '../../../platform/policy.ts';
import { setTaskContinuousFlag } from '../../workplan/workplan.repository.ts';
import { todayOf } from '../rules/dates.ts';
import { loadRoadmapTask, loadVisibleTask, type TaskRecord } from '../task-access.ts';
import { recordTaskEvent } from '../task-events.ts';
import {
  deleteMilestoneRow,
  findMilestone,
  findMilestones,
  insertMilestone,
  updateMilestoneRow,
  type MilestoneRow,
} from './roadmap.repository.ts';

type Deps = { db: Db; clock: Clock };
type MilestoneValues = z.infer<typeof ZMilestoneInput>;

export function toMilestone(m: MilestoneRow): TMilestone {
  return {
    id: m.id,
    taskId: m.task_id,
    name: m.name,
    dueDate: m.due_date,
    deliverable: m.deliverable,
    weight: m.weight,
    reachedAt: m.reached_at,
    sortOrder: m.sort_order,
  };
}

function checkDueDate(task: TaskRecord, dueDate: string): void {
  if (Number.isNaN(Date.parse(`${dueDate}T00:00:00Z`)))
    throw new AppError('VALIDATION_FAILED', `节点日期 ${dueDate} 不是有效日期。`);
  if (dueDate < `${task.plan_year}-01-01`) {
    throw new AppError(
      'VALIDATION_FAILED',
      `节点日期 ${dueDate} 早于工作要点年度（${task.plan_year} 年），请改为本年度内的日期。`,
    );
  }
  if (task.is_continuous !== 1 && dueDate > task.deadline) {
    throw new AppError(
      'VALIDATION_FAILED',
      `节点日期 ${dueDate} 晚于任务完成时限 ${task.deadline}，请提前，或先申请延期。`,
    );
  }
}

export async function listMilestones(deps: Deps, actor: Actor, taskId: number): Promise<TMilestone[]> {
  await loadVisibleTask(deps.db, actor, taskId);
  return (await findMilestones(deps.db, taskId)).map(toMilestone);
}

export async function createMilestone(
  deps: Deps,
  actor: Actor,
  taskId: number,
  values: DeferredInput<MilestoneValues>,
): Promise<TMilestone> {
  authorize(actor, 'roadmap.edit');
  const input = await resolveInput(values);
  return deps.db.transaction().execute(async (trx) => {
    const { task } = await loadRoadmapTask(trx, actor, taskId);
    checkDueDate(task, input.dueDate);
    const count = (await findMilestones(trx, taskId)).length;
    if (count >= 50) throw new AppError('VALIDATION_FAILED', '一项任务最多 50 个节点，请合并相近的节点。');
    const id = await insertMilestone(trx, {
      task_id: taskId,
      name: input.name,
      due_date: input.dueDate,
      deliverable: input.deliverable,
      weight: input.weight,
      reached_at: null,
      sort_order: count + 1,
      created_at: deps.clock.now().toISOString(),
    });
    const summary = `添加节点“${input.name}”（${input.dueDate}，权重 ${input.weight}）`;
    await recordTaskEvent(trx, deps.clock, actor, {
      taskId,
      kind: 'milestone_added',
      summary,
      unitId: actor.unitId,
      detail: input,
    });
    await recordAudit(trx, deps.clock, actor, {
      action: 'milestone.create',
      entityType: 'milestone',
      entityId: id,
      summary: `第 ${task.number} 项任务${summary}`,
      after: input,
    });
    return toMilestone((await findMilestone(trx, id))!);
  });
}

async function loadEditable(db: Db, actor: Actor, id: number) {
  const m = await findMilestone(db, id);
  if (!m) throw new AppError('NOT_FOUND', '该节点不存在或已被删除。');
  const ctx = await loadRoadmapTask(db, actor, m.task_id);
  return { m, ctx };
}

export async function updateMilestone(
  deps: Deps,
  actor: Actor,
  id: number,
  values: DeferredInput<MilestoneValues>,
): Promise<TMilestone> {
  authorize(actor, 'roadmap.edit');
  const input = await resolveInput(values);
  return deps.db.transaction().execute(async (trx) => {
    const { m, ctx } = await loadEditable(trx, actor, id);
    checkDueDate(ctx.task, input.dueDate);
    await updateMilestoneRow(trx, id, {
      name: input.name,
      due_date: input.dueDate,
      deliverable: input.deliverable,
      weight: input.weight,
    });
    const summary = `修改节点“${m.name}”${m.due_date !== input.dueDate ? `，日期 ${m.due_date} → ${input.dueDate}` : ''}${m.name !== input.name ? `，改名为“${input.name}”` : ''}`;
    await recordTaskEvent(trx, deps.clock, actor, {
      taskId: m.task_id,
      kind: 'milestone_updated',
      summary,
      unitId: actor.unitId,
      detail: { before: toMilestone(m), after: input },
    });
    await recordAudit(trx, deps.clock, actor, {
      action: 'milestone.update',
      entityType: 'milestone',
      entityId: id,
      summary: `第 ${ctx.task.number} 项任务${summary}`,
      before: toMilestone(m),
      after: input,
    });
    return toMilestone((await findMilestone(trx, id))!);
  });
}

export async function deleteMilestone(deps: Deps, actor: Actor, id: number): Promise<void> {
  authorize(actor, 'roadmap.edit');
  await deps.db.transaction().execute(async (trx) => {
    const { m, ctx } = await loadEditable(trx, actor, id);
    await deleteMilestoneRow(trx, id);
    const summary = `删除节点“${m.name}”（${m.due_date}）`;
    await recordTaskEvent(trx, deps.clock, actor, {
      taskId: m.task_id,
      kind: 'milestone_deleted',
      summary,
      unitId: actor.unitId,
      detail: toMilestone(m),
    });
    await recordAudit(trx, deps.clock, actor, {
      action: 'milestone.delete',
      entityType: 'milestone',
      entityId: id,
      summary: `第 ${ctx.task.number} 项任务${summary}`,
      before: toMilestone(m),
    });
  });
}

/** Marks a milestone reached today (or not reached again, to correct a mistake). */
export async function markMilestoneReached(
  deps: Deps,
  actor: Actor,
  id: number,
  input: DeferredInput<{ reached: boolean }>,
): Promise<TMilestone> {
  authorize(actor, 'roadmap.edit');
  const { reached } = await resolveInput(input);
  return deps.db.transaction().execute(async (trx) => {
    const { m, ctx } = await loadEditable(trx, actor, id);
    const reachedAt = reached ? (m.reached_at ?? todayOf(deps.clock)) : null;
    await updateMilestoneRow(trx, id, { reached_at: reachedAt });
    const summary = reached ? `节点“${m.name}”标记为已完成（${reachedAt}）` : `节点“${m.name}”改为未完成`;
    await recordTaskEvent(trx, deps.clock, actor, {
      taskId: m.task_id,
      kind: reached ? 'milestone_reached' : 'milestone_reopened',
      summary,
      unitId: actor.unitId,
    });
    await recordAudit(trx, deps.clock, actor, {
      action: 'milestone.reach',
      entityType: 'milestone',
      entityId: id,
      summary: `第 ${ctx.task.number} 项任务${summary}`,
      before: { reachedAt: m.reached_at },
      after: { reachedAt },
    });
    return toMilestone((await findMilestone(trx, id))!);
  });
}

/** 全年持续: a task with no single finish line; its light follows the year instead of the deadline. */
export async function setTaskContinuous(
  deps: Deps,
  actor: Actor,
  taskId: number,
  input: DeferredInput<{ isContinuous: boolean }>,
): Promise<void> {
  authorize(actor, 'roadmap.edit');
  const { isContinuous } = await resolveInput(input);
  await deps.db.transaction().execute(async (trx) => {
    const { task } = await loadRoadmapTask(trx, actor, taskId);
    if ((task.is_continuous === 1) === isContinuous) return;
    await setTaskContinuousFlag(trx, taskId, isContinuous);
    const summary = isContinuous ? '标记为全年持续任务' : '取消全年持续标记';
    await recordTaskEvent(trx, deps.clock, actor, { taskId, kind: 'task_continuous', summary, unitId: actor.unitId });
    await recordAudit(trx, deps.clock, actor, {
      action: 'task.continuous',
      entityType: 'task',
      entityId: taskId,
      summary: `第 ${task.number} 项任务${summary}`,
      before: { isContinuous: !isContinuous },
      after: { isContinuous },
    });
  });
}
