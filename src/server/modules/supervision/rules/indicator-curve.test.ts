import { describe, expect, it } from 'vitest';
import { checkIndicatorPoints, plannedIndicatorValue } from './indicator-curve.ts';

describe('planned indicator value', () => {
  const books = { curve: 'linear' as const, baseline: 0, targetValue: 2000, points: [] };

  it('grows evenly from the baseline at the start to the target at the deadline', () => {
    expect(plannedIndicatorValue(books, '2023-01-01', '2023-12-31', '2023-01-01')).toBe(0);
    expect(plannedIndicatorValue(books, '2023-01-01', '2023-12-31', '2023-12-31')).toBe(2000);
    const mid = plannedIndicatorValue(books, '2023-01-01', '2023-12-31', '2023-07-02');
    expect(mid).toBeGreaterThan(990);
    expect(mid).toBeLessThan(1010);
    expect(plannedIndicatorValue(books, '2023-01-01', '2023-12-31', '2024-03-01')).toBe(2000);
  });

  it('starts from a baseline (馆藏 16 万 → 17 万)', () => {
    const holdings = { curve: 'linear' as const, baseline: 160000, targetValue: 170000, points: [] };
    expect(plannedIndicatorValue(holdings, '2023-01-01', '2023-12-31', '2022-12-01')).toBe(160000);
    expect(plannedIndicatorValue(holdings, '2023-01-01', '2023-12-31', '2023-12-31')).toBe(170000);
  });

  it('follows custom points piecewise and holds after the last one', () => {
    const custom = {
      curve: 'points' as const,
      baseline: 0,
      targetValue: 300,
      points: [
        { date: '2023-09-30', value: 300 },
        { date: '2023-03-31', value: 100 },
      ],
    };
    expect(plannedIndicatorValue(custom, '2023-01-01', '2023-12-31', '2023-03-31')).toBe(100);
    const may = plannedIndicatorValue(custom, '2023-01-01', '2023-12-31', '2023-06-30');
    expect(may).toBeGreaterThan(195);
    expect(may).toBeLessThan(205);
    expect(plannedIndicatorValue(custom, '2023-01-01', '2023-12-31', '2023-11-01')).toBe(300);
  });

  it('refuses points outside the year or on the same day', () => {
    expect(checkIndicatorPoints([{ date: '2022-12-31', value: 1 }], 2023)).toMatch(/不在 2023 年内/);
    expect(
      checkIndicatorPoints(
        [
          { date: '2023-05-01', value: 1 },
          { date: '2023-05-01', value: 2 },
        ],
        2023,
      ),
    ).toMatch(/重复/);
    expect(checkIndicatorPoints([{ date: '2023-05-01', value: 1 }], 2023)).toBeNull();
  });
});
