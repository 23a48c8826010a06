import type { TTodo, TTodoItem } from '../../../../shared/supervision-loop.ts';
import { CHASE_LEVEL_LABELS } from '../../../../shared/supervision.ts';
import type { Db } from '../../../db/database.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import { authorize, can } from '../../../platform/policy.ts';
import { findUnitNamesByIds } from '../../org/org.repository.ts';
import { findTasksOfUnit, findTaskWithPlan } from '../../workplan/workplan.repository.ts';
import { findOpenChasesOfUnit, findUnansweredChases } from '../actions/chases.repository.ts';
import { findExtensions } from '../actions/extensions.repository.ts';
import { getMyTasks } from '../reports/my-tasks.ts';
import { todayOf } from '../rules/dates.ts';
import { taskLink } from '../task-access.ts';
import { findEventsByActor } from '../task-events.repository.ts';
import {
  findAcksOfTasks,
  findClosureRequests,
  findInstructionReplies,
  findInstructionsOfTasks,
} from './loop.repository.ts';

const short = (text: string) => (text.length > 30 ? `${text.slice(0, 30)}…` : text);

/**
 * 待办 and 已办 of the signed-in person, by what they may do: a unit's people — what to file, what came back, what to
 * acknowledge, 督办 to answer and 批示 to carry out; its head — reports to approve; supervisors — 办结 requests and
 * overdue 督办 replies; leaders — extensions to decide. 已办 is the person's own steps on the task timelines.
 */
