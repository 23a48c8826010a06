import { describe, expect, it } from 'vitest';
import { neutralizeFormula } from './spreadsheet-safe.ts';

describe('neutralizeFormula', () => {
  it('prefixes text that a spreadsheet would run as a formula', () => {
    for (const bad of ['=HYPERLINK("x")', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx'])
      expect(neutralizeFormula(bad)).toBe(`'${bad}`);
  });
  it('leaves ordinary text alone', () => {
    for (const ok of ['资料处', '', '2023年', 'a=b']) expect(neutralizeFormula(ok)).toBe(ok);
  });
});
