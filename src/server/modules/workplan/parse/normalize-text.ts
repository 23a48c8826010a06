import * as OpenCC from 'opencc-js/t2cn';

/**
 * Turns text from any source (pasted, .txt, Word, PDF extraction, a web page copy) into one canonical form the
 * detectors can rely on: full-width Chinese punctuation, ASCII digits, one trimmed line per paragraph, no blank lines,
 * no PDF page numbers, running headers or web-page furniture, PDF hard-wrapped lines re-joined, and tables (`|` rows,
 * one cell per line) as tab-separated rows. Characters stay as written: a traditional document stays traditional;
 * `foldForMatching` gives the same-length simplified copy the detectors match on.
 */

const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });

/** OpenCC maps some characters that are correct in simplified text too; these names must survive the conversion. */
const NAMES_BROKEN_BY_CONVERSION: readonly [string, string][] = [['干安', '乾安']];

/** Lines starting with these begin a new unit of structure and are never glued onto the previous line. */
export const STRUCTURE_MARKER =
  /^(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）|第[一二三四五六七八九十]{1,3}(?:条|部分|章)|\d{1,3}(?:[.．、](?!\d)|）)(?![》）”，。、；：])|（\d{1,3}）|[①-⑳]|[▲●■◆★]|(?:牵头|责任|主责|配合|协办|参与|主办|承办)(?:单位|部门|处室|科室)?[：:]|(?:牽頭|責任|主責|協辦|參與|主辦|承辦)(?:單位|部門|處室|科室)?[：:]|(?:责任|分管|牵头)领导[：:]|(?:責任|分管|牽頭)領導[：:]|(?:完成时限|完成时间|时间节点|完成時限|完成時間|時間節點)[：:]|附件|抄送)/;

const CJK_OR_FULLWIDTH = '[\\u2E80-\\u9FFF\\uF900-\\uFAFF\\uFF00-\\uFFEF\\u3000-\\u303F《》“”‘’—…]';
const SPACE_AFTER_CJK = new RegExp(`(${CJK_OR_FULLWIDTH}) +`, 'g');
const SPACE_BEFORE_CJK = new RegExp(` +(${CJK_OR_FULLWIDTH})`, 'g');

const PAGE_NUMBER_LINE = [
  /^[—–\-－~～]\s*\d{1,4}\s*[—–\-－~～]$/,
  /^第\s*\d{1,4}\s*页(?:\s*[，,/、]?\s*共\s*\d{1,4}\s*页)?$/,
  /^(?:共\s*\d{1,4}\s*页\s*)?第\s*\d{1,4}\s*页$/,
  /^\d{1,4}\s*\/\s*\d{1,4}$/,
  /^(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$/i,
  /^\d{1,3}$/,
];

/** Characters after which a line cannot have ended its paragraph: a wrap always follows. */
const OPEN_ENDINGS = /[，、（《“‘—-]$/;
/** A document or notice title standing on its own line, however long: never the start of a wrapped paragraph. */
const TITLE_LINE = /^[^，。；、]*(?:通知|工作要点|工作计划|工作安排|实施方案|意见)$/;
const DATE_LINE = /^(?:\d{4}|[〇零一二三四五六七八九]{4})年.{1,3}月.{1,3}日$/;
const CLOSED_ENDINGS = /[。！？；：）》”’…]$/;

/**
 * Converts traditional text to simplified. A simplified document may carry a stray traditional form (乾安), so a
 * whole document is only converted when at least `minChanges` characters differ; pass 1 for short names.
 */
export function convertToSimplified(text: string, minChanges = 3): string {
  const converted = toSimplified(text);
  let changed = converted.length === text.length ? 0 : minChanges;
  for (let i = 0; i < text.length && changed < minChanges; i++) if (text[i] !== converted[i]) changed++;
  if (changed < minChanges) return text;
  let result = converted;
  for (const [broken, right] of NAMES_BROKEN_BY_CONVERSION) result = result.split(broken).join(right);
  return result;
}

/**
 * A copy of `text` of exactly the same length in simplified characters, so that offsets found in it index the text
 * as written. Phrase conversion is used when it keeps the length, else each character is converted alone.
 */
export function foldForMatching(text: string): string {
  let converted = convertToSimplified(text, 1);
  if (converted.length !== text.length) {
    converted = '';
    for (const ch of text) {
      const one = toSimplified(ch);
      converted += one.length === ch.length ? one : ch;
    }
  }
  // ★ marks a lead like ▲; 〇 and ○ are the same zero in dates.
  return converted.replace(/★/g, '▲').replace(/[○Ｏ]/g, '〇');
}

/** Straight double quotes, as some converters leave them, become “ and ” alternately within a line. */
function curlQuotes(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      let open = true;
      return line.replace(/"/g, () => {
        const quote = open ? '“' : '”';
        open = !open;
        return quote;
      });
    })
    .join('\n');
}

