import { DEADLINE_LINE, isUnitLine } from './detect-units.ts';

/** Splits normalized text into lines with offsets and tells which level of the plan's structure each one opens. */

export type LineKind = 'h1' | 'h2' | 'num' | 'paren' | 'circled' | 'unit' | 'row' | 'text';

export interface SourceLine {
  text: string;
  start: number;
  end: number;
  kind: LineKind;
  /** The numbering mark as written (`一、`, `（二）`, `3.`, `①`), '' for other lines. */
  marker: string;
  /** The number the mark stands for (`三` → 3, `12.` → 12), 0 for other lines. */
  ordinal: number;
  /** Offset where the line's content starts after its marker. */
  bodyStart: number;
}

const CN_NUMERAL = '[一二三四五六七八九十]{1,3}';
const PATTERNS: readonly [Exclude<LineKind, 'unit' | 'row' | 'text'>, RegExp][] = [
  ['h1', new RegExp(`^(?:(${CN_NUMERAL})[、．.](?![、，。])|第(${CN_NUMERAL})(?:部分|章|篇)[、，：:\\s]?)`)],
  ['h2', new RegExp(`^（(${CN_NUMERAL})）`)],
  ['num', new RegExp(`^第(${CN_NUMERAL})条[、，：:\\s]?`)],
  // A wrapped line may start with the tail of a number (`2）》编纂…`): a mark is never followed by closing punctuation.
  ['num', /^(\d{1,3})[.．、](?![\d》）”，。、；：])/],
  ['paren', /^(?:（(\d{1,2})）|(\d{1,2})）)(?![》）”，。、；：])/],
  ['circled', /^([①-⑳])/],
];

const CN_VALUE: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** `三` → 3, `十二` → 12, `二十一` → 21. */
export function parseChineseNumeral(text: string): number {
  if (!text.includes('十')) return CN_VALUE[text] ?? 0;
  const [tens = '', ones = ''] = text.split('十');
  return (tens ? (CN_VALUE[tens] ?? 0) : 1) * 10 + (ones ? (CN_VALUE[ones] ?? 0) : 0);
}

function ordinalOf(kind: LineKind, value: string): number {
  if (kind === 'h1' || kind === 'h2' || /^[一二三四五六七八九十]+$/.test(value)) return parseChineseNumeral(value);
  if (kind === 'circled') return value.charCodeAt(0) - 0x2460 + 1;
  return Number(value);
}

/** `▲` / `★` before an item's number marks a key task; the number is read after it. */
const KEY_MARK = /^[▲★☆●◆■]\s*/;

export function classifyLine(text: string, start: number): SourceLine {
  const base = { text, start, end: start + text.length, marker: '', ordinal: 0, bodyStart: start };
  if (text.includes('\t')) return { ...base, kind: 'row' };
  if (isUnitLine(text)) return { ...base, kind: 'unit' };
  if (DEADLINE_LINE.test(text)) return { ...base, kind: 'unit' };
  const key = KEY_MARK.exec(text)?.[0] ?? '';
  const rest = text.slice(key.length);
  for (const [kind, pattern] of PATTERNS) {
    const m = pattern.exec(rest);
    if (m) {
      const value = m[1] ?? m[2] ?? '';
      const ordinal = kind === 'h1' && m[0].startsWith('第') ? parseChineseNumeral(value) : ordinalOf(kind, value);
      return { ...base, kind, marker: key + m[0], ordinal, bodyStart: start + key.length + m[0].length };
    }
  }
  return { ...base, kind: 'text' };
}

export function splitLines(text: string): SourceLine[] {
  const lines: SourceLine[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    if (line.length > 0) lines.push(classifyLine(line, offset));
    offset += line.length + 1;
  }
  return lines;
}
