import { AppError } from '../../../../shared/errors.ts';
import { CHASE_LEVEL_LABELS, type TChase } from '../../../../shared/supervision.ts';
import type { Db } from '../../../db/database.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import { recordAudit } from '../../../platform/audit/audit.service.ts';
import { resolveInput, type DeferredInput } from '../../../platform/deferred-input.ts';
import { authorize } from '../../../platform/policy.ts';
import { findUnitNamesByIds } from '../../org/org.repository.ts';
import { findDisplayNames } from '../../users/users.repository.ts';
import { unitMembers, type Announcement, type NotifyPort, type Recipient } from '../notify-port.ts';
import { isRealDate, todayOf } from '../rules/dates.ts';
import { ACCESS_MESSAGES, loadTaskContext, loadVisibleTask, taskHeadline, taskLink } from '../task-access.ts';
import { recordTaskEvent } from '../task-events.ts';
import { findChase, findChasesOfTasks, hasChaseAtLevel, insertChase, markChaseAnswered, type ChaseRow } from './chases.repository.ts';

type Deps = { db: Db; clock: Clock; notify: NotifyPort };
export interface ChaseInput {
  unitId: number;
  level: number;
  message: string;
  replyBy?: string | null | undefined;
}

/**
 * Who receives a chase of each level. 催办 (0) goes to the unit's 联络员 and head; 一级督办 to the unit head; 二级督办 to
 * the head and the committee's leaders; 三级督办 to all leaders — and the unit head too, so the unit always knows it
 * has been escalated.
 */
async function recipientsOf(notify: NotifyPort, db: Db, level: number, unitId: number): Promise<Recipient[]> {
  if (level === 0) return unitMembers(notify, db, [unitId]);
  const heads = await notify.recipients(db, ['unit_head'], [unitId]);
  if (level === 1) return heads;
  const leaders = await notify.recipients(db, ['leader']);
  const all = level === 2 ? [...heads, ...leaders] : [...leaders, ...heads];
  return [...new Map(all.map((r) => [r.id, r])).values()];
}

/** Chase rows as the web app shows them, with the unit's and the sender's names. */
async function toChases(db: Db, rows: readonly ChaseRow[]): Promise<TChase[]> {
  const [units, senders] = await Promise.all([findUnitNamesByIds(db, rows.map((r) => r.unit_id)), findDisplayNames(db, rows.map((r) => r.created_by))]);
  return rows
    .filter((r) => units.has(r.unit_id))
    .map((r) => ({
      id: r.id,
      taskId: r.task_id,
      unitId: r.unit_id,
      unitName: units.get(r.unit_id)!,
      level: r.level,
      levelLabel: CHASE_LEVEL_LABELS[r.level] ?? `${r.level}级督办`,
      message: r.message,
      replyBy: r.due_date,
      createdBy: r.created_by === null ? null : (senders.get(r.created_by) ?? null),
      createdAt: r.created_at,
      answeredAt: r.answered_at,
    }));
}

/**
 * 催办 / 督办单. A 督办单 climbs one level at a time: level N needs a level N−1 notice to the same unit for the same task
 * (a supervisor cannot jump to 三级督办 without 一级 and 二级 on record). The chase, the timeline entry, the audit entry
 * and the in-app notifications commit together; e-mail and robot messages go out after the commit.
 */
