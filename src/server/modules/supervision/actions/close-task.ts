import { AppError } from '../../../../shared/errors.ts';
import type { Db } from '../../../db/database.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import { recordAudit } from '../../../platform/audit/audit.service.ts';
import { resolveInput, type DeferredInput } from '../../../platform/deferred-input.ts';
import { authorize } from '../../../platform/policy.ts';
import { setTaskClosure } from '../../workplan/workplan.repository.ts';
import { unitMembers, type NotifyPort } from '../notify-port.ts';
import { loadTaskContext, taskHeadline, taskLink } from '../task-access.ts';
import { recordTaskEvent } from '../task-events.ts';

type Deps = { db: Db; clock: Clock; notify: NotifyPort };
export interface TaskClosure {
  taskId: number;
  closedAt: string | null;
  closedBy: number | null;
  closeEvidence: string | null;
}

/**
 * 办结 by the supervisor directly: for exceptional cases (the usual way is the lead unit's 申请办结, decided in
 * loop/closure-requests.ts). Recorded as such on the timeline and in the audit log; the light turns blue, 100 %.
 */
export async function closeTask(
  deps: Deps,
  actor: Actor,
  taskId: number,
  input: DeferredInput<{ evidence: string }>,
): Promise<TaskClosure> {
  authorize(actor, 'task.close');
  const { evidence } = await resolveInput(input);
  const { task, units } = await loadTaskContext(deps.db, taskId);
  if (task.closed_at) throw new AppError('CONFLICT', `这项任务已于 ${task.closed_at.slice(0, 10)} 办结。`);
  const now = deps.clock.now().toISOString();
  const leadIds = units.filter((u) => u.role === 'lead' && u.unit_id !== null).map((u) => u.unit_id!);
  const members = await unitMembers(deps.notify, deps.db, leadIds);
  await deps.db.transaction().execute(async (trx) => {
    await setTaskClosure(trx, taskId, { closedAt: now, closedBy: actor.userId, evidence }, now);
    await recordTaskEvent(trx, deps.clock, actor, {
      taskId,
      kind: 'closed',
      summary: `督办员直接办结（未经单位申请，例外情形）。依据：${evidence}`,
      detail: { how: 'direct' },
    });
    await recordAudit(trx, deps.clock, actor, {
      action: 'task.close',
      entityType: 'task',
      entityId: taskId,
      summary: `第${task.number}项任务由督办员直接办结（例外情形）`,
      after: { evidence, how: 'direct' },
    });
    await deps.notify.inApp(trx, now, members, {
      kind: 'task_closed',
      title: `任务办结：第${task.number}项`,
      lines: [taskHeadline(task), `办结依据：${evidence}`],
      link: taskLink(task),
      dedupeKey: `closed:${taskId}:${now}`,
    });
  });
  return { taskId, closedAt: now, closedBy: actor.userId, closeEvidence: evidence };
}

/** Reopens a closed task (e.g. closed by mistake); the evidence is kept in the timeline and the audit log. */
export async function reopenTask(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  taskId: number,
  input: DeferredInput<{ reason: string }>,
): Promise<TaskClosure> {
  authorize(actor, 'task.close');
  const { reason } = await resolveInput(input);
  const { task } = await loadTaskContext(deps.db, taskId);
  if (!task.closed_at) throw new AppError('CONFLICT', '这项任务尚未办结，无需重新打开。');
  const before = { closed_at: task.closed_at, close_evidence: task.close_evidence };
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await setTaskClosure(trx, taskId, { closedAt: null, closedBy: null, evidence: null }, now);
    await recordTaskEvent(trx, deps.clock, actor, { taskId, kind: 'reopened', summary: `重新打开：${reason}` });
    await recordAudit(trx, deps.clock, actor, {
      action: 'task.reopen',
      entityType: 'task',
      entityId: taskId,
      summary: `第${task.number}项任务重新打开`,
      before,
      after: { reason },
    });
  });
  return { taskId, closedAt: null, closedBy: null, closeEvidence: null };
}
