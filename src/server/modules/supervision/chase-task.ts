import { AppError } from '../../../shared/errors.ts';
import { CHASE_LEVEL_LABELS, type TChase } from '../../../shared/supervision.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Logger } from '../../platform/logger.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { authorize } from '../../platform/policy.ts';
import { deliverOutbound, notifyInApp, type Announcement } from '../notifications/dispatch.ts';
import { findRecipients, findUnitMembers, type Recipient } from '../notifications/recipients.ts';
import { assertSeesTask, isRealDate, loadSupervisedTask, recordTaskEvent, taskHeadline, taskLink } from './supervision-access.ts';

type Deps = { db: Db; clock: Clock; logger: Logger };

/**
 * Who receives a chase of each level. 催办 (0) goes to the unit's 联络员 and head; 一级督办 to the unit head; 二级督办 to
 * the head and the committee's leaders; 三级督办 to all leaders — and the unit head too, so the unit always knows it
 * has been escalated.
 */
async function recipientsOf(db: Db, level: number, unitId: number): Promise<Recipient[]> {
  if (level === 0) return findUnitMembers(db, [unitId]);
  const heads = await findRecipients(db, ['unit_head'], [unitId]);
  if (level === 1) return heads;
  const leaders = await findRecipients(db, ['leader']);
  const all = level === 2 ? [...heads, ...leaders] : [...leaders, ...heads];
  return [...new Map(all.map((r) => [r.id, r])).values()];
}

function toChase(r: {
  id: number;
  task_id: number;
  unit_id: number;
  unit_name: string;
  level: number;
  message: string;
  due_date: string | null;
  created_by_name: string | null;
  created_at: string;
  answered_at: string | null;
}): TChase {
  return {
    id: r.id,
    taskId: r.task_id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    level: r.level,
    levelLabel: CHASE_LEVEL_LABELS[r.level] ?? `${r.level}级督办`,
    message: r.message,
    replyBy: r.due_date,
    createdBy: r.created_by_name,
    createdAt: r.created_at,
    answeredAt: r.answered_at,
  };
}

function chaseQuery(db: Db) {
  return db
    .selectFrom('chase')
    .innerJoin('unit', 'unit.id', 'chase.unit_id')
    .leftJoin('app_user', 'app_user.id', 'chase.created_by')
    .select([
      'chase.id',
      'chase.task_id',
      'chase.unit_id',
      'unit.name as unit_name',
      'chase.level',
      'chase.message',
      'chase.due_date',
      'app_user.display_name as created_by_name',
      'chase.created_at',
      'chase.answered_at',
    ]);
}

/**
 * 催办 / 督办单. A 督办单 climbs one level at a time: level N needs a level N−1 notice to the same unit for the same task
 * (a supervisor cannot jump to 三级督办 without 一级 and 二级 on record). The chase, the timeline entry, the audit entry
 * and the in-app notifications commit together; e-mail and robot messages go out after the commit.
 */
