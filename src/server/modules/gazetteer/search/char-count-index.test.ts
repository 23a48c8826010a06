import { describe, expect, it } from 'vitest';
import { CharCountIndex } from './char-count-index.ts';

describe('CharCountIndex', () => {
  it('counts each character per section, astral characters as one', () => {
    const index = new CharCountIndex([
      [1, '山水山'],
      [2, '水𠀀𠀀'],
      [5, ''],
    ]);
    expect(index.lookup('山'.codePointAt(0) as number)).toEqual([1, 2]);
    expect(index.lookup('水'.codePointAt(0) as number)).toEqual([1, 1, 2, 1]);
    expect(index.lookup(0x20000)).toEqual([2, 2]);
    expect(index.lookup('林'.codePointAt(0) as number)).toEqual([]);
  });
});
