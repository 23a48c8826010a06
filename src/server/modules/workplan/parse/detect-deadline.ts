import type { TPlanDeadline, TTextSpan } from '../../../../shared/workplan-parse.ts';
import { maskTitles } from './detect-references.ts';

/**
 * Finds a task's deadline (完成时限): `6月底前`, `2023年10月底前`, `到年底`, `上半年`, `第三季度`, `9月30日前`.
 * A task without one is due at the end of the plan's year, marked `explicit: false`.
 */

/** A clause inside a unit parenthesis that states a time, e.g. `（研究室负责，6月底前完成）`. */
export const DEADLINE_CLAUSE =
  /(?:\d{1,2}|[一二三四五六七八九十]{1,3})月|季度|上半年|下半年|年底|年末|年内|^全年|长期|持续|常态化|^明年|^次年|^\d{4}年|^(?:完成)?时限|^完成时间|^时间节点/;

/** A task without an end date, as plans state it in a 完成时限 cell or clause. */
const CONTINUOUS =
  /^(?:完成时限[：:]|时限[：:]|完成时间[：:])?(?:长期坚持|长期推进|长期|持续推进|持续开展|持续|常态化(?:推进|开展)?|经常性|全年持续|贯穿全年|每月|每季度|每半年|每年|按月|按季度|按年度|定期)(?:完成|落实|推进|报送|开展)?$/;