/** `3-5部` and `3～5部` become `3—5部`, the dash Chinese documents use for ranges; ISO dates and phone numbers are left. */
function unifyRangeDashes(text: string): string {
  return text.replace(/(?<![\d-])(\d{1,4})\s*[-–－~～]\s*(\d{1,4})(?![\d-])/g, '$1—$2');
}

function normalizeCharacters(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const code = ch.charCodeAt(0);
    const prev = text[i - 1] ?? '';
    const next = text[i + 1] ?? '';
    const betweenDigits = /[\d０-９]/.test(prev) && /[\d０-９]/.test(next);
    if (code >= 0xff10 && code <= 0xff19) out += String.fromCharCode(code - 0xfee0);
    else if ((code >= 0xff21 && code <= 0xff3a) || (code >= 0xff41 && code <= 0xff5a))
      out += String.fromCharCode(code - 0xfee0);
    else if (ch === '％') out += '%';
    else if (ch === '．' && betweenDigits) out += '.';
    else if (ch === '(') out += '（';
    else if (ch === ')') out += '）';
    else if (ch === ':' && !betweenDigits) out += '：';
    else if (ch === ',' && !betweenDigits) out += '，';
    else if (ch === ';') out += '；';
    else if (ch === '「' || ch === '『') out += '“';
    else if (ch === '」' || ch === '』') out += '”';
    else if (ch === '\t') out += '\t';
    else if (
      ch === '\u3000' ||
      ch === '\u00a0' ||
      ch === '\u2002' ||
      ch === '\u2003' ||
      ch === '\u2009' ||
      ch === '\u200b' ||
      ch === '\ufeff'
    ) {
      out += ch === '\u200b' || ch === '\ufeff' ? '' : ' ';
    } else out += ch;
  }
  return out;
}

/** `牵头单位：甲  配合单位：乙` on one line: the gap separates two statements, which must not run together. */
const LABEL_AFTER_GAP =
  /(?<=\S)[ \u3000]+(?=(?:牵头|责任|主责|配合|协办|参与|主办|承办|牽頭|責任|協辦|參與)(?:单位|部门|处室|科室|單位|部門|處室)[：:]|(?:责任|分管|牵头|責任|牽頭)(?:领导|領導)[：:]|(?:完成时限|完成时间|完成時限|完成時間)[：:])/g;

function tidyLine(line: string): string {
  line = line.replace(LABEL_AFTER_GAP, '；');
  const cells = line.split('\t');
  // Letter-spaced headings (`工    作    要    点`) can reach us as "cells" of one or two characters: they are one line.
  if (cells.length > 1 && cells.every((c) => c.trim().length <= 2) && !cells.some((c) => /\d/.test(c)))
    line = cells.join('');
  return line
    .split('\t')
    .map((cell) => cell.replace(/ {2,}/g, ' ').trim().replace(SPACE_AFTER_CJK, '$1').replace(SPACE_BEFORE_CJK, '$1'))
    .join('\t')
    .replace(/^\t+$/, '');
}

/** Lines a web page copy carries around the document: source, publishing time, hits, print/close links, breadcrumbs. */
const WEB_FURNITURE = [
  /^(?:信息)?来源[：:]/,
  /^(?:发布|发文|更新|录入)(?:时间|日期)[：:]/,
  /^(?:点击|浏览|阅读|访问)(?:次数|量|数)?[：:]?\s*\d*\s*次?$/,
  /^(?:点击|浏览|阅读)(?:次数|量|数)?[：:]/,
  /^(?:作者|责任编辑|编辑|审核|校对|字号|字体)[：:]/,
  /^【?(?:打印本页|打印|关闭窗口|关闭|收藏|分享到?|返回顶部|保存)】?(?:\s*【?(?:打印本页|打印|关闭窗口|关闭|收藏|分享到?|返回顶部|保存)】?)*[：:]?$/,
  /^(?:当前位置|您的位置|你的位置|所在位置)[：:]/,
  /^(?:首页|网站首页)\s*[>＞»›]/,
  /^【?字[体号][：:]?\s*[大中小]/,
  /^\[?\s*(?:大|中|小)\s*(?:中|小)?\s*\]?$/,
];

