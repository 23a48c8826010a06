import { describe, expect, it } from 'vitest';
import {
  isValidPeriod,
  periodDueDate,
  periodEndDate,
  periodLabel,
  periodOf,
  periodsOfYear,
  previousPeriod,
} from './periods.ts';

describe('reporting periods', () => {
  it('finds the period of a date in every cycle', () => {
    expect(periodOf('monthly', '2023-06-15')).toBe('2023-06');
    expect(periodOf('quarterly', '2023-06-15')).toBe('2023-Q2');
    expect(periodOf('half_yearly', '2023-07-01')).toBe('2023-H2');
  });

  it('lists a year of periods and knows which are valid', () => {
    expect(periodsOfYear('quarterly', 2023)).toEqual(['2023-Q1', '2023-Q2', '2023-Q3', '2023-Q4']);
    expect(periodsOfYear('monthly', 2023)).toHaveLength(12);
    expect(isValidPeriod('monthly', '2023-13')).toBe(false);
    expect(isValidPeriod('quarterly', '2023-06')).toBe(false);
  });

  it("puts the due date on the due day of the period's last month", () => {
    expect(periodDueDate('2023-06', 23)).toBe('2023-06-23');
    expect(periodDueDate('2023-Q3', 5)).toBe('2023-09-05');
    expect(periodDueDate('2023-H1', 28)).toBe('2023-06-28');
    expect(periodEndDate('2023-02')).toBe('2023-02-28');
    expect(periodEndDate('2024-Q1')).toBe('2024-03-31');
  });

  it('labels periods in Chinese and steps back', () => {
    expect(periodLabel('2023-06')).toBe('2023年6月');
    expect(periodLabel('2023-Q3')).toBe('2023年第三季度');
    expect(periodLabel('2023-H1')).toBe('2023年上半年');
    expect(previousPeriod('monthly', '2023-06')).toBe('2023-05');
    expect(previousPeriod('monthly', '2023-01')).toBeNull();
  });
});

import { periodDueBy } from './plan-health.ts';
import { DEFAULT_SUPERVISION } from '../../../../shared/supervision.ts';

describe('periodDueBy', () => {
  const monthly = { ...DEFAULT_SUPERVISION, cycle: 'monthly' as const, dueDay: 23 };
  it('expects the current month once its due day has passed, else the previous month', () => {
    expect(periodDueBy(monthly, '2023-06-24')).toBe('2023-06');
    expect(periodDueBy(monthly, '2023-06-23')).toBe('2023-05');
    expect(periodDueBy(monthly, '2023-01-10')).toBeNull();
    expect(periodDueBy({ ...monthly, cycle: 'quarterly' }, '2023-08-01')).toBe('2023-Q2');
  });
});
