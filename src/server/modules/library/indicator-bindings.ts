import { AppError } from '../../../shared/errors.ts';
import { ZBindingInput, type TBindingInput, type TLibraryIndicator } from '../../../shared/library.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { authorize } from '../../platform/policy.ts';
import { findIndicator } from '../supervision/roadmap/roadmap.repository.ts';
import { deleteBinding, findBindings, upsertBinding } from './bindings.repository.ts';
import { computeLibraryMetric } from './live-indicators.ts';
import { actingUnitId, resolveOfficeScope, unitName } from './office-access.ts';

type Deps = { db: Db; clock: Clock };

/** The library counts bound to work-plan indicators, with their live values today. */
export async function listLibraryIndicators(deps: Deps, principal: Principal): Promise<TLibraryIndicator[]> {
  authorize(principal, 'holding.read');
  const scope = await resolveOfficeScope(deps.db, principal);
  const today = deps.clock.now().toISOString().slice(0, 10);
  const out: TLibraryIndicator[] = [];
  for (const b of await findBindings(deps.db, null)) {
    out.push({
      indicatorId: b.indicator_id,
      metric: b.metric as TLibraryIndicator['metric'],
      unitId: b.unit_id,
      unitName: unitName(scope, b.unit_id),
      year: b.year,
      value: await computeLibraryMetric(deps.db, b, today),
    });
  }
  return out;
}

/**
 * Binds a task's indicator (e.g. task 16 “新购图书2000册”) to a library count, so its actual is the live count rather
 * than a typed number. The unit is the library whose copies count (default the binder's own unit).
 */
export async function bindIndicator(
  deps: Deps,
  principal: Principal,
  input: TBindingInput,
): Promise<TLibraryIndicator> {
  authorize(principal, 'library.bind_indicator');
  const scope = await resolveOfficeScope(deps.db, principal);
  const v = ZBindingInput.parse(input);
  const indicator = await findIndicator(deps.db, v.indicatorId);
  if (!indicator) throw new AppError('NOT_FOUND', '该量化指标不存在，请先在任务页添加指标。');
  const unitId = v.unitId ?? actingUnitId(scope);
  if (!scope.units.has(unitId)) throw new AppError('VALIDATION_FAILED', '所选单位不存在。');
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await upsertBinding(trx, {
      indicator_id: v.indicatorId,
      metric: v.metric,
      unit_id: unitId,
      year: v.year,
      created_at: now,
    });
    await recordAudit(trx, deps.clock, principal, {
      action: 'library.bind_indicator',
      entityType: 'indicator',
      entityId: v.indicatorId,
      summary: `指标“${indicator.name}”改为自动取数：${unitName(scope, unitId)} ${v.year} 年 ${v.metric}`,
      after: { ...v, unitId },
    });
  });
  return {
    indicatorId: v.indicatorId,
    metric: v.metric,
    unitId,
    unitName: unitName(scope, unitId),
    year: v.year,
    value: await computeLibraryMetric(deps.db, { metric: v.metric, unit_id: unitId, year: v.year }, now.slice(0, 10)),
  };
}

export async function unbindIndicator(deps: Deps, principal: Principal, indicatorId: number): Promise<void> {
  authorize(principal, 'library.bind_indicator');
  await deps.db.transaction().execute(async (trx) => {
    if ((await deleteBinding(trx, indicatorId)) === 0) throw new AppError('NOT_FOUND', '该指标没有绑定馆藏统计。');
    await recordAudit(trx, deps.clock, principal, {
      action: 'library.unbind_indicator',
      entityType: 'indicator',
      entityId: indicatorId,
      summary: `指标 ${indicatorId} 取消自动取数`,
    });
  });
}
