import type { TPlanNotice } from '../../../../shared/workplan-parse.ts';
import { splitTopLevel } from './bracket-scan.ts';
import type { SourceLine } from './classify-lines.ts';
import { formatDate, parseSmallNumber } from './detect-deadline.ts';

/**
 * Reads the covering notice (印发通知) that precedes the plan: its title, addressees (主送), issuer and date (成文日期).
 * Reporting dates in its body (每月23日前报送…) belong to the notice, never to a task.
 */

const CN_YEAR_DIGITS: Record<string, string> = {
  〇: '0',
  零: '0',
  O: '0',
  一: '1',
  二: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};

const DATE_LINE =
  /^(\d{4}|[〇零O一二三四五六七八九]{4})年(\d{1,2}|十[一二]?|[一二三四五六七八九])月(\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])日$/;
const DOC_NUMBER = /〔\d{4}〕\s*\d+\s*号$|\[\d{4}\]\s*\d+\s*号$/;

/** `2023年3月21日` or `二〇二三年三月二十一日` → `2023-03-21`; null for any other line. */
export function parseDocumentDate(line: string): string | null {
  const m = DATE_LINE.exec(line.replace(/\s/g, ''));
  if (!m) return null;
  const yearText = m[1] as string;
  const year = /^\d+$/.test(yearText)
    ? Number(yearText)
    : Number([...yearText].map((c) => CN_YEAR_DIGITS[c] ?? '').join(''));
  const month = parseSmallNumber(m[2] as string);
  const day = parseSmallNumber(m[3] as string);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return formatDate(year, month, day);
}

/** Addressees are separated by `，`; only a list without commas is split on `、` (else 各市（州）、长白山… would break). */
function splitAddressees(text: string): string[] {
  const body = text.replace(/^主送[：:]/, '').replace(/[：:]$/, '');
  const byComma = splitTopLevel(body, '，；');
  const pieces = byComma.length > 1 ? byComma : splitTopLevel(body, '、');
  return pieces.map((p) => p.text);
}

export function parseNotice(lines: readonly SourceLine[]): TPlanNotice | null {
  if (lines.length === 0) return null;
  const titleIndex = lines.findIndex((l) => /通知$/.test(l.text) || /^关于/.test(l.text));
  if (titleIndex < 0) return null;
  let title = (lines[titleIndex] as SourceLine).text;
  let next = titleIndex + 1;
  // A long title may wrap onto a second line ending in 通知.
  while (
    !/通知$/.test(title) &&
    next < lines.length &&
    next <= titleIndex + 2 &&
    !/[：:]$/.test((lines[next] as SourceLine).text)
  ) {
    title += (lines[next] as SourceLine).text;
    next++;
  }
  const rest = lines.slice(next).filter((l) => !DOC_NUMBER.test(l.text));
  const addresseeIndex = rest.findIndex((l) => /^主送[：:]/.test(l.text) || /[：:]$/.test(l.text));
  const addressees = addresseeIndex >= 0 ? splitAddressees((rest[addresseeIndex] as SourceLine).text) : [];
  let dateIndex = -1;
  let date: string | null = null;
  for (let i = rest.length - 1; i >= 0 && date === null; i--) {
    date = parseDocumentDate((rest[i] as SourceLine).text);
    if (date) dateIndex = i;
  }
  const issuerLine = dateIndex > 0 ? rest[dateIndex - 1] : undefined;
  const issuer =
    issuerLine && issuerLine.text.length <= 40 && !/[。；，：]$/.test(issuerLine.text) ? issuerLine.text : null;
  const bodyEnd = dateIndex < 0 ? rest.length : issuer ? dateIndex - 1 : dateIndex;
  const body = rest
    .slice(addresseeIndex + 1, bodyEnd)
    .map((l) => l.text)
    .join('\n');
  return { title, issuer, date, addressees, body };
}
