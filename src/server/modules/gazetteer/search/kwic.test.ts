import { describe, expect, it } from 'vitest';
import { formatKwicCsv, sortKwicRows } from './kwic.ts';
import type { KwicRow } from './search-index.ts';

const row = (left: string, right: string, offset: number): KwicRow => ({
  sectionId: 1,
  bookId: 7,
  offset,
  length: 2,
  left,
  keyword: '吉林',
  right,
});

describe('KWIC', () => {
  it('sorts by right context, or by left context read outwards from the keyword', () => {
    const rows = [row('za', 'b', 1), row('yb', 'a', 2), row('xc', 'c', 3)];
    expect(sortKwicRows([...rows], 'right').map((r) => r.offset)).toEqual([2, 1, 3]);
    // Sorting the left context as written would give 3, 2, 1; read outwards from the keyword it is a, b, c.
    expect(sortKwicRows([...rows], 'left').map((r) => r.offset)).toEqual([1, 2, 3]);
  });

  it('exports CSV with a BOM, a Chinese header and quoted fields where needed', () => {
    const csv = formatKwicCsv([row('甲,乙', '丙"丁', 5)], () => '示例县志');
    expect(csv.startsWith('\uFEFF书名,书号,章节号,位置,左文,检索词,右文\r\n')).toBe(true);
    expect(csv).toContain('示例县志,7,1,5,"甲,乙",吉林,"丙""丁"\r\n');
  });
});
