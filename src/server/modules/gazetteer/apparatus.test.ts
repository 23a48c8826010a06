import { describe, expect, it } from 'vitest';
import { findApparatus } from './apparatus.ts';
import { createFolder } from './search/fold.ts';

const folder = createFolder();
const fold = (s: string) => folder.foldText(s);
const linesOf = (text: string, ranges: { start: number; end: number }[]) =>
  ranges.map((r) => text.slice(r.start, r.end).trim());

describe('findApparatus', () => {
  it('Kanripo: edition header, title-and-卷 lines (卷之, 巻, 上/下, title alone) and the 四庫 catalogue line', () => {
    const text = [
      '欽定四庫全書',
      '　青嵐縣志卷之三上',
      '　　山川',
      '青嵐縣志載山川甚詳',
      '　青嵐縣志',
      '青嵐縣志　　　地理類三都會郡縣之屬',
      '巻終',
      '　青嵐縣志巻三上',
    ].join('\n');
    const ranges = findApparatus(text, [], { titles: ['欽定青嵐縣志'], format: 'kanripo', rule: null, fold });
    expect(linesOf(text, ranges)).toEqual([
      '欽定四庫全書',
      '青嵐縣志卷之三上',
      '青嵐縣志',
      '青嵐縣志　　　地理類三都會郡縣之屬',
      '青嵐縣志巻三上',
    ]);
  });

  it('folds the title, so a heading in other glyphs still matches it', () => {
    const text = '龙沙纪略卷一\n龍沙紀略一書';
    expect(
      linesOf(text, findApparatus(text, [], { titles: ['龍沙紀略'], format: 'kanripo', rule: null, fold })),
    ).toEqual(['龙沙纪略卷一']);
  });

  it('Kanripo: a long line is tested only for what a long line can be, and a widely spaced short one in full', () => {
    const text = [
      '　　　　　　　　欽定四庫全書薈要', // 16 units, 8 without the spacing: the edition header
      '　　　　（此頁空白）',
      '山川志略云青嵐縣志卷三所載者非是', // a title inside a long line of text
      '　　龍沙紀略　　地理類八雜記之屬又有長文在後', // a folded title opening a long catalogue line
      '青嵐縣志卷三之一上終',
      '　　　右第三十七葉以下原闕今據別本補', // an extra line of 18 characters
      '右第三十七葉以下原闕今據別本補之文', // as long as no extra line, no title, not short
    ].join('\n');
    const ranges = findApparatus(text, [], {
      titles: ['青嵐縣志', '龙沙纪略'],
      format: 'kanripo',
      rule: { mode: 'format', extraLines: ['右第三十七葉以下原闕今據別本補'] },
      fold,
    });
    expect(linesOf(text, ranges)).toEqual([
      '欽定四庫全書薈要',
      '（此頁空白）',
      '龍沙紀略　　地理類八雜記之屬又有長文在後',
      '青嵐縣志卷三之一上終',
      '右第三十七葉以下原闕今據別本補',
    ]);
  });

  it('paged modern books: running heads and page numbers at page edges only, editorial markers anywhere', () => {
    const pages = [
      ['青岚县志', '第一章 建置沿革', '县境古属扶余。', '— 1 —'],
      ['青岚县志', '清代设厅。', '2'],
      ['青岚县志', '（此页空白）', '3'],
      ['青岚县志', '民国改县。3 个区。', '4'],
    ];
    let text = '';
    const anchors: { offset: number; id: string }[] = [];
    for (const [i, page] of pages.entries()) {
      anchors.push({ offset: text.length === 0 ? 0 : text.length + 1, id: `p.${i + 1}` });
      text += (text ? '\n' : '') + page.join('\n');
    }
    const ranges = findApparatus(text, anchors, { titles: ['青岚县志'], format: 'pdf', rule: null, fold });
    expect(linesOf(text, ranges)).toEqual([
      '青岚县志',
      '— 1 —',
      '青岚县志',
      '2',
      '青岚县志',
      '（此页空白）',
      '3',
      '青岚县志',
      '4',
    ]);
  });

  it('a line that is only a number in the middle of a page is text, not a page number', () => {
    const text = '甲\n1\n乙\n丙';
    expect(
      findApparatus(text, [{ offset: 0 }, { offset: 6 }], { titles: ['书'], format: 'txt', rule: null, fold }),
    ).toEqual([]);
  });

  it('the per-book rule can index everything, or leave out further lines', () => {
    const text = '欽定四庫全書\n正文\n某氏藏本';
    expect(
      findApparatus(text, [], { titles: ['书'], format: 'kanripo', rule: { mode: 'none', extraLines: [] }, fold }),
    ).toEqual([]);
    const ranges = findApparatus(text, [], {
      titles: ['书'],
      format: 'kanripo',
      rule: { mode: 'format', extraLines: ['某氏 藏本'] },
      fold,
    });
    expect(linesOf(text, ranges)).toEqual(['欽定四庫全書', '某氏藏本']);
  });
});
