import { describe, expect, it } from 'vitest';
import { neutralizeFormula } from './spreadsheet-safe.ts';

describe('neutralizeFormula', () => {
  it('prefixes text a spreadsheet would run and leaves other text alone', () => {
    expect(neutralizeFormula('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(neutralizeFormula('+1')).toBe("'+1");
    expect(neutralizeFormula('-2')).toBe("'-2");
    expect(neutralizeFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutralizeFormula('\tx')).toBe("'\tx");
    expect(neutralizeFormula('長白山')).toBe('長白山');
  });
});
