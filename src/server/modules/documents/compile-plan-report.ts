import { AppError } from '../../../shared/errors.ts';
import type { Db } from '../../db/database.ts';
import type { TTaskHealth } from '../../../shared/supervision.ts';
import { loadPlanDecisions } from '../supervision/loop/plan-decisions.ts';
import { loadPlanHealth } from '../supervision/plan-health.ts';
import { loadApprovedReportsOfPlan } from '../supervision/reports/approved-reports.ts';
import {
  findPlanById,
  findSections,
  findTaskTargets,
  findCurrentTasks,
  findTaskUnits,
} from '../workplan/workplan.repository.ts';
import { reportFallsIn, type DocumentSpan } from './document-period.ts';
import { latestPerUnit, type PlanReportData, type ReportDigest, type TaskReportData } from './plan-report-model.ts';

/**
 * Reads everything a document about a plan needs: sections and tasks with their units and targets, each task's light on
 * `asOf` — the day the document is written, which its 截至 sentence states: a June bulletin is written in July, after
 * the June reports were approved — and the APPROVED reports — drafts, submitted and returned reports never
 * reach a document. Reports are read through the supervision module (their owner); `span` decides which reports belong to the document.
 */
export async function compilePlanReport(
  db: Db,
  planId: number,
  span: DocumentSpan,
  today: string,
): Promise<PlanReportData> {
  const plan = await findPlanById(db, planId);
  if (!plan) throw new AppError('NOT_FOUND', '该工作要点不存在或已被删除。');
  const asOf = today;
  const previousAsOf = span.from > `${plan.year}-01-01` ? dayBefore(span.from) : null;
  const [sections, tasks, units, targets, health, reports, previous, decisions] = await Promise.all([
    findSections(db, planId),
    findCurrentTasks(db, planId),
    findTaskUnits(db, planId),
    findTaskTargets(db, planId),
    loadPlanHealth(db, planId, asOf),
    loadApprovedReportsOfPlan(db, planId),
    previousAsOf ? loadPlanHealth(db, planId, previousAsOf) : Promise.resolve(new Map<number, TTaskHealth>()),
    loadPlanDecisions(db, planId, span.from, asOf),
  ]);

  const toTask = (t: (typeof tasks)[number]): TaskReportData => {
    const mine = units.filter((u) => u.task_id === t.id);
    const leads = mine.filter((u) => u.role === 'lead');
    // A report names its unit by the directory name; the task names it as the document did. Show the document's name.
    const shownName = (unitId: number, directoryName: string) =>
      mine.find((u) => u.unit_id === unitId)?.name ?? directoryName;
    const digests = (role: 'lead' | 'support', inSpan: boolean): ReportDigest[] =>
      reports
        .filter(
          (r) =>
            r.task_id === t.id &&
            r.role === role &&
            reportFallsIn(r.period, inSpan ? span : { from: '0000-01-01', to: span.to }),
        )
        .map((r) => ({
          unitName: shownName(r.unit_id, r.unit_name),
          period: r.period,
          percent: r.percent,
          progressText: r.progress_text,
          problems: r.problems,
          nextSteps: r.next_steps,
          decidedAt: r.decided_at,
        }));
    const order = (list: ReportDigest[]) => {
      const names = mine.map((u) => u.name);
      return latestPerUnit(list).sort((a, b) => names.indexOf(a.unitName) - names.indexOf(b.unitName));
    };
    return {
      id: t.id,
      number: t.number,
      text: t.text,
      deadline: t.deadline,
      deadlineText: t.deadline_text,
      leadUnits: leads.map((u) => u.name),
      supportUnits: mine.filter((u) => u.role === 'support').map((u) => u.name),
      targets: targets.filter((g) => g.task_id === t.id).map((g) => g.text),
      closedAt: t.closed_at,
      health: health.get(t.id) ?? null,
      previousHealth: previous.get(t.id) ?? null,
      latestLead: order(digests('lead', false)),
      spanLead: order(digests('lead', true)),
      spanSupport: order(digests('support', true)),
    };
  };

  return {
    plan: {
      id: plan.id,
      year: plan.year,
      title: plan.title,
      issuer: plan.issuer,
      addressees: JSON.parse(plan.notice_addressees_json) as string[],
    },
    asOf,
    today,
    span: { key: span.key, label: span.label, from: span.from, to: span.to },
    sections: sections.map((s) => ({
      ordinal: s.ordinal,
      title: s.title,
      tasks: tasks.filter((t) => t.section_id === s.id).map(toTask),
    })),
    previousAsOf,
    decisions,
  };
}

function dayBefore(isoDate: string): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
