import { AppError } from '../../../../shared/errors.ts';
import type { TClosureRequest } from '../../../../shared/supervision-loop.ts';
import type { Db } from '../../../db/database.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { recordAudit } from '../../../platform/audit/audit.service.ts';
import type { Clock } from '../../../platform/clock.ts';
import { resolveInput, type DeferredInput } from '../../../platform/deferred-input.ts';
import { authorize } from '../../../platform/policy.ts';
import { findUnitNamesByIds } from '../../org/org.repository.ts';
import { findDisplayNames } from '../../users/users.repository.ts';
import { findTaskWithPlan, setTaskClosure } from '../../workplan/workplan.repository.ts';
import type { Announcement, NotifyPort, Recipient } from '../notify-port.ts';
import { loadTaskContext, seesAllTasks, taskHeadline, taskLink, unitRoleOn } from '../task-access.ts';
import { recordTaskEvent } from '../task-events.ts';
import {
  decideClosureRow,
  findClosureRequest,
  findClosureRequests,
  insertClosureRequest,
  type ClosureRequestRow,
} from './loop.repository.ts';

type Deps = { db: Db; clock: Clock; notify: NotifyPort };

export async function toClosureRequests(db: Db, rows: readonly ClosureRequestRow[]): Promise<TClosureRequest[]> {
  const [units, people] = await Promise.all([
    findUnitNamesByIds(
      db,
      rows.map((r) => r.unit_id),
    ),
    findDisplayNames(
      db,
      rows.flatMap((r) => [r.requested_by, r.decided_by]),
    ),
  ]);
  const out: TClosureRequest[] = [];
  for (const r of rows) {
    const task = await findTaskWithPlan(db, r.task_id);
    if (!task) continue;
    out.push({
      id: r.id,
      taskId: r.task_id,
      taskNumber: task.number,
      taskText: task.text,
      unitId: r.unit_id,
      unitName: units.get(r.unit_id) ?? '',
      evidence: r.evidence,
      status: r.status as TClosureRequest['status'],
      requestedBy: r.requested_by === null ? null : (people.get(r.requested_by) ?? null),
      requestedAt: r.requested_at,
      decidedBy: r.decided_by === null ? null : (people.get(r.decided_by) ?? null),
      decidedAt: r.decided_at,
      decisionComment: r.decision_comment,
    });
  }
  return out;
}

async function tell(deps: Deps, to: Recipient[], a: Announcement, now: string, trx: Db): Promise<Recipient[]> {
  return deps.notify.inApp(trx, now, to, a);
}

/** 申请办结: the lead unit applies to close the task with its evidence; the supervisors are told. One pending at a time. */
export async function requestClosure(
  deps: Deps,
  actor: Actor,
  taskId: number,
  values: DeferredInput<{ evidence: string }>,
): Promise<TClosureRequest> {
  authorize(actor, 'closure.request');
  const { evidence } = await resolveInput(values);
  const { task, units } = await loadTaskContext(deps.db, taskId);
  if (unitRoleOn(actor, units) !== 'lead' || actor.unitId === null)
    throw new AppError('FORBIDDEN', '只有这项任务的牵头单位可以申请办结。');
  if (task.closed_at) throw new AppError('CONFLICT', `这项任务已于 ${task.closed_at.slice(0, 10)} 办结，无需再申请。`);
  const pending = await findClosureRequests(deps.db, { taskIds: [taskId], status: 'pending' });
  if (pending.length > 0) throw new AppError('CONFLICT', '这项任务已有一份办结申请在等待督办员审核，请勿重复提交。');
  const unitId = actor.unitId;
  const now = deps.clock.now().toISOString();
  const supervisors = await deps.notify.recipients(deps.db, ['supervisor']);
  const unitName = units.find((u) => u.unit_id === unitId)?.unit_name ?? '';
  let sent: { a: Announcement; to: Recipient[] } | null = null;
  const id = await deps.db.transaction().execute(async (trx) => {
    const id = await insertClosureRequest(trx, {
      task_id: taskId,
      unit_id: unitId,
      evidence,
      status: 'pending',
      requested_by: actor.userId,
      requested_at: now,
      decided_by: null,
      decided_at: null,
      decision_comment: null,
    });
    await recordTaskEvent(trx, deps.clock, actor, {
      taskId,
      kind: 'closure_requested',
      unitId,
      summary: `${unitName}申请办结。依据：${evidence}`,
      detail: { closureRequestId: id },
    });
    await recordAudit(trx, deps.clock, actor, {
      action: 'closure.request',
      entityType: 'task',
      entityId: taskId,
      summary: `${unitName}申请第${task.number}项任务办结`,
      after: { evidence },
    });
    const a: Announcement = {
      kind: 'closure_requested',
      title: `办结申请待审核：第${task.number}项任务`,
      lines: [taskHeadline(task), `${unitName}申请办结。依据：${evidence}`],
      link: taskLink(task),
      dedupeKey: `closure:${id}:requested`,
    };
    sent = { a, to: await tell(deps, supervisors, a, now, trx) };
    return id;
  });
  const s = sent as { a: Announcement; to: Recipient[] } | null;
  if (s && s.to.length > 0) await deps.notify.outbound(s.a, s.to);
  return (await toClosureRequests(deps.db, [(await findClosureRequest(deps.db, id))!]))[0]!;
}

