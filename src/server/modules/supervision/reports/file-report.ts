import type { z } from 'zod';
import { AppError } from '../../../../shared/errors.ts';
import type { TReport, ZReportDraft } from '../../../../shared/reports.ts';
import { CYCLE_LABELS } from '../../../../shared/supervision.ts';
import type { Db } from '../../../db/database.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import { recordAudit } from '../../../platform/audit/audit.service.ts';
import { resolveInput, type DeferredInput } from '../../../platform/deferred-input.ts';
import { authorize } from '../../../platform/policy.ts';
import { loadSupervisionSettings } from '../plan-health.ts';
import { findIndicators, findMilestones } from '../roadmap/roadmap.repository.ts';
import { todayOf } from '../rules/dates.ts';
import { isValidPeriod, periodLabel, periodOf, periodsOfYear } from '../rules/periods.ts';
import {
  ACCESS_MESSAGES,
  loadTaskContext,
  loadVisibleTask,
  taskHeadline,
  taskLink,
  unitRoleOn,
  type TaskContext,
} from '../task-access.ts';
import { recordTaskEvent } from '../task-events.ts';
import type { Announcement, NotifyPort, Recipient } from '../notify-port.ts';
import { loadReport, unitNameOf } from './report-presenter.ts';
import { findReportOf, findReportRow, insertReport, updateReportRow, type ReportRow } from './reports.repository.ts';

type Deps = { db: Db; clock: Clock };
type NotifyingDeps = Deps & { notify: NotifyPort };
export type ReportDraftValues = z.infer<typeof ZReportDraft>;

/** A report may be changed while it is a draft or was returned; a submitted or approved one is frozen. */
export function assertEditable(report: Pick<ReportRow, 'status'>): void {
  if (report.status === 'approved') {
    throw new AppError('CONFLICT', '该进展报告已审核通过，不能再修改；确需修改的，请处室负责人或督办员先退回。');
  }
  if (report.status === 'submitted') {
    throw new AppError('CONFLICT', '该进展报告已提交、正在审核，不能修改；如需修改，请处室负责人先退回。');
  }
}

async function checkPeriod(db: Db, clock: Clock, ctx: TaskContext, period: string): Promise<void> {
  const settings = await loadSupervisionSettings(db, ctx.task.plan_id);
  const year = ctx.task.plan_year;
  if (!isValidPeriod(settings.cycle, period) || !period.startsWith(`${year}-`)) {
    const all = periodsOfYear(settings.cycle, year);
    throw new AppError(
      'VALIDATION_FAILED',
      `填报周期“${period}”无效：本工作要点${CYCLE_LABELS[settings.cycle]}填报，周期应为 ${all[0]} 至 ${all.at(-1)} 之一。`,
    );
  }
  const current = periodOf(settings.cycle, todayOf(clock));
  if (period > current)
    throw new AppError('VALIDATION_FAILED', `${periodLabel(period)}尚未开始，不能提前填报；请填报本期或以前各期。`);
}

async function checkContent(db: Db, taskId: number, role: 'lead' | 'support', d: ReportDraftValues): Promise<void> {
  if (role === 'support') {
    if (d.percent !== null && d.percent !== undefined)
      throw new AppError('VALIDATION_FAILED', '配合单位只填写配合工作情况，完成进度由牵头单位填报，请清空“完成进度”。');
    if (d.milestonesReached.length > 0 || d.indicatorActuals.length > 0) {
      throw new AppError('VALIDATION_FAILED', '配合单位不填报节点和指标完成情况，请在“进展情况”中说明。');
    }
    return;
  }
  const milestones = await findMilestones(db, taskId);
  const unknownMilestone = d.milestonesReached.find((id) => !milestones.some((m) => m.id === id));
  if (unknownMilestone !== undefined)
    throw new AppError('VALIDATION_FAILED', `节点 ${unknownMilestone} 不属于这项任务，请刷新页面后重新勾选。`);
  const indicators = await findIndicators(db, taskId);
  const seen = new Set<number>();
  for (const a of d.indicatorActuals) {
    if (!indicators.some((i) => i.id === a.indicatorId))
      throw new AppError('VALIDATION_FAILED', `指标 ${a.indicatorId} 不属于这项任务，请刷新页面后重新填写。`);
    if (seen.has(a.indicatorId)) throw new AppError('VALIDATION_FAILED', '同一指标只能填写一个实际值。');
    seen.add(a.indicatorId);
  }
}

/**
 * Saves the actor's unit's report for a period as a draft (creating it on first save). The unit files as lead or
 * support according to its place on the task. Refused: another unit's task (403), a frozen report (409), a period
 * outside the plan's cycle (400).
 */
