import { AppError } from '../../../../shared/errors.ts';
import type { TTaskStartDate } from '../../../../shared/supervision-loop.ts';
import type { Db } from '../../../db/database.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { recordAudit } from '../../../platform/audit/audit.service.ts';
import type { Clock } from '../../../platform/clock.ts';
import { resolveInput, type DeferredInput } from '../../../platform/deferred-input.ts';
import { authorize } from '../../../platform/policy.ts';
import { setTaskStartDate } from '../../workplan/workplan.repository.ts';
import { isRealDate } from '../rules/dates.ts';
import { loadTaskContext } from '../task-access.ts';
import { recordTaskEvent } from '../task-events.ts';

/**
 * A task's own start date, set by a supervisor: planned progress counts from it instead of the plan's issue date (a task
 * that may only begin once a budget is approved in April is not behind in March). It must lie in the plan's year and
 * not after the deadline; null goes back to the plan's issue date.
 */
export async function setTaskStart(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  taskId: number,
  input: DeferredInput<TTaskStartDate>,
): Promise<TTaskStartDate> {
  authorize(actor, 'task.schedule');
  const { startDate } = await resolveInput(input);
  const { task } = await loadTaskContext(deps.db, taskId);
  if (startDate !== null) {
    if (!isRealDate(startDate)) throw new AppError('VALIDATION_FAILED', `开始日期“${startDate}”不是有效日期。`);
    if (startDate.slice(0, 4) !== String(task.plan_year))
      throw new AppError(
        'VALIDATION_FAILED',
        `开始日期应在工作要点所属的 ${task.plan_year} 年内（${task.plan_year}-01-01 至 ${task.plan_year}-12-31）。`,
      );
    if (task.is_continuous !== 1 && startDate > task.deadline)
      throw new AppError(
        'VALIDATION_FAILED',
        `开始日期 ${startDate} 晚于完成时限 ${task.deadline}，请改早开始日期，或先办理延期。`,
      );
  }
  if ((task.start_date ?? null) === startDate) return { startDate };
  const now = deps.clock.now().toISOString();
  const summary = startDate
    ? `开始日期设为 ${startDate}，计划进度自该日起计`
    : '清除开始日期，计划进度自工作要点印发之日起计';
  await deps.db.transaction().execute(async (trx) => {
    await setTaskStartDate(trx, taskId, startDate, now);
    await recordTaskEvent(trx, deps.clock, actor, { taskId, kind: 'task_start', summary, unitId: actor.unitId });
    await recordAudit(trx, deps.clock, actor, {
      action: 'task.start_date',
      entityType: 'task',
      entityId: taskId,
      summary: `第 ${task.number} 项任务${summary}`,
      before: { startDate: task.start_date ?? null },
      after: { startDate },
    });
  });
  return { startDate };
}