/**
 * The supervisor approves (the task is closed, on the unit's evidence, "依申请办结") or returns it with a comment. The
 * lead unit is told either way. Deciding twice is refused without changing anything.
 */
export async function decideClosure(
  deps: Deps,
  actor: Actor,
  id: number,
  values: DeferredInput<{ approve: boolean; comment: string }>,
): Promise<TClosureRequest> {
  authorize(actor, 'task.close');
  const input = await resolveInput(values);
  const row = await findClosureRequest(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND', '该办结申请不存在。');
  if (row.status !== 'pending') throw new AppError('CONFLICT', '该办结申请已审核过，不能重复审核。');
  const { task } = await loadTaskContext(deps.db, row.task_id);
  const now = deps.clock.now().toISOString();
  const members = await deps.notify.recipients(deps.db, ['unit_staff', 'unit_head'], [row.unit_id]);
  const unitName = (await findUnitNamesByIds(deps.db, [row.unit_id])).get(row.unit_id) ?? '';
  const a: Announcement = {
    kind: 'closure_decision',
    title: `办结申请${input.approve ? '已同意，任务办结' : '已退回'}：第${task.number}项任务`,
    lines: [taskHeadline(task), ...(input.comment ? [`意见：${input.comment}`] : [])],
    link: taskLink(task),
    dedupeKey: `closure:${id}:decision`,
  };
  await deps.db.transaction().execute(async (trx) => {
    if (
      !(await decideClosureRow(trx, id, {
        status: input.approve ? 'approved' : 'returned',
        decidedBy: actor.userId,
        decidedAt: now,
        comment: input.comment || null,
      }))
    ) {
      throw new AppError('CONFLICT', '该办结申请已审核过，不能重复审核。');
    }
    if (input.approve && !task.closed_at) {
      await setTaskClosure(trx, task.id, { closedAt: now, closedBy: actor.userId, evidence: row.evidence }, now);
    }
    const summary = input.approve
      ? `同意${unitName}的办结申请，任务办结（依申请办结）。依据：${row.evidence}`
      : `退回${unitName}的办结申请。意见：${input.comment}`;
    await recordTaskEvent(trx, deps.clock, actor, {
      taskId: task.id,
      kind: input.approve ? 'closed' : 'closure_returned',
      unitId: row.unit_id,
      summary,
      detail: { closureRequestId: id, how: 'on_request' },
    });
    await recordAudit(trx, deps.clock, actor, {
      action: input.approve ? 'closure.approve' : 'closure.return',
      entityType: 'task',
      entityId: task.id,
      summary: `${input.approve ? '同意' : '退回'}第${task.number}项任务的办结申请`,
      before: { status: 'pending' },
      after: { status: input.approve ? 'approved' : 'returned', comment: input.comment || null },
    });
    await deps.notify.inApp(trx, now, members, a);
  });
  await deps.notify.outbound(a, members);
  return (await toClosureRequests(deps.db, [(await findClosureRequest(deps.db, id))!]))[0]!;
}

/** Supervisors and leaders see every request; unit people their unit's. */
export async function listClosureRequests(
  deps: { db: Db },
  actor: Actor,
  status?: 'pending' | 'approved' | 'returned',
): Promise<TClosureRequest[]> {
  authorize(actor, 'closure.read');
  if (!seesAllTasks(actor) && actor.unitId === null) return [];
  const rows = await findClosureRequests(deps.db, {
    ...(status ? { status } : {}),
    ...(seesAllTasks(actor) ? {} : { unitId: actor.unitId! }),
  });
  return toClosureRequests(deps.db, rows);
}