export async function saveReportDraft(
  deps: Deps,
  actor: Actor,
  taskId: number,
  period: string,
  input: DeferredInput<ReportDraftValues>,
): Promise<TReport> {
  authorize(actor, 'report.file');
  const d = await resolveInput(input);
  return deps.db.transaction().execute(async (trx) => {
    const ctx = await loadTaskContext(trx, taskId);
    const role = unitRoleOn(actor, ctx.units);
    if (role === null || actor.unitId === null) throw new AppError('FORBIDDEN', ACCESS_MESSAGES.notYourReport);
    if (ctx.task.closed_at) throw new AppError('CONFLICT', '该任务已办结，不再填报进展。');
    await checkPeriod(trx, deps.clock, ctx, period);
    await checkContent(trx, taskId, role, d);
    const now = deps.clock.now().toISOString();
    const values = {
      progress_text: d.progressText.trim(),
      percent: role === 'lead' ? (d.percent ?? null) : null,
      problems: d.problems,
      next_steps: d.nextSteps,
      milestones_reached_json: JSON.stringify([...new Set(d.milestonesReached)]),
      indicator_actuals_json: JSON.stringify(d.indicatorActuals),
      updated_at: now,
    };
    const existing = await findReportOf(trx, taskId, actor.unitId, period);
    let id: number;
    if (existing) {
      assertEditable(existing);
      id = existing.id;
      await updateReportRow(trx, id, values);
    } else {
      id = await insertReport(trx, {
        ...values,
        task_id: taskId,
        unit_id: actor.unitId,
        period,
        role,
        status: 'draft',
        created_by: actor.userId,
        created_at: now,
      });
    }
    const unitName = await unitNameOf(trx, actor.unitId);
    await recordAudit(trx, deps.clock, actor, {
      action: 'report.save',
      entityType: 'report',
      entityId: id,
      summary: `${unitName}保存第 ${ctx.task.number} 项任务${periodLabel(period)}进展${existing ? '（修改）' : '草稿'}`,
      before: existing
        ? { progressText: existing.progress_text, percent: existing.percent, status: existing.status }
        : undefined,
      after: { progressText: values.progress_text, percent: values.percent },
    });
    return loadReport(trx, (await findReportRow(trx, id))!);
  });
}

/** Loads a report the actor's unit owns, for filing actions (submit, attachments). */
export async function loadOwnReport(
  db: Db,
  actor: Actor,
  reportId: number,
): Promise<{ report: ReportRow; ctx: TaskContext }> {
  authorize(actor, 'report.file');
  const report = await findReportRow(db, reportId);
  if (!report) throw new AppError('NOT_FOUND', '该进展报告不存在或已被删除。');
  const ctx = await loadTaskContext(db, report.task_id);
  if (actor.unitId === null || report.unit_id !== actor.unitId || unitRoleOn(actor, ctx.units) === null) {
    throw new AppError('FORBIDDEN', ACCESS_MESSAGES.notYourReport);
  }
  return { report, ctx };
}

/**
 * Sends a draft (or a returned report) to the unit head, who is told in-app and on their channels; what was sent is kept
 * on the timeline. Submitting a report that is already waiting for review (a double click, a retry) answers the report
 * as it is instead of an error.
 */
export async function submitReport(deps: NotifyingDeps, actor: Actor, reportId: number): Promise<TReport> {
  let outbound: { a: Announcement; to: Recipient[] } | null = null;
  const result = await deps.db.transaction().execute(async (trx) => {
    const { report, ctx } = await loadOwnReport(trx, actor, reportId);
    if (report.status === 'submitted') return loadReport(trx, report);
    assertEditable(report);
    if (!report.progress_text.trim()) throw new AppError('VALIDATION_FAILED', '请填写“进展情况”后再提交审核。');
    if (report.role === 'lead' && report.percent === null)
      throw new AppError('VALIDATION_FAILED', '请填写“完成进度”（0–100%）后再提交审核。');
    const now = deps.clock.now().toISOString();
    // The previous decision (a return) stays on the timeline; the report itself now waits for a new one.
    await updateReportRow(trx, reportId, {
      status: 'submitted',
      submitted_at: now,
      updated_at: now,
      decided_by: null,
      decided_at: null,
      decision_comment: null,
    });
    const unitName = await unitNameOf(trx, report.unit_id);
    const again = report.status === 'returned';
    const summary = `${unitName}${again ? '重新' : ''}提交${periodLabel(report.period)}${report.role === 'lead' ? `进展（完成 ${report.percent}%）` : '配合工作情况'}`;
    const snapshot = {
      period: report.period,
      role: report.role,
      progressText: report.progress_text,
      percent: report.percent,
      problems: report.problems,
      nextSteps: report.next_steps,
      milestonesReached: JSON.parse(report.milestones_reached_json) as unknown,
      indicatorActuals: JSON.parse(report.indicator_actuals_json) as unknown,
    };
    const eventId = await recordTaskEvent(trx, deps.clock, actor, {
      taskId: report.task_id,
      kind: again ? 'report_resubmitted' : 'report_submitted',
      summary,
      unitId: report.unit_id,
      reportId,
      detail: snapshot,
    });
    await recordAudit(trx, deps.clock, actor, {
      action: 'report.submit',
      entityType: 'report',
      entityId: reportId,
      summary: `第 ${ctx.task.number} 项任务：${summary}`,
      after: snapshot,
    });
    const heads = await deps.notify.recipients(trx, ['unit_head'], [report.unit_id]);
    const a: Announcement = {
      kind: 'report_submitted',
      title: `待审核：第${ctx.task.number}项任务${periodLabel(report.period)}进展`,
      lines: [taskHeadline(ctx.task), `${summary}，请审核。`],
      link: taskLink(ctx.task),
      dedupeKey: `task-event:${eventId}`,
    };
    const fresh = await deps.notify.inApp(trx, now, heads, a);
    outbound = { a, to: fresh };
    return loadReport(trx, report);
  });
  const sent = outbound as { a: Announcement; to: Recipient[] } | null;
  if (sent && sent.to.length > 0) await deps.notify.outbound(sent.a, sent.to);
  return result;
}

export async function getReport(deps: Deps, actor: Actor, reportId: number): Promise<TReport> {
  authorize(actor, 'plan.read');
  const row = await findReportRow(deps.db, reportId);
  if (!row) throw new AppError('NOT_FOUND', '该进展报告不存在或已被删除。');
  await loadVisibleTask(deps.db, actor, row.task_id);
  return loadReport(deps.db, row);
}
