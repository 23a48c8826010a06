import { AppError } from '../../../shared/errors.ts';
import {
  ZSaveSubmission,
  type TProblem,
  type TSaveSubmission,
  type TSubmission,
  type TValue,
} from '../../../shared/datareports.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { authorize } from '../../platform/policy.ts';
import { userIdOf } from '../library/audit-actor.ts';
import { isLocalOffice, resolveOfficeScope, unitName, type OfficeScope } from '../library/office-access.ts';
import { findSubmissionOf, insertSubmission, updateSubmission } from './datareports.repository.ts';
import { definitionOf, loadCycle, previousValues, toSubmission } from './report-access.ts';
import { readReportWorkbook, writeReportTemplate } from './report-workbook.ts';
import { validateReport } from './validate-report.ts';

type Deps = { db: Db; clock: Clock };
const EDITABLE = new Set(['draft', 'returned']);

/** The actor's own office: only a city or county office files a 资料年报. */
function ownOffice(scope: OfficeScope): number {
  const unit = scope.unitId === null ? undefined : scope.units.get(scope.unitId);
  if (!unit || !isLocalOffice(unit))
    throw new AppError('FORBIDDEN', '资料年报由市（州）、县（市、区）地方志工作机构填报，您的账号不属于这类单位。');
  return unit.id;
}

export async function getMySubmission(deps: Deps, principal: Principal, cycleId: number): Promise<TSubmission> {
  authorize(principal, 'datareport.read');
  const scope = await resolveOfficeScope(deps.db, principal);
  const unitId = ownOffice(scope);
  const cycle = await loadCycle(deps.db, cycleId);
  return toSubmission(deps.db, scope, cycle, unitId, await findSubmissionOf(deps.db, cycle.id, unitId));
}

function refuse(errors: TProblem[], what: string): never {
  throw new AppError(
    'VALIDATION_FAILED',
    `${what}有 ${errors.length} 处错误，未保存：${errors
      .slice(0, 3)
      .map((e) => `${e.cell ?? `“${e.label}”`}：${e.message}`)
      .join('；')}${errors.length > 3 ? ' 等' : ''}`,
    errors.map((e) => ({
      path: e.cell ?? e.field,
      message: `${e.cell ? `${e.cell}（${e.label}）` : e.label}：${e.message}`,
    })),
  );
}

async function store(
  deps: Deps,
  principal: Principal,
  scope: OfficeScope,
  cycleId: number,
  unitId: number,
  values: Record<string, TValue>,
  note: string | null,
  source: 'web' | 'xlsx',
): Promise<void> {
  const existing = await findSubmissionOf(deps.db, cycleId, unitId);
  if (existing && !EDITABLE.has(existing.status))
    throw new AppError('CONFLICT', '年报已提交，审核中或已接收，不能再修改；如需修改请联系审核单位退回。');
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const row = { values_json: JSON.stringify(values), note, source, updated_by: userIdOf(principal), updated_at: now };
    const id = existing
      ? (await updateSubmission(trx, existing.id, {
          ...row,
          status: existing.status === 'returned' ? 'returned' : 'draft',
        }),
        existing.id)
      : await insertSubmission(trx, {
          ...row,
          cycle_id: cycleId,
          unit_id: unitId,
          status: 'draft',
          submitted_at: null,
          reviewed_by: null,
          reviewed_at: null,
          decided_by: null,
          decided_at: null,
          comment: null,
        });
    await recordAudit(trx, deps.clock, principal, {
      action: 'datareport.save',
      entityType: 'datareport_submission',
      entityId: id,
      summary: `${unitName(scope, unitId)}保存资料年报${source === 'xlsx' ? '（上传 Excel）' : ''}`,
      after: { values, note },
    });
  });
}

/** 保存草稿 from the browser: types and ranges are checked, required fields may still be empty. */
export async function saveMySubmission(
  deps: Deps,
  principal: Principal,
  cycleId: number,
  input: TSaveSubmission,
): Promise<TSubmission> {
  authorize(principal, 'datareport.fill');
  const scope = await resolveOfficeScope(deps.db, principal);
  const unitId = ownOffice(scope);
  const cycle = await loadCycle(deps.db, cycleId);
  const v = ZSaveSubmission.parse(input);
  const result = validateReport(definitionOf(cycle), v.values, { requireAll: false });
  if (result.errors.length) refuse(result.errors, '年报');
  await store(deps, principal, scope, cycle.id, unitId, result.values, v.note, 'web');
  return getMySubmission(deps, principal, cycleId);
}

