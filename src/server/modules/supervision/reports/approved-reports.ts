import type { Db } from '../../../db/database.ts';
import { findUnitNamesByIds } from '../../org/org.repository.ts';
import { findCurrentTasks } from '../../workplan/workplan.repository.ts';
import { findReportsOfTasks, type ReportRow } from './reports.repository.ts';

export type ApprovedReport = ReportRow & { task_number: string; unit_name: string };

/**
 * Every approved report of a plan, with its task number and unit name: what dashboards, documents and the assessment
 * are built from. Drafts, submitted and returned reports never leave through here.
 */
export async function loadApprovedReportsOfPlan(db: Db, planId: number): Promise<ApprovedReport[]> {
  const tasks = await findCurrentTasks(db, planId);
  const reports = await findReportsOfTasks(
    db,
    tasks.map((t) => t.id),
    { statuses: ['approved'] },
  );
  const units = await findUnitNamesByIds(
    db,
    reports.map((r) => r.unit_id),
  );
  const numbers = new Map(tasks.map((t) => [t.id, t.number]));
  return reports.flatMap((r) => {
    const unitName = units.get(r.unit_id);
    return unitName === undefined ? [] : [{ ...r, task_number: numbers.get(r.task_id)!, unit_name: unitName }];
  });
}
