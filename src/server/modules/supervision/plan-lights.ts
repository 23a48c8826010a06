import { AppError } from '../../../shared/errors.ts';
import type { TPlanLights, TTaskLight } from '../../../shared/supervision.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { authorize } from '../../platform/policy.ts';
import { findPlanById, findSections, findCurrentTasks, findTaskUnits } from '../workplan/workplan.repository.ts';
import { findChasesOfTasks } from './actions/chases.repository.ts';
import { findExtensions } from './actions/extensions.repository.ts';
import { loadPlanHealth } from './plan-health.ts';
import { isRealDate, todayOf } from './rules/dates.ts';
import { canSeeTask } from './task-access.ts';

/**
 * Every task of the plan with its light on `date` (default: today, UTC), for the 督办台. Unit people get only the
 * tasks their unit is on (lead or support): the unit check is task-access.ts's, as everywhere.
 */
export async function getPlanLights(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  planId: number,
  date?: string,
): Promise<TPlanLights> {
  authorize(actor, 'lights.read');
  if (date !== undefined && !isRealDate(date))
    throw new AppError('VALIDATION_FAILED', `日期“${date}”无效，应为 YYYY-MM-DD。`);
  const plan = await findPlanById(deps.db, planId);
  if (!plan) throw new AppError('NOT_FOUND', '该工作要点不存在或已被删除。');
  const today = date ?? todayOf(deps.clock);
  const tasks = await findCurrentTasks(deps.db, planId);
  const taskIds = tasks.map((t) => t.id);
  const [health, sections, units, chases, pending] = await Promise.all([
    loadPlanHealth(deps.db, planId, today),
    findSections(deps.db, planId),
    findTaskUnits(deps.db, planId),
    findChasesOfTasks(deps.db, taskIds),
    findExtensions(deps.db, { taskIds, status: 'pending' }),
  ]);
  const rows: TTaskLight[] = [];
  for (const t of tasks) {
    const mine = units.filter((u) => u.task_id === t.id);
    if (!canSeeTask(actor, mine)) continue;
    const h = health.get(t.id);
    if (!h) continue;
    const taskChases = chases.filter((c) => c.task_id === t.id);
    const toUnit = (u: (typeof mine)[number]) => ({ unitId: u.unit_id, name: u.unit_name ?? u.name });
    rows.push({
      ...h,
      taskId: t.id,
      number: t.number,
      text: t.text,
      sectionId: t.section_id,
      sectionTitle: sections.find((s) => s.id === t.section_id)?.title ?? '',
      deadline: t.deadline,
      leadUnits: mine.filter((u) => u.role === 'lead').map(toUnit),
      supportUnits: mine.filter((u) => u.role === 'support').map(toUnit),
      closedAt: t.closed_at,
      closeEvidence: t.close_evidence,
      chaseLevel: taskChases.length > 0 ? Math.max(...taskChases.map((c) => c.level)) : null,
      chaseCount: taskChases.length,
      pendingExtension: pending.some((p) => p.task_id === t.id),
    });
  }
  return { planId: plan.id, year: plan.year, title: plan.title, date: today, tasks: rows };
}
