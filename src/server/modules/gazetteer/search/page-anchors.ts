/**
 * A section's page anchors (葉, 行 markers) as a search page keeps them to place its hits: display offsets in a typed
 * array, ids as ranges of one string. A page parses the stored anchors of each cold section on it and keeps them in a
 * cache for later pages. Read with a sticky pattern into `{offset, id}` objects, that parsing was a quarter of what a
 * search worker allocated (40 of 163 MB over 500 searches at 100 M characters: the pattern's matches, the objects and
 * their ids); read in place, it allocates four objects a section, whatever the number of its anchors (1.6 MB over 800
 * searches). It did not change how often the worker's old generation is collected (13 and 14 full collections per
 * 1,000 searches before and after): whole section texts read for one-character pages are what fill it
 * (docs/search-benchmark.md, stop 39).
 */

export interface PageAnchors {
  /** Display offsets, ascending as the ingest writes them. */
  offsets: Float64Array;
  /** Anchor `i`'s id is `source.slice(idFrom[i], idTo[i])`. */
  source: string;
  idFrom: Uint32Array;
  idTo: Uint32Array;
}

const OPEN = '{"offset":';
const ID = ',"id":"';
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;
const CLOSE_BRACKET = 0x5d;

/**
 * Parses stored anchors (`[{offset, id, …}]`), keeping what placing a hit needs; a malformed list places nothing
 * (null). A list in the form the ingest writes (`[{"offset":N,"id":"…"},…]`, no escape anywhere) is read in place,
 * allocating nothing per anchor: about as fast as the sticky pattern it replaces (16 against 12 µs for 150 anchors),
 * without its garbage. Anything else (an escape, other keys, spaces) goes through `JSON.parse`.
 */
export function parsePageAnchors(json: string): PageAnchors | null {
  const anchors = readStoredForm(json) ?? parseAsJson(json);
  return anchors && inOrder(anchors);
}

/** Anchors by offset (the ingest writes them so; a list that is not is put in order, ties kept as listed). */
function inOrder(anchors: PageAnchors): PageAnchors {
  const { offsets, idFrom, idTo } = anchors;
  let ascending = true;
  for (let i = 1; i < offsets.length && ascending; i++)
    ascending = (offsets[i - 1] as number) <= (offsets[i] as number);
  if (ascending) return anchors;
  const order = Array.from(offsets.keys()).sort((a, b) => (offsets[a] as number) - (offsets[b] as number) || a - b);
  return {
    offsets: Float64Array.from(order, (i) => offsets[i] as number),
    source: anchors.source,
    idFrom: Uint32Array.from(order, (i) => idFrom[i] as number),
    idTo: Uint32Array.from(order, (i) => idTo[i] as number),
  };
}

/** The ingest's own form, or null for anything else. */
function readStoredForm(json: string): PageAnchors | null {
  // An escape anywhere sends the list to JSON.parse, so an id here ends at its first quote.
  if (!json.startsWith(`[${OPEN}`) || json.includes('\\')) return null;
  // Counted first, so the arrays are made once and exactly; an id cannot hold the pattern (it has a quote).
  let count = 0;
  for (let at = json.indexOf(OPEN, 1); at >= 0; at = json.indexOf(OPEN, at + OPEN.length)) count++;
  const offsets = new Float64Array(count);
  const idFrom = new Uint32Array(count);
  const idTo = new Uint32Array(count);
  let p = 1;
  for (let i = 0; i < count; i++) {
    if (!json.startsWith(OPEN, p)) return null;
    p += OPEN.length;
    const digits = p;
    let value = 0;
    for (let c = json.charCodeAt(p); c >= DIGIT_0 && c <= DIGIT_9; c = json.charCodeAt(++p))
      value = value * 10 + c - DIGIT_0;
    if (p === digits || p - digits > 15 || !json.startsWith(ID, p)) return null;
    p += ID.length;
    const from = p;
    p = json.indexOf('"', p);
    if (p < 0) return null;
    offsets[i] = value;
    idFrom[i] = from;
    idTo[i] = p;
    if (json.charCodeAt(p + 1) !== CLOSE_BRACE) return null;
    const after = json.charCodeAt(p + 2);
    p += 3;
    if (i < count - 1 ? after !== COMMA : after !== CLOSE_BRACKET || p !== json.length) return null;
  }
  return { offsets, source: json, idFrom, idTo };
}

function parseAsJson(json: string): PageAnchors | null {
  let list: unknown;
  try {
    list = JSON.parse(json);
  } catch {
    return null;
  }
  if (!Array.isArray(list)) return null;
  const kept = (list as { offset?: unknown; id?: unknown }[]).filter(
    (a): a is { offset: number; id: string } => typeof a?.offset === 'number' && typeof a.id === 'string',
  );
  const offsets = new Float64Array(kept.length);
  const idFrom = new Uint32Array(kept.length);
  const idTo = new Uint32Array(kept.length);
  let at = 0;
  kept.forEach((a, i) => {
    offsets[i] = a.offset;
    idFrom[i] = at;
    at += a.id.length;
    idTo[i] = at;
  });
  return { offsets, source: kept.map((a) => a.id).join(''), idFrom, idTo };
}

/** The last anchor at or before display offset `offset` (the one a hit there is on), or -1 when none is. */
export function anchorAt(anchors: PageAnchors, offset: number): number {
  const { offsets } = anchors;
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((offsets[mid] as number) <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

export function anchorId(anchors: PageAnchors, i: number): string {
  return anchors.source.slice(anchors.idFrom[i], anchors.idTo[i]);
}
