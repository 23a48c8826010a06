import { describe, expect, it } from 'vitest';
import { deriveParentOrdinals, derivePeriodFacet, expandRegionFilter, findAnchorAt } from './book-facets.ts';

describe('book facets', () => {
  it('gives the dynasty for an old book and the decade for a modern one', () => {
    expect(derivePeriodFacet('清乾隆四十四年', 1779)).toBe('清');
    expect(derivePeriodFacet(null, 1779)).toBe('清');
    expect(derivePeriodFacet('民国二十年', null)).toBe('民國');
    expect(derivePeriodFacet(null, 2022)).toBe('2020年代');
    expect(derivePeriodFacet(null, null)).toBeNull();
  });

  it('expands a province or city code to the divisions under it, and keeps historical names as they are', () => {
    const known = ['220000', '220100', '220102', '210100', '寧古塔'];
    expect(expandRegionFilter(['220000'], known).sort()).toEqual(['220000', '220100', '220102']);
    expect(expandRegionFilter(['220100'], known).sort()).toEqual(['220100', '220102']);
    expect(expandRegionFilter(['寧古塔'], known)).toEqual(['寧古塔']);
  });

  it('nests the table of contents by level', () => {
    expect(deriveParentOrdinals([1, 2, 3, 2, 1, 3])).toEqual([null, 1, 2, 1, null, 5]);
  });

  it('finds the page a hit is on', () => {
    const anchors = [
      { offset: 0, id: 'a' },
      { offset: 50, id: 'b' },
    ];
    expect(findAnchorAt(anchors, 49)?.id).toBe('a');
    expect(findAnchorAt(anchors, 50)?.id).toBe('b');
    expect(findAnchorAt([{ offset: 10, id: 'x' }], 3)).toBeNull();
  });
});
