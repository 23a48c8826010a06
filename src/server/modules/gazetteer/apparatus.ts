/**
 * The edition's apparatus in a section's display text: lines a reader sees on the printed page but that are not the
 * book's text — the edition header (欽定四庫全書), the title-and-卷 line that heads (and ends) every 卷, the 四庫
 * catalogue line of a 提要, running heads, page numbers and editorial markers (此頁空白). They stay in the display text
 * and are left out of the search text, so counts say how often the book says something, not how often the edition
 * printed its own name. Pure: text, anchors and the book's rule in, whole-line ranges out.
 */
import type { TSearchRule } from '../../../shared/gazetteer-bib.ts';

export interface TextRange {
  start: number;
  end: number;
}

export interface ApparatusContext {
  /** The book's title as stored (and, for Kanripo, as the source names itself). */
  titles: readonly string[];
  /** `kanripo`, `pdf`, `txt`, `docx`, `md`, `epub` … (the book's source format). */
  format: string;
  /** The per-book override; null = the format's rules. */
  rule: TSearchRule | null;
  /** The search folding, so 畧/略 and 巻/卷 in a heading compare equal to the title. Identity when absent. */
  fold?: (text: string) => string;
}

const LAYOUT = /[\s\u3000]+/g;
const EDITION_HEADER = /^(欽定|钦定)?四(庫|库)全(書|书)(薈要|荟要)?$/;
const JUAN_REST = /^(卷|巻|卷之)[〇零一二三四五六七八九十百千\d]+(之[一二三四五六七八九十百]+)?[上中下]?(終|终)?$/;
const CATALOGUE_REST = /^[\s\u3000]+\S*[類类]/;
const PAGE_NUMBER = /^[-—–－·•\s]*(第\s*)?\d{1,4}\s*(页|頁)?[-—–－·•\s]*$/;
const EDITORIAL = /^[（(〔【[](此|本)?[页頁]?(空白|原缺|缺[页頁]?|下缺|上缺|闕|阙)[）)〕】\]]$/;

interface Line {
  start: number;
  end: number;
  /** The line without layout, folded. */
  key: string;
  /** The line with only its ends trimmed (inner spacing kept, for the catalogue line). */
  trimmed: string;
}

const TRIM = /^[\s\u3000]+|[\s\u3000]+$/g;

function toLine(text: string, start: number, end: number, fold: (s: string) => string): Line {
  const trimmed = text.slice(start, end).replace(TRIM, '');
  return { start, end, key: fold(trimmed.replace(LAYOUT, '')), trimmed };
}

function splitLines(text: string, fold: (s: string) => string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    lines.push(toLine(text, start, end, fold));
    if (nl < 0) return lines;
    start = nl + 1;
  }
}

/**
 * The longest line key EDITION_HEADER (欽定四庫全書薈要) or EDITORIAL can match, in UTF-16 units. Folding keeps the
 * length, so a longer line can only be apparatus as a title heading or as one of the rule's extra lines.
 */
const SHORT_KEY = 8;

/** The UTF-16 units LAYOUT matches (JavaScript's `\s`, which includes U+3000). */
function isLayout(c: number): boolean {
  return c <= 0x20
    ? c === 0x20 || (c >= 0x09 && c <= 0x0d)
    : c === 0x3000 ||
        c === 0xa0 ||
        c === 0x1680 ||
        (c >= 0x2000 && c <= 0x200a) ||
        c === 0x2028 ||
        c === 0x2029 ||
        c === 0x202f ||
        c === 0x205f ||
        c === 0xfeff;
}

/** Title forms a heading line may use: as stored, without the 欽定/御定 of an imperial title, without brackets. */
function titleKeys(titles: readonly string[], fold: (s: string) => string): string[] {
  const keys = new Set<string>();
  for (const title of titles) {
    const base = title
      .replace(/[（(【[].*?[）)】\]]/g, '')
      .replace(/\s*\/.*$/, '')
      .replace(LAYOUT, '');
    if (base.length < 2) continue;
    keys.add(fold(base));
    const bare = base.replace(/^(欽定|钦定|御定|御製|御制|御纂)/, '');
    if (bare.length >= 2) keys.add(fold(bare));
  }
  return [...keys];
}

