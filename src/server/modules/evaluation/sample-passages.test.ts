import { describe, expect, it } from 'vitest';
import { sampledChars, samplePassages } from './sample-passages.ts';

describe('sampled passages', () => {
  it('samples a short text whole and a long one in evenly spread passages that do not overlap', () => {
    expect(samplePassages('短文。\n第二行。')).toEqual([{ index: 0, start: 0, text: '短文。\n第二行。' }]);
    expect(samplePassages('  \n ')).toEqual([]);
    const long = Array.from({ length: 400 }, (_, i) => `第${i}行记述内容，共计若干字。`).join('\n');
    const ps = samplePassages(long, 5, 600);
    expect(ps).toHaveLength(5);
    expect(ps[0]!.start).toBe(0);
    for (const [i, p] of ps.entries()) {
      expect(long.slice(p.start, p.start + p.text.length)).toBe(p.text);
      if (i > 0) expect(p.start).toBeGreaterThanOrEqual(ps[i - 1]!.start + ps[i - 1]!.text.length);
    }
    expect(long.length - (ps[4]!.start + ps[4]!.text.length)).toBeLessThan(80); // cut at a line start near the end
  });

  it('counts sampled characters without whitespace, astral characters once', () => {
    expect(sampledChars([{ index: 0, start: 0, text: '吉林 省\n𠀀' }])).toBe(4);
  });
});
