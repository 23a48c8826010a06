import { AppError } from '../../../shared/errors.ts';
import {
  ZCopyChange,
  ZCopyInput,
  ZHoldingRecordInput,
  ZIssueInput,
  type TCopyChange,
  type TCopyInput,
  type THoldingDetail,
  type THoldingRecordInput,
} from '../../../shared/library.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { authorize } from '../../platform/policy.ts';
import {
  deleteCopy,
  findCopiesOfRecord,
  findCopyById,
  findExistingBarcodes,
  insertCopies,
  updateCopy,
} from './copies.repository.ts';
import { dedupeKey } from './dedupe-key.ts';
import { getHolding } from './find-holdings.ts';
import { normalizeIsbn } from './isbn.ts';
import { actingUnitId, assertActsFor, assertProvince, resolveOfficeScope } from './office-access.ts';
import {
  deleteRecord,
  findDuplicateCandidates,
  findIssue,
  findIssueById,
  findRecordById,
  insertIssue,
  insertRecord,
  updateRecord,
} from './records.repository.ts';
import { toRow } from './record-view.ts';

type Deps = { db: Db; clock: Clock };

async function validated(db: Db, input: THoldingRecordInput, selfId: number | null) {
  const v = ZHoldingRecordInput.parse(input);
  if (v.isbn) {
    const n = normalizeIsbn(v.isbn);
    if ('error' in n) throw new AppError('VALIDATION_FAILED', n.error, [{ path: 'isbn', message: n.error }]);
    v.isbn = n.isbn;
  }
  if (v.periodStart && v.periodEnd && v.periodStart > v.periodEnd)
    throw new AppError('VALIDATION_FAILED', `断限起 ${v.periodStart} 晚于断限止 ${v.periodEnd}，请核对。`);
  const dup = (
    await findDuplicateCandidates(db, v.isbn ? [v.isbn] : [], [dedupeKey(v.title, v.edition, v.pubYear)])
  ).find((d) => d.id !== selfId);
  if (dup) {
    const why = v.isbn && dup.isbn === v.isbn ? `ISBN ${v.isbn} 相同` : '题名、版次、出版年相同';
    throw new AppError(
      'CONFLICT',
      `馆藏中已有这种书：《${dup.title}》（编号 ${dup.id}，${why}）。请在该书目下添加复本，不要重复著录。`,
      [{ path: 'duplicateOf', message: String(dup.id) }],
    );
  }
  return v;
}

/** 著录: a new record, optionally with its first copies (held by the actor's office unless province staff say otherwise). */
export async function createHolding(
  deps: Deps,
  principal: Principal,
  input: THoldingRecordInput & { copies?: TCopyInput[] },
): Promise<THoldingDetail> {
  authorize(principal, 'holding.manage');
  const scope = await resolveOfficeScope(deps.db, principal);
  const v = await validated(deps.db, input, null);
  const copies = (input.copies ?? []).map((c) => ZCopyInput.parse(c));
  const now = deps.clock.now().toISOString();
  for (const c of copies) assertActsFor(scope, c.unitId ?? actingUnitId(scope));
  const taken = await findExistingBarcodes(
    deps.db,
    copies.map((c) => c.barcode),
  );
  if (taken.size > 0) throw new AppError('CONFLICT', `条码号 ${[...taken].join('、')} 已被其他复本使用。`);
  const id = await deps.db.transaction().execute(async (trx) => {
    const id = await insertRecord(trx, toRow(v, now, null));
    await insertCopies(
      trx,
      copies.map((c) => ({
        record_id: id,
        issue_id: null,
        unit_id: c.unitId ?? actingUnitId(scope),
        barcode: c.barcode,
        location: c.location,
        status: c.status,
        acquisition: c.acquisition,
        acquired_on: c.acquiredOn,
        import_id: null,
        order_id: null,
        shipment_id: null,
        created_at: now,
      })),
    );
    await recordAudit(trx, deps.clock, principal, {
      action: 'holding.create',
      entityType: 'holding_record',
      entityId: id,
      summary: `著录《${v.title}》，复本 ${copies.length} 册`,
      after: v,
    });
    return id;
  });
  return getHolding(deps, principal, id);
}

/** The shared catalogue's records are the province's: offices add copies, the province corrects the description. */
export async function updateHolding(
  deps: Deps,
  principal: Principal,
  id: number,
  input: THoldingRecordInput,
): Promise<THoldingDetail> {
  authorize(principal, 'holding.manage');
  const scope = await resolveOfficeScope(deps.db, principal);
  assertProvince(scope, '修改联合目录中的书目');
  const before = await findRecordById(deps.db, id);
  if (!before) throw new AppError('NOT_FOUND', '该书目不存在或已被删除。');
  const v = await validated(deps.db, input, id);
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const { created_at: _c, import_id: _i, ...row } = toRow(v, now, null);
    await updateRecord(trx, id, row);
    await recordAudit(trx, deps.clock, principal, {
      action: 'holding.update',
      entityType: 'holding_record',
      entityId: id,
      summary: `修改书目《${v.title}》`,
      before,
      after: v,
    });
  });
  return getHolding(deps, principal, id);
}

