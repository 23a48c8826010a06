import { AppError } from '../../../../shared/errors.ts';
import type { TExtension } from '../../../../shared/supervision.ts';
import type { Db } from '../../../db/database.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import { recordAudit } from '../../../platform/audit/audit.service.ts';
import { resolveInput, type DeferredInput } from '../../../platform/deferred-input.ts';
import { authorize } from '../../../platform/policy.ts';
import { findUnitNamesByIds } from '../../org/org.repository.ts';
import { findDisplayNames } from '../../users/users.repository.ts';
import { findTaskWithPlan, moveTaskDeadline } from '../../workplan/workplan.repository.ts';
import { unitMembers, type NotifyPort } from '../notify-port.ts';
import { isRealDate } from '../rules/dates.ts';
import { ACCESS_MESSAGES, loadTaskContext, seesAllTasks, taskHeadline, taskLink, unitRoleOn } from '../task-access.ts';
import { recordTaskEvent } from '../task-events.ts';
import {
  decideExtensionRow,
  findExtension,
  findExtensions,
  insertExtension,
  type ExtensionRow,
} from './extensions.repository.ts';

type Deps = { db: Db; clock: Clock; notify: NotifyPort };

/** Requests as the web app shows them, with their task, plan, unit and people by name. */
async function toExtensions(db: Db, rows: readonly ExtensionRow[]): Promise<TExtension[]> {
  const taskIds = [...new Set(rows.map((r) => r.task_id))];
  const tasks = new Map(
    (await Promise.all(taskIds.map((id) => findTaskWithPlan(db, id)))).flatMap((t) => (t ? [[t.id, t] as const] : [])),
  );
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
  const nameOf = (id: number | null) => (id === null ? null : (people.get(id) ?? null));
  return rows.flatMap((r) => {
    const task = tasks.get(r.task_id);
    const unitName = units.get(r.unit_id);
    if (!task || unitName === undefined) return [];
    return [
      {
        id: r.id,
        taskId: r.task_id,
        taskNumber: task.number,
        taskText: task.text,
        planId: task.plan_id,
        planTitle: task.plan_title,
        unitId: r.unit_id,
        unitName,
        reason: r.reason,
        oldDate: r.old_date,
        newDate: r.new_date,
        status: r.status as TExtension['status'],
        requestedBy: nameOf(r.requested_by),
        requestedAt: r.requested_at,
        decidedBy: nameOf(r.decided_by),
        decidedAt: r.decided_at,
        decisionComment: r.decision_comment,
      },
    ];
  });
}

async function loadExtension(db: Db, id: number): Promise<TExtension | undefined> {
  const row = await findExtension(db, id);
  return row ? (await toExtensions(db, [row]))[0] : undefined;
}

/**
 * 延期申请 by the task's lead unit. The new date must be a real date, within or after the plan's year, and later than
 * the current deadline; a task has at most one pending request. Leaders are told in the app.
 */
export async function requestExtension(
  deps: Deps,
  actor: Actor,
  taskId: number,
  values: DeferredInput<{ newDate: string; reason: string }>,
): Promise<TExtension> {
  authorize(actor, 'extension.request');
  const input = await resolveInput(values);
  const { task, units } = await loadTaskContext(deps.db, taskId);
  if (unitRoleOn(actor, units) !== 'lead') throw new AppError('FORBIDDEN', ACCESS_MESSAGES.extensionLeadOnly);
  if (task.closed_at) throw new AppError('CONFLICT', '这项任务已办结，不能再申请延期。');
  if (!isRealDate(input.newDate))
    throw new AppError('VALIDATION_FAILED', `新的完成时限“${input.newDate}”不是有效日期，请按 YYYY-MM-DD 填写。`);
  if (input.newDate < `${task.plan_year}-01-01`) {
    throw new AppError(
      'VALIDATION_FAILED',
      `新的完成时限 ${input.newDate} 早于工作要点所在的 ${task.plan_year} 年，请填写 ${task.plan_year} 年或之后的日期。`,
    );
  }
  if (input.newDate <= task.deadline) {
    throw new AppError(
      'VALIDATION_FAILED',
      `新的完成时限 ${input.newDate} 应晚于当前完成时限 ${task.deadline}，请重新选择日期。`,
    );
  }
  if ((await findExtensions(deps.db, { taskIds: [taskId], status: 'pending' })).length > 0) {
    throw new AppError('CONFLICT', '这项任务已有一份待审批的延期申请，请等待委领导审批后再提。');
  }
  const unitId = actor.unitId!;
  const unitName = units.find((u) => u.unit_id === unitId)?.unit_name ?? '';
  const now = deps.clock.now().toISOString();
  const leaders = await deps.notify.recipients(deps.db, ['leader']);
  const id = await deps.db.transaction().execute(async (trx) => {
    const id = await insertExtension(trx, {
      task_id: taskId,
      unit_id: unitId,
      reason: input.reason,
      old_date: task.deadline,
      new_date: input.newDate,
      status: 'pending',
      requested_by: actor.userId,
      requested_at: now,
      decided_by: null,
      decided_at: null,
      decision_comment: null,
    });
    await recordTaskEvent(trx, deps.clock, actor, {
      taskId,
      kind: 'extension_requested',
      unitId,
      summary: `${unitName}申请将完成时限由 ${task.deadline} 延至 ${input.newDate}：${input.reason}`,
      detail: { extensionId: id },
    });
    await recordAudit(trx, deps.clock, actor, {
      action: 'extension.request',
      entityType: 'task',
      entityId: taskId,
      summary: `${unitName}申请第${task.number}项任务延期至 ${input.newDate}`,
      after: { extensionId: id, oldDate: task.deadline, newDate: input.newDate, reason: input.reason },
    });
    await deps.notify.inApp(trx, now, leaders, {
      kind: 'extension_request',
      title: `延期申请：第${task.number}项任务`,
      lines: [
        taskHeadline(task),
        `${unitName}申请将完成时限由 ${task.deadline} 延至 ${input.newDate}。`,
        `理由：${input.reason}`,
      ],
      link: '/supervision/extensions',
      dedupeKey: `extension:${id}:request`,
    });
    return id;
  });
  return (await loadExtension(deps.db, id))!;
}

