import type { Db } from '../../db/database.ts';
import type { TReport, TTaskEvent } from '../../../shared/reports.ts';
import type { TReportStatus } from '../../../shared/supervision.ts';
import { periodLabel } from '../supervision/periods.ts';

export async function findTaskRow(db: Db, taskId: number) {
  return db
    .selectFrom('task')
    .innerJoin('plan', 'plan.id', 'task.plan_id')
    .innerJoin('plan_section', 'plan_section.id', 'task.section_id')
    .select([
      'task.id',
      'task.plan_id',
      'task.number',
      'task.text',
      'task.deadline',
      'task.deadline_text',
      'task.is_continuous',
      'task.closed_at',
      'plan.title as plan_title',
      'plan.year as plan_year',
      'plan_section.title as section_title',
    ])
    .where('task.id', '=', taskId)
    .executeTakeFirst();
}
export type TaskRow = NonNullable<Awaited<ReturnType<typeof findTaskRow>>>;

export async function findUnitsOfTask(db: Db, taskId: number) {
  return db
    .selectFrom('task_unit')
    .leftJoin('unit', 'unit.id', 'task_unit.unit_id')
    .select(['task_unit.unit_id', 'task_unit.name', 'task_unit.role', 'unit.name as unit_name'])
    .where('task_unit.task_id', '=', taskId)
    .orderBy('task_unit.sort_order')
    .execute();
}
export type TaskUnitRow = Awaited<ReturnType<typeof findUnitsOfTask>>[number];

export async function findTargetsOfTask(db: Db, taskId: number) {
  return db.selectFrom('task_target').selectAll().where('task_id', '=', taskId).orderBy('sort_order').execute();
}

export async function findMilestones(db: Db, taskId: number) {
  return db.selectFrom('milestone').selectAll().where('task_id', '=', taskId).orderBy('due_date').orderBy('sort_order').orderBy('id').execute();
}

export async function findMilestone(db: Db, id: number) {
  return db.selectFrom('milestone').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findIndicators(db: Db, taskId: number) {
  return db.selectFrom('indicator').selectAll().where('task_id', '=', taskId).orderBy('id').execute();
}

export async function findIndicator(db: Db, id: number) {
  return db.selectFrom('indicator').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findReportRow(db: Db, id: number) {
  return db.selectFrom('report').selectAll().where('id', '=', id).executeTakeFirst();
}
export type ReportRow = NonNullable<Awaited<ReturnType<typeof findReportRow>>>;

export async function findReportOf(db: Db, taskId: number, unitId: number, period: string) {
  return db.selectFrom('report').selectAll().where('task_id', '=', taskId).where('unit_id', '=', unitId).where('period', '=', period).executeTakeFirst();
}

/** Reports of a task with their unit, decider and attachments, as the web app shows them. */
export async function loadReports(db: Db, taskId: number): Promise<TReport[]> {
  const rows = await db
    .selectFrom('report')
    .innerJoin('unit', 'unit.id', 'report.unit_id')
    .leftJoin('app_user', 'app_user.id', 'report.decided_by')
    .selectAll('report')
    .select(['unit.name as unit_name', 'app_user.display_name as decider_name'])
    .where('report.task_id', '=', taskId)
    .orderBy('report.period', 'desc')
    .orderBy('report.role')
    .orderBy('report.id')
    .execute();
  const ids = rows.map((r) => r.id);
  const attachments =
    ids.length === 0
      ? []
      : await db
          .selectFrom('report_attachment')
          .select(['id', 'report_id', 'file_name', 'mime', 'size', 'created_at'])
          .where('report_id', 'in', ids)
          .orderBy('id')
          .execute();
  return rows.map((r) => ({
    id: r.id,
    taskId: r.task_id,
    unitId: r.unit_id,
    unitName: r.unit_name,
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
    decidedBy: r.decider_name,
    decisionComment: r.decision_comment,
    updatedAt: r.updated_at,
    attachments: attachments
      .filter((a) => a.report_id === r.id)
      .map((a) => ({ id: a.id, fileName: a.file_name, mime: a.mime, size: a.size, createdAt: a.created_at })),
  }));
}

export async function loadEvents(db: Db, taskId: number): Promise<TTaskEvent[]> {
  const rows = await db.selectFrom('task_event').selectAll().where('task_id', '=', taskId).orderBy('occurred_at').orderBy('id').execute();
  return rows.map((e) => ({
    id: e.id,
    kind: e.kind,
    actorName: e.actor_name,
    unitId: e.unit_id,
    reportId: e.report_id,
    summary: e.summary,
    detail: e.detail_json === null ? null : (JSON.parse(e.detail_json) as unknown),
    occurredAt: e.occurred_at,
  }));
}

export async function findUnitName(db: Db, unitId: number): Promise<string> {
  const row = await db.selectFrom('unit').select('name').where('id', '=', unitId).executeTakeFirst();
  return row?.name ?? `单位 ${unitId}`;
}

/** Every approved report of a plan, with its task number and unit name: what dashboards and documents are built from. */
export async function findApprovedReportsOfPlan(db: Db, planId: number) {
  return db
    .selectFrom('report')
    .innerJoin('task', 'task.id', 'report.task_id')
    .innerJoin('unit', 'unit.id', 'report.unit_id')
    .select([
      'report.id',
      'report.task_id',
      'report.unit_id',
      'report.period',
      'report.role',
      'report.status',
      'report.percent',
      'report.progress_text',
      'report.problems',
      'report.next_steps',
      'report.indicator_actuals_json',
      'report.decided_at',
      'task.number as task_number',
      'unit.name as unit_name',
    ])
    .where('task.plan_id', '=', planId)
    .where('report.status', '=', 'approved')
    .execute();
}

/** Reports and milestones per task (read-only; the plan import shows what hangs on a task a revision drops or changes). */
export async function countReportsAndMilestones(db: Db, taskIds: readonly number[]): Promise<Map<number, { reports: number; milestones: number }>> {
  const counts = new Map<number, { reports: number; milestones: number }>(taskIds.map((id) => [id, { reports: 0, milestones: 0 }]));
  if (taskIds.length === 0) return counts;
  const [reports, milestones] = await Promise.all([
    db.selectFrom('report').select(['task_id', (e) => e.fn.countAll<string | number>().as('n')]).where('task_id', 'in', [...taskIds]).groupBy('task_id').execute(),
    db.selectFrom('milestone').select(['task_id', (e) => e.fn.countAll<string | number>().as('n')]).where('task_id', 'in', [...taskIds]).groupBy('task_id').execute(),
  ]);
  for (const r of reports) counts.get(r.task_id)!.reports = Number(r.n);
  for (const m of milestones) counts.get(m.task_id)!.milestones = Number(m.n);
  return counts;
}
