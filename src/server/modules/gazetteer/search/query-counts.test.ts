import { describe, expect, it } from 'vitest';
import { countPlan } from './query-counts.ts';
import { findOccurrences, matchSection } from './match-section.ts';
import { normalizeQuery, parseQuery } from './query-parse.ts';
import { createRandom } from '../../../test/fuzz-importers.ts';

const ALPHABET = [...'山林吉长白县'];

describe('countPlan', () => {
  it('counts a repeated term once and a term under NOT never', () => {
    const plan = countPlan(normalizeQuery(parseQuery('山 OR 山 OR (林 -山)'), null));
    expect(plan?.terms).toEqual(['山', '林']);
    expect(plan?.positive).toEqual([true, true]);
    expect(plan?.hits([3, 2])).toBe(3);
    expect(plan?.hits([0, 2])).toBe(2);
    expect(plan?.hits([0, 0])).toBe(0);
    const excluded = countPlan(normalizeQuery(parseQuery('吉 -县'), null));
    expect(excluded?.positive).toEqual([true, false]);
    expect(excluded?.hits([2, 0])).toBe(2);
    expect(excluded?.hits([2, 1])).toBe(0);
  });

  it('names the terms every match needs: all of an AND, what every child of an OR needs, both sides of a NEAR', () => {
    const required = (query: string) => {
      const plan = countPlan(normalizeQuery(parseQuery(query), null));
      return plan.terms.filter((_, t) => plan.required[t]);
    };
    expect(required('山 林 -县')).toEqual(['山', '林']);
    expect(required('山 OR 林')).toEqual([]);
    expect(required('(山 林) OR (山 吉)')).toEqual(['山']);
    expect(required('吉 (山 NEAR/3 林)')).toEqual(['吉', '山', '林']);
    expect(required('(山 NEAR/3 林) OR 林')).toEqual(['林']);
  });

  it('sums the counts of a flat AND or OR of terms exactly as it evaluates them, and of nothing else', () => {
    const sums = (query: string) => countPlan(normalizeQuery(parseQuery(query), null)).sums;
    expect(['山', '山 林', '山 林 吉', '山 OR 林', '山 OR 林 OR 山林'].map(sums)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['山 -林', '山 (林 OR 吉)', '山 OR (林 吉)', '山 NEAR/3 林', '(山 NEAR/3 林) OR 吉'].map(sums)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    const random = createRandom(7);
    for (const query of ['山 林 吉', '山 OR 林 OR 山林', '山林 长白']) {
      const plan = countPlan(normalizeQuery(parseQuery(query), null));
      const and = !query.includes(' OR ');
      for (let round = 0; round < 200; round++) {
        const tf = plan.terms.map(() => (random() < 0.3 ? 0 : 1 + Math.floor(random() * 9)));
        // The rows countHits sums: an AND's with every term, an OR's with at least one.
        if (and ? tf.includes(0) : tf.every((n) => n === 0)) continue;
        expect(plan.hits(tf), `${query} ${tf.join(',')}`).toBe(tf.reduce((a, b) => a + b, 0));
      }
    }
  });

  it('counts what NEARs keep of a term, once, and all of it when the term also stands alone', () => {
    // 山 at 0, 10, 20; 林 at 2 and 22 (as positions, one unit each).
    const at = { 山: [0, 10, 20], 林: [2, 22] } as Record<string, number[]>;
    const count = (query: string) => {
      const plan = countPlan(normalizeQuery(parseQuery(query), null));
      return plan.hits(
        plan.terms.map((t) => at[t]?.length ?? 0),
        0,
        (t) => at[plan.terms[t] as string] ?? [],
      );
    };
    expect(count('山 NEAR/1 林')).toBe(4);
    expect(count('山 NEAR/0 林')).toBe(0);
    expect(count('(山 NEAR/1 林) OR 山')).toBe(5);
    expect(count('(山 NEAR/1 林) (林 NEAR/8 山)')).toBe(5);
    expect(count('吉 OR (山 NEAR/1 林)')).toBe(4);
    expect(count('山 -(山 NEAR/1 林)')).toBe(0);
  });

  it('gives the hits matchSection finds in the text, for random texts and nested queries', () => {
    const random = createRandom(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const word = (): string => {
      let w = '';
      const n = 1 + Math.floor(random() * 3);
      for (let i = 0; i < n; i++) w += pick(ALPHABET);
      return w;
    };
    // Positive expressions (every path to a match has a term outside NOT), as normalizeQuery demands.
    const expr = (depth: number): string => {
      const r = random();
      if (depth === 0 || r < 0.2) return word();
      if (r < 0.3) {
        // Sometimes the same term on both sides.
        const left = word();
        return `${left} NEAR/${Math.floor(random() * 5)} ${random() < 0.2 ? left : word()}`;
      }
      const parts = [expr(depth - 1), expr(depth - 1)];
      if (r < 0.55) return `(${parts.join(' OR ')})`;
      if (r < 0.8) return `(${parts.join(' ')})`;
      return `(${parts[0]} -${random() < 0.5 ? word() : `(${expr(depth - 1)})`})`;
    };
    let matched = 0;
    for (let round = 0; round < 3000; round++) {
      let text = '';
      const length = Math.floor(random() * 40);
      for (let i = 0; i < length; i++) text += pick(ALPHABET);
      const query = expr(3);
      const ast = normalizeQuery(parseQuery(query), null);
      const plan = countPlan(ast);
      const tf = plan.terms.map((term) => findOccurrences(text, term).length);
      // Positions with another origin, as the index gives them (where the section starts in its segment).
      const positions = (t: number) => findOccurrences(text, plan.terms[t] as string).map((p) => p + 1000);
      const expected = matchSection(ast, text);
      // The counts are read at an offset in a larger array (the engine keeps every section's in one).
      const at = round % 3;
      expect({ query, text, hits: plan.hits([...new Array<number>(at).fill(7), ...tf, 7], at, positions) }).toEqual({
        query,
        text,
        hits: expected.matches ? expected.hits.length / 2 : 0,
      });
      // A required term is in every section that matches.
      if (plan.required.some((needed, t) => needed && tf[t] === 0))
        expect({ query, text, matches: expected.matches }).toEqual({ query, text, matches: false });
      if (expected.matches) {
        matched++;
        expect(expected.hits.length).toBeGreaterThan(0);
      }
    }
    // The rounds exercise both outcomes.
    expect(matched).toBeGreaterThan(500);
    expect(matched).toBeLessThan(2900);
  });
});
