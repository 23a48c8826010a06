/**
 * Canonical locators, as scholars cite: 卷 + 葉 a/b + 行 for old books (from Kanripo page markers `014-2a` = leaf 2,
 * side a of 卷 14; the leading number is the repository's file, not part of the citation), 篇/章/节 + 页 + 段 for
 * modern ones. One line of every section has a stable id (`014-2a.3`, or `p.12.4`, or `5` before any page), used in
 * permalinks (`#l-014-2a.3`). Pure; shared by server (hit lists, KWIC, citations) and reader (margins, line links).
 */
import { findAnchorAt } from './page-anchor.ts';

interface Anchor {
  offset: number;
  id: string;
}

const LEAF = /^\d+-(\d+)([a-z])(?:~\d+)?$/;
const PAGE = /^p\.(\d+)$/;

/** Whether the anchor is a printed leaf side (old book, lines are printed columns). */
export function isLeafAnchor(id: string): boolean {
  return LEAF.test(id);
}

/** `014-2a` → `葉2a`; `p.12` → `第12页`; anything else as it is. */
export function formatPage(anchorId: string): string {
  const leaf = LEAF.exec(anchorId);
  if (leaf) return `葉${Number(leaf[1])}${leaf[2]}`;
  const page = PAGE.exec(anchorId);
  if (page) return `第${Number(page[1])}页`;
  return anchorId;
}

/** Label of a page anchor in the margin and hit lists: `卷十四 葉2a`. */
export function anchorLabel(sectionTitle: string, anchorId: string): string {
  return `${sectionTitle} ${formatPage(anchorId)}`.trim();
}

/** Number of line breaks in `text` between `from` and `to`, plus one: the 1-based line of `to` counted from `from`. */
function lineFrom(text: string, from: number, to: number): number {
  let line = 1;
  for (let i = Math.max(0, from); i < to && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export interface Locator {
  /** The page anchor the offset falls on, or null before the first page (or in a book without pages). */
  anchorId: string | null;
  /** 1-based line on that page (printed column for old books, paragraph line for modern ones), else in the section. */
  line: number;
  /** Stable id of the line, the permalink fragment after `#l-`. */
  lineId: string;
  /** Page part for citations: `葉2a 行3`, `第12页`, or `第5行` / `第5段` without pages. */
  page: string;
  /** Full human locator: `卷十四 葉2a 行3`. */
  label: string;
}

/** Where a display offset of a section is, as a scholar cites it. */
export function locate(section: { title: string; text: string; anchors: readonly Anchor[] }, offset: number): Locator {
  const anchor = findAnchorAt(section.anchors, offset);
  return describePlace(
    section.title,
    anchor ? anchor.id : null,
    lineFrom(section.text, anchor ? anchor.offset : 0, offset),
  );
}

/**
 * The locator of line `line` (1-based) on the page `anchorId` (null: counted from the start of the section, before any
 * page) of the section titled `title` — what `locate` returns, for a caller that has counted the line itself (the
 * search workers count it from the line breaks of the text they hold, so the page of hits reads no text again).
 */
export function describePlace(title: string, anchorId: string | null, line: number): Locator {
  if (anchorId !== null) {
    const page = isLeafAnchor(anchorId) ? `${formatPage(anchorId)} 行${line}` : formatPage(anchorId);
    return { anchorId, line, lineId: `${anchorId}.${line}`, page, label: `${title} ${page}`.trim() };
  }
  const page = `第${line}段`;
  return { anchorId: null, line, lineId: String(line), page, label: `${title} ${page}`.trim() };
}

/** Display offset where the line with this id starts, or null when the section has no such line. */
export function findLineOffset(section: { text: string; anchors: readonly Anchor[] }, lineId: string): number | null {
  const dot = lineId.lastIndexOf('.');
  const anchorId = dot >= 0 ? lineId.slice(0, dot) : null;
  const line = Number(dot >= 0 ? lineId.slice(dot + 1) : lineId);
  if (!Number.isSafeInteger(line) || line < 1) return null;
  let offset = 0;
  let end = section.text.length;
  if (anchorId !== null) {
    const i = section.anchors.findIndex((a) => a.id === anchorId);
    const anchor = section.anchors[i];
    if (!anchor) return null;
    offset = anchor.offset;
    end = section.anchors[i + 1]?.offset ?? section.text.length;
  }
  for (let n = 1; n < line; n++) {
    const nl = section.text.indexOf('\n', offset);
    if (nl < 0 || nl + 1 >= end) return null;
    offset = nl + 1;
  }
  return offset;
}
