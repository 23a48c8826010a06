import { DEFAULT_SUPERVISION, type TSupervisionSettings, type TTaskHealth } from '../../../shared/supervision.ts';
import type { Db } from '../../db/database.ts';
import { periodDueDate, periodOf, previousPeriod } from './periods.ts';
import { computeTaskHealth } from './task-health.ts';

export async function loadSupervisionSettings(db: Db, planId: number): Promise<TSupervisionSettings> {
  const row = await db.selectFrom('plan_supervision').selectAll().where('plan_id', '=', planId).executeTakeFirst();
  if (!row) return DEFAULT_SUPERVISION;
  return {
    cycle: row.cycle as TSupervisionSettings['cycle'],
    dueDay: row.due_day,
    yellowPoints: row.yellow_points,
    redPoints: row.red_points,
    remindDaysBefore: row.remind_days_before,
  };
}

/**
 * The period whose report is expected by `today`: the current period once its due day has passed, else the previous
 * one. Null early in the year, before any report is due.
 */
export function periodDueBy(settings: TSupervisionSettings, today: string): string | null {
  const current = periodOf(settings.cycle, today);
  if (periodDueDate(current, settings.dueDay) < today) return current;
  return previousPeriod(settings.cycle, current);
}

/** Status lights of every task of a plan on `today` (YYYY-MM-DD), computed from milestones and approved reports. */
export async function loadPlanHealth(db: Db, planId: number, today: string): Promise<Map<number, TTaskHealth>> {
  const plan = await db.selectFrom('plan').select(['year']).where('id', '=', planId).executeTakeFirst();
  if (!plan) return new Map();
  const settings = await loadSupervisionSettings(db, planId);
  const tasks = await db
    .selectFrom('task')
    .select(['id', 'deadline', 'is_continuous', 'closed_at'])
    .where('plan_id', '=', planId)
    .execute();
  const milestones = await db
    .selectFrom('milestone')
    .innerJoin('task', 'task.id', 'milestone.task_id')
    .select(['milestone.task_id', 'milestone.due_date', 'milestone.weight', 'milestone.reached_at'])
    .where('task.plan_id', '=', planId)
    .execute();
  // Lead units' reports only: a support unit's contribution does not move the task's percent.
  const reports = await db
    .selectFrom('report')
    .innerJoin('task', 'task.id', 'report.task_id')
    .select(['report.task_id', 'report.period', 'report.status', 'report.percent', 'report.role', 'report.decided_at', 'report.submitted_at'])
    .where('task.plan_id', '=', planId)
    .where('report.role', '=', 'lead')
    .execute();
  const expected = periodDueBy(settings, today);
  const health = new Map<number, TTaskHealth>();
  for (const task of tasks) {
    // Only what was known on `today` counts, so a past date can be recomputed ("what changed since last period").
    const known = (at: string | null) => at !== null && at.slice(0, 10) <= today;
    const mine = reports.filter((r) => r.task_id === task.id);
    const approved = mine
      .filter((r) => r.status === 'approved' && r.percent !== null && known(r.decided_at))
      .sort((a, b) => (a.period < b.period ? 1 : -1));
    const filedExpected =
      expected === null || mine.some((r) => r.period === expected && r.status !== 'draft' && r.status !== 'returned' && known(r.submitted_at));
    health.set(
      task.id,
      computeTaskHealth({
        today,
        start: `${plan.year}-01-01`,
        deadline: task.deadline,
        isContinuous: task.is_continuous === 1,
        closedAt: known(task.closed_at) ? task.closed_at : null,
        milestones: milestones
          .filter((m) => m.task_id === task.id)
          .map((m) => ({ dueDate: m.due_date, weight: m.weight, reachedAt: known(m.reached_at) ? m.reached_at : null })),
        approvedPercent: approved[0]?.percent ?? null,
        reportOverdue: !filedExpected && today >= `${plan.year}-01-01`,
        yellowPoints: settings.yellowPoints,
        redPoints: settings.redPoints,
      }),
    );
  }
  return health;
}
