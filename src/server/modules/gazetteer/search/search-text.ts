/**
 * Display text → search text. The search text is the display text with line breaks and indentation (every ASCII or
 * full-width space) removed, optionally folded. Phrases therefore match across line breaks, page breaks and
 * indentation, and offsets into the search text map back to the display text so hits show the original glyphs.
 */
import type { Folder } from './fold.ts';

/** Characters dropped from the search text: layout, never content. */
export function isLayoutUnit(unit: number): boolean {
  return unit === 0x20 || (unit >= 0x09 && unit <= 0x0d) || unit === 0xa0 || unit === 0x3000 || unit === 0xfeff;
}

/** Removes layout characters. Used for queries too, so a query typed with spaces inside quotes still matches. */
export function stripLayout(text: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (isLayoutUnit(text.charCodeAt(i))) {
      out += text.slice(start, i);
      start = i + 1;
    }
  }
  return start === 0 ? text : out + text.slice(start);
}

/** A range of the display text left out of the search text (the edition's apparatus, see `apparatus.ts`). */
export interface SkipRange {
  start: number;
  end: number;
}

const NO_SKIP: readonly SkipRange[] = [];

/** Skip ranges sorted by start and merged where they overlap, as `buildSearchText` expects them. */
export function normalizeSkip(ranges: readonly SkipRange[] | undefined): SkipRange[] {
  const sorted = [...(ranges ?? [])].filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  const out: SkipRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ start: r.start, end: r.end });
  }
  return out;
}

export interface SearchText {
  /** Display text without layout, unfolded: the original glyphs, used for snippets and KWIC context. */
  readonly plain: string;
  /** The search text: `plain` folded (or `plain` itself when built without a folder). Same length as `plain`. */
  readonly text: string;
  /** Display-text offset of search-text offset `index` (`index >= text.length` maps to the end of the display text). */
  toDisplay(index: number): number;
  /** Display-text offsets of the line breaks (`\n`), ascending: lines are counted without the display text. */
  readonly lineBreaks: Uint32Array;
}

/** Line breaks at display offsets in `[from, to)`, from `SearchText.lineBreaks`. */
export function lineBreaksBetween(lineBreaks: Uint32Array, from: number, to: number): number {
  return lowerBound(lineBreaks, to) - lowerBound(lineBreaks, from);
}

function lowerBound(sorted: Uint32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Builds the search text of `display`, leaving out layout and the `skip` ranges (sorted, non-overlapping). Folding is per code point and length-preserving, so stripping and folding commute
 * and one offset map serves both the folded and the unfolded search text. The map is stored as runs of removed layout
 * (one entry per line break, not per character) to keep the in-memory cache small.
 */
export function buildSearchText(
  display: string,
  folder: Folder | null,
  skip: readonly SkipRange[] = NO_SKIP,
): SearchText {
  const runAt: number[] = [];
  const removedThrough: number[] = [];
  const breaks: number[] = [];
  let plain = '';
  let removed = 0;
  let start = 0;
  let next = 0;
  for (let d = 0; d < display.length; d++) {
    while (next < skip.length && (skip[next] as SkipRange).end <= d) next++;
    const skipped = next < skip.length && (skip[next] as SkipRange).start <= d;
    const unit = display.charCodeAt(d);
    if (!skipped && !isLayoutUnit(unit)) continue;
    if (unit === 10) breaks.push(d);
    plain += display.slice(start, d);
    start = d + 1;
    removed++;
    const kept = d + 1 - removed;
    // Consecutive layout units form one run, keyed by the search index of the next kept unit.
    if (runAt.length > 0 && runAt[runAt.length - 1] === kept) removedThrough[removedThrough.length - 1] = removed;
    else {
      runAt.push(kept);
      removedThrough.push(removed);
    }
  }
  plain = start === 0 ? display : plain + display.slice(start);
  const runs = Uint32Array.from(runAt);
  const totals = Uint32Array.from(removedThrough);
  const text = folder ? folder.foldText(plain) : plain;
  const displayLength = display.length;
  const toDisplay = (index: number): number => {
    if (index >= plain.length) return displayLength;
    if (index <= 0 && (runs.length === 0 || runs[0] !== 0)) return 0;
    // Last run keyed at or before `index`: every unit it removed lies before the kept unit `index`.
    let lo = 0;
    let hi = runs.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((runs[mid] as number) <= index) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return index + (found < 0 ? 0 : (totals[found] as number));
  };
  return { plain, text, toDisplay, lineBreaks: Uint32Array.from(breaks) };
}
