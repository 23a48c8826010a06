import { describe, expect, it } from 'vitest';
import { CountTable } from './count-table.ts';

/** The table's rows as plain objects, in the order made. */
function rowsOf(table: CountTable) {
  return Array.from({ length: table.rows }, (_, row) => ({
    segment: table.segment[row],
    idx: table.idx[row],
    counts: [...table.counts.subarray(row * table.terms, (row + 1) * table.terms)],
    seen: table.seen[row],
  }));
}

describe('CountTable', () => {
  it('makes one row per section, only for the creating term, and counts the other required terms it has', () => {
    const table = new CountTable(3, 10, 4);
    // Term 0 (the rarest) makes rows in slots 2, 7 and 9.
    table.add(0, 2, 0, 2, 5, true, false);
    table.add(0, 7, 1, 3, 1, true, false);
    table.add(0, 9, 1, 5, 2, true, false);
    // Term 1 (required) where rows are and where none is; term 2 (under NOT) in one row.
    table.add(1, 7, 1, 3, 4, false, true);
    table.add(1, 8, 1, 4, 9, false, true);
    table.add(1, 9, 1, 5, 6, false, true);
    table.add(2, 2, 0, 2, 3, false, false);
    expect(table.has(8)).toBe(false);
    expect(table.has(9)).toBe(true);
    expect(rowsOf(table)).toEqual([
      { segment: 0, idx: 2, counts: [5, 0, 3], seen: 0 },
      { segment: 1, idx: 3, counts: [1, 4, 0], seen: 1 },
      { segment: 1, idx: 5, counts: [2, 6, 0], seen: 1 },
    ]);
  });

  it('grows past the capacity it was given, keeping every row', () => {
    const table = new CountTable(2, 1_000, 1);
    for (let slot = 0; slot < 300; slot++) table.add(0, slot, slot % 3, slot, slot + 1, true, false);
    for (let slot = 0; slot < 300; slot += 2) table.add(1, slot, slot % 3, slot, 7, false, true);
    const rows = rowsOf(table);
    expect(rows).toHaveLength(300);
    expect(rows[299]).toEqual({ segment: 299 % 3, idx: 299, counts: [300, 0], seen: 0 });
    expect(rows[298]).toEqual({ segment: 298 % 3, idx: 298, counts: [299, 7], seen: 1 });
  });
});
