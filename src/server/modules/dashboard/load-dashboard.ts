import type {
  TApprovedReport,
  TDashboard,
  TGantt,
  TGanttGroupBy,
  TGanttRow,
  TIndicatorRow,
} from '../../../shared/dashboard.ts';
import { AppError } from '../../../shared/errors.ts';
import { TASK_STATUSES, type TTaskStatus } from '../../../shared/supervision.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { authorize } from '../../platform/policy.ts';
import type { LiveIndicatorsPort } from '../supervision/live-indicators-port.ts';
import { loadPlanHealth, loadSupervisionSettings } from '../supervision/plan-health.ts';
import { loadApprovedReportsOfPlan } from '../supervision/reports/approved-reports.ts';
import { findIndicatorsOfTasks, findMilestonesOfTasks } from '../supervision/roadmap/roadmap.repository.ts';
import { todayOf } from '../supervision/rules/dates.ts';
import { plannedIndicatorValue } from '../supervision/rules/indicator-curve.ts';
import { periodDueBy } from '../supervision/rules/plan-health.ts';
import { planStartDate } from '../supervision/rules/task-health.ts';
import { periodDueDate, periodEndDate, periodLabel, periodOf, previousPeriod } from '../supervision/rules/periods.ts';
import { canSeeTask } from '../supervision/task-access.ts';
import { findPlanById, findSections, findCurrentTasks, findTaskUnits } from '../workplan/workplan.repository.ts';
import {
  average,
  compareNumbers,
  countLights,
  diffLights,
  findOverdue,
  latestActual,
  readActuals,
  summarizeGroups,
  type SummaryTask,
} from './dashboard-summary.ts';

export interface DashboardDeps {
  db: Db;
  clock: Clock;
  /** Live actuals of indicators bound to a library count (`AppDeps.liveIndicators`). */
  liveIndicators: LiveIndicatorsPort;
}

const NO_LEAD = '未明确牵头单位';

async function requirePlan(db: Db, planId: number) {
  const plan = await findPlanById(db, planId);
  if (!plan) throw new AppError('NOT_FOUND', '该工作要点不存在或已被删除。');
  return plan;
}

async function loadTasks(db: Db, planId: number) {
  const [tasks, units] = await Promise.all([findCurrentTasks(db, planId), findTaskUnits(db, planId)]);
  return tasks.map((t) => {
    const leads = units.filter((u) => u.task_id === t.id && u.role === 'lead');
    return {
      row: t,
      summary: {
        id: t.id,
        number: t.number,
        text: t.text,
        deadline: t.deadline,
        isContinuous: t.is_continuous === 1,
        leadUnits: leads.map((u) => u.unit_name ?? u.name),
      } satisfies SummaryTask,
      leads,
    };
  });
}

/** The day before a period begins: the end of the previous period, or 31 December of the year before. */
function endBefore(cycle: Parameters<typeof periodOf>[0], period: string): { end: string; period: string | null } {
  const prev = previousPeriod(cycle, period);
  if (prev) return { end: periodEndDate(prev), period: prev };
  const year = Number(period.slice(0, 4)) - 1;
  return { end: `${year}-12-31`, period: null };
}

