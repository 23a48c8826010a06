import { AppError } from '../../../shared/errors.ts';
import {
  HOLDING_TYPES,
  ZHoldingQuery,
  type THoldingCounts,
  type THoldingDetail,
  type THoldingPage,
  type THoldingQuery,
  type TUnionRow,
} from '../../../shared/library.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import { authorize } from '../../platform/policy.ts';
import { countCopiesByRecordAndUnit, countCopiesByType, findCopiesOfRecord } from './copies.repository.ts';
import { assertSeesUnit, resolveOfficeScope, unitName, visibleUnitIds } from './office-access.ts';
import { countRecordsByType, findIssuesOfRecords, findRecordById, findRecords } from './records.repository.ts';
import { toCopy, toRecord } from './record-view.ts';

type Deps = { db: Db };

/**
 * The catalogue as the actor may see it: province staff every record; an office the records it (or, for a 市州, its
 * counties) holds. Copy counts are of the copies the actor sees.
 */
export async function findHoldings(deps: Deps, principal: Principal, query: THoldingQuery): Promise<THoldingPage> {
  authorize(principal, 'holding.read');
  const q = ZHoldingQuery.parse(query);
  const scope = await resolveOfficeScope(deps.db, principal);
  let unitIds = visibleUnitIds(scope);
  if (q.unitId) {
    assertSeesUnit(scope, q.unitId);
    unitIds = [q.unitId];
  }
  const { rows, total } = await findRecords(
    deps.db,
    { q: q.q, type: q.type, unitIds: unitIds ?? undefined },
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  );
  const ids = rows.map((r) => r.id);
  const counts = await countCopiesByRecordAndUnit(deps.db, ids);
  const issues = await findIssuesOfRecords(deps.db, ids);
  const copyCount = (id: number) =>
    counts.filter((c) => c.record_id === id && (!unitIds || unitIds.includes(c.unit_id))).reduce((n, c) => n + c.n, 0);
  return { rows: rows.map((r) => toRecord(r, copyCount(r.id), issues)), total };
}

export async function getHolding(deps: Deps, principal: Principal, id: number): Promise<THoldingDetail> {
  authorize(principal, 'holding.read');
  const scope = await resolveOfficeScope(deps.db, principal);
  const row = await findRecordById(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND', '该书目不存在或已被删除。');
  const unitIds = visibleUnitIds(scope);
  const copies = await findCopiesOfRecord(deps.db, id, unitIds);
  // An office reaches a record through its own copies only (the shared catalogue is the province's).
  if (unitIds && copies.length === 0) throw new AppError('FORBIDDEN', '本单位没有收藏这种书，不能查看其书目详情。');
  const issues = await findIssuesOfRecords(deps.db, [id]);
  const issueLabel = (iid: number | null) => issues.find((i) => i.id === iid)?.label ?? null;
  const held = copies.filter((c) => c.status !== '剔除' && c.status !== '遗失').length;
  return {
    ...toRecord(row, held, issues),
    copies: copies.map((c) => toCopy(c, unitName(scope, c.unit_id), issueLabel(c.issue_id))),
  };
}

/** 联合目录: for each record the actor sees, which offices (that the actor sees) hold how many copies. */
export async function findUnionCatalogue(
  deps: Deps,
  principal: Principal,
  query: THoldingQuery,
): Promise<{ rows: TUnionRow[]; total: number; units: { id: number; name: string }[] }> {
  authorize(principal, 'holding.read');
  const q = ZHoldingQuery.parse(query);
  const scope = await resolveOfficeScope(deps.db, principal);
  const unitIds = visibleUnitIds(scope);
  const { rows, total } = await findRecords(
    deps.db,
    { q: q.q, type: q.type, unitIds: unitIds ?? undefined },
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  );
  const counts = (
    await countCopiesByRecordAndUnit(
      deps.db,
      rows.map((r) => r.id),
    )
  ).filter((c) => !unitIds || unitIds.includes(c.unit_id));
  const holderIds = [...new Set(counts.map((c) => c.unit_id))];
  return {
    rows: rows.map((r) => ({
      recordId: r.id,
      title: r.title,
      type: r.type,
      pubYear: r.pub_year,
      holders: counts
        .filter((c) => c.record_id === r.id)
        .map((c) => ({ unitId: c.unit_id, unitName: unitName(scope, c.unit_id), copies: c.n })),
    })),
    total,
    units: holderIds
      .map((id) => ({ id, name: unitName(scope, id) }))
      .sort((a, b) => (scope.units.get(a.id)?.sort_order ?? 0) - (scope.units.get(b.id)?.sort_order ?? 0)),
  };
}

/** Records and held copies by type, for the actor's offices or one of them. */
export async function countHoldings(
  deps: Deps,
  principal: Principal,
  opts: { unitId?: number | undefined; type?: string | undefined },
): Promise<THoldingCounts> {
  authorize(principal, 'holding.read');
  const scope = await resolveOfficeScope(deps.db, principal);
  if (opts.type && !(HOLDING_TYPES as readonly string[]).includes(opts.type)) {
    throw new AppError('VALIDATION_FAILED', `文献类型“${opts.type}”不存在，应为：${HOLDING_TYPES.join('、')}`);
  }
  if (opts.unitId) assertSeesUnit(scope, opts.unitId);
  const unitIds = opts.unitId ? [opts.unitId] : visibleUnitIds(scope);
  const records = await countRecordsByType(deps.db, unitIds);
  const copies = await countCopiesByType(deps.db, unitIds);
  const byType = HOLDING_TYPES.filter((t) => !opts.type || t === opts.type).map((type) => ({
    type,
    records: records.find((r) => r.type === type)?.n ?? 0,
    copies: copies.find((c) => c.type === type)?.n ?? 0,
  }));
  return {
    unitId: opts.unitId ?? null,
    records: byType.reduce((n, t) => n + t.records, 0),
    copies: byType.reduce((n, t) => n + t.copies, 0),
    byType,
  };
}