function isTitleHeading(line: Line, keys: readonly string[], fold: (s: string) => string): boolean {
  for (const key of keys) {
    if (!line.key.startsWith(key)) continue;
    const rest = line.key.slice(key.length);
    if (rest === '' || JUAN_REST.test(rest)) return true;
    // 龍沙紀略　　地理類八(雜記之屬): the 四庫 catalogue line of a 提要, title then the class after a gap.
    const trimmedFolded = fold(line.trimmed);
    if (trimmedFolded.startsWith(key) && CATALOGUE_REST.test(trimmedFolded.slice(key.length))) return true;
  }
  return false;
}

/** Lines at the top or bottom of a page side: where running heads and page numbers are printed. */
function pageEdgeLines(lines: readonly Line[], anchors: readonly { offset: number }[]): Set<number> {
  const edges = new Set<number>();
  if (anchors.length < 2) return edges;
  const starts = anchors.map((a) => a.offset).sort((a, b) => a - b);
  let page = 0;
  let first = -1;
  let last = -1;
  const flush = () => {
    if (first >= 0) edges.add(first);
    if (last >= 0) edges.add(last);
    first = -1;
    last = -1;
  };
  for (const [i, line] of lines.entries()) {
    while (page < starts.length && (starts[page] as number) <= line.start) {
      flush();
      page += 1;
    }
    if (line.key === '') continue;
    if (first < 0) first = i;
    last = i;
  }
  flush();
  return edges;
}

/** Whole-line ranges of `text` that are apparatus under the book's rule (empty when the rule says index everything). */
export function findApparatus(
  text: string,
  anchors: readonly { offset: number }[],
  context: ApparatusContext,
): TextRange[] {
  const mode = context.rule?.mode ?? 'format';
  if (mode === 'none') return [];
  const fold = context.fold ?? ((s: string) => s);
  const extra = new Set((context.rule?.extraLines ?? []).map((l) => fold(l.replace(LAYOUT, ''))).filter(Boolean));
  const keys = titleKeys(context.titles, fold);
  const out: TextRange[] = [];
  const mark = (line: Line) => out.push({ start: line.start, end: line.end });
  if (context.format === 'kanripo') {
    // Most lines are the book's text: only a line that is short (or as short as an extra line) or whose first
    // character starts a title key is folded and tested (the same tests every line got before). Counting stops at
    // the first characters of a long line, so a book's worth of slicing and folding is saved.
    const maxShort = Math.max(SHORT_KEY, ...[...extra].map((k) => k.length));
    const keyStarts = new Set(keys.map((k) => String.fromCodePoint(k.codePointAt(0) as number)));
    for (let start = 0; ;) {
      const nl = text.indexOf('\n', start);
      const end = nl < 0 ? text.length : nl;
      let first = -1;
      let count = 0;
      for (let i = start; i < end && count <= maxShort; i++) {
        if (isLayout(text.charCodeAt(i))) continue;
        if (first < 0) first = i;
        count += 1;
      }
      if (
        first >= 0 &&
        (count <= maxShort || keyStarts.has(fold(String.fromCodePoint(text.codePointAt(first) as number))))
      ) {
        const line = toLine(text, start, end, fold);
        if (
          EDITION_HEADER.test(line.key) ||
          isTitleHeading(line, keys, fold) ||
          EDITORIAL.test(line.key) ||
          extra.has(line.key)
        )
          mark(line);
      }
      if (nl < 0) return out;
      start = nl + 1;
    }
  }
  const lines = splitLines(text, fold);
  // Modern and paged sources: page numbers and running heads at page edges (a line repeated at the edges of at least
  // three pages, or the book title there), editorial markers anywhere.
  const edges = pageEdgeLines(lines, anchors);
  const edgeCounts = new Map<string, number>();
  for (const i of edges) {
    const key = (lines[i] as Line).key;
    edgeCounts.set(key, (edgeCounts.get(key) ?? 0) + 1);
  }
  for (const [i, line] of lines.entries()) {
    if (line.key === '') continue;
    const atEdge = edges.has(i);
    const runningHead =
      atEdge && line.key.length <= 40 && ((edgeCounts.get(line.key) ?? 0) >= 3 || keys.includes(line.key));
    if (runningHead || (atEdge && PAGE_NUMBER.test(line.key)) || EDITORIAL.test(line.key) || extra.has(line.key))
      mark(line);
  }
  return out;
}
