import { describe, expect, it } from 'vitest';
import { defaultBulletinMonth, defaultSummaryScope } from './export-defaults.ts';

describe('export defaults', () => {
  it("proposes last month's bulletin, inside the plan's year", () => {
    expect(defaultBulletinMonth(2023, '2023-07-10')).toBe('2023-06-01');
    expect(defaultBulletinMonth(2023, '2023-03-31')).toBe('2023-02-01');
    expect(defaultBulletinMonth(2023, '2023-01-15')).toBe('2023-01-01');
    expect(defaultBulletinMonth(2023, '2024-01-05')).toBe('2023-12-01');
    expect(defaultBulletinMonth(2023, '2026-12-01')).toBe('2023-12-01');
    expect(defaultBulletinMonth(2024, '2023-11-20')).toBe('2024-01-01');
  });

  it('proposes the half-year summary until June is over', () => {
    expect(defaultSummaryScope(2023, '2023-06-30')).toBe('H1');
    expect(defaultSummaryScope(2023, '2023-07-01')).toBe('year');
    expect(defaultSummaryScope(2023, '2024-02-01')).toBe('year');
  });
});