/** A leader approves (the task's deadline moves) or refuses (with a comment). Decided once; the unit is told. */
export async function decideExtension(
  deps: Deps,
  actor: Actor,
  id: number,
  values: DeferredInput<{ approve: boolean; comment: string }>,
): Promise<TExtension> {
  authorize(actor, 'extension.decide');
  const input = await resolveInput(values);
  const row = await loadExtension(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND', '该延期申请不存在。');
  if (row.status !== 'pending') throw new AppError('CONFLICT', '该延期申请已审批过，不能重复审批。');
  const { task } = await loadTaskContext(deps.db, row.taskId);
  const now = deps.clock.now().toISOString();
  const members = await unitMembers(deps.notify, deps.db, [row.unitId]);
  const verdict = input.approve ? '同意' : '不同意';
  const decision = {
    kind: 'extension_decision',
    title: `延期申请${input.approve ? '已同意' : '未同意'}：第${row.taskNumber}项任务`,
    lines: [
      taskHeadline(task),
      input.approve ? `完成时限已改为 ${row.newDate}。` : `完成时限仍为 ${task.deadline}。`,
      ...(input.comment ? [`意见：${input.comment}`] : []),
    ],
    link: taskLink(task),
    dedupeKey: `extension:${id}:decision`,
  };
  await deps.db.transaction().execute(async (trx) => {
    await decideExtensionRow(trx, id, {
      status: input.approve ? 'approved' : 'refused',
      decidedBy: actor.userId,
      decidedAt: now,
      comment: input.comment || null,
    });
    if (input.approve) await moveTaskDeadline(trx, row.taskId, row.newDate, now);
    const summary = `${verdict}${row.unitName}的延期申请${input.approve ? `，完成时限由 ${row.oldDate} 改为 ${row.newDate}` : ''}${input.comment ? `。意见：${input.comment}` : ''}`;
    await recordTaskEvent(trx, deps.clock, actor, {
      taskId: row.taskId,
      kind: input.approve ? 'extension_approved' : 'extension_refused',
      unitId: row.unitId,
      summary,
      detail: { extensionId: id },
    });
    await recordAudit(trx, deps.clock, actor, {
      action: input.approve ? 'extension.approve' : 'extension.refuse',
      entityType: 'task',
      entityId: row.taskId,
      summary: `${verdict}第${row.taskNumber}项任务延期至 ${row.newDate}`,
      before: { deadline: task.deadline },
      after: { deadline: input.approve ? row.newDate : task.deadline, comment: input.comment || null },
    });
    await deps.notify.inApp(trx, now, members, decision);
  });
  // The requester hears on their channels too (e-mail, robots, SMS), after the decision is saved.
  await deps.notify.outbound(decision, members);
  return (await loadExtension(deps.db, id))!;
}

/** Leaders and supervisors see every request; unit people only their unit's. */
export async function listExtensions(
  deps: { db: Db },
  actor: Actor,
  query: { status?: 'pending' | 'approved' | 'refused'; taskId?: number },
): Promise<TExtension[]> {
  authorize(actor, 'extension.read');
  if (!seesAllTasks(actor) && actor.unitId === null) return [];
  const rows = await findExtensions(deps.db, {
    ...(seesAllTasks(actor) ? {} : { unitId: actor.unitId! }),
    ...(query.status ? { status: query.status } : {}),
    ...(query.taskId ? { taskIds: [query.taskId] } : {}),
  });
  return toExtensions(deps.db, rows);
}
