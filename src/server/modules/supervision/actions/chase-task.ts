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
import { loadSupervisionSettings } from '../plan-health.ts';
import { DOC_PREFIX, escalationNumber } from '../rules/escalation-number.ts';
import {
  findChase,
  findChasesOfTasks,
  hasChaseAtLevel,
  insertChase,
  markChaseAcked,
  markChaseAnswered,
  maxDocSeq,
  setChaseDocument,
  type ChaseRow,
} from './chases.repository.ts';

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
  const [units, senders] = await Promise.all([
    findUnitNamesByIds(
      db,
      rows.map((r) => r.unit_id),
    ),
    findDisplayNames(
      db,
      rows.map((r) => r.created_by),
    ),
  ]);
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
      docNumber: r.doc_number,
      signer: r.signer,
      ackedAt: r.acked_at,
      replyText: r.reply_text,
      repliedLate: r.replied_late === 1,
    }));
}

/**
 * 催办 / 督办单. A 督办单 climbs one level at a time: level N needs a level N−1 notice to the same unit for the same task
 * (a supervisor cannot jump to 三级督办 without 一级 and 二级 on record). The chase, the timeline entry, the audit entry
 * and the in-app notifications commit together; e-mail and robot messages go out after the commit.
 */
export async function chaseTask(
  deps: Deps,
  actor: Actor,
  taskId: number,
  values: DeferredInput<ChaseInput>,
): Promise<TChase> {
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
    throw new AppError(
      'VALIDATION_FAILED',
      `督办单须逐级升级：请先对该单位发出${CHASE_LEVEL_LABELS[input.level - 1]}，再发${label}。`,
    );
  }
  const unitName = unit.unit_name ?? unit.name;
  const now = deps.clock.now().toISOString();
  const recipients = await recipientsOf(deps.notify, deps.db, input.level, input.unitId);
  const { chaseId, announcement, notified } = await deps.db.transaction().execute(async (trx) => {
    const id = await insertChase(trx, {
      task_id: taskId,
      unit_id: input.unitId,
      level: input.level,
      message: input.message,
      due_date: input.replyBy ?? null,
      created_by: actor.userId,
      created_at: now,
      answered_at: null,
    });
    // A 督办单 is a numbered document: 督字〔year〕N号 (the plan's prefix if it set one), numbered per calendar year of issue
    // across all prefixes, signed by the issuer.
    let docNumber: string | null = null;
    if (input.level > 0) {
      const year = Number(today.slice(0, 4));
      const seq = (await maxDocSeq(trx, year)) + 1;
      docNumber = escalationNumber(
        (await loadSupervisionSettings(trx, task.plan_id)).docPrefix ?? DOC_PREFIX,
        year,
        seq,
      );
      await setChaseDocument(trx, id, { year, seq, number: docNumber, signer: actor.displayName });
    }
    const summary = `${label}${docNumber ? `（${docNumber}）` : ''}${unitName}：${input.message}${input.replyBy ? `（请于 ${input.replyBy} 前回复）` : ''}`;
    await recordTaskEvent(trx, deps.clock, actor, {
      taskId,
      kind: input.level === 0 ? 'chase' : 'escalation',
      unitId: input.unitId,
      summary,
      detail: { chaseId: id, level: input.level },
    });
    await recordAudit(trx, deps.clock, actor, {
      action: input.level === 0 ? 'task.chase' : 'task.escalate',
      entityType: 'task',
      entityId: taskId,
      summary: `对第${task.number}项任务向${unitName}发出${label}`,
      after: {
        chaseId: id,
        unitId: input.unitId,
        level: input.level,
        message: input.message,
        replyBy: input.replyBy ?? null,
      },
    });
    const a: Announcement = {
      kind: input.level === 0 ? 'chase' : 'escalation',
      title: `${label}${docNumber ? ` ${docNumber}` : ''}：第${task.number}项任务`,
      lines: [
        taskHeadline(task),
        `${unitName}：${input.message}`,
        ...(input.replyBy ? [`请于 ${input.replyBy} 前回复办理情况。`] : []),
        `督办员：${actor.displayName}`,
      ],
      link: taskLink(task),
      dedupeKey: `chase:${id}`,
    };
    const fresh = await deps.notify.inApp(trx, now, recipients, a);
    return { chaseId: id, announcement: a, notified: fresh.length };
  });
  const deliveries = await deps.notify.outbound(announcement, recipients);
  const [chase] = await toChases(deps.db, [(await findChase(deps.db, chaseId))!]);
  return {
    ...chase!,
    notified,
    deliveries: deliveries.map((d) => ({ channel: d.channel, recipient: d.recipient, status: d.status })),
  };
}

export async function listChases(deps: { db: Db }, actor: Actor, taskId: number): Promise<TChase[]> {
  await loadVisibleTask(deps.db, actor, taskId, 'lights.read');
  return toChases(deps.db, await findChasesOfTasks(deps.db, [taskId]));
}

/**
 * The chased unit answers (办理情况): only people of that unit, once. A reply after the 回复期限 is flagged late and
 * escalates: the supervisors and the committee's leaders are told.
 */
