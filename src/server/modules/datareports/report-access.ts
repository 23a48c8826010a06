import { AppError } from '../../../shared/errors.ts';
import type { TFormDefinition, TSubmission, TSubmissionStatus, TValue } from '../../../shared/datareports.ts';
import { ZFormDefinition } from '../../../shared/datareports.ts';
import type { Db } from '../../db/database.ts';
import { isLocalOffice, reviewerOf, unitName, type OfficeScope } from '../library/office-access.ts';
import { validateReport } from './validate-report.ts';
import {
  findCycle,
  findCycleOf,
  findSubmissionOf,
  type CycleRow,
  type SubmissionRow,
} from './datareports.repository.ts';

/** The offices that owe a report: every active city, special-zone and county office. */
export function reportingOffices(scope: OfficeScope): number[] {
  return [...scope.units.values()]
    .filter((u) => u.is_active === 1 && isLocalOffice(u))
    .sort((a, b) => a.sort_order - b.sort_order || a.id - b.id)
    .map((u) => u.id);
}

export { reviewerOf } from '../library/office-access.ts';

export const definitionOf = (cycle: CycleRow): TFormDefinition =>
  ZFormDefinition.parse(JSON.parse(cycle.definition_json));

export async function loadCycle(db: Db, id: number): Promise<CycleRow> {
  const cycle = await findCycle(db, id);
  if (!cycle) throw new AppError('NOT_FOUND', '该年报不存在。');
  return cycle;
}

/** Last year's accepted values of the same form for the same office (for the year-over-year checks). */
export async function previousValues(db: Db, cycle: CycleRow, unitId: number): Promise<Record<string, TValue> | null> {
  const prior = await findCycleOf(db, cycle.form_id, cycle.year - 1);
  if (!prior) return null;
  const s = await findSubmissionOf(db, prior.id, unitId);
  return s && s.status === 'accepted' ? (JSON.parse(s.values_json) as Record<string, TValue>) : null;
}

export async function toSubmission(
  db: Db,
  scope: OfficeScope,
  cycle: CycleRow,
  unitId: number,
  row: SubmissionRow | undefined,
): Promise<TSubmission> {
  const reviewer = reviewerOf(scope, unitId);
  const values = row ? (JSON.parse(row.values_json) as Record<string, TValue>) : {};
  const warnings = row
    ? validateReport(definitionOf(cycle), values, {
        requireAll: false,
        previous: await previousValues(db, cycle, unitId),
      }).warnings
    : [];
  return {
    id: row?.id ?? null,
    cycleId: cycle.id,
    unitId,
    unitName: unitName(scope, unitId),
    reviewerName: reviewer ? unitName(scope, reviewer) : null,
    status: (row?.status ?? 'missing') as TSubmissionStatus,
    values,
    note: row?.note ?? null,
    source: row?.source ?? null,
    submittedAt: row?.submitted_at ?? null,
    comment: row?.comment ?? null,
    updatedAt: row?.updated_at ?? null,
    warnings,
  };
}