function isWebFurniture(line: string): boolean {
  return line.length <= 80 && WEB_FURNITURE.some((pattern) => pattern.test(line));
}

/** `| 1 | 任务 | 办公室 |` (a table copied from a web page or Markdown) → tab-separated cells; `|---|` rules vanish. */
function pipeRowToCells(line: string): string {
  const trimmed = line.trim();
  if (!/^\|.*\|$/.test(trimmed) && (trimmed.match(/\|/g)?.length ?? 0) < 2) return line;
  if (/^[|\s:\-—–]+$/.test(trimmed)) return '';
  const cells = trimmed
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
  return cells.length >= 2 ? cells.join('\t') : line;
}

/** Header words of a task table; a run of lines made only of these starts a table written one cell per line. */
const HEADER_CELL =
  /^(?:序号|编号|工作任务|重点任务|主要任务|任务|工作内容|主要内容|任务内容|工作事项|重点工作|具体措施|工作措施|主要措施|具体任务|目标任务|牵头单位|牵头部门|牵头处室|责任单位|责任部门|责任处室|责任科室|配合单位|配合部门|协办单位|参与单位|完成时限|完成时间|时间节点|时限|责任领导|分管领导|牵头领导|类别|项目|备注|工作目标|目标要求)$/;
const NUMBER_CELL = /^\d{1,3}[.．、]?$/;

const DEADLINE_LIKE =
  /^(?:\d{4}年|\d{1,2}月|[一二三四五六七八九十]{1,2}月|年[底内末]|全年|上半年|下半年|长期|持续|[一二三四1-4]季度|第[一二三四1-4]季度|\d{4}[.\-/]\d{1,2})/;

/** Puts a short row's cells under the right columns: a date-like cell goes to the time column, skipping the ones before. */
function placeCells(header: readonly string[], cells: readonly string[]): string[] {
  if (cells.length >= header.length) return [...cells];
  const row = Array<string>(header.length).fill('');
  let column = 0;
  for (const cell of cells) {
    const isDate = DEADLINE_LIKE.test(cell) && cell.length <= 30;
    if (isDate) {
      const timeColumn = header.findIndex((h, i) => i >= column && /时限|时间|节点/.test(h));
      if (timeColumn >= 0) column = timeColumn;
    } else {
      while (column < header.length && /时限|时间|节点/.test(header[column] as string) && column > 1) column++;
    }
    if (column >= header.length) break;
    row[column] = cell;
    column++;
  }
  return row;
}

/**
 * A table copied as one cell per line: a header row written as 3+ lines of column names, then rows each starting
 * with its 序号. Rebuilt into tab-separated rows; a row with fewer lines than columns keeps the task text first and
 * the last lines in the last columns (a missing cell is usually an empty 配合单位 or 备注).
 */
function cellLinesToRows(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let j = i;
    while (j < lines.length && HEADER_CELL.test(lines[j] as string)) j++;
    const header = lines.slice(i, j);
    if (header.length < 3 || !/^(?:序号|编号)$/.test(header[0] as string)) {
      out.push(lines[i] as string);
      continue;
    }
    out.push(header.join('\t'));
    let expected = 1;
    let k = j;
    while (
      k < lines.length &&
      NUMBER_CELL.test(lines[k] as string) &&
      Number.parseInt(lines[k] as string, 10) === expected
    ) {
      let end = k + 1;
      while (
        end < lines.length &&
        end - k < header.length &&
        !(NUMBER_CELL.test(lines[end] as string) && Number.parseInt(lines[end] as string, 10) === expected + 1)
      )
        end++;
      out.push(placeCells(header, lines.slice(k, end)).join('\t'));
      expected++;
      k = end;
    }
    i = k - 1;
  }
  return out;
}

function isPageNumberLine(line: string): boolean {
  return PAGE_NUMBER_LINE.some((pattern) => pattern.test(line));
}

