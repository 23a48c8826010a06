/** The posting reader's skipping paths against plain filtering, on lists long enough to have many skip points. */
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../test/fuzz-importers.ts';
import {
  COUNTED_FROM,
  keepFollowedBy,
  openBigram,
  positionsIn,
  positionsInRanges,
  PostingBuilder,
  SKIP_EVERY,
} from './postings.ts';

function posting(positions: readonly number[]) {
  const builder = new PostingBuilder(1);
  positions.forEach((p) => builder.add(p, p >> 10));
  return openBigram(builder.encode());
}

function ascending(random: () => number, n: number, gap: number): number[] {
  const out: number[] = [];
  let p = 0;
  for (let i = 0; i < n; i++) out.push((p += 1 + Math.floor(random() * gap)));
  return out;
}

describe('postings', () => {
  const random = createRandom(15);
  const all = ascending(random, 20 * SKIP_EVERY + 37, 40);
  const p = posting(all);

  it('has skip points once a list is counted', () => {
    expect(all.length).toBeGreaterThan(COUNTED_FROM);
    expect(p.skipPositions.length).toBe(Math.floor((all.length - 1) / SKIP_EVERY));
  });

  it('reads the positions of a range, from any block, like a filter over the whole list', () => {
    const last = all[all.length - 1] as number;
    for (let round = 0; round < 300; round++) {
      const from = Math.floor(random() * (last + 10));
      const to = from + Math.floor(random() * (round % 3 === 0 ? 20_000 : 300));
      expect([...positionsIn(p, from, to)], `${from}..${to}`).toEqual(all.filter((x) => x >= from && x < to));
    }
    expect([...positionsIn(p, 0, last + 1)]).toEqual(all);
    expect([...positionsIn(p, last + 1, last + 100)]).toEqual([]);
  });

  it('reads the positions of many ranges in one pass, like a filter over the whole list', () => {
    const last = all[all.length - 1] as number;
    const short = [3, 9, 40, 41, 80];
    for (let round = 0; round < 200; round++) {
      // Ranges few or many, narrow or wide, touching or apart, some before the first position or past the last.
      const ranges: number[] = [];
      let at = Math.floor(random() * 50) - 20;
      const n = 1 + Math.floor(random() * (round % 4 === 0 ? 400 : 12));
      for (let i = 0; i < n && at < last + 200; i++) {
        const from = at + (random() < 0.2 ? 0 : Math.floor(random() * (round % 2 === 0 ? 30_000 : 200)));
        const to = from + 1 + Math.floor(random() * (random() < 0.1 ? 5000 : 100));
        ranges.push(from, to);
        at = to;
      }
      const inside = (x: number) => ranges.some((v, i) => i % 2 === 0 && x >= v && x < (ranges[i + 1] as number));
      expect([...positionsInRanges(p, ranges)], ranges.join(',')).toEqual(all.filter(inside));
      // A list too short for skip points.
      expect([...positionsInRanges(posting(short), ranges)]).toEqual(short.filter(inside));
    }
    expect([...positionsInRanges(p, [])]).toEqual([]);
    expect([...positionsInRanges(p, [0, last + 1])]).toEqual(all);
    // The first and last position alone, each its own range.
    const [first] = all as [number];
    expect([...positionsInRanges(p, [first, first + 1, last, last + 1])]).toEqual([first, last]);
  });

  it('keeps exactly the candidates followed at the offset, sparse or dense', () => {
    const set = new Set(all);
    for (const [n, gap] of [
      [5, 5000],
      [200, 300],
      [3000, 20],
    ] as const) {
      const candidates = Int32Array.from(ascending(random, n, gap).map((x) => x + 1));
      const offset = 1 + Math.floor(random() * 3);
      const expected = [...candidates].filter((c) => set.has(c + offset));
      const kept = keepFollowedBy(candidates, candidates.length, p, offset);
      expect([...candidates.subarray(0, kept)]).toEqual(expected);
    }
  });

  it('keeps no candidate before the segment, where no position is (a term whose rarer bigram opens the segment)', () => {
    // The term's start lies one unit before the first section; nothing is at -1, short list or long.
    for (const list of [posting([0, 4, 9]), p]) {
      const candidates = Int32Array.from([-2, -1]);
      const kept = keepFollowedBy(candidates, candidates.length, list, 0);
      expect([...candidates.subarray(0, kept)]).toEqual([]);
    }
  });
});
