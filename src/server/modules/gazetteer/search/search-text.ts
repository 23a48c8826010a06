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
  /** The offset map, as the index stores it. */
  readonly layout: TextLayout;
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
  const layout: TextLayout = {
    runs: Uint32Array.from(runAt),
    totals: Uint32Array.from(removedThrough),
    lineBreaks: Uint32Array.from(breaks),
    astral: astralStarts(display),
    plainLength: plain.length,
    displayLength: display.length,
  };
  const text = folder ? folder.foldText(plain) : plain;
  return { plain, text, toDisplay: (index) => displayOffset(layout, index), lineBreaks: layout.lineBreaks, layout };
}

/**
 * Where a section's search text sits in its display text, without the text: enough to map hits to display offsets,
 * count their lines, and read only a window of the display text around each hit (`windowOf`). The index keeps it per
 * section (`encodeLayout`), so a page of hits never reads whole sections.
 */
export interface TextLayout {
  /** Search index of the kept unit after each run of removed units, ascending. */
  readonly runs: Uint32Array;
  /** Units removed up to and including each run. */
  readonly totals: Uint32Array;
  /** Display offsets of the line breaks. */
  readonly lineBreaks: Uint32Array;
  /** Display offsets of the first units of surrogate pairs: UTF-16 offsets → code points (the stored pieces of text are cut in those). */
  readonly astral: Uint32Array;
  readonly plainLength: number;
  readonly displayLength: number;
}

function astralStarts(display: string): Uint32Array {
  const first = display.search(/[\uD800-\uDBFF]/);
  if (first < 0) return EMPTY;
  const out: number[] = [];
  for (let d = first; d < display.length; d++) {
    const unit = display.charCodeAt(d);
    if (unit >= 0xd800 && unit <= 0xdbff) out.push(d);
  }
  return Uint32Array.from(out);
}

const EMPTY = new Uint32Array(0);

/** Display-text offset of search-text offset `index` (at or past the end: the end of the display text). */
export function displayOffset(layout: TextLayout, index: number): number {
  const { runs, totals } = layout;
  if (index >= layout.plainLength) return layout.displayLength;
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
}

/** Code points before display offset `offset` (where a window starts in the stored pieces, `section-chunks.ts`). */
export function codePointsBefore(layout: TextLayout, offset: number): number {
  return offset - lowerBound(layout.astral, offset);
}

/** A window of a section's display text and what it holds (`windowOf`). */
export interface TextWindowRange {
  /** Display range, UTF-16 units. */
  start: number;
  end: number;
  /** The search range it holds. */
  plainFrom: number;
  plainTo: number;
  /** The display range in code points (0-based start). */
  cpStart: number;
  cpCount: number;
}

/**
 * The display range to read for the search range `[from, to)` (clamped to the text): `[start, end)` in UTF-16 units,
 * widened so that it never cuts a surrogate pair (then the search range it holds, `[plainFrom, plainTo)`, is one unit
 * wider too), with the same range in code points, as the stored pieces count them.
 */
export function windowOf(layout: TextLayout, from: number, to: number): TextWindowRange {
  let plainFrom = Math.max(0, from);
  let plainTo = Math.min(layout.plainLength, to);
  let start = displayOffset(layout, plainFrom);
  let end = plainTo >= layout.plainLength ? layout.displayLength : displayOffset(layout, plainTo);
  const pairAt = (offset: number) => {
    const i = lowerBound(layout.astral, offset);
    return i < layout.astral.length && layout.astral[i] === offset;
  };
  if (plainFrom > 0 && start > 0 && pairAt(start - 1)) {
    start--;
    plainFrom--;
  }
  if (plainTo < layout.plainLength && pairAt(end - 1)) {
    end++;
    plainTo++;
  }
  const cpStart = codePointsBefore(layout, start);
  return { start, end, plainFrom, plainTo, cpStart, cpCount: codePointsBefore(layout, end) - cpStart };
}

/**
 * The search text (unfolded) of the display window `window` that starts at display offset `start`: the window with
 * layout and the section's skip ranges left out, as `buildSearchText` leaves them out of the whole text.
 */
export function plainOfWindow(window: string, start: number, skip: readonly SkipRange[] = NO_SKIP): string {
  let out = '';
  let from = 0;
  let next = 0;
  while (next < skip.length && (skip[next] as SkipRange).end <= start) next++;
  for (let i = 0; i < window.length; i++) {
    const d = start + i;
    while (next < skip.length && (skip[next] as SkipRange).end <= d) next++;
    const skipped = next < skip.length && (skip[next] as SkipRange).start <= d;
    if (!skipped && !isLayoutUnit(window.charCodeAt(i))) continue;
    out += window.slice(from, i);
    from = i + 1;
  }
  return from === 0 ? window : out + window.slice(from);
}

/** Layout as stored in the index: lengths, then each list as varint deltas. */
export function encodeLayout(layout: TextLayout): Uint8Array {
  const lists = [layout.runs, layout.totals, layout.lineBreaks, layout.astral];
  let size = 10 * 2;
  for (const l of lists) size += 5 + l.length * 5;
  const out = new Uint8Array(size);
  let at = 0;
  const put = (v: number) => {
    while (v >= 0x80) {
      out[at++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    out[at++] = v;
  };
  put(layout.plainLength);
  put(layout.displayLength);
  for (const l of lists) {
    put(l.length);
    let last = 0;
    for (let i = 0; i < l.length; i++) {
      put((l[i] as number) - last);
      last = l[i] as number;
    }
  }
  return out.slice(0, at);
}

export function decodeLayout(data: Uint8Array): TextLayout {
  let at = 0;
  const get = () => {
    let v = 0;
    let scale = 1;
    for (;;) {
      const b = data[at++] as number;
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      scale *= 128;
    }
  };
  const plainLength = get();
  const displayLength = get();
  const lists: Uint32Array[] = [];
  for (let l = 0; l < 4; l++) {
    const n = get();
    const list = new Uint32Array(n);
    let last = 0;
    for (let i = 0; i < n; i++) list[i] = last += get();
    lists.push(list);
  }
  const [runs, totals, lineBreaks, astral] = lists as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  return { runs, totals, lineBreaks, astral, plainLength, displayLength };
}
