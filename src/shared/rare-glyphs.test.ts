import { describe, expect, it } from 'vitest';
import { rareCharacters } from './rare-glyphs.ts';

describe('rareCharacters', () => {
  it('finds extension characters once each, in code point order, and ignores common ones', () => {
    expect(rareCharacters('追王𬗟前籍㐀山𬗟水\u{2F800}')).toEqual(['㐀', '𬗟', '\u{2F800}']);
    expect(rareCharacters('長白山在寧古塔')).toEqual([]);
  });
});
