import { AppError } from '../../../../shared/errors.ts';
import type { TAck, TAckReminderResult, TAckStatus } from '../../../../shared/supervision-loop.ts';
import type { Db } from '../../../db/database.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { recordAudit } from '../../../platform/audit/audit.service.ts';
import type { Clock } from '../../../platform/clock.ts';
import { resolveInput, type DeferredInput } from '../../../platform/deferred-input.ts';
import { authorize } from '../../../platform/policy.ts';
import { findDisplayNames } from '../../users/users.repository.ts';
import { findCurrentTasks, findPlanById, findTaskUnits } from '../../workplan/workplan.repository.ts';
import { unitMembers, type Announcement, type NotifyPort } from '../notify-port.ts';
import { todayOf } from '../rules/dates.ts';
import { ACCESS_MESSAGES, loadTaskContext, taskLink, unitRoleOn, type TaskUnitRecord } from '../task-access.ts';
import { recordTaskEvent } from '../task-events.ts';
import { findAcksOfTasks, insertAck, type TaskAckRow } from './loop.repository.ts';

/** Each named unit of the task with its 签收 (or null). Units not in the directory (free text) cannot acknowledge. */
export async function acksOf(db: Db, units: readonly TaskUnitRecord[], rows: readonly TaskAckRow[]): Promise<TAck[]> {
  const names = await findDisplayNames(
    db,
    rows.map((r) => r.acked_by),
  );
  const seen = new Set<number>();
  const out: TAck[] = [];
  for (const u of units) {
    if (u.unit_id === null || seen.has(u.unit_id)) continue;
    seen.add(u.unit_id);
    const ack = rows.find((r) => r.unit_id === u.unit_id);
    out.push({
      unitId: u.unit_id,
      unitName: u.unit_name ?? u.name,
      role: u.role as 'lead' | 'support',
      ackedAt: ack?.acked_at ?? null,
      ackedBy: ack?.acked_by ? (names.get(ack.acked_by) ?? null) : null,
    });
  }
  return out;
}

/** 签收: a person of a responsible unit acknowledges the task for the unit. Acknowledging twice answers the first. */
export async function ackTask(deps: { db: Db; clock: Clock }, actor: Actor, taskId: number): Promise<TAck[]> {
  authorize(actor, 'task.ack');
  const { task, units } = await loadTaskContext(deps.db, taskId);
  const role = unitRoleOn(actor, units);
  if (role === null || actor.unitId === null) throw new AppError('FORBIDDEN', ACCESS_MESSAGES.notYourTask);
  const unitId = actor.unitId;
  const existing = await findAcksOfTasks(deps.db, [taskId]);
  if (!existing.some((a) => a.unit_id === unitId)) {
    const now = deps.clock.now().toISOString();
    const unitName = units.find((u) => u.unit_id === unitId)?.unit_name ?? '';
    await deps.db.transaction().execute(async (trx) => {
      await insertAck(trx, { task_id: taskId, unit_id: unitId, acked_by: actor.userId, acked_at: now });
      await recordTaskEvent(trx, deps.clock, actor, {
        taskId,
        kind: 'acknowledged',
        unitId,
        summary: `${unitName}签收（${role === 'lead' ? '牵头' : '配合'}）`,
      });
      await recordAudit(trx, deps.clock, actor, {
        action: 'task.ack',
        entityType: 'task',
        entityId: taskId,
        summary: `${unitName}签收第${task.number}项任务`,
      });
    });
  }
  return acksOf(deps.db, units, await findAcksOfTasks(deps.db, [taskId]));
}

