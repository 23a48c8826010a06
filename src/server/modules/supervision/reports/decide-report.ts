import { AppError } from '../../../../shared/errors.ts';
import type { TReport } from '../../../../shared/reports.ts';
import type { Db } from '../../../db/database.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import { recordAudit } from '../../../platform/audit/audit.service.ts';
import { resolveInput, type DeferredInput } from '../../../platform/deferred-input.ts';
import { authorize, can } from '../../../platform/policy.ts';
import { findOpenMilestonesAmong, markMilestonesReached } from '../roadmap/roadmap.repository.ts';
import { todayOf } from '../rules/dates.ts';
import { periodLabel } from '../rules/periods.ts';
import {
  ACCESS_MESSAGES,
  isHeadOf,
  loadTaskContext,
  taskHeadline,
  taskLink,
  type TaskContext,
} from '../task-access.ts';
import { recordTaskEvent } from '../task-events.ts';
import type { Announcement, NotifyPort, Recipient } from '../notify-port.ts';

/** The unit's 联络员 hear the decision on their report, in-app inside the transaction; channels after it commits. */
async function tellStaff(
  deps: Deps,
  trx: Db,
  now: string,
  report: ReportRow,
  task: TaskContext['task'],
  approved: boolean,
  comment: string,
  eventId: number,
) {
  const staff = await deps.notify.recipients(trx, ['unit_staff'], [report.unit_id]);
  const a: Announcement = {
    kind: approved ? 'report_approved' : 'report_returned',
    title: `${approved ? '已审核通过' : '已退回，请修改后重新提交'}：第${task.number}项任务${periodLabel(report.period)}进展`,
    lines: [taskHeadline(task), ...(comment ? [`意见：${comment}`] : [])],
    link: taskLink(task),
    dedupeKey: `task-event:${eventId}`,
  };
  return { a, to: await deps.notify.inApp(trx, now, staff, a) };
}

async function sendAfterCommit(deps: Deps, sent: { a: Announcement; to: Recipient[] } | null): Promise<void> {
  if (sent && sent.to.length > 0) await deps.notify.outbound(sent.a, sent.to);
}
import { loadReport, unitNameOf } from './report-presenter.ts';
import { findReportRow, updateReportRow, type ReportRow } from './reports.repository.ts';

type Deps = { db: Db; clock: Clock; notify: NotifyPort };
type Decision = { comment: string };

async function loadForDecision(db: Db, reportId: number): Promise<{ report: ReportRow; ctx: TaskContext }> {
  const report = await findReportRow(db, reportId);
  if (!report) throw new AppError('NOT_FOUND', '该进展报告不存在或已被删除。');
  return { report, ctx: await loadTaskContext(db, report.task_id) };
}

/**
 * The unit head of the reporting unit approves a submitted report. Milestones the report says were reached are marked
 * reached on the day of approval (not on the day of filing: an unapproved claim does not count).
 */
