import { AppError } from '../../../shared/errors.ts';
import type { TRollup, TTrend, TValue } from '../../../shared/datareports.ts';
import { neutralizeFormula } from '../../../shared/spreadsheet-safe.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import { authorize } from '../../platform/policy.ts';
import { assertProvince, resolveOfficeScope, seesUnit, unitName, type OfficeScope } from '../library/office-access.ts';
import { findCycles, findSubmissions, type CycleRow } from './datareports.repository.ts';
import { definitionOf, loadCycle, reportingOffices, reviewerOf } from './report-access.ts';
import { sumValues } from './rollup.ts';
import { newWorkbook } from '../../platform/workbook.ts';

/** What counts in a 市州 total (its reviewed reports) and in the province's (accepted reports only). */
const COUNTS_FOR_CITY = new Set(['city_approved', 'accepted']);

async function groups(db: Db, scope: OfficeScope, cycle: CycleRow) {
  const def = definitionOf(cycle);
  const offices = reportingOffices(scope).filter((u) => seesUnit(scope, u));
  const subs = await findSubmissions(db, [cycle.id], offices);
  const valuesOf = (u: number, ok: Set<string>) => {
    const s = subs.find((x) => x.unit_id === u && ok.has(x.status));
    return s ? (JSON.parse(s.values_json) as Record<string, TValue>) : null;
  };
  // A 市州 group: the city office itself plus the counties it reviews; a directly managed county stands alone.
  const cityOf = (u: number) => reviewerOf(scope, u) ?? u;
  const cityIds = [...new Set(offices.map(cityOf))];
  const out: TRollup['groups'] = cityIds.map((cityId) => {
    const members = offices.filter((u) => cityOf(u) === cityId);
    const sets = members
      .map((u) => valuesOf(u, u === cityId ? new Set(['accepted', 'city_approved']) : COUNTS_FOR_CITY))
      .filter((v): v is Record<string, TValue> => v !== null);
    return {
      unitId: cityId,
      name: unitName(scope, cityId),
      counted: sets.length,
      expected: members.length,
      totals: sumValues(def, sets),
    };
  });
  const provinceSets = offices
    .map((u) => valuesOf(u, new Set(['accepted'])))
    .filter((v): v is Record<string, TValue> => v !== null);
  if (scope.level === 'province')
    out.unshift({
      unitId: null,
      name: '全省合计',
      counted: provinceSets.length,
      expected: offices.length,
      totals: sumValues(def, provinceSets),
    });
  return { def, offices, subs, groups: out };
}

/** 汇总: province total (accepted reports) and per 市州 (its own and its counties' reviewed reports). */
export async function rollupCycle(deps: { db: Db }, principal: Principal, cycleId: number): Promise<TRollup> {
  authorize(principal, 'datareport.read');
  const scope = await resolveOfficeScope(deps.db, principal);
  const cycle = await loadCycle(deps.db, cycleId);
  const g = await groups(deps.db, scope, cycle);
  return {
    cycleId,
    fields: g.def.fields
      .filter((f) => f.sum && (f.type === 'integer' || f.type === 'number'))
      .map((f) => ({ key: f.key, label: f.label, unit: f.unit })),
    groups: g.groups,
  };
}

/** 中指办统计表: every office's accepted figures under its 市州, 市州 subtotals and the province total, as .xlsx. */
export async function exportZzbTable(
  deps: { db: Db },
  principal: Principal,
  cycleId: number,
): Promise<{ bytes: Buffer; fileName: string }> {
  authorize(principal, 'datareport.read');
  const scope = await resolveOfficeScope(deps.db, principal);
  assertProvince(scope, '中指办统计表的导出');
  const cycle = await loadCycle(deps.db, cycleId);
  const g = await groups(deps.db, scope, cycle);
  const fields = g.def.fields.filter((f) => f.type === 'integer' || f.type === 'number');
  const wb = await newWorkbook();
  const ws = wb.addWorksheet('统计表', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1 },
  });
  ws.mergeCells(1, 1, 1, fields.length + 2);
  ws.getCell(1, 1).value = neutralizeFormula(`${cycle.year} 年度地方志资料工作统计表`);
  ws.getCell(1, 1).font = { size: 15, bold: true };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.getRow(2).values = ['单位', '状态', ...fields.map((f) => `${f.label}${f.unit ? `（${f.unit}）` : ''}`)];
  ws.getRow(2).font = { bold: true };
  ws.getColumn(1).width = 30;
  for (let i = 0; i < fields.length; i++) ws.getColumn(i + 3).width = 14;
  const province = g.groups.find((x) => x.unitId === null)!;
  const total = ws.addRow([
    '全省合计',
    `已接收 ${province.counted}/${province.expected}`,
    ...fields.map((f) => province.totals[f.key] ?? null),
  ]);
  total.font = { bold: true };
  for (const grp of g.groups.filter((x) => x.unitId !== null)) {
    const members = g.offices.filter((u) => (reviewerOf(scope, u) ?? u) === grp.unitId);
    const accepted = members
      .map((u) => g.subs.find((s) => s.unit_id === u && s.status === 'accepted'))
      .filter((s) => s !== undefined);
    const sub = sumValues(
      g.def,
      accepted.map((s) => JSON.parse(s.values_json) as Record<string, TValue>),
    );
    ws.addRow([
      neutralizeFormula(`${grp.name}（小计）`),
      `已接收 ${accepted.length}/${members.length}`,
      ...fields.map((f) => sub[f.key] ?? null),
    ]).font = { bold: true };
    for (const u of members) {
      const s = g.subs.find((x) => x.unit_id === u && x.status === 'accepted');
      const values = s ? (JSON.parse(s.values_json) as Record<string, TValue>) : {};
      ws.addRow([
        neutralizeFormula(`  ${unitName(scope, u)}`),
        s ? '已接收' : '未接收',
        ...fields.map((f) => (typeof values[f.key] === 'number' ? values[f.key] : null)),
      ]);
    }
  }
  ws.views = [{ state: 'frozen', ySplit: 2, xSplit: 1 }];
  return {
    bytes: Buffer.from(await wb.xlsx.writeBuffer()),
    fileName: `${cycle.year}年度资料年报统计表（中指办）.xlsx`,
  };
}

/** 同比: the accepted total of one field across the cycles of a form, year by year, for the offices the actor sees. */
export async function trendOf(deps: { db: Db }, principal: Principal, formId: number, field: string): Promise<TTrend> {
  authorize(principal, 'datareport.read');
  const scope = await resolveOfficeScope(deps.db, principal);
  const cycles = (await findCycles(deps.db, formId)).sort((a, b) => a.year - b.year);
  if (cycles.length === 0) throw new AppError('NOT_FOUND', '该表单还没有年报。');
  const offices = reportingOffices(scope).filter((u) => seesUnit(scope, u));
  const subs = await findSubmissions(
    deps.db,
    cycles.map((c) => c.id),
    offices,
  );
  return cycles.map((c) => {
    const accepted = subs.filter((s) => s.cycle_id === c.id && s.status === 'accepted');
    const value = accepted.reduce((n, s) => {
      const v = (JSON.parse(s.values_json) as Record<string, TValue>)[field];
      return n + (typeof v === 'number' ? v : 0);
    }, 0);
    return { year: c.year, value, offices: accepted.length };
  });
}