/** The supervisor's view: every responsible unit of every task of the plan, with its 签收 or not. */
export async function getAckStatus(deps: { db: Db }, actor: Actor, planId: number): Promise<TAckStatus> {
  authorize(actor, 'ack.read');
  const plan = await findPlanById(deps.db, planId);
  if (!plan) throw new AppError('NOT_FOUND', '该工作要点不存在或已被删除。');
  // Archived (已撤销) tasks are nobody's to acknowledge any more.
  const tasks = await findCurrentTasks(deps.db, planId);
  const [units, acks] = await Promise.all([
    findTaskUnits(deps.db, planId),
    findAcksOfTasks(
      deps.db,
      tasks.map((t) => t.id),
    ),
  ]);
  const rows: TAckStatus['rows'] = [];
  for (const t of tasks) {
    const seen = new Set<number>();
    for (const u of units.filter((x) => x.task_id === t.id)) {
      if (u.unit_id === null || seen.has(u.unit_id)) continue;
      seen.add(u.unit_id);
      const ack = acks.find((a) => a.task_id === t.id && a.unit_id === u.unit_id);
      rows.push({
        taskId: t.id,
        number: t.number,
        text: t.text,
        unitId: u.unit_id,
        unitName: u.unit_name ?? u.name,
        role: u.role as 'lead' | 'support',
        ackedAt: ack?.acked_at ?? null,
        closed: t.closed_at !== null,
      });
    }
  }
  return { planId, rows };
}

/**
 * 催签收: one notice to each unit that has not acknowledged an open task — of one task, or of every task of the plan —
 * in-app and on the channels. A unit is reminded of a task at most once a day (the dedupe key carries the date).
 */
export async function remindAcks(
  deps: { db: Db; clock: Clock; notify: NotifyPort },
  actor: Actor,
  planId: number,
  input: DeferredInput<{ taskId: number | null }>,
): Promise<TAckReminderResult> {
  authorize(actor, 'task.chase');
  const { taskId } = await resolveInput(input);
  const status = await getAckStatus(deps, actor, planId);
  if (taskId !== null && !status.rows.some((r) => r.taskId === taskId))
    throw new AppError('NOT_FOUND', '该任务不在这份工作要点中，或已撤销。');
  const pending = status.rows.filter(
    (r) => r.ackedAt === null && !r.closed && (taskId === null || r.taskId === taskId),
  );
  if (pending.length === 0) return { units: 0, notified: 0 };
  const today = todayOf(deps.clock);
  const now = deps.clock.now().toISOString();
  const byTask = new Map<number, typeof pending>();
  for (const r of pending) byTask.set(r.taskId, [...(byTask.get(r.taskId) ?? []), r]);
  const messages: { a: Announcement; unitIds: number[] }[] = [];
  for (const [id, rows] of byTask) {
    const first = rows[0]!;
    for (const r of rows) {
      messages.push({
        unitIds: [r.unitId],
        a: {
          kind: 'ack_reminder',
          title: `请签收：第${first.number}项任务`,
          lines: [
            `第${first.number}项：${first.text.length > 60 ? `${first.text.slice(0, 60)}……` : first.text}`,
            `${r.unitName}（${r.role === 'lead' ? '牵头' : '配合'}）尚未签收这项任务，请登录方志平台在任务页面签收。`,
            `督办员：${actor.displayName}`,
          ],
          link: taskLink({ id }),
          dedupeKey: `ack-remind:${id}:${r.unitId}:${today}`,
        },
      });
    }
  }
  const recipients = new Map<number, Awaited<ReturnType<typeof unitMembers>>>();
  for (const unitId of new Set(pending.map((r) => r.unitId)))
    recipients.set(unitId, await unitMembers(deps.notify, deps.db, [unitId]));
  const notified = await deps.db.transaction().execute(async (trx) => {
    let count = 0;
    for (const m of messages)
      count += (await deps.notify.inApp(trx, now, recipients.get(m.unitIds[0]!) ?? [], m.a)).length;
    for (const [id, rows] of byTask) {
      await recordTaskEvent(trx, deps.clock, actor, {
        taskId: id,
        kind: 'ack_reminder',
        summary: `催签收：${rows.map((r) => r.unitName).join('、')}`,
      });
    }
    await recordAudit(trx, deps.clock, actor, {
      action: 'ack.remind',
      entityType: 'plan',
      entityId: planId,
      summary: `催签收：${byTask.size} 项任务的 ${pending.length} 个未签收单位`,
      after: { taskId, pairs: pending.map((r) => ({ taskId: r.taskId, unitId: r.unitId })) },
    });
    return count;
  });
  for (const m of messages) await deps.notify.outbound(m.a, recipients.get(m.unitIds[0]!) ?? []);
  return { units: pending.length, notified };
}