export async function approveReport(
  deps: Deps,
  actor: Actor,
  reportId: number,
  input: DeferredInput<Decision>,
): Promise<TReport> {
  authorize(actor, 'report.decide');
  const { comment } = await resolveInput(input);
  let sent: { a: Announcement; to: Recipient[] } | null = null;
  const result = await deps.db.transaction().execute(async (trx) => {
    const { report, ctx } = await loadForDecision(trx, reportId);
    if (!isHeadOf(actor, report.unit_id)) throw new AppError('FORBIDDEN', ACCESS_MESSAGES.approveOwnUnit);
    if (report.status !== 'submitted') {
      throw new AppError(
        'CONFLICT',
        report.status === 'approved'
          ? '该进展报告已审核通过，无需重复审核。'
          : '该进展报告尚未提交，不能审核；请等待联络员提交。',
      );
    }
    const now = deps.clock.now().toISOString();
    await updateReportRow(trx, reportId, {
      status: 'approved',
      decided_by: actor.userId,
      decided_at: now,
      decision_comment: comment || null,
      updated_at: now,
    });
    const reached = JSON.parse(report.milestones_reached_json) as number[];
    let marked: string[] = [];
    if (report.role === 'lead' && reached.length > 0) {
      const open = await findOpenMilestonesAmong(trx, report.task_id, reached);
      await markMilestonesReached(
        trx,
        open.map((m) => m.id),
        todayOf(deps.clock),
      );
      marked = open.map((m) => m.name);
    }
    const unitName = await unitNameOf(trx, report.unit_id);
    const summary = `审核通过${unitName}${periodLabel(report.period)}${report.role === 'lead' ? `进展（完成 ${report.percent}%）` : '配合工作情况'}${marked.length ? `；节点“${marked.join('”“')}”完成` : ''}${comment ? `。意见：${comment}` : ''}`;
    const eventId = await recordTaskEvent(trx, deps.clock, actor, {
      taskId: report.task_id,
      kind: 'report_approved',
      summary,
      unitId: report.unit_id,
      reportId,
      detail: { period: report.period, comment, milestonesReached: marked },
    });
    await recordAudit(trx, deps.clock, actor, {
      action: 'report.approve',
      entityType: 'report',
      entityId: reportId,
      summary: `第 ${ctx.task.number} 项任务：${summary}`,
      before: { status: report.status },
      after: { status: 'approved', comment },
    });
    sent = await tellStaff(deps, trx, now, report, ctx.task, true, comment, eventId);
    return loadReport(trx, report);
  });
  await sendAfterCommit(deps, sent);
  return result;
}

/**
 * Returns a report for changes, with a comment saying what to change: the unit head of the reporting unit, or a
 * supervisor (who may also reopen an approved report this way). The report keeps its text; staff edit and resubmit.
 */
export async function returnReport(
  deps: Deps,
  actor: Actor,
  reportId: number,
  input: DeferredInput<Decision>,
): Promise<TReport> {
  authorize(actor, 'report.decide');
  const { comment } = await resolveInput(input);
  let sent: { a: Announcement; to: Recipient[] } | null = null;
  const result = await deps.db.transaction().execute(async (trx) => {
    const { report, ctx } = await loadForDecision(trx, reportId);
    const head = isHeadOf(actor, report.unit_id);
    if (!head && !can(actor, 'report.return_any')) throw new AppError('FORBIDDEN', ACCESS_MESSAGES.returnOwnUnit);
    if (report.status !== 'submitted' && report.status !== 'approved') {
      throw new AppError(
        'CONFLICT',
        report.status === 'returned' ? '该进展报告已退回，等待重新提交。' : '该进展报告还是草稿，尚未提交，无需退回。',
      );
    }
    if (!comment.trim()) throw new AppError('VALIDATION_FAILED', '退回时请填写意见，说明需要修改或补充什么。');
    const now = deps.clock.now().toISOString();
    await updateReportRow(trx, reportId, {
      status: 'returned',
      decided_by: actor.userId,
      decided_at: now,
      decision_comment: comment,
      updated_at: now,
    });
    const unitName = await unitNameOf(trx, report.unit_id);
    const who = head ? '处室负责人' : '督办员';
    const summary = `${who}退回${unitName}${periodLabel(report.period)}${report.role === 'lead' ? '进展' : '配合工作情况'}${report.status === 'approved' ? '（原已审核通过）' : ''}。意见：${comment}`;
    const eventId = await recordTaskEvent(trx, deps.clock, actor, {
      taskId: report.task_id,
      kind: 'report_returned',
      summary,
      unitId: report.unit_id,
      reportId,
      detail: { period: report.period, comment, previousStatus: report.status },
    });
    await recordAudit(trx, deps.clock, actor, {
      action: 'report.return',
      entityType: 'report',
      entityId: reportId,
      summary: `第 ${ctx.task.number} 项任务：${summary}`,
      before: { status: report.status },
      after: { status: 'returned', comment },
    });
    sent = await tellStaff(deps, trx, now, report, ctx.task, false, comment, eventId);
    return loadReport(trx, report);
  });
  await sendAfterCommit(deps, sent);
  return result;
}
