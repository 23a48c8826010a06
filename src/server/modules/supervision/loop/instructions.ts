import { AppError } from '../../../../shared/errors.ts';
import type { TInstruction } from '../../../../shared/supervision-loop.ts';
import type { Db } from '../../../db/database.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { recordAudit } from '../../../platform/audit/audit.service.ts';
import type { Clock } from '../../../platform/clock.ts';
import { resolveInput, type DeferredInput } from '../../../platform/deferred-input.ts';
import { authorize } from '../../../platform/policy.ts';
import { findDisplayNames } from '../../users/users.repository.ts';
import { unitMembers, type Announcement, type NotifyPort } from '../notify-port.ts';
import { findReportRow } from '../reports/reports.repository.ts';
import {
  ACCESS_MESSAGES,
  loadTaskContext,
  taskHeadline,
  taskLink,
  unitRoleOn,
  type TaskUnitRecord,
} from '../task-access.ts';
import { recordTaskEvent } from '../task-events.ts';
import {
  findInstruction,
  findInstructionReplies,
  findInstructionsOfTasks,
  insertInstruction,
  insertInstructionReply,
  type InstructionRow,
} from './loop.repository.ts';

type Deps = { db: Db; clock: Clock; notify: NotifyPort };

/** The named units of a task, each once (lead first when a unit is named twice). */
export function responsibleUnits(units: readonly TaskUnitRecord[]): { unitId: number; unitName: string }[] {
  const seen = new Map<number, string>();
  for (const u of units) if (u.unit_id !== null && !seen.has(u.unit_id)) seen.set(u.unit_id, u.unit_name ?? u.name);
  return [...seen].map(([unitId, unitName]) => ({ unitId, unitName }));
}

export async function toInstructions(
  db: Db,
  rows: readonly InstructionRow[],
  units: readonly TaskUnitRecord[],
): Promise<TInstruction[]> {
  const replies = await findInstructionReplies(
    db,
    rows.map((r) => r.id),
  );
  const names = await findDisplayNames(
    db,
    replies.map((r) => r.replied_by),
  );
  const responsible = responsibleUnits(units);
  return rows.map((r) => {
    const mine = replies.filter((x) => x.instruction_id === r.id);
    return {
      id: r.id,
      taskId: r.task_id,
      reportId: r.report_id,
      text: r.text,
      authorName: r.author_name,
      createdAt: r.created_at,
      replies: mine.map((x) => ({
        unitId: x.unit_id,
        unitName: responsible.find((u) => u.unitId === x.unit_id)?.unitName ?? '',
        text: x.text,
        repliedBy: x.replied_by === null ? null : (names.get(x.replied_by) ?? null),
        repliedAt: x.replied_at,
      })),
      awaiting: responsible.filter((u) => !mine.some((x) => x.unit_id === u.unitId)),
    };
  });
}

