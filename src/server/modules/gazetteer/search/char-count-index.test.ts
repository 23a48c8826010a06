import { describe, expect, it } from 'vitest';
import { countCharacters } from './char-count-index.ts';

describe('countCharacters', () => {
  it('counts every code point of a text, astral characters as one', () => {
    expect(countCharacters('山水山𠀀山𠀀')).toEqual([0x5c71, 3, 0x6c34, 1, 0x20000, 2]);
  });

  it('starts from zero for the next text', () => {
    countCharacters('山山');
    expect(countCharacters('山')).toEqual([0x5c71, 1]);
  });
});
