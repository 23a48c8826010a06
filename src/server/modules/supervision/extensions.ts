import { AppError } from '../../../shared/errors.ts';
import type { TExtension } from '../../../shared/supervision.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { authorize } from '../../platform/policy.ts';
import { notifyInApp } from '../notifications/dispatch.ts';
import { findRecipients, findUnitMembers } from '../notifications/recipients.ts';
import { isRealDate, loadSupervisedTask, recordTaskEvent, seesAllTasks, taskHeadline, taskLink, unitRoleOnTask } from './supervision-access.ts';

type Deps = { db: Db; clock: Clock };

function extensionQuery(db: Db) {
  return db
    .selectFrom('extension_request as e')
    .innerJoin('task', 'task.id', 'e.task_id')
    .innerJoin('plan', 'plan.id', 'task.plan_id')
    .innerJoin('unit', 'unit.id', 'e.unit_id')
    .leftJoin('app_user as rq', 'rq.id', 'e.requested_by')
    .leftJoin('app_user as dc', 'dc.id', 'e.decided_by')
    .select([
      'e.id',
      'e.task_id',
      'task.number',
      'task.text',
      'plan.id as plan_id',
      'plan.title as plan_title',
      'e.unit_id',
      'unit.name as unit_name',
      'e.reason',
      'e.old_date',
      'e.new_date',
      'e.status',
      'rq.display_name as requested_by_name',
      'e.requested_at',
      'dc.display_name as decided_by_name',
      'e.decided_at',
      'e.decision_comment',
    ]);
}

type ExtensionRow = Awaited<ReturnType<ReturnType<typeof extensionQuery>['executeTakeFirstOrThrow']>>;

function toExtension(r: ExtensionRow): TExtension {
  return {
    id: r.id,
    taskId: r.task_id,
    taskNumber: r.number,
    taskText: r.text,
    planId: r.plan_id,
    planTitle: r.plan_title,
    unitId: r.unit_id,
    unitName: r.unit_name,
    reason: r.reason,
    oldDate: r.old_date,
    newDate: r.new_date,
    status: r.status as TExtension['status'],
    requestedBy: r.requested_by_name,
    requestedAt: r.requested_at,
    decidedBy: r.decided_by_name,
    decidedAt: r.decided_at,
    decisionComment: r.decision_comment,
  };
}

/**
 * 延期申请 by the task's lead unit. The new date must be a real date, within or after the plan's year, and later than
 * the current deadline; a task has at most one pending request. Leaders are told in the app.
 */
export async function requestExtension(deps: Deps, actor: Actor, taskId: number, input: { newDate: string; reason: string }): Promise<TExtension> {
  authorize(actor, 'extension.request');
  const task = await loadSupervisedTask(deps.db, taskId);
  if (unitRoleOnTask(actor, task) !== 'lead') throw new AppError('FORBIDDEN', '只有这项任务的牵头单位可以申请延期。');
  if (task.closedAt) throw new AppError('CONFLICT', '这项任务已办结，不能再申请延期。');
  if (!isRealDate(input.newDate)) throw new AppError('VALIDATION_FAILED', `新的完成时限“${input.newDate}”不是有效日期，请按 YYYY-MM-DD 填写。`);
  if (input.newDate < `${task.planYear}-01-01`) {
    throw new AppError('VALIDATION_FAILED', `新的完成时限 ${input.newDate} 早于工作要点所在的 ${task.planYear} 年，请填写 ${task.planYear} 年或之后的日期。`);
  }
  if (input.newDate <= task.deadline) {
    throw new AppError('VALIDATION_FAILED', `新的完成时限 ${input.newDate} 应晚于当前完成时限 ${task.deadline}，请重新选择日期。`);
  }
  const pending = await deps.db.selectFrom('extension_request').select('id').where('task_id', '=', taskId).where('status', '=', 'pending').executeTakeFirst();
  if (pending) throw new AppError('CONFLICT', '这项任务已有一份待审批的延期申请，请等待委领导审批后再提。');
  const unitId = actor.unitId!;
  const unitName = task.units.find((u) => u.unitId === unitId)?.unitName ?? '';
  const now = deps.clock.now().toISOString();
  const leaders = await findRecipients(deps.db, ['leader']);
  const id = await deps.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('extension_request')
      .values({ task_id: taskId, unit_id: unitId, reason: input.reason, old_date: task.deadline, new_date: input.newDate, status: 'pending', requested_by: actor.userId, requested_at: now, decided_by: null, decided_at: null, decision_comment: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordTaskEvent(trx, deps.clock, actor, { taskId, kind: 'extension_requested', unitId, summary: `${unitName}申请将完成时限由 ${task.deadline} 延至 ${input.newDate}：${input.reason}`, detail: { extensionId: id } });
    await recordAudit(trx, deps.clock, actor, { action: 'extension.request', entityType: 'task', entityId: taskId, summary: `${unitName}申请第${task.number}项任务延期至 ${input.newDate}`, after: { extensionId: id, oldDate: task.deadline, newDate: input.newDate, reason: input.reason } });
    await notifyInApp(trx, now, leaders, {
      kind: 'extension_request',
      title: `延期申请：第${task.number}项任务`,
      lines: [taskHeadline(task), `${unitName}申请将完成时限由 ${task.deadline} 延至 ${input.newDate}。`, `理由：${input.reason}`],
      link: '/supervision/extensions',
      dedupeKey: `extension:${id}:request`,
    });
    return id;
  });
  return toExtension(await extensionQuery(deps.db).where('e.id', '=', id).executeTakeFirstOrThrow());
}

