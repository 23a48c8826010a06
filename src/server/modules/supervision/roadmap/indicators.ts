import type { z } from 'zod';
import { AppError } from '../../../../shared/errors.ts';
import type { TIndicator, ZIndicatorInput } from '../../../../shared/reports.ts';
import type { Db } from '../../../db/database.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import { recordAudit } from '../../../platform/audit/audit.service.ts';
import { resolveInput, type DeferredInput } from '../../../platform/deferred-input.ts';
import { authorize } from '../../../platform/policy.ts';
import { findTargetsOfTask } from '../../workplan/workplan.repository.ts';
import { findReportsOfTasks } from '../reports/reports.repository.ts';
import type { LiveIndicatorsPort } from '../live-indicators-port.ts';
import { todayOf } from '../rules/dates.ts';
import { checkIndicatorPoints, plannedIndicatorValue } from '../rules/indicator-curve.ts';
import { loadRoadmapTask, loadVisibleTask, type TaskRecord } from '../task-access.ts';
import { recordTaskEvent } from '../task-events.ts';
import {
  deleteIndicatorRow,
  findIndicator,
  findIndicators,
  insertIndicator,
  updateIndicatorRow,
  type IndicatorRow,
} from './roadmap.repository.ts';

type Deps = { db: Db; clock: Clock; liveIndicators: LiveIndicatorsPort };
type IndicatorValues = z.infer<typeof ZIndicatorInput>;
type CurveTask = Pick<TaskRecord, 'id' | 'deadline' | 'is_continuous' | 'plan_year'>;

/** Where the planned curve ends: the task's deadline, or the year's end for a continuous task. */
function curveEnd(task: Pick<TaskRecord, 'deadline' | 'is_continuous' | 'plan_year'>): string {
  return task.is_continuous === 1 ? `${task.plan_year}-12-31` : task.deadline;
}

/**
 * Indicators of a task with the planned value on `date` and the actuals of approved lead reports, period by period
 * (a support unit's contribution does not carry actuals).
 */
export async function loadIndicators(
  db: Db,
  task: CurveTask,
  date: string,
  liveIndicators: LiveIndicatorsPort,
): Promise<TIndicator[]> {
  const rows = await findIndicators(db, task.id);
  if (rows.length === 0) return [];
  const reports = await findReportsOfTasks(db, [task.id], { role: 'lead', statuses: ['approved'] });
  const parsed = reports.map((r) => ({
    period: r.period,
    actuals: JSON.parse(r.indicator_actuals_json) as { indicatorId: number; value: number }[],
  }));
  // Indicators bound to a library count (issue 14) show the live count instead of a reported actual.
  const live = await liveIndicators(
    db,
    rows.map((r) => r.id),
    date,
  );
  return rows.map((row) => {
    const actuals = parsed.flatMap((r) =>
      r.actuals.filter((a) => a.indicatorId === row.id).map((a) => ({ period: r.period, value: a.value })),
    );
    const points = JSON.parse(row.points_json) as { date: string; value: number }[];
    const curve = row.curve === 'points' ? 'points' : 'linear';
    return {
      id: row.id,
      taskId: row.task_id,
      targetId: row.target_id,
      name: row.name,
      unit: row.unit,
      targetValue: row.target_value,
      baseline: row.baseline,
      curve,
      points,
      plannedNow: plannedIndicatorValue(
        { curve, baseline: row.baseline, targetValue: row.target_value, points },
        `${task.plan_year}-01-01`,
        curveEnd(task),
        date,
      ),
      actual: live.get(row.id) ?? actuals.at(-1)?.value ?? null,
      actuals,
    };
  });
}

export async function listIndicators(deps: Deps, actor: Actor, taskId: number, date?: string): Promise<TIndicator[]> {
  const { task } = await loadVisibleTask(deps.db, actor, taskId);
  return loadIndicators(deps.db, task, date ?? todayOf(deps.clock), deps.liveIndicators);
}

async function checkInput(db: Db, task: TaskRecord, input: IndicatorValues): Promise<void> {
  if (input.curve === 'points' && input.points.length === 0)
    throw new AppError('VALIDATION_FAILED', '选择“按节点”时请至少填写一个计划节点（日期和计划值）。');
  const bad = checkIndicatorPoints(input.points, task.plan_year);
  if (bad) throw new AppError('VALIDATION_FAILED', bad);
  if (input.targetId) {
    const targets = await findTargetsOfTask(db, task.id);
    if (!targets.some((t) => t.id === input.targetId))
      throw new AppError('VALIDATION_FAILED', '所选量化指标不属于这项任务，请重新选择。');
  }
}

function rowValues(input: IndicatorValues) {
  return {
    target_id: input.targetId ?? null,
    name: input.name,
    unit: input.unit,
    target_value: input.targetValue,
    baseline: input.baseline,
    curve: input.curve,
    points_json: JSON.stringify(
      input.curve === 'points' ? [...input.points].sort((a, b) => (a.date < b.date ? -1 : 1)) : [],
    ),
  };
}