export async function getTodo(deps: { db: Db; clock: Clock }, actor: Actor): Promise<TTodo> {
  authorize(actor, 'plan.read');
  const today = todayOf(deps.clock);
  const todo: TTodoItem[] = [];
  const taskCache = new Map<number, Awaited<ReturnType<typeof findTaskWithPlan>>>();
  const taskOf = async (id: number) => {
    if (!taskCache.has(id)) taskCache.set(id, await findTaskWithPlan(deps.db, id));
    return taskCache.get(id);
  };
  const item = (i: Omit<TTodoItem, 'overdue'> & { overdue?: boolean }): TTodoItem => ({
    overdue: i.overdue ?? (i.dueDate !== null && i.dueDate < today),
    ...i,
  });

  if (actor.unitId !== null) {
    const unitId = actor.unitId;
    const mine = await getMyTasks(deps, actor);
    if (can(actor, 'report.file')) {
      for (const f of mine.toFile) {
        todo.push(
          item({
            kind: 'file',
            title: `第${f.number}项 ${f.periodLabel}进展`,
            detail: short(f.text),
            link: `${taskLink({ id: f.taskId })}?period=${f.period}`,
            taskId: f.taskId,
            dueDate: f.dueDate,
          }),
        );
      }
      for (const r of mine.returned) {
        todo.push(
          item({
            kind: 'returned',
            title: `第${r.number}项 ${r.periodLabel}进展被退回`,
            detail: r.comment ?? '',
            link: `${taskLink({ id: r.taskId })}?period=${r.period}`,
            taskId: r.taskId,
            dueDate: null,
          }),
        );
      }
    }
    for (const p of mine.pending) {
      todo.push(
        item({
          kind: 'approve',
          title: `第${p.number}项 ${p.periodLabel}进展待审核`,
          detail: `${p.unitName}提交于 ${(p.submittedAt ?? '').slice(0, 10)}`,
          link: `${taskLink({ id: p.taskId })}?period=${p.period}`,
          taskId: p.taskId,
          dueDate: null,
        }),
      );
    }
    const openTasks = (await findTasksOfUnit(deps.db, unitId)).filter((t) => t.closed_at === null);
    const taskIds = [...new Set(openTasks.map((t) => t.id))];
    if (can(actor, 'task.ack')) {
      const acked = new Set(
        (await findAcksOfTasks(deps.db, taskIds)).filter((a) => a.unit_id === unitId).map((a) => a.task_id),
      );
      for (const id of taskIds.filter((x) => !acked.has(x))) {
        const t = openTasks.find((x) => x.id === id)!;
        todo.push(
          item({
            kind: 'ack',
            title: `签收第${t.number}项任务`,
            detail: short(t.text),
            link: taskLink(t),
            taskId: t.id,
            dueDate: null,
          }),
        );
      }
    }
    if (can(actor, 'chase.answer')) {
      for (const c of await findOpenChasesOfUnit(deps.db, unitId)) {
        const t = await taskOf(c.task_id);
        if (!t) continue;
        todo.push(
          item({
            kind: 'chase',
            title: `${CHASE_LEVEL_LABELS[c.level] ?? '督办'}${c.doc_number ? ` ${c.doc_number}` : ''}：第${t.number}项`,
            detail: short(c.message),
            link: taskLink(t),
            taskId: t.id,
            dueDate: c.due_date,
          }),
        );
      }
    }
    if (can(actor, 'instruction.answer')) {
      const instructions = await findInstructionsOfTasks(deps.db, taskIds);
      const replied = new Set(
        (
          await findInstructionReplies(
            deps.db,
            instructions.map((i) => i.id),
          )
        )
          .filter((r) => r.unit_id === unitId)
          .map((r) => r.instruction_id),
      );
      for (const i of instructions.filter((x) => !replied.has(x.id))) {
        const t = openTasks.find((x) => x.id === i.task_id)!;
        todo.push(
          item({
            kind: 'instruction',
            title: `落实${i.author_name}批示：第${t.number}项`,
            detail: short(i.text),
            link: taskLink(t),
            taskId: t.id,
            dueDate: null,
          }),
        );
      }
    }
  }
  if (can(actor, 'task.close')) {
    const requests = await findClosureRequests(deps.db, { status: 'pending' });
    const units = await findUnitNamesByIds(
      deps.db,
      requests.map((r) => r.unit_id),
    );
    for (const r of requests) {
      const t = await taskOf(r.task_id);
      if (t)
        todo.push(
          item({
            kind: 'closure',
            title: `${units.get(r.unit_id) ?? ''}申请办结第${t.number}项`,
            detail: short(r.evidence),
            link: taskLink(t),
            taskId: t.id,
            dueDate: null,
          }),
        );
    }
  }
  if (can(actor, 'task.chase')) {
    const late = await findUnansweredChases(deps.db, today);
    const units = await findUnitNamesByIds(
      deps.db,
      late.map((c) => c.unit_id),
    );
    for (const c of late) {
      const t = await taskOf(c.task_id);
      if (t)
        todo.push(
          item({
            kind: 'late_chase',
            title: `${units.get(c.unit_id) ?? ''}逾期未回复${c.doc_number ?? CHASE_LEVEL_LABELS[c.level] ?? ''}：第${t.number}项`,
            detail: short(c.message),
            link: taskLink(t),
            taskId: t.id,
            dueDate: c.due_date,
          }),
        );
    }
  }
  if (can(actor, 'extension.decide')) {
    const pending = await findExtensions(deps.db, { status: 'pending' });
    const units = await findUnitNamesByIds(
      deps.db,
      pending.map((e) => e.unit_id),
    );
    for (const e of pending) {
      const t = await taskOf(e.task_id);
      if (t)
        todo.push(
          item({
            kind: 'extension',
            title: `${units.get(e.unit_id) ?? ''}申请第${t.number}项延期至 ${e.new_date}`,
            detail: short(e.reason),
            link: '/supervision/extensions?status=pending',
            taskId: t.id,
            dueDate: null,
          }),
        );
    }
  }
  todo.sort(
    (a, b) => Number(b.overdue) - Number(a.overdue) || (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'),
  );
  const done = (await findEventsByActor(deps.db, actor.userId, 30)).map((e) => ({
    summary: e.summary,
    link: taskLink({ id: e.task_id }),
    taskId: e.task_id,
    at: e.occurred_at,
  }));
  return { today, todo, done };
}
