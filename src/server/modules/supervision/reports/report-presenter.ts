import type { TReport } from '../../../../shared/reports.ts';
import type { TReportStatus } from '../../../../shared/supervision.ts';
import type { Db } from '../../../db/database.ts';
import { findUnitNamesByIds } from '../../org/org.repository.ts';
import { findDisplayNames } from '../../users/users.repository.ts';
import { periodLabel } from '../rules/periods.ts';
import { findAttachmentInfos, findReportsOfTask, type AttachmentInfo, type ReportRow } from './reports.repository.ts';

/** Maps report rows to what the web app shows: unit, decider, period label and attachments. The only shape that leaves. */
export function toReport(
  r: ReportRow,
  names: { unit: string; decider: string | null },
  attachments: readonly AttachmentInfo[],
): TReport {
  return {
    id: r.id,
    taskId: r.task_id,
    unitId: r.unit_id,
    unitName: names.unit,
    period: r.period,
    periodLabel: periodLabel(r.period),
    role: r.role,
    status: r.status as TReportStatus,
    progressText: r.progress_text,
    percent: r.percent,
    problems: r.problems,
    nextSteps: r.next_steps,
    milestonesReached: JSON.parse(r.milestones_reached_json) as number[],
    indicatorActuals: JSON.parse(r.indicator_actuals_json) as { indicatorId: number; value: number }[],
    submittedAt: r.submitted_at,
    decidedAt: r.decided_at,
    decidedBy: names.decider,
    decisionComment: r.decision_comment,
    updatedAt: r.updated_at,
    attachments: attachments
      .filter((a) => a.report_id === r.id)
      .map((a) => ({ id: a.id, fileName: a.file_name, mime: a.mime, size: a.size, createdAt: a.created_at })),
  };
}

/** Reports of a task with their unit, decider and attachments, as the web app shows them. */
export async function loadReports(db: Db, taskId: number): Promise<TReport[]> {
  const rows = await findReportsOfTask(db, taskId);
  const [units, deciders, attachments] = await Promise.all([
    findUnitNamesByIds(
      db,
      rows.map((r) => r.unit_id),
    ),
    findDisplayNames(
      db,
      rows.map((r) => r.decided_by),
    ),
    findAttachmentInfos(
      db,
      rows.map((r) => r.id),
    ),
  ]);
  // A report always belongs to a unit of the directory (the unit is the filer's own), so the name is there.
  return rows
    .filter((r) => units.has(r.unit_id))
    .map((r) =>
      toReport(
        r,
        { unit: units.get(r.unit_id)!, decider: r.decided_by === null ? null : (deciders.get(r.decided_by) ?? null) },
        attachments,
      ),
    );
}

/** One report as the web app shows it. */
export async function loadReport(db: Db, report: ReportRow): Promise<TReport> {
  return (await loadReports(db, report.task_id)).find((r) => r.id === report.id)!;
}

/** A unit's directory name, for timeline and audit sentences. */
export async function unitNameOf(db: Db, unitId: number): Promise<string> {
  return (await findUnitNamesByIds(db, [unitId])).get(unitId) ?? `单位 ${unitId}`;
}
