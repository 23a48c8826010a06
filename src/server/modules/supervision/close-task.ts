import { AppError } from '../../../shared/errors.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { authorize } from '../../platform/policy.ts';
import { notifyInApp } from '../notifications/dispatch.ts';
import { findUnitMembers } from '../notifications/recipients.ts';
import { loadSupervisedTask, recordTaskEvent, taskHeadline, taskLink } from './supervision-access.ts';

type Deps = { db: Db; clock: Clock };
export interface TaskClosure {
  taskId: number;
  closedAt: string | null;
  closedBy: number | null;
  closeEvidence: string | null;
}

/** 办结: the supervisor closes the task with its evidence; its light turns blue (done) whatever the reports say. */
export async function closeTask(deps: Deps, actor: Actor, taskId: number, evidence: string): Promise<TaskClosure> {
  authorize(actor, 'task.close');
  const task = await loadSupervisedTask(deps.db, taskId);
  if (task.closedAt) throw new AppError('CONFLICT', `这项任务已于 ${task.closedAt.slice(0, 10)} 办结。`);
  const now = deps.clock.now().toISOString();
  const leadIds = task.units.filter((u) => u.role === 'lead' && u.unitId !== null).map((u) => u.unitId!);
  const members = await findUnitMembers(deps.db, leadIds);
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('task').set({ closed_at: now, closed_by: actor.userId, close_evidence: evidence, updated_at: now }).where('id', '=', taskId).execute();
    await recordTaskEvent(trx, deps.clock, actor, { taskId, kind: 'closed', summary: `办结。依据：${evidence}` });
    await recordAudit(trx, deps.clock, actor, { action: 'task.close', entityType: 'task', entityId: taskId, summary: `第${task.number}项任务办结`, after: { evidence } });
    await notifyInApp(trx, now, members, {
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
export async function reopenTask(deps: Deps, actor: Actor, taskId: number, reason: string): Promise<TaskClosure> {
  authorize(actor, 'task.close');
  const task = await loadSupervisedTask(deps.db, taskId);
  if (!task.closedAt) throw new AppError('CONFLICT', '这项任务尚未办结，无需重新打开。');
  const before = await deps.db.selectFrom('task').select(['closed_at', 'close_evidence']).where('id', '=', taskId).executeTakeFirstOrThrow();
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('task').set({ closed_at: null, closed_by: null, close_evidence: null, updated_at: now }).where('id', '=', taskId).execute();
    await recordTaskEvent(trx, deps.clock, actor, { taskId, kind: 'reopened', summary: `重新打开：${reason}` });
    await recordAudit(trx, deps.clock, actor, { action: 'task.reopen', entityType: 'task', entityId: taskId, summary: `第${task.number}项任务重新打开`, before, after: { reason } });
  });
  return { taskId, closedAt: null, closedBy: null, closeEvidence: null };
}
