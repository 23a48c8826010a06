/**
 * A query's hits in a section from its terms' occurrence counts — and, for the two sides of a NEAR, their positions —
 * without the section's text.
 *
 * The hits `matchSection` finds are occurrences of the terms that contribute: a term contributes all its occurrences
 * where it occurs, under an AND whose every child matches, under an OR as one of the children that match, never under
 * NOT; a side of a NEAR contributes the occurrences that have a partner within the distance. Two hits are one only when
 * they are the same span, and the same span is the same string, so a term's hits are counted once however many nodes
 * contribute them: all its occurrences when any plain node does, else the union of what its NEARs kept.
 */
import { keepNear } from './match-section.ts';
import type { QueryNode } from './query-parse.ts';

export interface CountPlan {
  /** The distinct terms, in the order first met. */
  terms: string[];
  /** Per term: whether it occurs anywhere outside a NOT (only such terms can make a section match). */
  positive: boolean[];
  /** Per term: whether it is a side of a NEAR, so `hits` needs its positions. */
  positional: boolean[];
  /**
   * Per term: whether every section that matches has it (an AND needs all its children's, an OR what all of its
   * children need, a NEAR both sides, a NOT nothing): a section without one of these is no match, and the section
   * lists of the other terms need only be looked up in those of the rarest.
   */
  required: boolean[];
  /** Every NEAR: its sides (terms) and distance. */
  nears: { left: number; right: number; distance: number }[];
  /**
   * Whether the query is a term, or an AND or an OR of terms alone (no NOT, no NEAR, nothing nested): a section that
   * has all the terms of such an AND, or any term of such an OR, matches with every occurrence of every term it has,
   * so its hits are the sum of its counts (what `hits` returns there, without walking the query per section).
   */
  sums: boolean;
  /**
   * The section's hits given each term's occurrences in it (`tf[at + t]` for term t), 0 when it does not match; a
   * query with NEAR also needs `positions(t)`, the ascending starts of a positional term t in the section (any
   * origin, the same for every term). A query that passed `normalizeQuery` has a positive term on every path that can
   * match, so a match always has hits.
   */
  hits(tf: ArrayLike<number>, at?: number, positions?: (term: number) => ArrayLike<number>): number;
}

type Compiled =
  | { kind: 'term'; term: number }
  | { kind: 'and' | 'or'; children: Compiled[] }
  | { kind: 'not'; child: Compiled }
  | { kind: 'near'; near: number; left: number; right: number; distance: number };