export async function deleteHolding(deps: Deps, principal: Principal, id: number): Promise<void> {
  authorize(principal, 'holding.manage');
  const scope = await resolveOfficeScope(deps.db, principal);
  assertProvince(scope, '删除联合目录中的书目');
  const row = await findRecordById(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND', '该书目不存在或已被删除。');
  const copies = await findCopiesOfRecord(deps.db, id, null);
  if (copies.length > 0)
    throw new AppError('CONFLICT', `《${row.title}》还有 ${copies.length} 册复本，请先剔除或删除复本再删除书目。`);
  await deps.db.transaction().execute(async (trx) => {
    await deleteRecord(trx, id);
    await recordAudit(trx, deps.clock, principal, {
      action: 'holding.delete',
      entityType: 'holding_record',
      entityId: id,
      summary: `删除书目《${row.title}》`,
      before: row,
    });
  });
}

/** A journal issue (期刊的年、期), which copies and distributions may name. */
export async function addIssue(
  deps: Deps,
  principal: Principal,
  recordId: number,
  input: { year: number; label: string },
): Promise<THoldingDetail> {
  authorize(principal, 'holding.manage');
  const v = ZIssueInput.parse(input);
  const row = await findRecordById(deps.db, recordId);
  if (!row) throw new AppError('NOT_FOUND', '该书目不存在或已被删除。');
  if (row.type !== '期刊')
    throw new AppError('VALIDATION_FAILED', `《${row.title}》是${row.type}，只有期刊可以登记期号。`);
  if (await findIssue(deps.db, recordId, v.year, v.label))
    throw new AppError('CONFLICT', `《${row.title}》${v.year} 年${v.label}已登记。`);
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const id = await insertIssue(trx, recordId, v.year, v.label, now);
    await recordAudit(trx, deps.clock, principal, {
      action: 'holding.issue_add',
      entityType: 'holding_issue',
      entityId: id,
      summary: `《${row.title}》登记 ${v.year} 年${v.label}`,
    });
  });
  return getHolding(deps, principal, recordId);
}

export async function addCopy(
  deps: Deps,
  principal: Principal,
  recordId: number,
  input: TCopyInput,
): Promise<THoldingDetail> {
  authorize(principal, 'holding.manage');
  const scope = await resolveOfficeScope(deps.db, principal);
  const c = ZCopyInput.parse(input);
  const unitId = c.unitId ?? actingUnitId(scope);
  assertActsFor(scope, unitId);
  const row = await findRecordById(deps.db, recordId);
  if (!row) throw new AppError('NOT_FOUND', '该书目不存在或已被删除。');
  if (c.issueId) {
    const issue = await findIssueById(deps.db, c.issueId);
    if (!issue || issue.record_id !== recordId) throw new AppError('VALIDATION_FAILED', '所选期号不属于这种期刊。');
  }
  if ((await findExistingBarcodes(deps.db, [c.barcode])).size > 0)
    throw new AppError('CONFLICT', `条码号 ${c.barcode} 已被其他复本使用，请换一个。`);
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await insertCopies(trx, [
      {
        record_id: recordId,
        issue_id: c.issueId,
        unit_id: unitId,
        barcode: c.barcode,
        location: c.location,
        status: c.status,
        acquisition: c.acquisition,
        acquired_on: c.acquiredOn,
        import_id: null,
        order_id: null,
        shipment_id: null,
        created_at: now,
      },
    ]);
    await recordAudit(trx, deps.clock, principal, {
      action: 'holding.copy_add',
      entityType: 'holding_record',
      entityId: recordId,
      summary: `《${row.title}》新增复本 ${c.barcode}（${c.acquisition}）`,
    });
  });
  return getHolding(deps, principal, recordId);
}

export async function changeCopy(
  deps: Deps,
  principal: Principal,
  copyId: number,
  input: TCopyChange,
): Promise<THoldingDetail> {
  authorize(principal, 'holding.manage');
  const scope = await resolveOfficeScope(deps.db, principal);
  const copy = await findCopyById(deps.db, copyId);
  if (!copy) throw new AppError('NOT_FOUND', '该复本不存在或已被删除。');
  assertActsFor(scope, copy.unit_id);
  const set = ZCopyChange.parse(input);
  await deps.db.transaction().execute(async (trx) => {
    await updateCopy(trx, copyId, set);
    await recordAudit(trx, deps.clock, principal, {
      action: 'holding.copy_change',
      entityType: 'holding_copy',
      entityId: copyId,
      summary: `修改复本 ${copy.barcode}${set.status ? `：${set.status}` : ''}`,
      before: copy,
      after: set,
    });
  });
  return getHolding(deps, principal, copy.record_id);
}

export async function removeCopy(deps: Deps, principal: Principal, copyId: number): Promise<void> {
  authorize(principal, 'holding.manage');
  const scope = await resolveOfficeScope(deps.db, principal);
  const copy = await findCopyById(deps.db, copyId);
  if (!copy) throw new AppError('NOT_FOUND', '该复本不存在或已被删除。');
  assertActsFor(scope, copy.unit_id);
  await deps.db.transaction().execute(async (trx) => {
    await deleteCopy(trx, copyId);
    await recordAudit(trx, deps.clock, principal, {
      action: 'holding.copy_delete',
      entityType: 'holding_copy',
      entityId: copyId,
      summary: `删除复本 ${copy.barcode}`,
      before: copy,
    });
  });
}