/** 领导批示: a leader writes an instruction on a task (or one of its reports); every responsible unit is told and answers. */
export async function writeInstruction(
  deps: Deps,
  actor: Actor,
  taskId: number,
  values: DeferredInput<{ text: string; reportId: number | null }>,
): Promise<TInstruction> {
  authorize(actor, 'instruction.write');
  const input = await resolveInput(values);
  const { task, units } = await loadTaskContext(deps.db, taskId);
  if (input.reportId !== null) {
    const report = await findReportRow(deps.db, input.reportId);
    if (!report || report.task_id !== taskId)
      throw new AppError('VALIDATION_FAILED', '所批示的进展报告不属于这项任务，请在任务页面上选择报告。');
  }
  const responsible = responsibleUnits(units);
  const members = await unitMembers(
    deps.notify,
    deps.db,
    responsible.map((u) => u.unitId),
  );
  const now = deps.clock.now().toISOString();
  const { id, a } = await deps.db.transaction().execute(async (trx) => {
    const id = await insertInstruction(trx, {
      task_id: taskId,
      report_id: input.reportId,
      text: input.text,
      author_id: actor.userId,
      author_name: actor.displayName,
      created_at: now,
    });
    await recordTaskEvent(trx, deps.clock, actor, {
      taskId,
      kind: 'instruction',
      summary: `${actor.displayName}批示：${input.text}`,
      reportId: input.reportId,
      detail: { instructionId: id },
    });
    await recordAudit(trx, deps.clock, actor, {
      action: 'instruction.write',
      entityType: 'task',
      entityId: taskId,
      summary: `对第${task.number}项任务作出批示`,
      after: { text: input.text, reportId: input.reportId },
    });
    const a: Announcement = {
      kind: 'instruction',
      title: `领导批示：第${task.number}项任务`,
      lines: [taskHeadline(task), `${actor.displayName}批示：${input.text}`, '请抓好落实，并在任务页面回复落实情况。'],
      link: taskLink(task),
      dedupeKey: `instruction:${id}`,
    };
    await deps.notify.inApp(trx, now, members, a);
    return { id, a };
  });
  await deps.notify.outbound(a, members);
  return (await toInstructions(deps.db, [(await findInstruction(deps.db, id))!], units))[0]!;
}

/** A responsible unit answers a 批示 (落实情况), once; the leader who wrote it is told. */
export async function answerInstruction(
  deps: Deps,
  actor: Actor,
  instructionId: number,
  values: DeferredInput<{ text: string }>,
): Promise<TInstruction> {
  authorize(actor, 'instruction.answer');
  const { text } = await resolveInput(values);
  const row = await findInstruction(deps.db, instructionId);
  if (!row) throw new AppError('NOT_FOUND', '该批示不存在或已被删除。');
  const { task, units } = await loadTaskContext(deps.db, row.task_id);
  if (unitRoleOn(actor, units) === null || actor.unitId === null)
    throw new AppError('FORBIDDEN', ACCESS_MESSAGES.notYourTask);
  const unitId = actor.unitId;
  const replies = await findInstructionReplies(deps.db, [instructionId]);
  if (replies.some((r) => r.unit_id === unitId)) throw new AppError('CONFLICT', '本单位已回复过这条批示。');
  const unitName = responsibleUnits(units).find((u) => u.unitId === unitId)?.unitName ?? '';
  const now = deps.clock.now().toISOString();
  const author =
    row.author_id === null
      ? []
      : (await deps.notify.recipients(deps.db, ['leader'])).filter((r) => r.id === row.author_id);
  const a: Announcement = {
    kind: 'instruction_answered',
    title: `批示落实情况：第${task.number}项任务`,
    lines: [taskHeadline(task), `${unitName}回复：${text}`],
    link: taskLink(task),
    dedupeKey: `instruction:${instructionId}:reply:${unitId}`,
  };
  await deps.db.transaction().execute(async (trx) => {
    await insertInstructionReply(trx, {
      instruction_id: instructionId,
      unit_id: unitId,
      text,
      replied_by: actor.userId,
      replied_at: now,
    });
    await recordTaskEvent(trx, deps.clock, actor, {
      taskId: task.id,
      kind: 'instruction_answered',
      unitId,
      summary: `${unitName}回复批示落实情况：${text}`,
      detail: { instructionId },
    });
    await recordAudit(trx, deps.clock, actor, {
      action: 'instruction.answer',
      entityType: 'task',
      entityId: task.id,
      summary: `${unitName}回复第${task.number}项任务的批示`,
      after: { text },
    });
    await deps.notify.inApp(trx, now, author, a);
  });
  await deps.notify.outbound(a, author);
  return (await toInstructions(deps.db, [row], units))[0]!;
}

export async function instructionsOfTask(
  db: Db,
  taskId: number,
  units: readonly TaskUnitRecord[],
): Promise<TInstruction[]> {
  return toInstructions(db, await findInstructionsOfTasks(db, [taskId]), units);
}