export async function createIndicator(
  deps: Deps,
  actor: Actor,
  taskId: number,
  values: DeferredInput<IndicatorValues>,
): Promise<TIndicator> {
  authorize(actor, 'roadmap.edit');
  const input = await resolveInput(values);
  return deps.db.transaction().execute(async (trx) => {
    const { task } = await loadRoadmapTask(trx, actor, taskId);
    await checkInput(trx, task, input);
    const id = await insertIndicator(trx, { task_id: taskId, ...rowValues(input) });
    const summary = `设定指标“${input.name}”：目标 ${input.targetValue}${input.unit}${input.curve === 'points' ? '（按节点推进）' : '（均匀推进）'}`;
    await recordTaskEvent(trx, deps.clock, actor, {
      taskId,
      kind: 'indicator_added',
      summary,
      unitId: actor.unitId,
      detail: input,
    });
    await recordAudit(trx, deps.clock, actor, {
      action: 'indicator.create',
      entityType: 'indicator',
      entityId: id,
      summary: `第 ${task.number} 项任务${summary}`,
      after: input,
    });
    return (await loadIndicators(trx, task, todayOf(deps.clock), deps.liveIndicators)).find((i) => i.id === id)!;
  });
}

/**
 * Turns the task's numeric targets (印制2000册, 馆藏17万册) into indicators with a linear curve, skipping targets that
 * already have one or carry no single number (ranges such as 3—5部 take their upper bound).
 */
export async function createIndicatorsFromTargets(deps: Deps, actor: Actor, taskId: number): Promise<TIndicator[]> {
  authorize(actor, 'roadmap.edit');
  return deps.db.transaction().execute(async (trx) => {
    const { task } = await loadRoadmapTask(trx, actor, taskId);
    const existing = await findIndicators(trx, taskId);
    const created: string[] = [];
    for (const t of await findTargetsOfTask(trx, taskId)) {
      const value = t.value ?? t.max;
      if (value === null || value <= 0 || existing.some((i) => i.target_id === t.id)) continue;
      await insertIndicator(trx, {
        task_id: taskId,
        target_id: t.id,
        name: t.text,
        unit: t.unit,
        target_value: value,
        baseline: 0,
        curve: 'linear',
        points_json: '[]',
      });
      created.push(`${t.text}`);
    }
    if (created.length > 0) {
      const summary = `按量化指标设定 ${created.length} 个指标：${created.join('、')}`;
      await recordTaskEvent(trx, deps.clock, actor, { taskId, kind: 'indicator_added', summary, unitId: actor.unitId });
      await recordAudit(trx, deps.clock, actor, {
        action: 'indicator.create',
        entityType: 'task',
        entityId: taskId,
        summary: `第 ${task.number} 项任务${summary}`,
        after: created,
      });
    }
    return loadIndicators(trx, task, todayOf(deps.clock), deps.liveIndicators);
  });
}

async function loadEditable(db: Db, actor: Actor, id: number): Promise<{ row: IndicatorRow; task: TaskRecord }> {
  const row = await findIndicator(db, id);
  if (!row) throw new AppError('NOT_FOUND', '该指标不存在或已被删除。');
  const { task } = await loadRoadmapTask(db, actor, row.task_id);
  return { row, task };
}

export async function updateIndicator(
  deps: Deps,
  actor: Actor,
  id: number,
  values: DeferredInput<IndicatorValues>,
): Promise<TIndicator> {
  authorize(actor, 'roadmap.edit');
  const input = await resolveInput(values);
  return deps.db.transaction().execute(async (trx) => {
    const { row, task } = await loadEditable(trx, actor, id);
    await checkInput(trx, task, input);
    await updateIndicatorRow(trx, id, rowValues(input));
    const summary = `修改指标“${row.name}”：目标 ${row.target_value} → ${input.targetValue}${input.unit}`;
    await recordTaskEvent(trx, deps.clock, actor, {
      taskId: task.id,
      kind: 'indicator_updated',
      summary,
      unitId: actor.unitId,
      detail: input,
    });
    await recordAudit(trx, deps.clock, actor, {
      action: 'indicator.update',
      entityType: 'indicator',
      entityId: id,
      summary: `第 ${task.number} 项任务${summary}`,
      before: row,
      after: input,
    });
    return (await loadIndicators(trx, task, todayOf(deps.clock), deps.liveIndicators)).find((i) => i.id === id)!;
  });
}

export async function deleteIndicator(deps: Deps, actor: Actor, id: number): Promise<void> {
  authorize(actor, 'roadmap.edit');
  await deps.db.transaction().execute(async (trx) => {
    const { row, task } = await loadEditable(trx, actor, id);
    await deleteIndicatorRow(trx, id);
    const summary = `删除指标“${row.name}”`;
    await recordTaskEvent(trx, deps.clock, actor, {
      taskId: task.id,
      kind: 'indicator_deleted',
      summary,
      unitId: actor.unitId,
    });
    await recordAudit(trx, deps.clock, actor, {
      action: 'indicator.delete',
      entityType: 'indicator',
      entityId: id,
      summary: `第 ${task.number} 项任务${summary}`,
      before: row,
    });
  });
}
