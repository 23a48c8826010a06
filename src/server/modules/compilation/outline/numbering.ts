/**
 * Chinese heading numbers: reading them (第十二章 → 12, （三） → 3) and writing them in the conventional styles
 * (第一篇 / 第一章 / 第一节 / 一、 / （一） / 1. / （1）). Pure.
 */

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  壹: 1,
  贰: 2,
  叁: 3,
  肆: 4,
  伍: 5,
  陆: 6,
  柒: 7,
  捌: 8,
  玖: 9,
};
const UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const CN = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Value of a Chinese or Arabic (also full-width) numeral; null when it is not one. */
export function parseNumeral(raw: string): number | null {
  const s = raw.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟]+$/.test(s)) return null;
  // Digit-by-digit form (一〇五) when no unit character appears.
  if (![...s].some((ch) => ch in UNITS)) {
    if (s.length === 1) return DIGITS[s] ?? null;
    return Number([...s].map((ch) => DIGITS[ch] ?? 0).join(''));
  }
  let total = 0;
  let digit = 0;
  for (const ch of s) {
    if (ch in DIGITS) digit = DIGITS[ch] as number;
    else {
      total += (digit === 0 ? 1 : digit) * (UNITS[ch] as number);
      digit = 0;
    }
  }
  return total + digit;
}

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五. */
export function toChineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0) return String(n);
  if (n < 10) return CN[n] as string;
  if (n < 20) return `十${n % 10 === 0 ? '' : CN[n % 10]}`;
  if (n < 100) return `${CN[Math.floor(n / 10)]}十${n % 10 === 0 ? '' : CN[n % 10]}`;
  if (n < 1000) {
    const rest = n % 100;
    const tail =
      rest === 0
        ? ''
        : rest < 10
          ? `零${CN[rest]}`
          : rest < 20
            ? `一${toChineseNumeral(rest)}`
            : toChineseNumeral(rest);
    return `${CN[Math.floor(n / 100)]}百${tail}`;
  }
  return String(n);
}

/** The ways headings are numbered, from the most senior. `decimal` (1.2.3) takes its depth from the number of parts. */
export const NUMBER_STYLES = [
  'juan',
  'pian',
  'zhang',
  'jie',
  'cn',
  'cnParen',
  'arabic',
  'arabicParen',
  'circled',
  'decimal',
] as const;
export type TNumberStyle = (typeof NUMBER_STYLES)[number];

export interface HeadingNumber {
  style: TNumberStyle;
  /** The number's value (1-based); for `decimal`, the last part. */
  value: number;
  /** For `decimal`: how many parts (1.2.3 → 3). */
  parts: number;
  /** The number as written, e.g. `第十二章`, `（三）`. */
  text: string;
}

const NUM = '[零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰0-9０-９]+';
const PATTERNS: { style: TNumberStyle; re: RegExp }[] = [
  { style: 'juan', re: new RegExp(`^(第(${NUM})卷|卷(${NUM}))(?:[\\s　:：、.．]+|(?=[^\\s]))`) },
  { style: 'pian', re: new RegExp(`^(第(${NUM})篇)[\\s　:：、.．]*`) },
  { style: 'zhang', re: new RegExp(`^(第(${NUM})章)[\\s　:：、.．]*`) },
  { style: 'jie', re: new RegExp(`^(第(${NUM})节)[\\s　:：、.．]*`) },
  { style: 'cnParen', re: /^([（(]([零〇一二三四五六七八九十百]+)[）)])[\s　、.．]*/ },
  { style: 'cn', re: /^(([零〇一二三四五六七八九十百]+)[、.．，,])[\s　]*/ },
  { style: 'arabicParen', re: /^([（(]([0-9０-９]{1,3})[）)]|([0-9０-９]{1,3})[）)])[\s　、.．]*/ },
  { style: 'decimal', re: /^(([0-9０-９]{1,3}(?:[.．][0-9０-９]{1,3})+))[.．]?(?:[\s　]+|(?=[^\d０-９.．]))/ },
  { style: 'arabic', re: /^(([0-9０-９]{1,3})[.．、](?![0-9０-９]))[\s　]*/ },
  // “1 总述” in decimal outlines (1 / 1.1 / 1.1.1): a bare number, a space, then the title.
  { style: 'decimal', re: /^(([0-9０-９]{1,2}))[\s　]+(?=[\u3400-\u9fff])/ },
  { style: 'circled', re: /^(([\u2460-\u2473]))[\s　、.．]*/ },
];

/** Reads the heading number at the start of `text`; returns it with the rest of the line (the title). */
export function readHeadingNumber(text: string): { number: HeadingNumber; title: string } | null {
  for (const { style, re } of PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const title = text.slice(m[0].length).trim();
    // A bare number with nothing after it is not a heading (a page number, a year).
    if (!title) continue;
    const written = (m[1] as string).trim();
    let value: number | null;
    let parts = 1;
    if (style === 'circled') value = (m[2] as string).charCodeAt(0) - 0x2460 + 1;
    else if (style === 'decimal') {
      const nums = (m[2] as string).split(/[.．]/).map((p) => parseNumeral(p) ?? 0);
      parts = nums.length;
      value = nums.at(-1) ?? 0;
    } else value = parseNumeral((m[2] ?? m[3] ?? '') as string);
    if (value === null) continue;
    // “一、” followed by a clause is still a heading; but “十分重要” (a word starting with a numeral) has no 、 and never matches.
    return { number: { style, value, parts, text: written }, title };
  }
  return null;
}

/** Conventional number for a node of a level at position `n` (1-based). Yearbook levels are not numbered. */
export function formatHeadingNumber(level: string, n: number): string {
  switch (level) {
    case '篇':
      return `第${toChineseNumeral(n)}篇`;
    case '章':
      return `第${toChineseNumeral(n)}章`;
    case '节':
      return `第${toChineseNumeral(n)}节`;
    case '目':
      return `${toChineseNumeral(n)}、`;
    case '子目':
      return `（${toChineseNumeral(n)}）`;
    default:
      return '';
  }
}
