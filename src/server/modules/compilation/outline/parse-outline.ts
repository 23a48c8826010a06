import {
  BOOK_LEVELS,
  GENRES,
  YEARBOOK_LEVELS,
  type TGenre,
  type TMatter,
  type TNodeLevel,
  type TOutlinePreview,
  type TParsedHeading,
  type TProjectKind,
} from '../../../../shared/compilation.ts';
import {
  classifyLine,
  cleanLine,
  hasTrailingPageNumber,
  isNoise,
  isProse,
  looksLikeDocumentTitle,
  type ClassifiedLine,
} from './classify-heading.ts';
import type { TNumberStyle } from './numbering.ts';

/**
 * The outline parser: lines (from .txt, .docx or a one-column sheet) or table rows (类目 | 分目 | 条目 …) → a tree of
 * headings with levels, numbers removed, 体裁 and 卷首/正文/卷尾. Pure; the file readers are in `read-outline-file.ts`.
 *
 * Levels come from, in order of trust: Word heading styles (or TOC styles), the numbering (第一篇 > 第一章 > 第一节 >
 * 一、 > （一） > 1. > （1） > ①, decimals 1.1.1 by their parts, ◎ and 【】 markers below), indentation; without any of
 * these the outline is a flat list and the preview says so. Numbers are matched by nesting, not by a fixed table: a
 * chapter whose items are 一、 directly gets them as children, and the same style under a new parent starts again.
 */

export interface OutlineLine {
  text: string;
  /** 1-based line or paragraph number in the source. */
  line: number;
  /** Word heading / outline / TOC level (1 = top), when the source has one. */
  styleLevel?: number | null;
  /** Indentation in any consistent unit (spaces, twips, cell indent). */
  indent?: number | null;
}

type Method = TOutlinePreview['method'];

const STYLE_RANK: Record<TNumberStyle, number> = {
  juan: 0,
  pian: 1,
  zhang: 2,
  jie: 3,
  cn: 4,
  cnParen: 5,
  arabic: 6,
  decimal: 6,
  arabicParen: 7,
  circled: 8,
};
const BULLET_RANK = 9;
const BRACKET_RANK = 10;

interface Entry {
  line: OutlineLine;
  c: ClassifiedLine;
}

interface Placed {
  entry: Entry;
  depth: number;
  topLevel: boolean;
}

interface Frame {
  key: string;
  rank: number;
  depth: number;
  plain: boolean;
}

function numberKey(c: ClassifiedLine): { key: string; rank: number } | null {
  if (c.number) {
    if (c.number.style === 'decimal') return { key: `decimal${c.number.parts}`, rank: 6 + (c.number.parts - 1) * 0.1 };
    return { key: c.number.style, rank: STYLE_RANK[c.number.style] };
  }
  if (c.namedPian) return { key: 'pian', rank: STYLE_RANK.pian };
  if (c.marker === 'bullet') return { key: 'bullet', rank: BULLET_RANK };
  if (c.marker === 'bracket') return { key: 'bracket', rank: BRACKET_RANK };
  return null;
}

/** Places entries by a stack of open headings: the same key closes back to its sibling; a more senior rank closes deeper ones. */
function placeByStack(
  entries: Entry[],
  keyOf: (e: Entry) => { key: string; rank: number; plain: boolean } | 'top',
): Placed[] {
  const stack: Frame[] = [];
  const placed: Placed[] = [];
  for (const entry of entries) {
    const k = keyOf(entry);
    if (k === 'top') {
      stack.length = 0;
      placed.push({ entry, depth: 1, topLevel: true });
      continue;
    }
    if (!k.plain) while (stack.length > 0 && stack.at(-1)!.plain) stack.pop();
    const same = stack.findIndex((f) => f.key === k.key);
    if (same >= 0) stack.length = same;
    else while (stack.length > 0 && stack.at(-1)!.rank >= k.rank) stack.pop();
    const depth = stack.length + 1;
    stack.push({ key: k.key, rank: k.rank, depth, plain: k.plain });
    placed.push({ entry, depth, topLevel: false });
  }
  return placed;
}

