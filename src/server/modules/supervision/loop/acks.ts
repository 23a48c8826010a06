import { AppError } from '../../../../shared/errors.ts';
import type { TAck, TAckStatus } from '../../../../shared/supervision-loop.ts';
import type { Db } from '../../../db/database.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { recordAudit } from '../../../platform/audit/audit.service.ts';
import type { Clock } from '../../../platform/clock.ts';
import { authorize } from '../../../platform/policy.ts';
import { findDisplayNames } from '../../users/users.repository.ts';
import { findPlanById, findTasks, findTaskUnits } from '../../workplan/workplan.repository.ts';
import { ACCESS_MESSAGES, loadTaskContext, unitRoleOn, type TaskUnitRecord } from '../task-access.ts';
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
  const tasks = await findTasks(deps.db, planId);
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
      });
    }
  }
  return { planId, rows };
}