/** A leader approves (the task's deadline moves) or refuses (with a comment). Decided once; the unit is told. */
export async function decideExtension(deps: Deps, actor: Actor, id: number, input: { approve: boolean; comment: string }): Promise<TExtension> {
  authorize(actor, 'extension.decide');
  const row = await extensionQuery(deps.db).where('e.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', '该延期申请不存在。');
  if (row.status !== 'pending') throw new AppError('CONFLICT', '该延期申请已审批过，不能重复审批。');
  const task = await loadSupervisedTask(deps.db, row.task_id);
  const now = deps.clock.now().toISOString();
  const members = await findUnitMembers(deps.db, [row.unit_id]);
  const verdict = input.approve ? '同意' : '不同意';
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('extension_request')
      .set({ status: input.approve ? 'approved' : 'refused', decided_by: actor.userId, decided_at: now, decision_comment: input.comment || null })
      .where('id', '=', id)
      .execute();
    if (input.approve) {
      // The document's wording (如“6月底前”) no longer describes the deadline, so it is cleared.
      await trx.updateTable('task').set({ deadline: row.new_date, deadline_explicit: 1, deadline_text: null, updated_at: now }).where('id', '=', row.task_id).execute();
    }
    const summary = `${verdict}${row.unit_name}的延期申请${input.approve ? `，完成时限由 ${row.old_date} 改为 ${row.new_date}` : ''}${input.comment ? `。意见：${input.comment}` : ''}`;
    await recordTaskEvent(trx, deps.clock, actor, { taskId: row.task_id, kind: input.approve ? 'extension_approved' : 'extension_refused', unitId: row.unit_id, summary, detail: { extensionId: id } });
    await recordAudit(trx, deps.clock, actor, {
      action: input.approve ? 'extension.approve' : 'extension.refuse',
      entityType: 'task',
      entityId: row.task_id,
      summary: `${verdict}第${row.number}项任务延期至 ${row.new_date}`,
      before: { deadline: task.deadline },
      after: { deadline: input.approve ? row.new_date : task.deadline, comment: input.comment || null },
    });
    await notifyInApp(trx, now, members, {
      kind: 'extension_decision',
      title: `延期申请${input.approve ? '已同意' : '未同意'}：第${row.number}项任务`,
      lines: [taskHeadline(task), input.approve ? `完成时限已改为 ${row.new_date}。` : `完成时限仍为 ${task.deadline}。`, ...(input.comment ? [`意见：${input.comment}`] : [])],
      link: taskLink(task),
      dedupeKey: `extension:${id}:decision`,
    });
  });
  return toExtension(await extensionQuery(deps.db).where('e.id', '=', id).executeTakeFirstOrThrow());
}

/** Leaders and supervisors see every request; unit people only their unit's. */
export async function listExtensions(deps: { db: Db }, actor: Actor, query: { status?: 'pending' | 'approved' | 'refused'; taskId?: number }): Promise<TExtension[]> {
  authorize(actor, 'extension.read');
  let q = extensionQuery(deps.db);
  if (!seesAllTasks(actor)) {
    if (actor.unitId === null) return [];
    q = q.where('e.unit_id', '=', actor.unitId);
  }
  if (query.status) q = q.where('e.status', '=', query.status);
  if (query.taskId) q = q.where('e.task_id', '=', query.taskId);
  return (await q.orderBy('e.requested_at', 'desc').orderBy('e.id', 'desc').execute()).map(toExtension);
}

/** Extension requests per task (read-only; the plan import shows what hangs on a task a revision drops or changes). */
export async function countExtensionsByTask(db: Db, taskIds: readonly number[]): Promise<Map<number, number>> {
  if (taskIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('extension_request')
    .select(['task_id', (e) => e.fn.countAll<string | number>().as('n')])
    .where('task_id', 'in', [...taskIds])
    .groupBy('task_id')
    .execute();
  return new Map(rows.map((r) => [r.task_id, Number(r.n)]));
}
