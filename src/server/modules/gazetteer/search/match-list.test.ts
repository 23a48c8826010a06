import { describe, expect, it } from 'vitest';
import { MatchList } from './match-list.ts';

/** A small deterministic generator, so a failure names its seed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('MatchList', () => {
  it('keeps every entry in the order pushed, growing past its first capacity', () => {
    const a = { name: 'a' };
    const b = { name: 'b' };
    const list = new MatchList<{ name: string }>(1);
    list.push(a, 3, 30, 2, 0.5);
    list.push(a, 7, 70, 1, 0.25);
    list.push(b, 0, 5, 4, 1.5);
    list.push(a, 9, 90, 6, 2.5);
    expect(list.length).toBe(4);
    expect([0, 1, 2, 3].map((i) => [list.viewOf(i).name, list.idxOf(i), list.sectionIdOf(i), list.tfOf(i)])).toEqual([
      ['a', 3, 30, 2],
      ['a', 7, 70, 1],
      ['b', 0, 5, 4],
      ['a', 9, 90, 6],
    ]);
    expect(list.views).toEqual([a, b]);
    expect(list.scoreOf(3)).toBe(2.5);
  });

  it('picks the best entries as a full sort would: higher score first, then lower section id', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const next = random(seed);
      const n = Math.floor(next() * 300);
      const list = new MatchList<null>(4);
      // Few distinct scores, so ties are common and the section id decides them.
      for (let i = 0; i < n; i++) list.push(null, i, Math.floor(next() * 1000), 1, Math.floor(next() * 8) / 4);
      const sorted = [...Array(n).keys()].sort(
        (x, y) => list.scoreOf(y) - list.scoreOf(x) || list.sectionIdOf(x) - list.sectionIdOf(y),
      );
      for (const want of [0, 1, 5, 64, n, n + 10]) {
        const top = list.top(want).map((i) => [list.scoreOf(i), list.sectionIdOf(i)]);
        const expected = sorted.slice(0, Math.max(0, want)).map((i) => [list.scoreOf(i), list.sectionIdOf(i)]);
        expect(top, `seed ${seed}, want ${want}`).toEqual(expected);
      }
    }
  });

  it('has nothing to pick when empty', () => {
    expect(new MatchList<null>().top(20)).toEqual([]);
  });
});
