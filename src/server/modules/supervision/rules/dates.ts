import type { Clock } from '../../../platform/clock.ts';

/** Calendar helpers of the supervision rules. Dates are `YYYY-MM-DD`, in UTC. Pure. */

const DAY = 86_400_000;

/** A real calendar date (2023-02-30 is refused), as YYYY-MM-DD. */
export function isRealDate(date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

/** "Today" for period and due-date rules: the UTC date of the clock (offices are in one time zone; a day early at 0–8 h is acceptable). */
export function todayOf(clock: Clock): string {
  return clock.now().toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}