/** Reads and checks a filled workbook without saving: every error names its sheet and cell. */
export async function checkWorkbook(
  deps: { db: Db },
  principal: Principal,
  cycleId: number,
  bytes: Uint8Array,
  unitId: number | null,
) {
  authorize(principal, 'datareport.read');
  const cycle = await loadCycle(deps.db, cycleId);
  const def = definitionOf(cycle);
  let read;
  try {
    read = await readReportWorkbook(bytes, def);
  } catch (error) {
    throw new AppError('UNPROCESSABLE_DOCUMENT', error instanceof Error ? error.message : String(error));
  }
  if (read.problems.length) throw new AppError('UNPROCESSABLE_DOCUMENT', read.problems.join('；'));
  const result = validateReport(def, read.raw, {
    requireAll: true,
    previous: unitId ? await previousValues(deps.db, cycle, unitId) : null,
    cellOf: read.cellOf,
  });
  return { ...result, note: read.note };
}

/** 上传 Excel: the whole workbook is checked as for submission; with any error nothing is saved. */
export async function uploadMySubmission(
  deps: Deps,
  principal: Principal,
  cycleId: number,
  bytes: Uint8Array,
): Promise<TSubmission> {
  authorize(principal, 'datareport.fill');
  const scope = await resolveOfficeScope(deps.db, principal);
  const unitId = ownOffice(scope);
  const checked = await checkWorkbook(deps, principal, cycleId, bytes, unitId);
  if (checked.errors.length) refuse(checked.errors, '上传的年报表');
  await store(deps, principal, scope, cycleId, unitId, checked.values, checked.note, 'xlsx');
  return getMySubmission(deps, principal, cycleId);
}

/** 提交: complete and passing every check; year-over-year jumps need an explanation in the note. */
export async function submitMySubmission(deps: Deps, principal: Principal, cycleId: number): Promise<TSubmission> {
  authorize(principal, 'datareport.fill');
  const scope = await resolveOfficeScope(deps.db, principal);
  const unitId = ownOffice(scope);
  const cycle = await loadCycle(deps.db, cycleId);
  const row = await findSubmissionOf(deps.db, cycle.id, unitId);
  if (!row) throw new AppError('CONFLICT', '还没有填写年报，请先填写并保存。');
  if (!EDITABLE.has(row.status)) throw new AppError('CONFLICT', '年报已经提交过了。');
  const result = validateReport(definitionOf(cycle), JSON.parse(row.values_json) as Record<string, TValue>, {
    requireAll: true,
    previous: await previousValues(deps.db, cycle, unitId),
  });
  if (result.errors.length) refuse(result.errors, '年报');
  if (result.warnings.length && !row.note) {
    throw new AppError(
      'VALIDATION_FAILED',
      `以下指标与上年相比变化较大，请在“填报说明”中写明原因后再提交：${result.warnings.map((w) => `“${w.label}”${w.message}`).join('；')}`,
    );
  }
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await updateSubmission(trx, row.id, { status: 'submitted', submitted_at: now, comment: null, updated_at: now });
    await recordAudit(trx, deps.clock, principal, {
      action: 'datareport.submit',
      entityType: 'datareport_submission',
      entityId: row.id,
      summary: `${unitName(scope, unitId)}提交 ${cycle.year} 年度资料年报`,
    });
  });
  return getMySubmission(deps, principal, cycleId);
}

/** The workbook to fill: the form's rows, and the office's saved values when it has some. */
export async function reportTemplate(
  deps: { db: Db },
  principal: Principal,
  cycleId: number,
): Promise<{ bytes: Buffer; fileName: string }> {
  authorize(principal, 'datareport.read');
  const scope = await resolveOfficeScope(deps.db, principal);
  const cycle = await loadCycle(deps.db, cycleId);
  const unit = scope.unitId === null ? undefined : scope.units.get(scope.unitId);
  const own = unit && isLocalOffice(unit) ? await findSubmissionOf(deps.db, cycle.id, unit.id) : undefined;
  const bytes = await writeReportTemplate(
    definitionOf(cycle),
    {
      title: cycle.title,
      year: cycle.year,
      unitName: unit && isLocalOffice(unit) ? unit.name : null,
      deadline: cycle.deadline,
    },
    own ? (JSON.parse(own.values_json) as Record<string, TValue>) : {},
  );
  return { bytes, fileName: `${cycle.title}${unit && isLocalOffice(unit) ? `-${unit.name}` : ''}.xlsx` };
}
