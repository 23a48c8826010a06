import { AppError } from '../../../shared/errors.ts';
import type { TPlanLights, TTaskLight } from '../../../shared/supervision.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { authorize } from '../../platform/policy.ts';
import { loadPlanHealth } from './plan-health.ts';
import { isRealDate, seesAllTasks } from './supervision-access.ts';

/**
 * Every task of the plan with its light on `date` (default: today, UTC), for the 督办台. Unit people get only the
 * tasks their unit is on (lead or support).
 */
export async function getPlanLights(deps: { db: Db; clock: Clock }, actor: Actor, planId: number, date?: string): Promise<TPlanLights> {
  authorize(actor, 'lights.read');
  if (date !== undefined && !isRealDate(date)) throw new AppError('VALIDATION_FAILED', `日期“${date}”无效，应为 YYYY-MM-DD。`);
  const plan = await deps.db.selectFrom('plan').select(['id', 'year', 'title']).where('id', '=', planId).executeTakeFirst();
  if (!plan) throw new AppError('NOT_FOUND', '该工作要点不存在或已被删除。');
  const today = date ?? deps.clock.now().toISOString().slice(0, 10);
  const [health, tasks, sections, units, chases, pending] = await Promise.all([
    loadPlanHealth(deps.db, planId, today),
    deps.db
      .selectFrom('task')
      .select(['id', 'section_id', 'number', 'text', 'deadline', 'closed_at', 'close_evidence'])
      .where('plan_id', '=', planId)
      .orderBy('sort_order')
      .execute(),
    deps.db.selectFrom('plan_section').select(['id', 'title']).where('plan_id', '=', planId).execute(),
    deps.db
      .selectFrom('task_unit')
      .innerJoin('task', 'task.id', 'task_unit.task_id')
      .leftJoin('unit', 'unit.id', 'task_unit.unit_id')
      .select(['task_unit.task_id', 'task_unit.unit_id', 'task_unit.name', 'task_unit.role', 'unit.name as unit_name'])
      .where('task.plan_id', '=', planId)
      .orderBy('task_unit.sort_order')
      .execute(),
    deps.db
      .selectFrom('chase')
      .innerJoin('task', 'task.id', 'chase.task_id')
      .select(['chase.task_id', 'chase.level'])
      .where('task.plan_id', '=', planId)
      .execute(),
    deps.db
      .selectFrom('extension_request')
      .innerJoin('task', 'task.id', 'extension_request.task_id')
      .select(['extension_request.task_id'])
      .where('task.plan_id', '=', planId)
      .where('extension_request.status', '=', 'pending')
      .execute(),
  ]);
  const all = seesAllTasks(actor);
  const rows: TTaskLight[] = [];
  for (const t of tasks) {
    const mine = units.filter((u) => u.task_id === t.id);
    if (!all && (actor.unitId === null || !mine.some((u) => u.unit_id === actor.unitId))) continue;
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
