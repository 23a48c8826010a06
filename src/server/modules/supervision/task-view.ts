import type { TTaskView } from '../../../shared/reports.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { findPlanById, findTargetsOfTask } from '../workplan/workplan.repository.ts';
import { loadPlanHealth, loadSupervisionSettings } from './plan-health.ts';
import { loadReports } from './reports/report-presenter.ts';
import type { LiveIndicatorsPort } from './live-indicators-port.ts';
import { loadIndicators } from './roadmap/indicators.ts';
import { toMilestone } from './roadmap/milestones.ts';
import { findMilestones } from './roadmap/roadmap.repository.ts';
import { todayOf } from './rules/dates.ts';
import { periodDueBy } from './rules/plan-health.ts';
import { planStartDate } from './rules/task-health.ts';
import { periodDueDate, periodLabel, periodOf, periodsOfYear } from './rules/periods.ts';
import { loadVisibleTask, taskPermissions } from './task-access.ts';
import { loadTaskEvents } from './task-events.ts';

/** Everything the task page shows: the task, its roadmap, its reports and its timeline, with what the actor may do. */
export async function getTaskView(
  deps: { db: Db; clock: Clock; liveIndicators: LiveIndicatorsPort },
  actor: Actor,
  taskId: number,
): Promise<TTaskView> {
  const { task, units } = await loadVisibleTask(deps.db, actor, taskId);
  const today = todayOf(deps.clock);
  const [settings, targets, milestones, indicators, reports, events, health, plan] = await Promise.all([
    loadSupervisionSettings(deps.db, task.plan_id),
    findTargetsOfTask(deps.db, taskId),
    findMilestones(deps.db, taskId),
    loadIndicators(deps.db, task, today, deps.liveIndicators),
    loadReports(deps.db, taskId),
    loadTaskEvents(deps.db, taskId),
    loadPlanHealth(deps.db, task.plan_id, today),
    findPlanById(deps.db, task.plan_id),
  ]);
  const current = periodOf(settings.cycle, today);
  const dueBy = periodDueBy(settings, today);
  const inYear = (p: string | null) => (p && p.startsWith(`${task.plan_year}-`) ? p : null);
  return {
    task: {
      id: task.id,
      planId: task.plan_id,
      planTitle: task.plan_title,
      planYear: task.plan_year,
      sectionTitle: task.section_title,
      number: task.number,
      text: task.text,
      deadline: task.deadline,
      deadlineText: task.deadline_text,
      isContinuous: task.is_continuous === 1,
      closedAt: task.closed_at,
      startDate: task.start_date,
      plannedFrom: planStartDate(task.plan_year, plan?.notice_date ?? null, task.start_date),
    },
    units: units.map((u) => ({ unitId: u.unit_id, name: u.name, unitName: u.unit_name, role: u.role })),
    targets: targets.map((t) => ({ id: t.id, text: t.text, value: t.value ?? t.max, unit: t.unit })),
    milestones: milestones.map(toMilestone),
    indicators,
    reports,
    events,
    health: health.get(taskId) ?? null,
    settings,
    periods: periodsOfYear(settings.cycle, task.plan_year).map((p) => ({
      period: p,
      label: periodLabel(p),
      dueDate: periodDueDate(p, settings.dueDay),
    })),
    // After the year, the last period; before it, the first: the page always opens on a period that can be filed.
    currentPeriod:
      inYear(dueBy) ??
      inYear(current) ??
      (today > `${task.plan_year}-12-31` ? (periodsOfYear(settings.cycle, task.plan_year).at(-1) ?? null) : null),
    today,
    permissions: taskPermissions(actor, units),
  };
}