/** The plan of a normalised query. */
export function countPlan(node: QueryNode): CountPlan {
  const terms: string[] = [];
  const positive: boolean[] = [];
  const positional: boolean[] = [];
  const termOf = (text: string, negated: boolean, near: boolean): number => {
    let term = terms.indexOf(text);
    if (term < 0) term = terms.push(text) - 1;
    positive[term] = (positive[term] ?? false) || !negated;
    positional[term] = (positional[term] ?? false) || near;
    return term;
  };
  const nearList: { left: number; right: number; distance: number }[] = [];
  const compile = (n: QueryNode, negated: boolean): Compiled => {
    switch (n.kind) {
      case 'term':
        return { kind: 'term', term: termOf(n.text, negated, false) };
      case 'and':
      case 'or':
        return { kind: n.kind, children: n.children.map((child) => compile(child, negated)) };
      case 'not':
        return { kind: 'not', child: compile(n.child, true) };
      case 'near': {
        const left = termOf(n.left.text, negated, true);
        const right = termOf(n.right.text, negated, true);
        nearList.push({ left, right, distance: n.distance });
        return { kind: 'near', near: nearList.length - 1, left, right, distance: n.distance };
      }
    }
  };
  const root = compile(node, false);
  const nears = nearList.length;
  const lengths = terms.map((t) => t.length);
  const needs = (c: Compiled): Set<number> => {
    switch (c.kind) {
      case 'term':
        return new Set([c.term]);
      case 'and':
        return new Set(c.children.flatMap((child) => [...needs(child)]));
      case 'or': {
        const [first, ...rest] = c.children.map(needs);
        return new Set([...(first ?? [])].filter((t) => rest.every((r) => r.has(t))));
      }
      case 'not':
        return new Set();
      case 'near':
        return new Set([c.left, c.right]);
    }
  };
  const sums =
    root.kind === 'term' ||
    ((root.kind === 'and' || root.kind === 'or') && root.children.every((c) => c.kind === 'term'));
  const needed = needs(root);
  const required = terms.map((_, t) => needed.has(t));

  // The state of one `hits` call.
  let tf: ArrayLike<number> = [];
  let at = 0;
  let positionsOf: ((term: number) => ArrayLike<number>) | undefined;
  /** Per NEAR: the occurrences of each side it keeps in this section (computed once a call). */
  const kept: ({ left: number[]; right: number[] } | null)[] = new Array<null>(nears).fill(null);
  /** Per term: 1 when all its occurrences are hits. */
  const used = new Uint8Array(terms.length);
  /** Per term: the kept occurrences NEARs contribute (when not all of them are). */
  const partial: number[][][] = terms.map(() => []);

  const keptBy = (c: Extract<Compiled, { kind: 'near' }>): { left: number[]; right: number[] } => {
    const known = kept[c.near];
    if (known) return known;
    let found = { left: [] as number[], right: [] as number[] };
    if ((tf[at + c.left] as number) > 0 && (tf[at + c.right] as number) > 0) {
      if (!positionsOf) throw new Error('a query with NEAR needs the positions of its terms');
      const left = positionsOf(c.left);
      const right = positionsOf(c.right);
      const [ll, rl] = [lengths[c.left] as number, lengths[c.right] as number];
      const keptLeft = keepNear(left, ll, right, rl, c.distance);
      if (keptLeft.length > 0) found = { left: keptLeft, right: keepNear(right, rl, left, ll, c.distance) };
    }
    kept[c.near] = found;
    return found;
  };
  const matches = (c: Compiled): boolean => {
    switch (c.kind) {
      case 'term':
        return (tf[at + c.term] as number) > 0;
      case 'and':
        return c.children.every(matches);
      case 'or':
        return c.children.some(matches);
      case 'not':
        return !matches(c.child);
      case 'near':
        return keptBy(c).left.length > 0;
    }
  };
  // Notes the hits of `c`, which matches.
  const mark = (c: Compiled): void => {
    switch (c.kind) {
      case 'term':
        used[c.term] = 1;
        return;
      case 'and':
        for (const child of c.children) mark(child);
        return;
      case 'or':
        for (const child of c.children) if (matches(child)) mark(child);
        return;
      case 'not':
        return;
      case 'near': {
        const { left, right } = keptBy(c);
        (partial[c.left] as number[][]).push(left);
        (partial[c.right] as number[][]).push(right);
        return;
      }
    }
  };
  return {
    terms,
    positive,
    positional,
    required,
    nears: nearList,
    sums,
    hits(counts, from = 0, positions) {
      tf = counts;
      at = from;
      positionsOf = positions;
      // Called once per candidate section (tens of thousands for a frequent character): without NEAR there is
      // nothing kept per call to reset.
      if (nears > 0) kept.fill(null);
      let hits = 0;
      if (matches(root)) {
        mark(root);
        for (let t = 0; t < terms.length; t++) {
          if (used[t] === 1) {
            hits += tf[at + t] as number;
            used[t] = 0;
          } else if (nears > 0) {
            const parts = partial[t] as number[][];
            if (parts.length === 1) hits += (parts[0] as number[]).length;
            else if (parts.length > 1) hits += new Set(parts.flat()).size;
          }
        }
        if (nears > 0) for (const parts of partial) parts.length = 0;
      }
      return hits;
    },
  };
}
