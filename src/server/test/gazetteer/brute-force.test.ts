import { describe, expect, it } from 'vitest';
import { searchByBruteForce } from './brute-force.ts';
import { getDefaultFolder } from '../../modules/gazetteer/search/fold.ts';
import type { IndexedSection } from '../../modules/gazetteer/search/search-index.ts';

const facets = { type: '县志', region: '吉林', period: '清', year: 1780, title: '示例县志' };
const sections: IndexedSection[] = [
  { sectionId: 1, bookId: 1, text: '山山山\n　縣治在長白\n　山之南', facets },
  { sectionId: 2, bookId: 1, text: '县志三卷，寕古塔在东。', facets: { ...facets, type: '府志' } },
];

describe('brute-force oracle', () => {
  it('counts overlapping occurrences and phrases across line breaks', () => {
    const r = searchByBruteForce(sections, '山山', null);
    expect(r.hits.map((h) => h.offset)).toEqual([0, 1]);
    const across = searchByBruteForce(sections, '長白山', null);
    expect(across.hits).toEqual([{ sectionId: 1, offset: 8, length: 5 }]);
  });

  it('folds traditional, simplified and variant forms only when asked', () => {
    expect(searchByBruteForce(sections, '縣志', getDefaultFolder()).total).toBe(1);
    expect(searchByBruteForce(sections, '縣志', null).total).toBe(0);
    expect(searchByBruteForce(sections, '寧古塔', getDefaultFolder()).sections).toBe(1);
  });

  it('applies NOT, OR, NEAR and filters at section level', () => {
    expect(searchByBruteForce(sections, '山 -县志', getDefaultFolder()).sections).toBe(1);
    expect(searchByBruteForce(sections, '長白 OR 古塔', null)).toMatchObject({ total: 2, sections: 2 });
    expect(searchByBruteForce(sections, '縣治 NEAR/2 長白', null).total).toBe(2);
    expect(searchByBruteForce(sections, '山 NEAR/0 之南', null).hits).toEqual([
      { sectionId: 1, offset: 12, length: 1 },
      { sectionId: 1, offset: 13, length: 2 },
    ]);
    expect(searchByBruteForce(sections, '古塔', null, { types: ['县志'] }).total).toBe(0);
  });
});
