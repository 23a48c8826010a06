import { addMonths, startOfMonth } from '../../../shared/dates.ts';

/** The month a bulletin is usually about: last month, kept inside the plan's year (as its first day). */
export function defaultBulletinMonth(year: number, today: string): string {
  const last = startOfMonth(addMonths(today, -1));
  if (last < `${year}-01-01`) return `${year}-01-01`;
  if (last > `${year}-12-31`) return `${year}-12-01`;
  return last;
}

/** The summary a supervisor usually wants: the first half year until it is over, then the whole year. */
export function defaultSummaryScope(year: number, today: string): 'H1' | 'year' {
  return today < `${year}-07-01` ? 'H1' : 'year';
}
