/**
 * The shape every ingester produces and the search index and reader consume. Pure data, no I/O.
 *
 * Offsets are UTF-16 code-unit offsets into `ParsedSection.text` (JavaScript string indices).
 */
import type { TBibRecord } from '../../../shared/gazetteer-bib.ts';

/** A page-side marker such as `<pb:KR2k0040_WYG_027-1a>`: the citation anchor of the text that follows it. */
export interface PageAnchor {
  /** Offset in the section text where the page starts. */
  offset: number;
  /** Stable machine id, unique within the book, e.g. `027-1a`. Used in permalinks. */
  id: string;
  /** Human label, e.g. `卷二十七 葉1a` (readers recompute it with `anchorLabel` from src/shared/locator.ts). */
  label: string;
}

/** A range of the section text that is interlinear commentary (双行小注): shown in small type, still searchable. */
export interface NoteRange {
  start: number;
  end: number;
}

export interface ParsedSection {
  /** 1 = juan / top level (卷 or 篇), 2 = 章, 3 = 节, 4 = 目 … */
  level: number;
  title: string;
  /**
   * Display text of this section. Printed lines are separated by '\n'; markup (¶, <pb:…>, `(`, `/`, `)`) is removed;
   * glyph codes (&KRnnnn;) are replaced by their Unicode form. Indentation that carries meaning may be kept.
   */
  text: string;
  anchors: PageAnchor[];
  notes: NoteRange[];
  /** Glyphs the source encodes but no character stands for (printed as 〓), by source code, e.g. `KR0810`. Optional. */
  glyphs?: { offset: number; code: string }[];
}

export interface ParsedBookMetadata {
  /** Identifier of the source, e.g. `KR2k0040`; re-ingesting the same source replaces the book. */
  sourceId: string;
  title: string;
  edition?: string;
  compiler?: string;
  publisher?: string;
  isbn?: string;
  /** Free-form period, e.g. `清乾隆四十四年` or `2022`. */
  period?: string;
  year?: number;
  licence?: string;
  /** Structured bibliographic record the source states (Kanripo: edition, series, 卷数). Optional for every ingester. */
  bib?: TBibRecord;
}

export interface ParsedBook {
  metadata: ParsedBookMetadata;
  /** Sections in reading order; `level` gives the table-of-contents nesting. */
  sections: ParsedSection[];
  /** Non-fatal problems found while reading (unknown glyph codes, a file with no page marker …). */
  warnings: string[];
}