export async function chaseTask(deps: Deps, actor: Actor, taskId: number, values: DeferredInput<ChaseInput>): Promise<TChase> {
  authorize(actor, 'task.chase');
  const input = await resolveInput(values);
  const { task, units } = await loadTaskContext(deps.db, taskId);
  const unit = units.find((u) => u.unit_id === input.unitId);
  if (!unit) throw new AppError('VALIDATION_FAILED', '该单位不是这项任务的牵头或配合单位，请选择任务的责任单位。');
  if (task.closed_at) throw new AppError('CONFLICT', '这项任务已办结，无需催办；如需继续督办请先重新打开任务。');
  const today = todayOf(deps.clock);
  if (input.replyBy && (!isRealDate(input.replyBy) || input.replyBy < today)) {
    throw new AppError('VALIDATION_FAILED', `回复期限“${input.replyBy}”无效：应为今天（${today}）或之后的日期。`);
  }
  const label = CHASE_LEVEL_LABELS[input.level]!;
  if (input.level > 0 && !(await hasChaseAtLevel(deps.db, taskId, input.unitId, input.level - 1))) {
    throw new AppError('VALIDATION_FAILED', `督办单须逐级升级：请先对该单位发出${CHASE_LEVEL_LABELS[input.level - 1]}，再发${label}。`);
  }
  const unitName = unit.unit_name ?? unit.name;
  const now = deps.clock.now().toISOString();
  const recipients = await recipientsOf(deps.notify, deps.db, input.level, input.unitId);
  const { chaseId, announcement, notified } = await deps.db.transaction().execute(async (trx) => {
    const id = await insertChase(trx, { task_id: taskId, unit_id: input.unitId, level: input.level, message: input.message, due_date: input.replyBy ?? null, created_by: actor.userId, created_at: now, answered_at: null });
    const summary = `${label}${unitName}：${input.message}${input.replyBy ? `（请于 ${input.replyBy} 前回复）` : ''}`;
    await recordTaskEvent(trx, deps.clock, actor, { taskId, kind: input.level === 0 ? 'chase' : 'escalation', unitId: input.unitId, summary, detail: { chaseId: id, level: input.level } });
    await recordAudit(trx, deps.clock, actor, {
      action: input.level === 0 ? 'task.chase' : 'task.escalate',
      entityType: 'task',
      entityId: taskId,
      summary: `对第${task.number}项任务向${unitName}发出${label}`,
      after: { chaseId: id, unitId: input.unitId, level: input.level, message: input.message, replyBy: input.replyBy ?? null },
    });
    const a: Announcement = {
      kind: input.level === 0 ? 'chase' : 'escalation',
      title: `${label}：第${task.number}项任务`,
      lines: [taskHeadline(task), `${unitName}：${input.message}`, ...(input.replyBy ? [`请于 ${input.replyBy} 前回复办理情况。`] : []), `督办员：${actor.displayName}`],
      link: taskLink(task),
      dedupeKey: `chase:${id}`,
    };
    const fresh = await deps.notify.inApp(trx, now, recipients, a);
    return { chaseId: id, announcement: a, notified: fresh.length };
  });
  const deliveries = await deps.notify.outbound(announcement, recipients);
  const [chase] = await toChases(deps.db, [(await findChase(deps.db, chaseId))!]);
  return { ...chase!, notified, deliveries: deliveries.map((d) => ({ channel: d.channel, recipient: d.recipient, status: d.status })) };
}

export async function listChases(deps: { db: Db }, actor: Actor, taskId: number): Promise<TChase[]> {
  await loadVisibleTask(deps.db, actor, taskId, 'lights.read');
  return toChases(deps.db, await findChasesOfTasks(deps.db, [taskId]));
}

/** The chased unit answers (办理情况已回复): only people of that unit, once. */
export async function answerChase(deps: { db: Db; clock: Clock }, actor: Actor, chaseId: number, input: DeferredInput<{ reply: string }>): Promise<TChase> {
  authorize(actor, 'chase.answer');
  const { reply } = await resolveInput(input);
  const row = await findChase(deps.db, chaseId);
  const [chase] = row ? await toChases(deps.db, [row]) : [];
  if (!chase) throw new AppError('NOT_FOUND', '该催办记录不存在。');
  if (chase.unitId !== actor.unitId) throw new AppError('FORBIDDEN', ACCESS_MESSAGES.answerOwnUnit);
  if (chase.answeredAt) throw new AppError('CONFLICT', '该催办已回复过。');
  const now = deps.clock.now().toISOString();
  const label = CHASE_LEVEL_LABELS[chase.level] ?? '督办';
  await deps.db.transaction().execute(async (trx) => {
    await markChaseAnswered(trx, chaseId, now);
    await recordTaskEvent(trx, deps.clock, actor, { taskId: chase.taskId, kind: 'chase_answered', unitId: chase.unitId, summary: `${chase.unitName}回复${label}：${reply}`, detail: { chaseId } });
    await recordAudit(trx, deps.clock, actor, { action: 'chase.answer', entityType: 'chase', entityId: chaseId, summary: `${chase.unitName}回复${label}`, after: { reply } });
  });
  return { ...chase, answeredAt: now };
}