export async function chaseTask(deps: Deps, actor: Actor, taskId: number, input: { unitId: number; level: number; message: string; replyBy?: string | null }): Promise<TChase> {
  authorize(actor, 'task.chase');
  const task = await loadSupervisedTask(deps.db, taskId);
  const unit = task.units.find((u) => u.unitId === input.unitId);
  if (!unit) throw new AppError('VALIDATION_FAILED', '该单位不是这项任务的牵头或配合单位，请选择任务的责任单位。');
  if (task.closedAt) throw new AppError('CONFLICT', '这项任务已办结，无需催办；如需继续督办请先重新打开任务。');
  const today = deps.clock.now().toISOString().slice(0, 10);
  if (input.replyBy && (!isRealDate(input.replyBy) || input.replyBy < today)) {
    throw new AppError('VALIDATION_FAILED', `回复期限“${input.replyBy}”无效：应为今天（${today}）或之后的日期。`);
  }
  const label = CHASE_LEVEL_LABELS[input.level]!;
  if (input.level > 0) {
    const previous = await deps.db
      .selectFrom('chase')
      .select('id')
      .where('task_id', '=', taskId)
      .where('unit_id', '=', input.unitId)
      .where('level', '=', input.level - 1)
      .executeTakeFirst();
    if (!previous) {
      throw new AppError('VALIDATION_FAILED', `督办单须逐级升级：请先对该单位发出${CHASE_LEVEL_LABELS[input.level - 1]}，再发${label}。`);
    }
  }
  const unitName = unit.unitName ?? unit.name;
  const now = deps.clock.now().toISOString();
  const recipients = await recipientsOf(deps.db, input.level, input.unitId);
  const { chaseId, announcement, notified } = await deps.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('chase')
      .values({ task_id: taskId, unit_id: input.unitId, level: input.level, message: input.message, due_date: input.replyBy ?? null, created_by: actor.userId, created_at: now, answered_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
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
      lines: [
        taskHeadline(task),
        `${unitName}：${input.message}`,
        ...(input.replyBy ? [`请于 ${input.replyBy} 前回复办理情况。`] : []),
        `督办员：${actor.displayName}`,
      ],
      link: taskLink(task),
      dedupeKey: `chase:${id}`,
    };
    const fresh = await notifyInApp(trx, now, recipients, a);
    return { chaseId: id, announcement: a, notified: fresh.length };
  });
  const deliveries = await deliverOutbound(deps, announcement, recipients);
  const row = await chaseQuery(deps.db).where('chase.id', '=', chaseId).executeTakeFirstOrThrow();
  return { ...toChase(row), notified, deliveries: deliveries.map((d) => ({ channel: d.channel, recipient: d.recipient, status: d.status })) };
}

export async function listChases(deps: { db: Db }, actor: Actor, taskId: number): Promise<TChase[]> {
  authorize(actor, 'lights.read');
  const task = await loadSupervisedTask(deps.db, taskId);
  assertSeesTask(actor, task);
  const rows = await chaseQuery(deps.db).where('chase.task_id', '=', taskId).orderBy('chase.created_at').orderBy('chase.id').execute();
  return rows.map(toChase);
}

/** The chased unit answers (办理情况已回复): only people of that unit, once. */
export async function answerChase(deps: { db: Db; clock: Clock }, actor: Actor, chaseId: number, reply: string): Promise<TChase> {
  authorize(actor, 'chase.answer');
  const chase = await chaseQuery(deps.db).where('chase.id', '=', chaseId).executeTakeFirst();
  if (!chase) throw new AppError('NOT_FOUND', '该催办记录不存在。');
  if (chase.unit_id !== actor.unitId) throw new AppError('FORBIDDEN', '只有被催办单位的人员可以回复。');
  if (chase.answered_at) throw new AppError('CONFLICT', '该催办已回复过。');
  const now = deps.clock.now().toISOString();
  const label = CHASE_LEVEL_LABELS[chase.level] ?? '督办';
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('chase').set({ answered_at: now }).where('id', '=', chaseId).execute();
    await recordTaskEvent(trx, deps.clock, actor, { taskId: chase.task_id, kind: 'chase_answered', unitId: chase.unit_id, summary: `${chase.unit_name}回复${label}：${reply}`, detail: { chaseId } });
    await recordAudit(trx, deps.clock, actor, { action: 'chase.answer', entityType: 'chase', entityId: chaseId, summary: `${chase.unit_name}回复${label}`, after: { reply } });
  });
  return toChase({ ...chase, answered_at: now });
}

/** Chases per task (read-only; the plan import shows what hangs on a task a revision drops or changes). */
export async function countChasesByTask(db: Db, taskIds: readonly number[]): Promise<Map<number, number>> {
  if (taskIds.length === 0) return new Map();
  const rows = await db.selectFrom('chase').select(['task_id', (e) => e.fn.countAll<string | number>().as('n')]).where('task_id', 'in', [...taskIds]).groupBy('task_id').execute();
  return new Map(rows.map((r) => [r.task_id, Number(r.n)]));
}