/** Everything the leader sees on one screen for a plan on `date` (default today). */
export async function loadDashboard(
  deps: DashboardDeps,
  actor: Actor,
  planId: number,
  date?: string,
): Promise<TDashboard> {
  authorize(actor, 'dashboard.read');
  const plan = await requirePlan(deps.db, planId);
  const day = date ?? todayOf(deps.clock);
  const db = deps.db;
  const settings = await loadSupervisionSettings(db, planId);
  const tasks = await loadTasks(db, planId);
  const taskIds = tasks.map((t) => t.row.id);
  const [sections, health, milestones, indicatorList, reports] = await Promise.all([
    findSections(db, planId),
    loadPlanHealth(db, planId, day),
    findMilestonesOfTasks(db, taskIds),
    findIndicatorsOfTasks(db, taskIds),
    loadApprovedReportsOfPlan(db, planId),
  ]);
  const taskOf = new Map(tasks.map((t) => [t.row.id, t.row]));
  const indicators = indicatorList.map((i) => ({
    ...i,
    task_number: taskOf.get(i.task_id)!.number,
    task_deadline: taskOf.get(i.task_id)!.deadline,
  }));
  const healths = [...health.values()];
  const statuses = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TTaskStatus, number>;
  for (const h of healths) statuses[h.status] += 1;

  // Completion by lead unit: a task led by two units ("分别负责") counts for each.
  const unitGroups = new Map<string, { key: string; label: string; taskIds: number[]; sort: number }>();
  for (const t of tasks) {
    const leads =
      t.leads.length > 0
        ? t.leads.map((u) => ({
            key: u.unit_id !== null ? `u${u.unit_id}` : `n${u.name}`,
            label: u.unit_name ?? u.name,
          }))
        : [{ key: 'none', label: NO_LEAD }];
    for (const l of leads) {
      const g = unitGroups.get(l.key) ?? { key: l.key, label: l.label, taskIds: [], sort: unitGroups.size };
      if (!g.taskIds.includes(t.row.id)) g.taskIds.push(t.row.id);
      unitGroups.set(l.key, g);
    }
  }

  const expected = periodDueBy(settings, day);
  const leadApproved = reports
    .filter((r) => r.role === 'lead')
    .map((r) => ({ period: r.period, actuals: readActuals(r.indicator_actuals_json) }));
  // Indicators bound to a library count (issue 14) show the live count instead of a reported actual.
  const live = await deps.liveIndicators(
    db,
    indicators.map((i) => i.id),
    day,
  );
  const indicatorRows: TIndicatorRow[] = indicators.map((i) => {
    const planned = plannedIndicatorValue(
      {
        curve: i.curve === 'points' ? 'points' : 'linear',
        baseline: Number(i.baseline),
        targetValue: Number(i.target_value),
        points: parsePoints(i.points_json),
      },
      `${plan.year}-01-01`,
      i.task_deadline,
      day,
    );
    const latest = live.has(i.id) ? { value: live.get(i.id)!, period: '实时' } : latestActual(i.id, leadApproved);
    const pct = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 10 : null);
    return {
      id: i.id,
      taskId: i.task_id,
      taskNumber: i.task_number,
      name: i.name,
      unit: i.unit,
      targetValue: Number(i.target_value),
      plannedAtDate: planned,
      actual: latest?.value ?? null,
      actualPeriod: latest?.period ?? null,
      percentOfTarget: latest ? pct(latest.value, Number(i.target_value)) : null,
      percentOfPlan: latest ? pct(latest.value, planned) : null,
    };
  });

  // What changed: approvals since the previous period ended, against the period before; lights then and now.
  const current = periodOf(settings.cycle, day);
  const prior = endBefore(settings.cycle, current);
  const priorPrior = prior.period
    ? endBefore(settings.cycle, prior.period)
    : { end: `${Number(current.slice(0, 4)) - 1}-12-31`, period: null };
  const decidedDay = (r: (typeof reports)[number]) => (r.decided_at ?? '').slice(0, 10);
  const approvedNow = reports.filter((r) => decidedDay(r) > prior.end && decidedDay(r) <= day);
  const approvedBefore = reports.filter((r) => decidedDay(r) > priorPrior.end && decidedDay(r) <= prior.end);
  const healthBefore = await loadPlanHealth(db, planId, prior.end);
  const approved: TApprovedReport[] = approvedNow
    .map((r) => ({
      reportId: r.id,
      taskId: r.task_id,
      taskNumber: r.task_number,
      unitName: r.unit_name,
      period: r.period,
      percent: r.percent,
      decidedAt: r.decided_at!,
    }))
    .sort((a, b) => b.decidedAt.localeCompare(a.decidedAt));

  return {
    planId,
    planTitle: plan.title,
    year: plan.year,
    date: day,
    kpis: {
      taskCount: healths.length,
      avgActual: average(healths.map((h) => h.actual)),
      avgPlanned: average(healths.map((h) => h.planned)),
      done: statuses.done,
      reportOverdue: healths.filter((h) => h.reportOverdue).length,
      red: healths.filter((h) => h.light === 'red').length,
    },
    lights: countLights(healths),
    statuses,
    tasks: tasks.flatMap((t) => {
      const h = health.get(t.row.id);
      if (!h) return [];
      const section = sections.find((s) => s.id === t.row.section_id);
      return [
        {
          taskId: t.row.id,
          number: t.row.number,
          text: t.row.text,
          sectionLabel: section?.title ?? '',
          leadUnits: t.summary.leadUnits,
          status: h.status,
          light: h.light,
          planned: h.planned,
          actual: h.actual,
          reportOverdue: h.reportOverdue,
          reasons: h.reasons,
        },
      ];
    }),
    bySection: summarizeGroups(
      sections.map((s) => ({
        key: `s${s.id}`,
        label: s.title,
        taskIds: tasks.filter((t) => t.row.section_id === s.id).map((t) => t.row.id),
      })),
      health,
    ),
    byUnit: summarizeGroups(
      [...unitGroups.values()].sort((a, b) => a.sort - b.sort),
      health,
    ),
    overdue: findOverdue({
      date: day,
      tasks: tasks.map((t) => t.summary),
      milestones: milestones.map((m) => ({
        taskId: m.task_id,
        name: m.name,
        dueDate: m.due_date,
        reachedAt: m.reached_at,
      })),
      health,
      reportDueDate: expected ? periodDueDate(expected, settings.dueDay) : null,
      reportPeriodLabel: expected ? periodLabel(expected) : null,
    }),
    indicators: indicatorRows,
    changes: {
      currentPeriod: current,
      currentLabel: periodLabel(current),
      previousLabel: prior.period ? periodLabel(prior.period) : `${Number(current.slice(0, 4)) - 1}年`,
      since: prior.end,
      approvedCurrent: approvedNow.length,
      approvedPrevious: approvedBefore.length,
      approved,
      lightChanges: diffLights(
        tasks.map((t) => t.summary),
        healthBefore,
        health,
      ),
    },
  };
}

