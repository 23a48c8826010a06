import type { TCycle } from '../../../../shared/supervision.ts';

/**
 * Reporting periods: `2023-06` (monthly), `2023-Q2` (quarterly), `2023-H1` (half-yearly). A period's report is due on
 * `dueDay` of the period's last month (每月23日前报送 → the June report by 23 June). Pure; dates are `YYYY-MM-DD`.
 */

const pad = (n: number) => String(n).padStart(2, '0');
const CN = ['一', '二', '三', '四'];

export function periodOf(cycle: TCycle, date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  switch (cycle) {
    case 'monthly':
      return `${year}-${pad(month)}`;
    case 'quarterly':
      return `${year}-Q${Math.ceil(month / 3)}`;
    case 'half_yearly':
      return `${year}-H${month <= 6 ? 1 : 2}`;
  }
}

export function periodsOfYear(cycle: TCycle, year: number): string[] {
  switch (cycle) {
    case 'monthly':
      return Array.from({ length: 12 }, (_, i) => `${year}-${pad(i + 1)}`);
    case 'quarterly':
      return [1, 2, 3, 4].map((q) => `${year}-Q${q}`);
    case 'half_yearly':
      return [`${year}-H1`, `${year}-H2`];
  }
}

/** The last month (1–12) of a period. */
function lastMonth(period: string): number {
  const suffix = period.slice(5);
  if (suffix.startsWith('Q')) return Number(suffix.slice(1)) * 3;
  if (suffix.startsWith('H')) return Number(suffix.slice(1)) * 6;
  return Number(suffix);
}

export function isValidPeriod(cycle: TCycle, period: string): boolean {
  const year = Number(period.slice(0, 4));
  return Number.isInteger(year) && periodsOfYear(cycle, year).includes(period);
}

export function periodDueDate(period: string, dueDay: number): string {
  return `${period.slice(0, 4)}-${pad(lastMonth(period))}-${pad(dueDay)}`;
}

export function periodEndDate(period: string): string {
  const year = Number(period.slice(0, 4));
  const month = lastMonth(period);
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(last)}`;
}

export function periodLabel(period: string): string {
  const year = period.slice(0, 4);
  const suffix = period.slice(5);
  if (suffix.startsWith('Q')) return `${year}年第${CN[Number(suffix.slice(1)) - 1] ?? suffix}季度`;
  if (suffix.startsWith('H')) return `${year}年${suffix === 'H1' ? '上' : '下'}半年`;
  return `${year}年${Number(suffix)}月`;
}

/** The period before `period` in the same cycle, or null at the start of the year. */
export function previousPeriod(cycle: TCycle, period: string): string | null {
  const all = periodsOfYear(cycle, Number(period.slice(0, 4)));
  const i = all.indexOf(period);
  return i > 0 ? (all[i - 1] ?? null) : null;
}
