/**
 * A section's display text as the reader renders it: one entry per printed line (a column in vertical reading), each
 * with its stable id and canonical locator (the permalink target `#l-…`), the page anchor it opens (if any), and runs
 * that know whether they are interlinear notes, apparatus (shown, not searched) or part of a hit. Pure.
 */
import { anchorLabel, locate } from '../../../shared/locator.ts';

export interface LineRun {
  text: string;
  note: boolean;
  apparatus: boolean;
  /** Index of the hit this run is part of, or null. */
  hit: number | null;
  /** Source code of a glyph no character stands for (the run is its 〓), or null. */
  gaiji: string | null;
}

export interface ReaderLine {
  /** Offset of the line's first character in the section text. */
  offset: number;
  lineId: string;
  /** 1-based line on its page (or in the section when it has no pages). */
  line: number;
  /** `卷十四 葉2a 行3`. */
  locator: string;
  /** The page side that starts with this line. */
  page: { id: string; label: string } | null;
  runs: LineRun[];
}

interface Span {
  start: number;
  end: number;
}

function inside(spans: readonly Span[], start: number, end: number): boolean {
  return spans.some((s) => s.start <= start && end <= s.end);
}

export function buildReaderLines(section: {
  title: string;
  text: string;
  anchors: readonly { offset: number; id: string }[];
  notes: readonly Span[];
  apparatus: readonly Span[];
  hits: readonly { offset: number; length: number }[];
  glyphs?: readonly { offset: number; code: string }[];
}): ReaderLine[] {
  const { text } = section;
  const hitSpans = section.hits.map((h) => ({ start: h.offset, end: h.offset + h.length }));
  const pageAt = new Map(section.anchors.map((a) => [a.offset, a]));
  const gaijiAt = new Map((section.glyphs ?? []).map((g) => [g.offset, g.code]));
  const glyphSpans = (section.glyphs ?? []).map((g) => ({ start: g.offset, end: g.offset + 1 }));
  const lines: ReaderLine[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    const cuts = new Set<number>([start, end]);
    for (const s of [...section.notes, ...section.apparatus, ...hitSpans, ...glyphSpans]) {
      if (s.start > start && s.start < end) cuts.add(s.start);
      if (s.end > start && s.end < end) cuts.add(s.end);
    }
    const points = [...cuts].sort((a, b) => a - b);
    const runs: LineRun[] = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i] as number;
      const b = points[i + 1] as number;
      const hit = hitSpans.findIndex((h) => h.start <= a && b <= h.end);
      const gaiji = b - a === 1 ? (gaijiAt.get(a) ?? null) : null;
      const run = {
        text: text.slice(a, b),
        note: inside(section.notes, a, b),
        apparatus: inside(section.apparatus, a, b),
        hit: hit >= 0 ? hit : null,
        gaiji,
      };
      const last = runs[runs.length - 1];
      if (
        last &&
        !gaiji &&
        !last.gaiji &&
        last.note === run.note &&
        last.apparatus === run.apparatus &&
        last.hit === run.hit
      )
        last.text += run.text;
      else runs.push(run);
    }
    const where = locate(section, start);
    const anchor = pageAt.get(start);
    lines.push({
      offset: start,
      lineId: where.lineId,
      line: where.line,
      locator: where.label,
      page: anchor ? { id: anchor.id, label: anchorLabel(section.title, anchor.id) } : null,
      runs,
    });
    if (nl < 0) return lines;
    start = nl + 1;
  }
}
