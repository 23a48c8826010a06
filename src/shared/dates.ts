/**
 * Calendar arithmetic on ISO dates (`YYYY-MM-DD`), the form every date takes in the API, the database and the rules.
 * Pure and time-zone free: a date is a calendar day, computed in UTC so that no local offset or daylight-saving rule can
 * shift it. "Today" is the UTC calendar day of the clock's instant, which is also what `FANGZHI_FIXED_DATE` pins.
 */

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const pad2 = (n: number) => String(n).padStart(2, '0');

function parts(date: string): [number, number, number] {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** The calendar day (UTC) of an instant: what the server's clock means by "today". */
export function isoDateOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** The calendar day of an instant where the viewer is (browser pages preset pickers with it). */
export function localIsoDateOf(instant: Date): string {
  return isoDate(instant.getFullYear(), instant.getMonth() + 1, instant.getDate());
}

/** `YYYY-MM-DD` from numbers (month 1–12), zero-padded. */
export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** Whether `text` is a real calendar date as `YYYY-MM-DD` (2023-02-29 and 2023-13-01 are not). */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(m[1]), month);
}

/** Number of days in a month (1–12) of a year, leap years included. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Milliseconds since the epoch at the start of the day (UTC); for charts that need a number. */
export function dateToTime(date: string): number {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d);
}

export function addDays(date: string, days: number): string {
  return isoDateOf(new Date(dateToTime(date) + days * DAY_MS));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dateToTime(to) - dateToTime(from)) / DAY_MS);
}

/** Adds calendar months, keeping the day but not past the month's end: 2023-01-31 + 1 month = 2023-02-28. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return isoDate(year, month, Math.min(d, daysInMonth(year, month)));
}

export function startOfMonth(date: string): string {
  const [y, m] = parts(date);
  return isoDate(y, m, 1);
}

export function endOfMonth(date: string): string {
  const [y, m] = parts(date);
  return isoDate(y, m, daysInMonth(y, m));
}

/** Quarter 1–4 of a date. */
export function quarterOf(date: string): number {
  return Math.ceil(parts(date)[1] / 3);
}

export function startOfQuarter(date: string): string {
  return isoDate(parts(date)[0], (quarterOf(date) - 1) * 3 + 1, 1);
}

export function endOfQuarter(date: string): string {
  return endOfMonth(isoDate(parts(date)[0], quarterOf(date) * 3, 1));
}

/** Half year 1 (January–June) or 2 (July–December) of a date. */
export function halfOf(date: string): 1 | 2 {
  return parts(date)[1] <= 6 ? 1 : 2;
}

export function startOfHalf(date: string): string {
  return isoDate(parts(date)[0], halfOf(date) === 1 ? 1 : 7, 1);
}

export function endOfHalf(date: string): string {
  return isoDate(parts(date)[0], halfOf(date) === 1 ? 6 : 12, halfOf(date) === 1 ? 30 : 31);
}

/** A date as official documents write it (GB/T 9704-2012: Arabic numerals, no leading zeros): 2023年6月30日. */
export function formatChineseDate(date: string): string {
  const [y, m, d] = parts(date);
  return `${y}年${m}月${d}日`;
}

/** A month as the UI and documents name it: 2023年6月. */
export function formatChineseMonth(date: string): string {
  const [y, m] = parts(date);
  return `${y}年${m}月`;
}

const CN_DIGIT: Record<string, number> = {
  〇: 0,
  零: 0,
  O: 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 一 … 三十一 (and 1 … 31) as a number; NaN for anything else. */
function smallNumber(text: string): number {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  if (!/^[一二三四五六七八九十]{1,3}$/.test(text)) return Number.NaN;
  const digit = (c: string | undefined) => (c !== undefined && c !== '十' ? (CN_DIGIT[c] ?? Number.NaN) : Number.NaN);
  const ten = text.indexOf('十');
  if (ten === -1) return text.length === 1 ? digit(text) : Number.NaN;
  if (ten > 1 || text.indexOf('十', ten + 1) !== -1) return Number.NaN;
  const tens = ten === 0 ? 1 : digit(text[0]);
  const rest = text.slice(ten + 1);
  const ones = rest === '' ? 0 : rest.length === 1 ? digit(rest) : Number.NaN;
  return tens * 10 + ones;
}

/**
 * A written date, in Arabic or Chinese numerals, as `YYYY-MM-DD`: `2023年3月21日`, `二〇二三年三月二十一日`,
 * `二〇二三年十二月三十一日`. Null when it is not one date or not a real day.
 */
export function parseChineseDate(text: string): string | null {
  const m =
    /^\s*(\d{4}|[〇零O一二三四五六七八九]{4})\s*年\s*([0-9一二三四五六七八九十]{1,3})\s*月\s*([0-9一二三四五六七八九十]{1,4})\s*日\s*$/.exec(
      text,
    );
  if (!m) return null;
  const [, yearText = '', monthText = '', dayText = ''] = m;
  const year = /^\d+$/.test(yearText) ? Number(yearText) : Number([...yearText].map((c) => CN_DIGIT[c] ?? '').join(''));
  const date = isoDate(year, smallNumber(monthText), smallNumber(dayText));
  return isIsoDate(date) ? date : null;
}

/** An instant (ISO timestamp) in the viewer's local time: `2023-06-30 14:05`, or with seconds `2023-06-30 14:05:09`. */
export function formatDateTime(timestamp: string, withSeconds = false): string {
  const t = new Date(timestamp);
  if (Number.isNaN(t.getTime())) return timestamp;
  const day = localIsoDateOf(t);
  const time = `${pad2(t.getHours())}:${pad2(t.getMinutes())}${withSeconds ? `:${pad2(t.getSeconds())}` : ''}`;
  return `${day} ${time}`;
}
