import type { Db } from '../../db/database.ts';
import { findBindings, type BindingRow } from './bindings.repository.ts';
import { countCopies } from './copies.repository.ts';

/**
 * The live value of a library count bound to a work-plan indicator, as of `date` (YYYY-MM-DD): copies purchased or
 * acquired in the binding's year up to that date, or all copies held on that date. What the task page and the
 * dashboard show instead of a typed actual.
 */
export async function computeLibraryMetric(
  db: Db,
  b: Pick<BindingRow, 'metric' | 'unit_id' | 'year'>,
  date: string,
): Promise<number> {
  const yearStart = `${b.year}-01-01`;
  const yearEnd = `${b.year}-12-31`;
  const to = date < yearEnd ? date : yearEnd;
  switch (b.metric) {
    case 'purchased_in_year':
      return countCopies(db, { unitIds: [b.unit_id], from: yearStart, to, acquisition: '购买', includeGone: true });
    case 'acquired_in_year':
      return countCopies(db, { unitIds: [b.unit_id], from: yearStart, to, includeGone: true });
    default:
      return countCopies(db, { unitIds: [b.unit_id], to: date });
  }
}

/**
 * For the reports and dashboard modules: the live actual of every indicator among `indicatorIds` that is bound to a
 * library count. Indicators not bound are absent from the map (their actuals come from approved reports).
 */
export async function liveIndicatorActuals(
  db: Db,
  indicatorIds: readonly number[],
  date: string,
): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (indicatorIds.length === 0) return out;
  for (const b of await findBindings(db, indicatorIds))
    out.set(b.indicator_id, await computeLibraryMetric(db, b, date));
  return out;
}
