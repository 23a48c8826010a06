import { DEFAULT_SUPERVISION, type TSupervisionSettings, type TTaskHealth } from '../../../shared/supervision.ts';
import type { Db } from '../../db/database.ts';
import { findPlanById, findCurrentTasks } from '../workplan/workplan.repository.ts';
import { findReportsOfTasks } from './reports/reports.repository.ts';
import { findMilestonesOfTasks } from './roadmap/roadmap.repository.ts';
import { computePlanHealth } from './rules/plan-health.ts';
import { findSupervisionSettingsRow } from './settings.repository.ts';

/** The plan's reporting cycle and light thresholds (the defaults until a supervisor saves them). */
export async function loadSupervisionSettings(db: Db, planId: number): Promise<TSupervisionSettings> {
  const row = await findSupervisionSettingsRow(db, planId);
  if (!row) return DEFAULT_SUPERVISION;
  return {
    cycle: row.cycle as TSupervisionSettings['cycle'],
    dueDay: row.due_day,
    yellowPoints: row.yellow_points,
    redPoints: row.red_points,
    remindDaysBefore: row.remind_days_before,
    docPrefix: row.doc_prefix,
  };
}

/**
 * Status lights of every task of a plan on `today` (YYYY-MM-DD), from milestones and approved lead reports: the lights
 * page, 督办台, dashboards, documents and assessment all read them here.
 */
export async function loadPlanHealth(db: Db, planId: number, today: string): Promise<Map<number, TTaskHealth>> {
  const plan = await findPlanById(db, planId);
  if (!plan) return new Map();
  const tasks = await findCurrentTasks(db, planId);
  const ids = tasks.map((t) => t.id);
  const [settings, milestones, leadReports] = await Promise.all([
    loadSupervisionSettings(db, planId),
    findMilestonesOfTasks(db, ids),
    findReportsOfTasks(db, ids, { role: 'lead' }),
  ]);
  return computePlanHealth(
    { year: plan.year, issuedOn: plan.notice_date, settings, tasks, milestones, leadReports },
    today,
  );
}