function parsePoints(json: string): { date: string; value: number }[] {
  try {
    const raw = JSON.parse(json) as unknown;
    if (!Array.isArray(raw)) return [];
    return raw.flatMap((p: { date?: unknown; value?: unknown }) =>
      typeof p?.date === 'string' && typeof p.value === 'number' ? [{ date: p.date, value: p.value }] : [],
    );
  } catch {
    return [];
  }
}

/**
 * Gantt rows of a plan, grouped by section or by lead unit. Leaders, supervisors and admins see every task; unit users
 * see the tasks their unit leads or supports (the rest of the plan is not theirs to watch).
 */
export async function loadGantt(
  deps: DashboardDeps,
  actor: Actor,
  planId: number,
  groupBy: TGanttGroupBy,
  date?: string,
): Promise<TGantt> {
  authorize(actor, 'plan.read');
  const plan = await requirePlan(deps.db, planId);
  const day = date ?? todayOf(deps.clock);
  const db = deps.db;
  const tasks = await loadTasks(db, planId);
  const [sections, health, milestones, allUnits] = await Promise.all([
    findSections(db, planId),
    loadPlanHealth(db, planId, day),
    findMilestonesOfTasks(
      db,
      tasks.map((t) => t.row.id),
    ),
    findTaskUnits(db, planId),
  ]);
  // The one unit check of the supervision domain: leaders, supervisors and admins see every task, units their own.
  const visible = tasks.filter((t) =>
    canSeeTask(
      actor,
      allUnits.filter((u) => u.task_id === t.row.id),
    ),
  );
  const toRow = (t: (typeof tasks)[number]): TGanttRow => {
    const h = health.get(t.row.id);
    return {
      taskId: t.row.id,
      number: t.row.number,
      text: t.row.text,
      leadUnits: t.summary.leadUnits,
      // The bar starts where the planned line does: the task's own start date, else the plan's issue date.
      start: planStartDate(plan.year, plan.notice_date, t.row.start_date),
      end: t.row.deadline,
      isContinuous: t.row.is_continuous === 1,
      status: h?.status ?? 'not_started',
      light: h?.light ?? 'grey',
      planned: h?.planned ?? 0,
      actual: h?.actual ?? 0,
      milestones: milestones
        .filter((m) => m.task_id === t.row.id)
        .map((m) => ({ id: m.id, name: m.name, dueDate: m.due_date, reachedAt: m.reached_at })),
    };
  };
  let groups: TGantt['groups'];
  if (groupBy === 'section') {
    groups = sections
      .map((s) => ({
        key: `s${s.id}`,
        label: s.title,
        rows: visible.filter((t) => t.row.section_id === s.id).map(toRow),
      }))
      .filter((g) => g.rows.length > 0);
  } else {
    const byUnit = new Map<string, { key: string; label: string; rows: TGanttRow[] }>();
    for (const t of visible) {
      const leads =
        t.leads.length > 0
          ? t.leads.map((u) => ({
              key: u.unit_id !== null ? `u${u.unit_id}` : `n${u.name}`,
              label: u.unit_name ?? u.name,
            }))
          : [{ key: 'none', label: NO_LEAD }];
      for (const l of leads) {
        const g = byUnit.get(l.key) ?? { key: l.key, label: l.label, rows: [] };
        if (!g.rows.some((r) => r.taskId === t.row.id)) g.rows.push(toRow(t));
        byUnit.set(l.key, g);
      }
    }
    groups = [...byUnit.values()];
  }
  for (const g of groups) g.rows.sort((a, b) => compareNumbers(a.number, b.number));
  return { planId, planTitle: plan.title, year: plan.year, today: day, groupBy, groups };
}
