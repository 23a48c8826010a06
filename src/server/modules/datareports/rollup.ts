import type { TFormDefinition, TValue } from '../../../shared/datareports.ts';

/** Adds up the summable numeric fields of the given value sets (county → 市州 → province). Pure. */
export function sumValues(def: TFormDefinition, sets: readonly Record<string, TValue>[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const f of def.fields) {
    if (!f.sum || (f.type !== 'integer' && f.type !== 'number')) continue;
    const sum = sets.reduce((n, v) => n + (typeof v[f.key] === 'number' ? (v[f.key] as number) : 0), 0);
    totals[f.key] = f.type === 'number' ? Math.round(sum * 10000) / 10000 : sum;
  }
  return totals;
}
