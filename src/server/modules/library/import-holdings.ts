import { AppError } from '../../../shared/errors.ts';
import type { TImportItem, TImportPreview, TImportResult } from '../../../shared/library.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { authorize } from '../../platform/policy.ts';
import { codesForAreaName } from './area-names.ts';
import { userIdOf } from './audit-actor.ts';
import { candidatesFromMarc, candidatesFromSheet, type CatalogueCandidate } from './catalogue-entry.ts';
import { findExistingBarcodes, insertCopies, type CopyInsert } from './copies.repository.ts';
import { readHoldingsWorkbook } from './holdings-xlsx.ts';
import { findImportById, insertImport } from './imports.repository.ts';
import { readIso2709, readMarcXml, sniffMarcFormat } from './marc-codec.ts';
import { actingUnitId, assertActsFor, resolveOfficeScope, type OfficeScope } from './office-access.ts';
import { toBatch } from './import-batches.ts';
import { findDuplicateCandidates, findIssue, insertIssue, insertRecord } from './records.repository.ts';
import { toRow } from './record-view.ts';

type Deps = { db: Db; clock: Clock };
export interface ImportRequest {
  bytes: Uint8Array;
  fileName: string;
  /** The office the copies go to; default the actor's own (province staff: their unit, or the committee). */
  unitId?: number | null;
  /** For copies whose file does not say (MARC 905 carries none). */
  acquisition?: string;
}

type Format = TImportPreview['format'];

function judgeFormat(bytes: Uint8Array, fileName: string): Format {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b) return 'xlsx';
  const sniffed = sniffMarcFormat(bytes);
  if (sniffed) return sniffed;
  throw new AppError(
    'UNSUPPORTED_FILE',
    `无法识别“${fileName}”的格式：请上传 ISO 2709（.iso/.mrc）或 MARCXML（.xml）格式的 MARC 文件，或 .xlsx 馆藏表`,
  );
}

async function readCandidates(bytes: Uint8Array, format: Format): Promise<CatalogueCandidate[]> {
  try {
    if (format === 'xlsx') return candidatesFromSheet(await readHoldingsWorkbook(bytes), codesForAreaName);
    return candidatesFromMarc(format === 'iso2709' ? readIso2709(bytes) : readMarcXml(bytes), codesForAreaName);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('UNPROCESSABLE_DOCUMENT', error instanceof Error ? error.message : String(error));
  }
}

interface Plan {
  preview: TImportPreview;
  candidates: CatalogueCandidate[];
  /** For each candidate index: the existing record id its copies join, or the index of an earlier candidate in the file. */
  target: Map<number, { existing: number } | { sameAs: number }>;
  holderOf: Map<number, number>;
}

async function planImport(db: Db, scope: OfficeScope, req: ImportRequest): Promise<Plan> {
  const format = judgeFormat(req.bytes, req.fileName);
  const candidates = await readCandidates(req.bytes, format);
  if (candidates.length === 0)
    throw new AppError('UNPROCESSABLE_DOCUMENT', `“${req.fileName}”中没有找到任何书目记录。`);
  const defaultHolder = req.unitId ?? actingUnitId(scope);
  assertActsFor(scope, defaultHolder);
  const unitByName = new Map(
    [...scope.units.values()].flatMap((u) => [[u.name, u.id] as const, ...u.aliases.map((a) => [a, u.id] as const)]),
  );
  const holderOf = new Map<number, number>();
  for (const c of candidates) {
    const named = c.copies.find((cp) => cp.holder)?.holder;
    const holder = named ? unitByName.get(named) : defaultHolder;
    if (named && holder === undefined)
      c.errors.push(`${c.source}：收藏单位“${named}”不在组织机构中，请改为已有单位的名称或留空`);
    else if (holder !== undefined && holder !== defaultHolder && scope.level !== 'province')
      c.errors.push(`${c.source}：只能导入本单位的馆藏，收藏单位“${named}”不是本单位`);
    else if (holder !== undefined) holderOf.set(c.index, holder);
  }
  // Barcodes must be new, both against the database and within the file.
  const barcodes = candidates.flatMap((c) => c.copies.map((cp) => cp.barcode).filter((b): b is string => !!b));
  const taken = await findExistingBarcodes(db, barcodes);
  const seen = new Set<string>();
  for (const c of candidates) {
    for (const cp of c.copies) {
      if (!cp.barcode) continue;
      if (taken.has(cp.barcode)) c.errors.push(`${c.source}：条码号 ${cp.barcode} 已被其他复本使用`);
      else if (seen.has(cp.barcode)) c.errors.push(`${c.source}：条码号 ${cp.barcode} 在文件中重复出现`);
      seen.add(cp.barcode);
    }
  }
  const existing = await findDuplicateCandidates(
    db,
    candidates.map((c) => c.isbn).filter((x): x is string => !!x),
    candidates.map((c) => c.key).filter((x): x is string => !!x),
  );
  const byIsbn = new Map(existing.filter((e) => e.isbn).map((e) => [e.isbn!, e]));
  const byKey = new Map(existing.map((e) => [e.dedupe_key, e]));
  const firstInFile = new Map<string, CatalogueCandidate>();
  const target: Plan['target'] = new Map();
  const items: TImportItem[] = candidates.map((c) => {
    let duplicateOf: TImportItem['duplicateOf'] = null;
    if (c.errors.length === 0 && c.values) {
      const hit = (c.isbn && byIsbn.get(c.isbn)) || (c.key && byKey.get(c.key));
      if (hit) {
        duplicateOf = {
          id: hit.id,
          title: hit.title,
          reason: c.isbn && hit.isbn === c.isbn ? `ISBN 相同（${c.isbn}）` : '题名、版次、出版年相同',
        };
        target.set(c.index, { existing: hit.id });
      } else {
        const earlier = (c.isbn && firstInFile.get(`isbn:${c.isbn}`)) || (c.key && firstInFile.get(`key:${c.key}`));
        if (earlier) {
          duplicateOf = { id: 0, title: earlier.title, reason: `与文件中${earlier.source}重复` };
          target.set(c.index, { sameAs: earlier.index });
        } else {
          if (c.isbn) firstInFile.set(`isbn:${c.isbn}`, c);
          if (c.key) firstInFile.set(`key:${c.key}`, c);
        }
      }
    }
    const action: TImportItem['action'] = c.errors.length > 0 ? 'skip' : duplicateOf ? 'add_copies' : 'create';
    return {
      index: c.index,
      source: c.source,
      title: c.title,
      type: c.type,
      isbn: c.isbn,
      copies: c.copies.length,
      errors: c.errors,
      duplicateOf,
      action,
    };
  });
  const counts = {
    create: items.filter((i) => i.action === 'create').length,
    addCopies: items.filter((i) => i.action === 'add_copies').length,
    skip: items.filter((i) => i.action === 'skip').length,
    copies: items.filter((i) => i.action !== 'skip').reduce((n, i) => n + i.copies, 0),
  };
  return { preview: { format, fileName: req.fileName, items, counts }, candidates, target, holderOf };
}

