/**
 * A query's hits in a section from its terms' occurrence counts alone, without the section's text.
 *
 * For a query without NEAR, the hits `matchSection` finds are every occurrence of each distinct term that contributes:
 * a term contributes where it occurs, under an AND whose every child matches, under an OR as one of the children that
 * match, never under NOT. Two hits are one only when they are the same span, and the same span is the same string, so
 * counting each distinct term once is exact. NEAR needs positions, not counts: such a query has no plan here.
 */
import type { QueryNode } from './query-parse.ts';

export interface CountPlan {
  /** The distinct terms, in the order first met. */
  terms: string[];
  /** Per term: whether it occurs anywhere outside a NOT (only such terms can make a section match). */
  positive: boolean[];
  /**
   * The section's hits given each term's occurrences in it (`tf[at + t]` for term t), 0 when it does not match. A query
   * that passed `normalizeQuery` has a positive term on every path that can match, so a match always has hits.
   */
  hits(tf: ArrayLike<number>, at?: number): number;
}

type Compiled =
  { kind: 'term'; term: number } | { kind: 'and' | 'or'; children: Compiled[] } | { kind: 'not'; child: Compiled };

/** The plan of a normalised query, or null when it has a NEAR (its hits depend on where the terms are). */
export function countPlan(node: QueryNode): CountPlan | null {
  const terms: string[] = [];
  const positive: boolean[] = [];
  const compile = (n: QueryNode, negated: boolean): Compiled | null => {
    switch (n.kind) {
      case 'term': {
        let term = terms.indexOf(n.text);
        if (term < 0) term = terms.push(n.text) - 1;
        positive[term] = (positive[term] ?? false) || !negated;
        return { kind: 'term', term };
      }
      case 'and':
      case 'or': {
        const children: Compiled[] = [];
        for (const child of n.children) {
          const c = compile(child, negated);
          if (!c) return null;
          children.push(c);
        }
        return { kind: n.kind, children };
      }
      case 'not': {
        const child = compile(n.child, true);
        return child && { kind: 'not', child };
      }
      case 'near':
        return null;
    }
  };
  const root = compile(node, false);
  if (!root) return null;
  const used = new Uint8Array(terms.length);
  let at = 0;
  const matches = (c: Compiled, tf: ArrayLike<number>): boolean => {
    switch (c.kind) {
      case 'term':
        return (tf[at + c.term] as number) > 0;
      case 'and':
        return c.children.every((child) => matches(child, tf));
      case 'or':
        return c.children.some((child) => matches(child, tf));
      case 'not':
        return !matches(c.child, tf);
    }
  };
  // Marks the terms whose occurrences are hits of `c`, which matches.
  const mark = (c: Compiled, tf: ArrayLike<number>): void => {
    switch (c.kind) {
      case 'term':
        used[c.term] = 1;
        return;
      case 'and':
        for (const child of c.children) mark(child, tf);
        return;
      case 'or':
        for (const child of c.children) if (matches(child, tf)) mark(child, tf);
        return;
      case 'not':
        return;
    }
  };
  return {
    terms,
    positive,
    hits(tf, from = 0) {
      at = from;
      if (!matches(root, tf)) return 0;
      mark(root, tf);
      let hits = 0;
      for (let t = 0; t < used.length; t++) {
        if (used[t] === 1) hits += tf[at + t] as number;
        used[t] = 0;
      }
      return hits;
    },
  };
}
