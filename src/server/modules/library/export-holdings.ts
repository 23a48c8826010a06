import type { z } from 'zod';
import type { ZHoldingExportQuery } from '../../../shared/library.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import { authorize } from '../../platform/policy.ts';
import { areaName } from './area-names.ts';
import { toCnmarc } from './cnmarc.ts';
import { findCopiesOfRecords } from './copies.repository.ts';
import { writeHoldingsWorkbook, type ExportRow } from './holdings-xlsx.ts';
import { writeIso2709, writeMarcXml } from './marc-codec.ts';
import { assertSeesUnit, resolveOfficeScope, unitName, visibleUnitIds } from './office-access.ts';
import { findAllRecords, findIssuesOfRecords } from './records.repository.ts';
import { toValues } from './record-view.ts';

export interface HoldingExport {
  bytes: Buffer;
  fileName: string;
  contentType: string;
  records: number;
}

const CONTENT_TYPES = {
  iso2709: 'application/marc',
  marcxml: 'application/marcxml+xml',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
const EXTENSIONS = { iso2709: 'mrc', marcxml: 'xml', xlsx: 'xlsx' } as const;

/**
 * The catalogue the actor sees, with the copies of the offices it sees: CNMARC in ISO 2709 or MARCXML (copies in
 * 905), or the holdings spreadsheet (one row per record and holding office), which imports back unchanged.
 */
export async function exportHoldings(
  deps: { db: Db; clock: { now(): Date } },
  principal: Principal,
  q: z.output<typeof ZHoldingExportQuery>,
): Promise<HoldingExport> {
  authorize(principal, 'holding.read');
  const scope = await resolveOfficeScope(deps.db, principal);
  if (q.unitId) assertSeesUnit(scope, q.unitId);
  const unitIds = q.unitId ? [q.unitId] : visibleUnitIds(scope);
  const all = (await findAllRecords(deps.db)).filter((r) => !q.type || r.type === q.type);
  const copies = (
    await findCopiesOfRecords(
      deps.db,
      all.map((r) => r.id),
    )
  ).filter((c) => !unitIds || unitIds.includes(c.unit_id));
  const records = unitIds ? all.filter((r) => copies.some((c) => c.record_id === r.id)) : all;
  const issues = await findIssuesOfRecords(
    deps.db,
    records.map((r) => r.id),
  );
  const label = (id: number | null) => issues.find((i) => i.id === id)?.label ?? null;
  const copiesOf = new Map<number, typeof copies>();
  for (const c of copies) copiesOf.set(c.record_id, [...(copiesOf.get(c.record_id) ?? []), c]);
  const today = deps.clock.now().toISOString().slice(0, 10);
  const stamp = today.replaceAll('-', '');
  let bytes: Buffer;
  if (q.format === 'xlsx') {
    const rows: ExportRow[] = [];
    for (const r of records) {
      const mine = copiesOf.get(r.id) ?? [];
      const groups = new Map<string, typeof mine>();
      for (const c of mine) {
        const k = [c.unit_id, c.issue_id, c.location, c.acquisition, c.acquired_on].join('|');
        groups.set(k, [...(groups.get(k) ?? []), c]);
      }
      const v = toValues(r);
      if (groups.size === 0)
        rows.push({
          values: v,
          areaNames: [],
          holder: '',
          barcodes: [],
          location: null,
          acquisition: null,
          acquiredOn: null,
          issue: null,
        });
      for (const g of groups.values()) {
        const c0 = g[0]!;
        rows.push({
          values: v,
          areaNames: v.divisionCodes.map((c) => areaName(c) ?? c),
          holder: unitName(scope, c0.unit_id),
          barcodes: g.map((c) => c.barcode),
          location: c0.location,
          acquisition: c0.acquisition,
          acquiredOn: c0.acquired_on,
          issue: label(c0.issue_id),
        });
      }
    }
    bytes = await writeHoldingsWorkbook(rows);
  } else {
    const marc = records.map((r) =>
      toCnmarc(
        r.id,
        toValues(r),
        (copiesOf.get(r.id) ?? []).map((c) => ({
          holder: unitName(scope, c.unit_id),
          barcode: c.barcode,
          location: c.location,
          issue: label(c.issue_id),
        })),
        areaName,
        today,
      ),
    );
    bytes = q.format === 'iso2709' ? writeIso2709(marc) : writeMarcXml(marc);
  }
  return {
    bytes,
    fileName: `馆藏-${stamp}.${EXTENSIONS[q.format]}`,
    contentType: CONTENT_TYPES[q.format],
    records: records.length,
  };
}