/** What an import would do (records created, copies added to duplicates, rows skipped with their errors), saving nothing. */
export async function previewHoldingsImport(
  deps: Deps,
  principal: Principal,
  req: ImportRequest,
): Promise<TImportPreview> {
  authorize(principal, 'holding.manage');
  const scope = await resolveOfficeScope(deps.db, principal);
  return (await planImport(deps.db, scope, req)).preview;
}

/**
 * Imports in one transaction: rows with errors are refused as a whole (nothing is half-written) unless none is valid.
 * The batch is recorded so it can be rolled back.
 */
export async function importHoldings(deps: Deps, principal: Principal, req: ImportRequest): Promise<TImportResult> {
  authorize(principal, 'holding.manage');
  const scope = await resolveOfficeScope(deps.db, principal);
  const plan = await planImport(deps.db, scope, req);
  if (plan.preview.counts.skip > 0) {
    const errors = plan.preview.items.flatMap((i) => i.errors);
    throw new AppError(
      'VALIDATION_FAILED',
      `文件中有 ${plan.preview.counts.skip} 条记录有错误，未导入任何内容。请按提示改正后重新导入：${errors.slice(0, 3).join('；')}${errors.length > 3 ? ` 等 ${errors.length} 处` : ''}`,
      errors.map((message) => ({ path: '', message })),
    );
  }
  const now = deps.clock.now().toISOString();
  const today = now.slice(0, 10);
  const acquisition = req.acquisition ?? '购买';
  const holder = req.unitId ?? actingUnitId(scope);
  const id = await deps.db.transaction().execute(async (trx) => {
    const importId = await insertImport(trx, {
      format: plan.preview.format,
      file_name: req.fileName,
      unit_id: holder,
      record_count: plan.preview.counts.create,
      copy_count: plan.preview.counts.copies,
      created_by: userIdOf(principal),
      created_at: now,
    });
    const recordIdOf = new Map<number, number>();
    const copies: CopyInsert[] = [];
    for (const c of plan.candidates) {
      const t = plan.target.get(c.index);
      const recordId = t
        ? 'existing' in t
          ? t.existing
          : recordIdOf.get(t.sameAs)!
        : await insertRecord(trx, toRow(c.values!, now, importId));
      recordIdOf.set(c.index, recordId);
      let k = 0;
      for (const cp of c.copies) {
        k += 1;
        let issueId: number | null = null;
        if (cp.issue) {
          const year = Number(cp.issue.match(/(1[0-9]{3}|20[0-9]{2})/)?.[1] ?? c.values!.pubYear ?? today.slice(0, 4));
          issueId =
            (await findIssue(trx, recordId, year, cp.issue))?.id ??
            (await insertIssue(trx, recordId, year, cp.issue, now));
        }
        copies.push({
          record_id: recordId,
          issue_id: issueId,
          unit_id: plan.holderOf.get(c.index) ?? holder,
          barcode: cp.barcode ?? `I${importId}-${c.index}-${k}`,
          location: cp.location,
          status: '在架',
          acquisition: cp.acquisition ?? acquisition,
          acquired_on: cp.acquiredOn ?? today,
          import_id: importId,
          order_id: null,
          shipment_id: null,
          created_at: now,
        });
      }
    }
    await insertCopies(trx, copies);
    await recordAudit(trx, deps.clock, principal, {
      action: 'holding.import',
      entityType: 'holding_import',
      entityId: importId,
      summary: `导入馆藏“${req.fileName}”：新建书目 ${plan.preview.counts.create} 条，复本 ${copies.length} 册`,
      after: plan.preview.counts,
    });
    return importId;
  });
  const batch = await findImportById(deps.db, id);
  return { batch: toBatch(batch!, scope), preview: plan.preview };
}
