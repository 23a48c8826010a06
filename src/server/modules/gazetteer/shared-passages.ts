/**
 * Passages two texts share, for parallel reading (对读): maximal common runs of at least `minLength` characters of the
 * search texts (folded, without layout and apparatus), so 寧/寕 or a line break in one edition does not split a match.
 * Seeds are k-grams of the right text; each seed found on the left is extended both ways and the longest extension wins.
 * Pure and linear in practice (a seed's candidate list is capped).
 */

export interface SharedPassage {
  /** Start and length in the left and right search texts. */
  left: number;
  right: number;
  length: number;
}

const SEED = 8;
const MAX_CANDIDATES = 32;

export function findSharedPassages(left: string, right: string, minLength = 16): SharedPassage[] {
  if (left.length < minLength || right.length < minLength) return [];
  const seeds = new Map<string, number[]>();
  for (let j = 0; j + SEED <= right.length; j++) {
    const gram = right.slice(j, j + SEED);
    const list = seeds.get(gram);
    if (!list) seeds.set(gram, [j]);
    else if (list.length < MAX_CANDIDATES) list.push(j);
  }
  const out: SharedPassage[] = [];
  let i = 0;
  while (i + SEED <= left.length) {
    const candidates = seeds.get(left.slice(i, i + SEED));
    let best: SharedPassage | null = null;
    for (const j of candidates ?? []) {
      let end = SEED;
      while (i + end < left.length && j + end < right.length && left[i + end] === right[j + end]) end++;
      if (!best || end > best.length) best = { left: i, right: j, length: end };
    }
    if (best && best.length >= minLength) {
      out.push(best);
      i += best.length;
    } else i++;
  }
  return out;
}