export async function answerChase(
  deps: Deps,
  actor: Actor,
  chaseId: number,
  input: DeferredInput<{ reply: string }>,
): Promise<TChase> {
  authorize(actor, 'chase.answer');
  const { reply } = await resolveInput(input);
  const row = await findChase(deps.db, chaseId);
  const [chase] = row ? await toChases(deps.db, [row]) : [];
  if (!chase) throw new AppError('NOT_FOUND', '该催办记录不存在。');
  if (chase.unitId !== actor.unitId) throw new AppError('FORBIDDEN', ACCESS_MESSAGES.answerOwnUnit);
  if (chase.answeredAt) throw new AppError('CONFLICT', '该催办已回复过。');
  const now = deps.clock.now().toISOString();
  const today = todayOf(deps.clock);
  const late = chase.replyBy !== null && today > chase.replyBy;
  const label = CHASE_LEVEL_LABELS[chase.level] ?? '督办';
  const what = `${label}${chase.docNumber ? `（${chase.docNumber}）` : ''}`;
  const { task } = await loadTaskContext(deps.db, chase.taskId);
  // The supervisor who issued it hears every reply; a late one also goes to every supervisor and the leaders.
  const supervisors = await deps.notify.recipients(deps.db, ['supervisor']);
  const watchers = late
    ? [
        ...new Map(
          [...supervisors, ...(await deps.notify.recipients(deps.db, ['leader']))].map((r) => [r.id, r]),
        ).values(),
      ]
    : supervisors.filter((r) => r.id === row!.created_by);
  const a: Announcement = {
    kind: late ? 'chase_late_reply' : 'chase_answered',
    title: `${late ? '逾期回复' : '已回复'}：${what} 第${task.number}项任务`,
    lines: [
      taskHeadline(task),
      late ? `${chase.unitName}于 ${today} 回复，已超过回复期限 ${chase.replyBy}。` : `${chase.unitName}已回复。`,
      `回复：${reply}`,
    ],
    link: taskLink(task),
    dedupeKey: `chase:${chaseId}:reply`,
  };
  await deps.db.transaction().execute(async (trx) => {
    if (!(await markChaseAnswered(trx, chaseId, now, { text: reply, late })))
      throw new AppError('CONFLICT', '该催办已回复过。');
    const summary = `${chase.unitName}回复${what}${late ? `（逾期回复，回复期限 ${chase.replyBy}）` : ''}：${reply}`;
    await recordTaskEvent(trx, deps.clock, actor, {
      taskId: chase.taskId,
      kind: 'chase_answered',
      unitId: chase.unitId,
      summary,
      detail: { chaseId, late },
    });
    await recordAudit(trx, deps.clock, actor, {
      action: 'chase.answer',
      entityType: 'chase',
      entityId: chaseId,
      summary: `${chase.unitName}回复${what}${late ? '（逾期）' : ''}`,
      after: { reply, late },
    });
    await deps.notify.inApp(trx, now, watchers, a);
  });
  if (watchers.length > 0) await deps.notify.outbound(a, watchers);
  return { ...chase, answeredAt: now, replyText: reply, repliedLate: late };
}

/** 签收 of a 催办 or 督办单 by a person of the chased unit; acknowledging twice keeps the first time. */
export async function ackChase(deps: { db: Db; clock: Clock }, actor: Actor, chaseId: number): Promise<TChase> {
  authorize(actor, 'chase.answer');
  const row = await findChase(deps.db, chaseId);
  if (!row) throw new AppError('NOT_FOUND', '该催办记录不存在。');
  if (row.unit_id !== actor.unitId) throw new AppError('FORBIDDEN', ACCESS_MESSAGES.answerOwnUnit);
  if (!row.acked_at) {
    const now = deps.clock.now().toISOString();
    await deps.db.transaction().execute(async (trx) => {
      await markChaseAcked(trx, chaseId, now);
      await recordAudit(trx, deps.clock, actor, {
        action: 'chase.ack',
        entityType: 'chase',
        entityId: chaseId,
        summary: `签收${CHASE_LEVEL_LABELS[row.level] ?? '督办'}${row.doc_number ? `（${row.doc_number}）` : ''}`,
      });
    });
  }
  return (await toChases(deps.db, [(await findChase(deps.db, chaseId))!]))[0]!;
}

/** One chase with its task, for a reader allowed to see the task (the 督办单 document is built from it). */
export async function loadVisibleChase(
  deps: { db: Db },
  actor: Actor,
  chaseId: number,
): Promise<{ chase: TChase; task: Awaited<ReturnType<typeof loadTaskContext>>['task'] }> {
  const row = await findChase(deps.db, chaseId);
  if (!row) {
    authorize(actor, 'lights.read');
    throw new AppError('NOT_FOUND', '该催办记录不存在。');
  }
  const { task } = await loadVisibleTask(deps.db, actor, row.task_id, 'lights.read');
  const [chase] = await toChases(deps.db, [row]);
  if (!chase) throw new AppError('NOT_FOUND', '该催办记录不存在。');
  return { chase, task };
}
