import type { TSupervisionSettings, TTaskHealth } from '../../../../shared/supervision.ts';
import { periodDueDate, periodOf, previousPeriod } from './periods.ts';
import { computeTaskHealth, planStartDate } from './task-health.ts';

/**
 * The period whose report is expected by `today`: the current period once its due day has passed, else the previous
 * one. Null early in the year, before any report is due.
 */
export function periodDueBy(settings: TSupervisionSettings, today: string): string | null {
  const current = periodOf(settings.cycle, today);
  if (periodDueDate(current, settings.dueDay) < today) return current;
  return previousPeriod(settings.cycle, current);
}

/** What the plan's lights are computed from: rows as the repositories read them. */
export interface PlanHealthInput {
  year: number;
  /** The plan's issue date (成文日期), when known: planned progress counts from it, not from 1 January. */
  issuedOn?: string | null;
  settings: TSupervisionSettings;
  tasks: readonly {
    id: number;
    deadline: string;
    is_continuous: number;
    closed_at: string | null;
    /** The task's own start date, when a supervisor set one: its planned line starts there. */
    start_date?: string | null;
  }[];
  milestones: readonly { task_id: number; due_date: string; weight: number; reached_at: string | null }[];
  /** Lead units' reports only: a support unit's contribution does not move the task's percent. */
  leadReports: readonly {
    task_id: number;
    period: string;
    status: string;
    percent: number | null;
    decided_at: string | null;
    submitted_at: string | null;
  }[];
}

/** Status lights of every task of a plan on `today` (YYYY-MM-DD), counting only what was known by then. Pure. */
export function computePlanHealth(input: PlanHealthInput, today: string): Map<number, TTaskHealth> {
  const { settings, year } = input;
  const expected = periodDueBy(settings, today);
  const health = new Map<number, TTaskHealth>();
  // Only what was known on `today` counts, so a past date can be recomputed ("what changed since last period").
  const known = (at: string | null) => at !== null && at.slice(0, 10) <= today;
  for (const task of input.tasks) {
    const start = planStartDate(year, input.issuedOn ?? null, task.start_date ?? null);
    const mine = input.leadReports.filter((r) => r.task_id === task.id);
    const approved = mine
      .filter((r) => r.status === 'approved' && r.percent !== null && known(r.decided_at))
      .sort((a, b) => (a.period < b.period ? 1 : -1));
    const filedExpected =
      expected === null ||
      mine.some(
        (r) => r.period === expected && r.status !== 'draft' && r.status !== 'returned' && known(r.submitted_at),
      );
    health.set(
      task.id,
      computeTaskHealth({
        today,
        start,
        deadline: task.deadline,
        isContinuous: task.is_continuous === 1,
        closedAt: known(task.closed_at) ? task.closed_at : null,
        milestones: input.milestones
          .filter((m) => m.task_id === task.id)
          .map((m) => ({
            dueDate: m.due_date,
            weight: m.weight,
            reachedAt: known(m.reached_at) ? m.reached_at : null,
          })),
        approvedPercent: approved[0]?.percent ?? null,
        reportOverdue:
          !filedExpected && today >= start && (expected === null || periodDueDate(expected, settings.dueDay) >= start),
        yellowPoints: settings.yellowPoints,
        redPoints: settings.redPoints,
      }),
    );
  }
  return health;
}
