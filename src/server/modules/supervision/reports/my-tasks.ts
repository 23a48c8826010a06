import { AppError } from '../../../../shared/errors.ts';
import type { TMyTask, TMyTasks, TToFile } from '../../../../shared/reports.ts';
import type { TReportStatus, TSupervisionSettings } from '../../../../shared/supervision.ts';
import type { Db } from '../../../db/database.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import { authorize, can } from '../../../platform/policy.ts';
import { findUnitNamesByIds } from '../../org/org.repository.ts';
import { findDisplayNames } from '../../users/users.repository.ts';
import { findTasksOfUnit } from '../../workplan/workplan.repository.ts';
import { loadPlanHealth, loadSupervisionSettings } from '../plan-health.ts';
import { todayOf } from '../rules/dates.ts';
import { periodDueBy } from '../rules/plan-health.ts';
import { isValidPeriod, periodDueDate, periodLabel, periodOf } from '../rules/periods.ts';
import { findReportsOfTasks } from './reports.repository.ts';

/**
 * The periods a unit must file for on `today`: the one due by today (if its report is missing it is overdue) and the
 * current one, both within the plan's year. After the year only its last due period remains.
 */
export function periodsToFile(settings: TSupervisionSettings, year: number, today: string): string[] {
  const candidates = [
    periodDueBy(settings, today),
    periodOf(settings.cycle, today > `${year}-12-31` ? `${year}-12-31` : today),
  ];
  return [...new Set(candidates.filter((p): p is string => p !== null && p.startsWith(`${year}-`)))];
}

/**
 * The unit view (我的任务): the tasks of the actor's unit with their lights, what it must file this period, what was
 * returned to it, and — for a unit head — what waits for approval. `period` narrows "to file" to one period.
 */
export async function getMyTasks(deps: { db: Db; clock: Clock }, actor: Actor, period?: string): Promise<TMyTasks> {
  authorize(actor, 'plan.read');
  const today = todayOf(deps.clock);
  if (actor.unitId === null)
    return { unitId: null, unitName: null, today, tasks: [], toFile: [], returned: [], pending: [] };
  const unitId = actor.unitId;
  const unitName = (await findUnitNamesByIds(deps.db, [unitId])).get(unitId);
  const rows = await findTasksOfUnit(deps.db, unitId);
  // A unit named twice on one task (lead and support) files as lead.
  const byTask = new Map<number, (typeof rows)[number]>();
  for (const r of rows) if (!byTask.has(r.id) || r.role === 'lead') byTask.set(r.id, r);
  const reports = await findReportsOfTasks(deps.db, [...byTask.keys()], { unitId });
  const deciders = await findDisplayNames(
    deps.db,
    reports.map((r) => r.decided_by),
  );
  const planIds = [...new Set([...byTask.values()].map((t) => t.plan_id))];
  const settings = new Map<number, TSupervisionSettings>();
  const health = new Map<number, Awaited<ReturnType<typeof loadPlanHealth>>>();
  for (const id of planIds) {
    settings.set(id, await loadSupervisionSettings(deps.db, id));
    health.set(id, await loadPlanHealth(deps.db, id, today));
  }
  if (period !== undefined && ![...settings.values()].some((s) => isValidPeriod(s.cycle, period))) {
    throw new AppError(
      'VALIDATION_FAILED',
      `填报周期“${period}”格式不对，应为 2023-06（每月）、2023-Q2（每季度）或 2023-H1（每半年）。`,
    );
  }

  const tasks: TMyTask[] = [];
  const toFile: TToFile[] = [];
  for (const t of byTask.values()) {
    const s = settings.get(t.plan_id)!;
    const mine = reports.filter((r) => r.task_id === t.id);
    const latest = mine
      .filter((r) => r.status === 'approved' && r.percent !== null)
      .sort((a, b) => (a.period < b.period ? 1 : -1))[0];
    tasks.push({
      taskId: t.id,
      planId: t.plan_id,
      planTitle: t.plan_title,
      number: t.number,
      text: t.text,
      role: t.role,
      deadline: t.deadline,
      health: health.get(t.plan_id)?.get(t.id) ?? null,
      latestPercent: latest?.percent ?? null,
    });
    if (t.closed_at) continue;
    const periods =
      period !== undefined
        ? isValidPeriod(s.cycle, period) && period.startsWith(`${t.plan_year}-`)
          ? [period]
          : []
        : periodsToFile(s, t.plan_year, today);
    for (const p of periods) {
      const report = mine.find((r) => r.period === p);
      if (report && (report.status === 'submitted' || report.status === 'approved')) continue;
      const dueDate = periodDueDate(p, s.dueDay);
      toFile.push({
        taskId: t.id,
        number: t.number,
        text: t.text,
        role: t.role,
        period: p,
        periodLabel: periodLabel(p),
        dueDate,
        overdue: dueDate < today,
        reportId: report?.id ?? null,
        status: (report?.status as TReportStatus | undefined) ?? null,
      });
    }
  }
  toFile.sort((a, b) => (a.dueDate !== b.dueDate ? (a.dueDate < b.dueDate ? -1 : 1) : 0));
  const numberOf = (taskId: number) => byTask.get(taskId)?.number ?? '';
  const returned = reports
    .filter((r) => r.status === 'returned')
    .map((r) => ({
      reportId: r.id,
      taskId: r.task_id,
      number: numberOf(r.task_id),
      period: r.period,
      periodLabel: periodLabel(r.period),
      comment: r.decision_comment,
      decidedAt: r.decided_at,
      decidedBy: r.decided_by === null ? null : (deciders.get(r.decided_by) ?? null),
    }));
  const pending = can(actor, 'report.approve')
    ? reports
        .filter((r) => r.status === 'submitted')
        .map((r) => ({
          reportId: r.id,
          taskId: r.task_id,
          number: numberOf(r.task_id),
          period: r.period,
          periodLabel: periodLabel(r.period),
          unitName: unitName ?? '',
          submittedAt: r.submitted_at,
        }))
    : [];
  return { unitId, unitName: unitName ?? null, today, tasks, toFile, returned, pending };
}
