import { parseNumeral } from '../outline/numbering.ts';
import { excerptAt, type Problem, type RuleContext, type RuleNode } from './rule-input.ts';

/**
 * Dates in the text against the 断限, and 大事记 entries that do not start with a date. Years are read in Arabic
 * (2023年) and Chinese (二〇二三年) form; a date names its month and day when it has them. Pure.
 */

const DATE =
  /(?<![\d０-９])((?:1[5-9]|20)\d{2}|[一二三四五六七八九〇零]{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?)?/g;

export interface FoundDate {
  index: number;
  length: number;
  year: number;
  month: number | null;
  day: number | null;
}

export function findDates(text: string): FoundDate[] {
  const out: FoundDate[] = [];
  for (const m of text.matchAll(DATE)) {
    const raw = m[1] as string;
    const year = /^\d+$/.test(raw) ? Number(raw) : Number([...raw].map((ch) => parseNumeral(ch) ?? 0).join(''));
    out.push({
      index: m.index ?? 0,
      length: m[0].length,
      year,
      month: m[2] ? Number(m[2]) : null,
      day: m[3] ? Number(m[3]) : null,
    });
  }
  return out;
}

function limitKey(limit: string, end: boolean): string {
  if (limit.length === 4) return end ? `${limit}-12-31` : `${limit}-01-01`;
  if (limit.length === 7) return end ? `${limit}-31` : `${limit}-01`;
  return limit;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A date's earliest and latest day, to compare with the limits whatever precision it has. */
function span(d: FoundDate): [string, string] {
  if (d.month === null) return [`${d.year}-01-01`, `${d.year}-12-31`];
  if (d.day === null) return [`${d.year}-${pad(d.month)}-01`, `${d.year}-${pad(d.month)}-31`];
  const k = `${d.year}-${pad(d.month)}-${pad(d.day)}`;
  return [k, k];
}

export function checkDateRange(ctx: RuleContext, node: RuleNode): Problem[] {
  if (!ctx.lowerLimit && !ctx.upperLimit) return [];
  const lower = ctx.lowerLimit ? limitKey(ctx.lowerLimit, false) : null;
  const upper = ctx.upperLimit ? limitKey(ctx.upperLimit, true) : null;
  const problems: Problem[] = [];
  node.paragraphs.forEach((p, paragraph) => {
    for (const d of findDates(p)) {
      const [from, to] = span(d);
      const before = lower !== null && to < lower;
      const after = upper !== null && from > upper;
      if (!before && !after) continue;
      problems.push({
        rule: 'date-range',
        severity: after || ctx.yearbook ? 'error' : 'warning',
        message: `“${p.slice(d.index, d.index + d.length)}”${after ? `晚于断限下限（${ctx.upperLimit}）` : `早于断限上限（${ctx.lowerLimit}）`}${before && !ctx.yearbook ? '；如属追溯背景，请确认必要' : '，请核实或删除'}。`,
        nodeId: node.id,
        nodePath: node.path,
        paragraph,
        excerpt: excerptAt(p, d.index, d.length),
      });
    }
  });
  return problems;
}

/** 大事记: every entry starts with its date (or 是年/同月/同日/是月/本月/月内). */
const ENTRY_START =
  /^\s*(?:(?:1[5-9]|20)\d{2}\s*年|[一二三四五六七八九〇零]{4}\s*年|\d{1,2}\s*月|[一二三四五六七八九十]{1,3}月|\d{1,2}\s*日|是年|同年|同月|同日|是月|本月|月内|年内|春|夏|秋|冬|上旬|中旬|下旬|\d{4}[-.．/]\d{1,2})/;

export function checkChronicleEntries(node: RuleNode): Problem[] {
  if (node.genre !== '大事记') return [];
  return node.paragraphs.flatMap((p, paragraph) =>
    p.trim() && !ENTRY_START.test(p)
      ? [
          {
            rule: 'genre-elements',
            severity: 'error' as const,
            message: '大事记条目缺少时间：每条应以日期开头（如“3月12日”“是年”）。',
            nodeId: node.id,
            nodePath: node.path,
            paragraph,
            excerpt: excerptAt(p, 0, 0),
          },
        ]
      : [],
  );
}
