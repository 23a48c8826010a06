import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  dateToTime,
  daysBetween,
  daysInMonth,
  endOfHalf,
  endOfMonth,
  endOfQuarter,
  formatChineseDate,
  formatChineseMonth,
  formatDateTime,
  halfOf,
  isIsoDate,
  isoDate,
  isoDateOf,
  localIsoDateOf,
  parseChineseDate,
  quarterOf,
  startOfHalf,
  startOfMonth,
  startOfQuarter,
} from './dates.ts';

describe('calendar days', () => {
  it("takes today's calendar day from the instant in UTC, like the server clock", () => {
    expect(isoDateOf(new Date('2023-06-30T23:59:59.999Z'))).toBe('2023-06-30');
    expect(isoDateOf(new Date('2023-07-01T00:00:00Z'))).toBe('2023-07-01');
  });

  it("takes the viewer's calendar day from local time", () => {
    expect(localIsoDateOf(new Date(2023, 0, 1, 0, 30))).toBe('2023-01-01');
    expect(localIsoDateOf(new Date(2023, 11, 31, 23, 59))).toBe('2023-12-31');
  });

  it('pads and validates dates', () => {
    expect(isoDate(2023, 6, 3)).toBe('2023-06-03');
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2023-13-01')).toBe(false);
    expect(isIsoDate('2023-04-31')).toBe(false);
    expect(isIsoDate('2023-6-1')).toBe(false);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2023-06-30', 1)).toBe('2023-07-01');
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2023-06-23', -7)).toBe('2023-06-16');
  });

  it('counts whole days between dates', () => {
    expect(daysBetween('2023-01-01', '2023-12-31')).toBe(364);
    expect(daysBetween('2023-07-10', '2023-07-01')).toBe(-9);
    expect(dateToTime('2023-01-02') - dateToTime('2023-01-01')).toBe(86_400_000);
  });

  it('adds months without running past a month end', () => {
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-03-15', -1)).toBe('2023-02-15');
    expect(addMonths('2023-01-10', -1)).toBe('2022-12-10');
    expect(addMonths('2023-11-30', 14)).toBe('2025-01-30');
  });

  it('finds the bounds of months, quarters and half years', () => {
    expect([startOfMonth('2023-02-14'), endOfMonth('2023-02-14')]).toEqual(['2023-02-01', '2023-02-28']);
    expect([quarterOf('2023-05-20'), startOfQuarter('2023-05-20'), endOfQuarter('2023-05-20')]).toEqual([
      2,
      '2023-04-01',
      '2023-06-30',
    ]);
    expect([startOfQuarter('2023-12-31'), endOfQuarter('2023-10-01')]).toEqual(['2023-10-01', '2023-12-31']);
    expect(endOfQuarter('2023-03-01')).toBe('2023-03-31');
    expect([halfOf('2023-06-30'), startOfHalf('2023-06-30'), endOfHalf('2023-06-30')]).toEqual([
      1,
      '2023-01-01',
      '2023-06-30',
    ]);
    expect([halfOf('2023-07-01'), startOfHalf('2023-07-01'), endOfHalf('2023-07-01')]).toEqual([
      2,
      '2023-07-01',
      '2023-12-31',
    ]);
  });

  it('refuses what is not a YYYY-MM-DD date instead of computing nonsense', () => {
    expect(() => addDays('2023/06/30', 1)).toThrow(RangeError);
    expect(() => endOfMonth('')).toThrow(RangeError);
  });
});

describe('Chinese dates', () => {
  it('writes dates and months as official documents do', () => {
    expect(formatChineseDate('2023-06-30')).toBe('2023年6月30日');
    expect(formatChineseDate('2023-07-05')).toBe('2023年7月5日');
    expect(formatChineseMonth('2023-06-01')).toBe('2023年6月');
  });

  it('reads dates in Arabic and Chinese numerals', () => {
    expect(parseChineseDate('2023年3月21日')).toBe('2023-03-21');
    expect(parseChineseDate('二〇二三年三月二十一日')).toBe('2023-03-21');
    expect(parseChineseDate('二〇二三年十二月三十一日')).toBe('2023-12-31');
    expect(parseChineseDate('二零二四年一月十日')).toBe('2024-01-10');
    expect(parseChineseDate('二〇二三年十月三日')).toBe('2023-10-03');
    expect(parseChineseDate(' 2023 年 6 月 30 日 ')).toBe('2023-06-30');
  });

  it('refuses days that do not exist and text that is not one date', () => {
    expect(parseChineseDate('二〇二三年二月三十日')).toBeNull();
    expect(parseChineseDate('2023年13月1日')).toBeNull();
    expect(parseChineseDate('二〇二三年三十三月一日')).toBeNull();
    expect(parseChineseDate('二〇二三年三月四十日')).toBeNull();
    expect(parseChineseDate('2023年6月底前')).toBeNull();
    expect(parseChineseDate('印发日期：2023年3月21日')).toBeNull();
  });
});

describe('formatDateTime', () => {
  it("shows an instant in the viewer's local time", () => {
    const local = new Date(2023, 5, 30, 9, 5, 7);
    expect(formatDateTime(local.toISOString())).toBe('2023-06-30 09:05');
    expect(formatDateTime(local.toISOString(), true)).toBe('2023-06-30 09:05:07');
  });

  it('passes through what is not a timestamp', () => {
    expect(formatDateTime('从未')).toBe('从未');
  });
});
