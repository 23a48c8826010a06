import type { TTaskHealth } from '../../../shared/supervision.ts';
import type { loadPlanDecisions } from '../supervision/loop/plan-decisions.ts';

/** What the document builders read: a plan, its tasks, their lights and approved reports. Built by compile-plan-report.ts. */

export interface ReportDigest {
  unitName: string;
  period: string;
  percent: number | null;
  progressText: string;
  problems: string | null;
  nextSteps: string | null;
  decidedAt: string | null;
}

export interface TaskReportData {
  id: number;
  number: string;
  text: string;
  deadline: string;
  deadlineText: string | null;
  leadUnits: string[];
  supportUnits: string[];
  targets: string[];
  closedAt: string | null;
  health: TTaskHealth | null;
  /** The light on `previousAsOf` (the end of the previous period), counting only what was known then. */
  previousHealth: TTaskHealth | null;
  /** The latest approved lead report of each lead unit up to the span's end (for 最新进展). */
  latestLead: ReportDigest[];
  /** Approved lead reports whose period ends inside the span, the latest per unit. */
  spanLead: ReportDigest[];
  /** Approved support contributions inside the span, the latest per unit. */
  spanSupport: ReportDigest[];
}

export interface PlanReportData {
  plan: { id: number; year: number; title: string; issuer: string | null; addressees: string[] };
  /** The day the lights are computed for (the span's end, or today if earlier). */
  asOf: string;
  /** The day the document is made: its 成文日期. */
  today: string;
  span: { key: string; label: string; from: string; to: string };
  sections: { ordinal: number; title: string; tasks: TaskReportData[] }[];
  /** The day the previous bulletin looked at: the day before the span starts; null for the year's first period. */
  previousAsOf: string | null;
  /** 批示 written and 延期 decided from the span's start to `asOf`. */
  decisions: PlanDecisions;
}

export type PlanDecisions = Awaited<ReturnType<typeof loadPlanDecisions>>;

/** The latest report per unit: the newest period wins, then the later decision. */
export function latestPerUnit(reports: ReportDigest[]): ReportDigest[] {
  const byUnit = new Map<string, ReportDigest>();
  for (const r of reports) {
    const seen = byUnit.get(r.unitName);
    if (!seen || r.period > seen.period || (r.period === seen.period && (r.decidedAt ?? '') > (seen.decidedAt ?? '')))
      byUnit.set(r.unitName, r);
  }
  return [...byUnit.values()];
}