function distinct(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/** Picks how levels are decided for this document, from what its lines carry. */
function chooseMethod(entries: Entry[]): Method {
  const ordinary = entries.filter((e) => !e.c.namedPart);
  if (ordinary.length === 0) return 'flat';
  const styled = entries.filter((e) => e.line.styleLevel !== null && e.line.styleLevel !== undefined);
  if (styled.length >= Math.max(2, entries.length * 0.5) && distinct(styled.map((e) => e.line.styleLevel!)).length >= 1)
    return 'styles';
  const numbered = ordinary.filter((e) => numberKey(e.c) !== null);
  const indents = distinct(entries.map((e) => e.line.indent ?? 0));
  const ordinals = numbered.filter((e) => e.c.number !== null || e.c.namedPian);
  // Markers (◎, 【】) rank entries but do not count them: with indentation present, indentation decides.
  if (ordinals.length === 0 && indents.length >= 2) return 'indentation';
  if (numbered.length >= ordinary.length * 0.6 && numbered.length > 0) return 'numbering';
  if (indents.length >= 2) return 'indentation';
  return numbered.length > 0 ? 'numbering' : 'flat';
}

function keyFor(method: Method, entries: Entry[]): (e: Entry) => { key: string; rank: number; plain: boolean } | 'top' {
  const hasOrdinals = entries.some((e) => e.c.number !== null || e.c.namedPian);
  const firstOrdinal = entries.findIndex((e) => numberKey(e.c) !== null);
  const lastOrdinal = entries.findLastIndex((e) => numberKey(e.c) !== null);
  let lastNumbered: { key: string; rank: number } | null = null;
  return (e) => {
    const index = entries.indexOf(e);
    const part = e.c.namedPart;
    const unnumbered = numberKey(e.c) === null;
    // 凡例/概述/大事记/附录 … unnumbered before the body, after it, or always-book-level names stand at the top.
    // (With styles or indentation the source says where they stand.)
    if (
      part &&
      unnumbered &&
      (method === 'numbering' || method === 'flat') &&
      (part.bookLevel || index < firstOrdinal || firstOrdinal < 0 || index > lastOrdinal)
    )
      return 'top';
    if (method === 'styles') {
      const level = e.line.styleLevel;
      if (level !== null && level !== undefined) return { key: `h${level}`, rank: level, plain: false };
      return { key: 'body', rank: 99, plain: true };
    }
    if (method === 'indentation') {
      const indent = e.line.indent ?? 0;
      return { key: `i${indent}`, rank: indent, plain: false };
    }
    const k = numberKey(e.c);
    if (k) {
      lastNumbered = k;
      return { ...k, plain: false };
    }
    if (!hasOrdinals) return { key: 'plain', rank: -1, plain: false };
    // An unnumbered heading inside a numbered outline (章下概述, 无题小序) belongs to the heading before it.
    return lastNumbered
      ? { key: `plain:${lastNumbered.key}`, rank: lastNumbered.rank + 0.5, plain: true }
      : { key: 'plain', rank: -1, plain: false };
  };
}

function levelFor(kind: TProjectKind, depth: number, scheme: readonly TNodeLevel[]): TNodeLevel {
  const levels = kind === 'yearbook' ? YEARBOOK_LEVELS : scheme;
  return levels[Math.min(depth, levels.length) - 1] as TNodeLevel;
}

function defaultGenre(kind: TProjectKind, level: TNodeLevel): TGenre {
  if (kind === 'yearbook') return level === '条目' ? '记' : '志';
  if (kind === 'history') return '记';
  return '志';
}

/** Nests placed entries (depth may only grow by one at a time) into the preview tree. */
function buildTree(placed: Placed[], kind: TProjectKind): TParsedHeading[] {
  const usesPian = placed.some(
    (p) => p.entry.c.number?.style === 'pian' || p.entry.c.number?.style === 'juan' || p.entry.c.namedPian,
  );
  const scheme = usesPian ? BOOK_LEVELS : BOOK_LEVELS.slice(1);
  const roots: TParsedHeading[] = [];
  const path: TParsedHeading[] = [];
  let seenBody = false;
  for (const p of placed) {
    const depth = Math.min(p.depth, path.length + 1);
    path.length = depth - 1;
    const level = levelFor(kind, depth, scheme);
    const part = p.entry.c.namedPart;
    let matter: TMatter = 'body';
    if (depth === 1 && part)
      matter =
        part.matter === 'back'
          ? 'back'
          : seenBody
            ? part.matter === 'front' && part.genre !== '大事记' && part.genre !== '概述'
              ? 'front'
              : 'body'
            : 'front';
    if (depth === 1 && !part) seenBody = true;
    const heading: TParsedHeading = {
      depth,
      level,
      numberText: p.entry.c.number?.text ?? '',
      title: p.entry.c.title,
      // 概述 inside a 篇 or 章 is its 无题小序-like overview: 述, not the book's 概述.
      genre: depth > 1 && p.entry.c.genre === '概述' ? '述' : (p.entry.c.genre ?? defaultGenre(kind, level)),
      matter: depth === 1 ? matter : 'body',
      ownerUnitName: null,
      wordBudget: null,
      line: p.entry.line.line,
      children: [],
    };
    const parent = path.at(-1);
    if (parent) {
      heading.matter = parent.matter;
      parent.children.push(heading);
    } else roots.push(heading);
    path.push(heading);
  }
  return roots;
}

export function countHeadings(headings: readonly TParsedHeading[]): number {
  return headings.reduce((n, h) => n + 1 + countHeadings(h.children), 0);
}

function maxDepth(headings: readonly TParsedHeading[]): number {
  return headings.reduce((d, h) => Math.max(d, h.depth, maxDepth(h.children)), 0);
}

/** Parses outline lines (in reading order) into a tree. */
export function parseOutlineLines(raw: readonly OutlineLine[], kind: TProjectKind): TOutlinePreview {
  const warnings: string[] = [];
  const nonEmpty = raw.filter((l) => l.text.trim());
  const trailing = nonEmpty.filter((l) => hasTrailingPageNumber(l.text)).length >= Math.max(3, nonEmpty.length * 0.5);
  const entries: Entry[] = [];
  let skippedProse = 0;
  let seenHeading = false;
  for (const line of raw) {
    const text = cleanLine(line.text, trailing);
    if (!text || isNoise(text)) continue;
    const c = classifyLine(text);
    if (!seenHeading && !c.number && !c.marker && !c.namedPart && looksLikeDocumentTitle(text)) {
      warnings.push(`第 ${line.line} 行“${text}”是文件标题，未作为篇目导入。`);
      continue;
    }
    if (isProse(text) || !c.title) {
      skippedProse++;
      continue;
    }
    seenHeading = true;
    entries.push({ line: { ...line, text }, c });
  }
  if (skippedProse > 0) warnings.push(`跳过了 ${skippedProse} 段说明文字（长句，不像标题）。`);
  if (entries.length === 0)
    return {
      method: 'flat',
      headings: [],
      count: 0,
      warnings: [...warnings, '没有找到篇目标题：请确认文件每行一个标题，或使用 Word 的标题样式。'],
    };
  const method = chooseMethod(entries);
  const placed = placeByStack(entries, keyFor(method, entries));
  if (method === 'flat' && entries.length > 1)
    warnings.push(
      '各行没有编号、标题样式或缩进，无法判断层级，已全部作为第一层导入；请在预览中调整，或为标题加上编号（第一章、一、（一））后重新导入。',
    );
  const headings = buildTree(placed, kind);
  if (kind === 'yearbook' && maxDepth(headings) > YEARBOOK_LEVELS.length)
    warnings.push('年鉴框架超过类目、分目、条目三层，更深的层级按条目导入。');
  if (kind !== 'yearbook' && maxDepth(headings) > BOOK_LEVELS.length)
    warnings.push('篇目超过篇、章、节、目、子目五层，更深的层级按子目导入。');
  return { method, headings, count: countHeadings(headings), warnings };
}

// ---- tables: 类目 | 分目 | 条目, or 层级 | 标题, with 承编单位 and 字数 ----

const LEVEL_HEADERS: Record<string, number> = {
  篇: 1,
  编: 1,
  卷: 1,
  类目: 1,
  章: 2,
  分目: 2,
  节: 3,
  条目: 3,
  目: 4,
  子目: 5,
  次分目: 3,
};
const TITLE_HEADER = /^(标题|名称|篇目|篇目名称|条目名称|题目|内容)$/;
const LEVEL_COLUMN = /^(层级|级别|层次|类别|级次)$/;
const UNIT_HEADER = /(承编单位|供稿单位|责任单位|承担单位|编写单位|撰稿单位)/;
const BUDGET_HEADER = /(字数|篇幅|规模)/;
const GENRE_HEADER = /^体裁$/;

/** "3000", "3千字", "0.5万字", "5万" → characters. */
export function parseWordCount(raw: string): number | null {
  const m = /^([0-9]+(?:\.[0-9]+)?)\s*(万|千)?\s*字?$/.exec(raw.replace(/[,，\s]/g, ''));
  if (!m) return null;
  const n = Number(m[1]) * (m[2] === '万' ? 10000 : m[2] === '千' ? 1000 : 1);
  return Number.isFinite(n) ? Math.round(n) : null;
}

interface TableLayout {
  header: number;
  levelCols: number[];
  levelCol: number | null;
  titleCol: number | null;
  unitCol: number | null;
  budgetCol: number | null;
  genreCol: number | null;
}

function findLayout(rows: readonly string[][]): TableLayout | null {
  for (let r = 0; r < Math.min(rows.length, 8); r++) {
    const cells = (rows[r] ?? []).map((c) => c.replace(/\s+/g, ''));
    const levelCols = cells.flatMap((c, i) => (c in LEVEL_HEADERS ? [i] : []));
    const titleCol = cells.findIndex((c) => TITLE_HEADER.test(c));
    const levelCol = cells.findIndex((c) => LEVEL_COLUMN.test(c));
    if (levelCols.length >= 2 || (titleCol >= 0 && levelCol >= 0) || (titleCol >= 0 && levelCols.length === 0)) {
      const unitCol = cells.findIndex((c) => UNIT_HEADER.test(c));
      const budgetCol = cells.findIndex((c) => BUDGET_HEADER.test(c));
      const genreCol = cells.findIndex((c) => GENRE_HEADER.test(c));
      return {
        header: r,
        levelCols: levelCols.sort((a, b) => (LEVEL_HEADERS[cells[a]!] ?? 0) - (LEVEL_HEADERS[cells[b]!] ?? 0)),
        levelCol: levelCol >= 0 ? levelCol : null,
        titleCol: titleCol >= 0 ? titleCol : null,
        unitCol: unitCol >= 0 ? unitCol : null,
        budgetCol: budgetCol >= 0 ? budgetCol : null,
        genreCol: genreCol >= 0 ? genreCol : null,
      };
    }
  }
  return null;
}

function levelValueDepth(raw: string): number | null {
  const v = raw.replace(/\s+/g, '');
  if (v in LEVEL_HEADERS) return LEVEL_HEADERS[v]!;
  const n = Number(v.replace(/^第|级$|层$/g, ''));
  return Number.isInteger(n) && n >= 1 && n <= 9 ? n : null;
}

/**
 * Parses a table outline. Returns null when the rows are not a table outline (a one-column list), so the caller reads
 * them as lines instead.
 */
export function parseOutlineTable(rows: readonly string[][], kind: TProjectKind): TOutlinePreview | null {
  const clean = rows.map((r) => r.map((c) => cleanLine(c ?? '', false)));
  const layout = findLayout(clean);
  const wide = clean.filter((r) => r.filter(Boolean).length > 0);
  let levelCols: number[];
  if (layout) levelCols = layout.levelCols;
  else {
    // No header: a staircase (each row fills one of the first columns) is a level table.
    const width = Math.max(0, ...wide.map((r) => r.length));
    const staircase =
      width >= 2 && wide.length >= 2 && wide.filter((r) => r.filter(Boolean).length === 1).length >= wide.length * 0.8;
    const used = new Set(wide.map((r) => r.findIndex(Boolean)));
    if (!staircase || used.size < 2) return null;
    levelCols = [...used].sort((a, b) => a - b);
  }
  const warnings: string[] = [];
  const lines: {
    depth: number;
    title: string;
    unit: string | null;
    budget: number | null;
    line: number;
    genre: TGenre | null;
  }[] = [];
  const path: string[] = [];
  const start = layout ? layout.header + 1 : 0;
  for (let r = start; r < clean.length; r++) {
    const cells = clean[r] ?? [];
    if (cells.every((c) => !c)) continue;
    const unit = layout?.unitCol !== null && layout?.unitCol !== undefined ? cells[layout.unitCol] || null : null;
    const budgetRaw =
      layout?.budgetCol !== null && layout?.budgetCol !== undefined ? (cells[layout.budgetCol] ?? '') : '';
    const budget = budgetRaw ? parseWordCount(budgetRaw) : null;
    if (budgetRaw && budget === null)
      warnings.push(`第 ${r + 1} 行的字数“${budgetRaw}”无法识别（应为 3000、3千字 或 0.5万字），已留空。`);
    const genreCell = layout?.genreCol !== null && layout?.genreCol !== undefined ? (cells[layout.genreCol] ?? '') : '';
    const givenGenre = (GENRES as readonly string[]).includes(genreCell) ? (genreCell as TGenre) : null;
    if (genreCell && !givenGenre)
      warnings.push(`第 ${r + 1} 行的体裁“${genreCell}”不在 ${GENRES.join('、')} 之中，已按标题判断。`);
    const push = (depth: number, rawTitle: string, leaf: boolean) => {
      const c = classifyLine(rawTitle);
      lines.push({
        depth,
        title: c.title,
        unit: leaf ? unit : null,
        budget: leaf ? budget : null,
        line: r + 1,
        genre: leaf && givenGenre ? givenGenre : c.genre,
      });
    };
    if (levelCols.length >= 2) {
      const lastFilled = levelCols.findLastIndex((col) => Boolean(cells[col]));
      if (lastFilled < 0) continue;
      // Repeated parents (every row names its 类目 and 分目) and sparse rows (only the new cell filled) both work.
      const rowPath = levelCols.slice(0, lastFilled + 1).map((col, i) => cells[col] || path[i] || '');
      let from = rowPath.findIndex((v, i) => v !== path[i]);
      if (from < 0) from = rowPath.length - 1;
      path.length = from;
      for (let i = from; i < rowPath.length; i++) {
        if (!rowPath[i]) {
          warnings.push(`第 ${r + 1} 行缺少上一级标题，已挂在最近的上级下。`);
          continue;
        }
        path[i] = rowPath[i] as string;
        push(i + 1, rowPath[i] as string, i === rowPath.length - 1);
      }
    } else if (layout && layout.titleCol !== null) {
      const title = cells[layout.titleCol] ?? '';
      if (!title) continue;
      const depth = layout.levelCol !== null ? levelValueDepth(cells[layout.levelCol] ?? '') : null;
      if (layout.levelCol !== null && depth === null)
        warnings.push(`第 ${r + 1} 行的层级“${cells[layout.levelCol] ?? ''}”无法识别，按标题编号判断。`);
      if (depth !== null) push(depth, title, true);
      else lines.push({ depth: 0, title, unit, budget, line: r + 1, genre: null });
    }
  }
  if (lines.length === 0) return null;
  // Rows without a level (a 标题 column alone) fall back to the line parser, keeping 承编单位 and 字数.
  if (lines.some((l) => l.depth === 0)) {
    const parsed = parseOutlineLines(
      lines.map((l) => ({ text: l.title, line: l.line })),
      kind,
    );
    const byLine = new Map(lines.map((l) => [l.line, l]));
    const fill = (hs: TParsedHeading[]) => {
      for (const h of hs) {
        const src = byLine.get(h.line);
        if (src) {
          h.ownerUnitName = src.unit;
          h.wordBudget = src.budget;
        }
        fill(h.children);
      }
    };
    fill(parsed.headings);
    return { ...parsed, method: 'table', warnings: [...warnings, ...parsed.warnings] };
  }
  const minDepth = Math.min(...lines.map((l) => l.depth));
  const entries: Placed[] = lines.map((l) => ({
    entry: { line: { text: l.title, line: l.line }, c: { ...classifyLine(l.title), title: l.title, genre: l.genre } },
    depth: l.depth - minDepth + 1,
    topLevel: false,
  }));
  const headings = buildTree(entries, kind);
  const byLine = new Map(lines.map((l) => [`${l.line}:${l.title}`, l]));
  const fill = (hs: TParsedHeading[]) => {
    for (const h of hs) {
      const src = byLine.get(`${h.line}:${h.title}`);
      if (src) {
        h.ownerUnitName = src.unit;
        h.wordBudget = src.budget;
      }
      fill(h.children);
    }
  };
  fill(headings);
  return { method: 'table', headings, count: countHeadings(headings), warnings };
}

/** Plain text → outline lines, with indentation measured from the leading whitespace (tab 4, full-width space 2, space 1). */
export function textToOutlineLines(text: string): OutlineLine[] {
  return text.split(/\r\n|\n|\r/).map((t, i) => {
    const lead = /^[ \t\u3000\u00a0]*/.exec(t)?.[0] ?? '';
    let indent = 0;
    for (const ch of lead) indent += ch === '\t' ? 4 : ch === '\u3000' ? 2 : 1;
    return { text: t, line: i + 1, indent };
  });
}
