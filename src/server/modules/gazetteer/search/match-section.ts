/**
 * The engine's exact evaluation of a normalised query on one section's search text (the FTS5 index only narrows the
 * sections to look at). Same hit definition as the oracle, implemented with `indexOf` and a merge for NEAR.
 */
import type { QueryNode } from './query-parse.ts';

export interface SectionMatch {
  matches: boolean;
  /** Hit starts and lengths in the search text, interleaved [start0, length0, start1, length1 …], unsorted. */
  hits: number[];
}

const NO_MATCH: SectionMatch = { matches: false, hits: [] };

/** Every start of `term` in `text`, overlapping occurrences included. */
export function findOccurrences(text: string, term: string): number[] {
  const starts: number[] = [];
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) starts.push(at);
  return starts;
}

/** Whether `text` contains `term` at all (cheaper than finding every occurrence, used under NOT). */
function containsTerm(node: QueryNode, text: string): boolean {
  return matchNode(node, text, true).matches;
}

function gap(a: number, aLength: number, b: number, bLength: number): number {
  return a <= b ? b - (a + aLength) : a - (b + bLength);
}

/** Occurrences in `starts` with a partner in `others` within `distance` (both lists ascending). */
export function keepNear(
  starts: ArrayLike<number>,
  length: number,
  others: ArrayLike<number>,
  otherLength: number,
  distance: number,
): number[] {
  const kept: number[] = [];
  let j = 0;
  for (let i = 0; i < starts.length; i++) {
    const a = starts[i] as number;
    // Partners that end too far before `a` can never be near a later `a` either.
    while (
      j < others.length &&
      gap(a, length, others[j] as number, otherLength) > distance &&
      (others[j] as number) < a
    )
      j++;
    for (let k = j; k < others.length; k++) {
      const b = others[k] as number;
      if (gap(a, length, b, otherLength) <= distance) {
        kept.push(a);
        break;
      }
      if (b > a) break;
    }
  }
  return kept;
}

function matchNode(node: QueryNode, text: string, existenceOnly: boolean): SectionMatch {
  switch (node.kind) {
    case 'term': {
      if (existenceOnly) return text.includes(node.text) ? { matches: true, hits: [] } : NO_MATCH;
      const starts = findOccurrences(text, node.text);
      if (starts.length === 0) return NO_MATCH;
      const hits: number[] = new Array(starts.length * 2);
      for (let i = 0; i < starts.length; i++) {
        hits[2 * i] = starts[i] as number;
        hits[2 * i + 1] = node.text.length;
      }
      return { matches: true, hits };
    }
    case 'and': {
      const hits: number[] = [];
      // Cheap existence checks first so that a failing section costs no occurrence scan.
      for (const child of node.children) if (!containsTerm(child, text)) return NO_MATCH;
      if (existenceOnly) return { matches: true, hits };
      for (const child of node.children) for (const h of matchNode(child, text, false).hits) hits.push(h);
      return { matches: true, hits };
    }
    case 'or': {
      let matches = false;
      const hits: number[] = [];
      for (const child of node.children) {
        const result = matchNode(child, text, existenceOnly);
        if (!result.matches) continue;
        matches = true;
        if (existenceOnly) break;
        for (const h of result.hits) hits.push(h);
      }
      return matches ? { matches, hits } : NO_MATCH;
    }
    case 'not':
      return containsTerm(node.child, text) ? NO_MATCH : { matches: true, hits: [] };
    case 'near': {
      const left = findOccurrences(text, node.left.text);
      if (left.length === 0) return NO_MATCH;
      const right = findOccurrences(text, node.right.text);
      if (right.length === 0) return NO_MATCH;
      const ll = node.left.text.length;
      const rl = node.right.text.length;
      const keptLeft = keepNear(left, ll, right, rl, node.distance);
      if (keptLeft.length === 0) return NO_MATCH;
      const keptRight = keepNear(right, rl, left, ll, node.distance);
      const hits: number[] = [];
      for (const a of keptLeft) hits.push(a, ll);
      for (const b of keptRight) hits.push(b, rl);
      return { matches: true, hits };
    }
  }
}

/**
 * Evaluates `node` on `text` and returns the distinct hits sorted by start then length. Two terms can hit the same
 * span (e.g. `吉林 OR 吉林`); such a span is one hit.
 */
export function matchSection(node: QueryNode, text: string): SectionMatch {
  const result = matchNode(node, text, false);
  // A lone term's occurrences come out of `indexOf` already ascending and distinct.
  if (node.kind === 'term' || !result.matches || result.hits.length <= 2) return result;
  const pairs: [number, number][] = [];
  for (let i = 0; i < result.hits.length; i += 2) pairs.push([result.hits[i] as number, result.hits[i + 1] as number]);
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const hits: number[] = [];
  for (let i = 0; i < pairs.length; i++) {
    const [s, l] = pairs[i] as [number, number];
    const prev = pairs[i - 1];
    if (prev && prev[0] === s && prev[1] === l) continue;
    hits.push(s, l);
  }
  return { matches: true, hits };
}
