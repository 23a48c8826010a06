import { AppError } from '../../../shared/errors.ts';
import type { TImportBatch } from '../../../shared/library.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { authorize } from '../../platform/policy.ts';
import { countForeignCopiesOfImport, deleteCopiesOfImport } from './copies.repository.ts';
import { findImportById, findImports, markRolledBack, type ImportRow } from './imports.repository.ts';
import { assertActsFor, resolveOfficeScope, unitName, visibleUnitIds, type OfficeScope } from './office-access.ts';
import { deleteRecordsOfImport } from './records.repository.ts';

export function toBatch(r: ImportRow, scope: OfficeScope): TImportBatch {
  return {
    id: r.id,
    format: r.format,
    fileName: r.file_name,
    unitName: unitName(scope, r.unit_id),
    recordCount: r.record_count,
    copyCount: r.copy_count,
    createdAt: r.created_at,
    rolledBackAt: r.rolled_back_at,
  };
}

export async function listImportBatches(deps: { db: Db }, principal: Principal): Promise<TImportBatch[]> {
  authorize(principal, 'holding.read');
  const scope = await resolveOfficeScope(deps.db, principal);
  return (await findImports(deps.db, visibleUnitIds(scope))).map((r) => toBatch(r, scope));
}

/**
 * 撤销导入: removes the copies the batch added and the records it created, in one transaction. Refused when copies
 * arrived later by other means (an order, a distribution) on the batch's records, which would be lost with them.
 */
export async function rollbackImport(
  deps: { db: Db; clock: Clock },
  principal: Principal,
  id: number,
): Promise<TImportBatch> {
  authorize(principal, 'holding.manage');
  const scope = await resolveOfficeScope(deps.db, principal);
  const batch = await findImportById(deps.db, id);
  if (!batch) throw new AppError('NOT_FOUND', '该导入批次不存在。');
  assertActsFor(scope, batch.unit_id);
  if (batch.rolled_back_at)
    throw new AppError('CONFLICT', `该批次已于 ${batch.rolled_back_at.slice(0, 10)} 撤销，不能重复撤销。`);
  const foreign = await countForeignCopiesOfImport(deps.db, id);
  if (foreign > 0)
    throw new AppError(
      'CONFLICT',
      `该批次新建的书目之后又有 ${foreign} 册复本经订购或配送入藏，撤销会一并删除它们；请先处理这些复本。`,
    );
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const copies = await deleteCopiesOfImport(trx, id);
    const records = await deleteRecordsOfImport(trx, id);
    await markRolledBack(trx, id, now);
    await recordAudit(trx, deps.clock, principal, {
      action: 'holding.import_rollback',
      entityType: 'holding_import',
      entityId: id,
      summary: `撤销馆藏导入“${batch.file_name}”：删除书目 ${records} 条、复本 ${copies} 册`,
    });
  });
  return toBatch((await findImportById(deps.db, id))!, scope);
}