const MONTH = '(\\d{1,2}|十[一二]?|[一二三四五六七八九])';
const DAY = '(\\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])';
const PREFIX = '(?:(?:截止到|截至|截止|于|在|到|至)\\s*)?';
const YEAR = '(?:(\\d{4}年|明年|次年|来年|今年|本年|当年))?';

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** `12`, `十二`, `三十一` → number. */
export function parseSmallNumber(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const [tens, ones] = text.includes('十') ? text.split('十') : ['', text];
  const tensValue = text.includes('十') ? (tens ? (CN_DIGITS[tens] ?? 0) : 1) : 0;
  return tensValue * 10 + (ones ? (CN_DIGITS[ones] ?? 0) : 0);
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

interface DeadlineRule {
  pattern: RegExp;
  toDate: (m: RegExpExecArray, planYear: number) => string | null;
}

function yearOf(m: RegExpExecArray, planYear: number): number {
  const y = m[1];
  if (!y || /^(?:今|本|当)年$/.test(y)) return planYear;
  if (/^(?:明|次|来)年$/.test(y)) return planYear + 1;
  return Number(y.slice(0, 4));
}

const RULES: DeadlineRule[] = [
  {
    pattern: new RegExp(`${PREFIX}${YEAR}${MONTH}月${DAY}日(?:前|之前|以前|止|截止)`, 'g'),
    toDate: (m, y) => {
      const year = yearOf(m, y);
      const month = parseSmallNumber(m[2] as string);
      const day = parseSmallNumber(m[3] as string);
      return month >= 1 && month <= 12 && day >= 1 && day <= lastDayOfMonth(year, month)
        ? formatDate(year, month, day)
        : null;
    },
  },
  {
    pattern: new RegExp(
      `${PREFIX}${YEAR}${MONTH}月(?:(底|末|下旬)(?:前|之前|以前)?|(中旬|上旬)(?:前|之前)?|份?(?:前|之前|以前))`,
      'g',
    ),
    toDate: (m, y) => {
      const year = yearOf(m, y);
      const month = parseSmallNumber(m[2] as string);
      if (month < 1 || month > 12) return null;
      if (m[3]) return formatDate(year, month, lastDayOfMonth(year, month));
      if (m[4]) return formatDate(year, month, m[4] === '上旬' ? 10 : 20);
      // `6月前` means before June begins.
      return month === 1 ? formatDate(year - 1, 12, 31) : formatDate(year, month - 1, lastDayOfMonth(year, month - 1));
    },
  },
  {
    // `3—6月`, `3月至6月底`, `2023年3月—12月`: a period; the task is due at its end.
    pattern: new RegExp(
      `${PREFIX}${YEAR}${MONTH}(?:月份?)?\\s*[—至到～~]\\s*(?:\\d{4}年)?${MONTH}月(?:底|末|份)?(?:前|之前|以前)?`,
      'g',
    ),
    toDate: (m, y) => {
      const year = yearOf(m, y);
      const month = parseSmallNumber(m[3] as string);
      return month >= 1 && month <= 12 ? formatDate(year, month, lastDayOfMonth(year, month)) : null;
    },
  },
  {
    pattern: new RegExp(`${PREFIX}(?:(\\d{4}年|明年|次年|来年|今年|本年|当年)年?|年)(?:底|末|内)(?:前|之前)?`, 'g'),
    toDate: (m, y) => formatDate(yearOf(m, y), 12, 31),
  },
  {
    pattern: new RegExp(`${PREFIX}${YEAR}(上半年|下半年)(?:前|之前)?`, 'g'),
    toDate: (m, y) => formatDate(yearOf(m, y), m[2] === '上半年' ? 6 : 12, m[2] === '上半年' ? 30 : 31),
  },
  {
    pattern: new RegExp(`${PREFIX}${YEAR}第?([一二三四1-4])季度(?:末|底)?(?:前|之前)?`, 'g'),
    toDate: (m, y) => {
      const quarter = parseSmallNumber(m[2] as string);
      const year = yearOf(m, y);
      return formatDate(year, quarter * 3, lastDayOfMonth(year, quarter * 3));
    },
  },
];

export interface DeadlineMention {
  date: string;
  text: string;
  span: TTextSpan;
}

/** Every deadline stated in the text; recurring dates (`每月23日前`) and dates inside titles are not deadlines. */
export function findDeadlines(text: string, planYear: number): DeadlineMention[] {
  const masked = maskTitles(text);
  const found: DeadlineMention[] = [];
  for (const rule of RULES) {
    rule.pattern.lastIndex = 0;
    for (let m = rule.pattern.exec(masked); m; m = rule.pattern.exec(masked)) {
      const before = masked.slice(Math.max(0, m.index - 2), m.index);
      if (/每|逐/.test(before)) continue;
      const overlaps = found.some((f) => m!.index < f.span.end && m!.index + m![0].length > f.span.start);
      const date = rule.toDate(m, planYear);
      if (date && !overlaps) found.push({ date, text: m[0], span: { start: m.index, end: m.index + m[0].length } });
    }
  }
  return found.sort((a, b) => a.span.start - b.span.start);
}

/** Forms only a 完成时限 cell or line uses: `2023年12月`, `12月`, `2023.6.30`, `全年`, `2024年`. */
const STATEMENT_RULES: DeadlineRule[] = [
  {
    pattern: /(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*[.\-/月]\s*(\d{1,2})日?/g,
    toDate: (m) => {
      const year = Number(m[1]);
      const month = Number(m[2]);
      const day = Number(m[3]);
      return month >= 1 && month <= 12 && day >= 1 && day <= lastDayOfMonth(year, month)
        ? formatDate(year, month, day)
        : null;
    },
  },
  {
    pattern: new RegExp(`${YEAR}${MONTH}月${DAY}日`, 'g'),
    toDate: (m, y) => {
      const year = yearOf(m, y);
      const month = parseSmallNumber(m[2] as string);
      const day = parseSmallNumber(m[3] as string);
      return month >= 1 && month <= 12 && day >= 1 && day <= lastDayOfMonth(year, month)
        ? formatDate(year, month, day)
        : null;
    },
  },
  { pattern: /(年中)/g, toDate: (_m, y) => formatDate(y, 6, 30) },
  {
    pattern: new RegExp(`${YEAR}${MONTH}月(?:份)?`, 'g'),
    toDate: (m, y) => {
      const year = yearOf(m, y);
      const month = parseSmallNumber(m[2] as string);
      return month >= 1 && month <= 12 ? formatDate(year, month, lastDayOfMonth(year, month)) : null;
    },
  },
  { pattern: /(全年|本年度|年度)/g, toDate: (_m, y) => formatDate(y, 12, 31) },
  { pattern: /(\d{4})年(?:度)?/g, toDate: (m) => formatDate(Number(m[1]), 12, 31) },
];

function isContinuous(text: string, isStatement: boolean): boolean {
  const clauses = text
    .split(/[，。；、,;（）\s\n]/)
    .map((c) => c.trim())
    .filter(Boolean);
  if (isStatement) return clauses.some((c) => CONTINUOUS.test(c));
  // In running text `持续推进…` is a verb; only a clause that is nothing but the phrase states the timing.
  return clauses.some((c) => CONTINUOUS.test(c) && /^(?:长期坚持|持续推进|长期|常态化|持续开展)$/.test(c));
}

/**
 * The task's deadline: the latest one it states (the task is done when all its parts are), else the year's end.
 * `isStatement` is for a 完成时限 cell or line, which may write `12月`, `全年` or `长期坚持` alone.
 */
export function detectDeadline(text: string, planYear: number, isStatement = false): TPlanDeadline {
  const mentions = findDeadlines(text, planYear);
  if (isStatement && mentions.length === 0) {
    const body = text.replace(/^[^：:]{0,6}[：:]/, '');
    const offset = text.length - body.length;
    for (const rule of STATEMENT_RULES) {
      rule.pattern.lastIndex = 0;
      const m = rule.pattern.exec(body);
      const date = m ? rule.toDate(m, planYear) : null;
      if (m && date) {
        mentions.push({ date, text: m[0], span: { start: offset + m.index, end: offset + m.index + m[0].length } });
        break;
      }
    }
  }
  if (mentions.length === 0) {
    const end = formatDate(planYear, 12, 31);
    if (isContinuous(text, isStatement)) {
      const phrase = /长期坚持|长期推进|持续推进|持续开展|常态化(?:推进|开展)?|经常性|贯穿全年|长期|持续/.exec(text);
      return {
        date: end,
        explicit: false,
        continuous: true,
        text: phrase?.[0] ?? null,
        ...(phrase ? { span: { start: phrase.index, end: phrase.index + phrase[0].length } } : {}),
      };
    }
    return { date: end, explicit: false, text: null };
  }
  const latest = mentions.reduce((a, b) => (b.date > a.date ? b : a));
  return { date: latest.date, explicit: true, text: latest.text, span: latest.span };
}
