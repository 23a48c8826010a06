import { describe, expect, it } from 'vitest';
import { cutSnippet } from './snippet.ts';

describe('snippets', () => {
  it('cuts context on both sides of the hit in original glyphs', () => {
    expect(cutSnippet('欽定盛京通志長白山在吉林城東南', 6, 3, 2)).toEqual({
      before: '通志',
      match: '長白山',
      after: '在吉',
    });
  });

  it('stops at the text edges and never splits an astral character', () => {
    expect(cutSnippet('長白山', 0, 1, 5)).toEqual({ before: '', match: '長', after: '白山' });
    const s = cutSnippet('𠀀𠀀山𠀀', 4, 1, 1);
    expect(s.before).toBe('𠀀');
    expect(s.after).toBe('𠀀');
  });
});