/**
 * Removes page numbers, and — only in text that had page numbers, i.e. came from a paginated source — running
 * headers and footers: the same line recurring next to the page numbers.
 */
function dropPageFurniture(lines: string[]): string[] {
  const pageLines = lines.flatMap((line, i) => (isPageNumberLine(line) ? [i] : []));
  if (pageLines.length < 2) return lines.filter((line) => !isPageNumberLine(line));
  const nearPageNumber = (i: number): boolean => pageLines.some((p) => Math.abs(p - i) <= 2);
  const counts = new Map<string, number>();
  lines.forEach((line, i) => {
    if (!isPageNumberLine(line) && nearPageNumber(i)) counts.set(line, (counts.get(line) ?? 0) + 1);
  });
  const threshold = Math.max(2, Math.floor(pageLines.length / 2));
  return lines.filter((line, i) => {
    if (isPageNumberLine(line)) return false;
    const isFurniture =
      nearPageNumber(i) &&
      (counts.get(line) ?? 0) >= threshold &&
      line.length <= 30 &&
      /[\u4e00-\u9fff]{2}/.test(line) &&
      !STRUCTURE_MARKER.test(line) &&
      !line.startsWith('（') &&
      !line.includes('单位');
    return !isFurniture;
  });
}

interface Layout {
  width: number;
  /** True when many lines share one length: text laid out on a page (PDF), where a full line means a wrap. */
  isPrinted: boolean;
}

function estimateLayout(lines: readonly string[]): Layout {
  const lengths = lines
    .filter((l) => l.length >= 8 && !l.includes('\t'))
    .map((l) => l.length)
    .sort((a, b) => a - b);
  // Too few lines to tell a printed line width from a short paragraph.
  if (lengths.length < 3) return { width: Infinity, isPrinted: false };
  const width = lengths[Math.floor(lengths.length * 0.8)] ?? Infinity;
  const nearWidth = lengths.filter((n) => n >= width * 0.85 && n <= width * 1.15).length;
  return { width, isPrinted: nearWidth / lengths.length >= 0.35 };
}

/**
 * Glues a PDF's hard-wrapped lines back into paragraphs. Lines that start new structure are never glued; in printed
 * layout a full-width line is glued to the next whatever it ends with, elsewhere only an unfinished line is.
 */
function joinWrappedLines(lines: readonly string[]): string[] {
  const { width, isPrinted } = estimateLayout(lines);
  const out: string[] = [];
  // Judge the width of the last printed line, not of the paragraph glued so far.
  let lastPrinted = '';
  for (const line of lines) {
    const prev = out[out.length - 1];
    const isFullLine = lastPrinted.length >= 15 && lastPrinted.length >= width * 0.85;
    const looksSeparate =
      DATE_LINE.test(line) ||
      (line.length <= 20 &&
        line.length < width * 0.85 &&
        !/[，。、；：（）《》“”]/.test(line) &&
        CLOSED_ENDINGS.test(prev ?? '')) ||
      (prev === lastPrinted && TITLE_LINE.test(prev));
    // A number cut by the wrap (`（20` / `23）`) looks like a `23）` mark on the next line; it is not one.
    const splitNumber = isFullLine && /\d$/.test(prev ?? '') && /^\d/.test(line);
    const canJoin =
      prev !== undefined &&
      !prev.includes('\t') &&
      !line.includes('\t') &&
      (splitNumber || !STRUCTURE_MARKER.test(line)) &&
      !/[：:]$/.test(prev) &&
      !looksSeparate &&
      (OPEN_ENDINGS.test(prev) || (isFullLine && (isPrinted || !CLOSED_ENDINGS.test(prev))));
    if (canJoin) {
      out[out.length - 1] = prev + line;
    } else out.push(line);
    lastPrinted = line;
  }
  return out;
}

/** Normalizes a whole document; the result is the `sourceText` all spans refer to. */
export function normalizeText(raw: string): string {
  const unified = raw
    .replace(/^\ufeff/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\f/g, '\n');
  const lines = unifyRangeDashes(curlQuotes(normalizeCharacters(unified)))
    .split('\n')
    .map(pipeRowToCells)
    .map(tidyLine)
    .filter((line) => line.length > 0 && !isWebFurniture(line));
  return joinWrappedLines(dropPageFurniture(cellLinesToRows(lines))).join('\n');
}
