import { describe, expect, it } from 'vitest';
import { buildTermMatch, encodeCodePoint, tokenizeSearchText } from './tokenize.ts';

describe('tokens', () => {
  it('starts one token at every code point: bigrams plus an end-of-run token', () => {
    const tokens = tokenizeSearchText('吉林𠀀').split(' ');
    expect(tokens).toEqual([
      encodeCodePoint(0x5409) + encodeCodePoint(0x6797),
      encodeCodePoint(0x6797) + encodeCodePoint(0x20000),
      encodeCodePoint(0x20000),
    ]);
    expect(tokenizeSearchText('')).toBe('');
  });

  it('writes code points as 4 lower-case base-36 digits', () => {
    expect(encodeCodePoint(0)).toBe('0000');
    expect(encodeCodePoint(0x10ffff)).toMatch(/^[0-9a-z]{4}$/);
  });

  it('turns a 1-character term into a prefix query and longer terms into bigram phrases', () => {
    const a = encodeCodePoint('長'.codePointAt(0) as number);
    const b = encodeCodePoint('白'.codePointAt(0) as number);
    const c = encodeCodePoint('山'.codePointAt(0) as number);
    expect(buildTermMatch('長')).toBe(`${a}*`);
    expect(buildTermMatch('長白')).toBe(`"${a}${b}"`);
    expect(buildTermMatch('長白山')).toBe(`"${a}${b} ${b}${c}"`);
  });
});
