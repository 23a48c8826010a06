import { describe, expect, it } from 'vitest';
import { parseChineseNumeral, splitLines } from './classify-lines.ts';

describe('classifyLine', () => {
  it('tells each level of structure and its number', () => {
    const lines = splitLines(
      '一、依法治志\n（二）年鉴编纂\n12.做好工作\n3、做好工作\n4．做好工作\n（1）子项\n2）子项\n③子项\n牵头单位：办公室\n序号\t工作任务\n正文',
    );
    expect(lines.map((l) => [l.kind, l.ordinal])).toEqual([
      ['h1', 1],
      ['h2', 2],
      ['num', 12],
      ['num', 3],
      ['num', 4],
      ['paren', 1],
      ['paren', 2],
      ['circled', 3],
      ['unit', 0],
      ['row', 0],
      ['text', 0],
    ]);
  });

  it('does not take a decimal, a year or the tail of a wrapped number for an item mark', () => {
    expect(splitLines('2.5万册图书\n2023年工作\n2）》编纂工作').map((l) => l.kind)).toEqual(['text', 'text', 'text']);
  });

  it('keeps offsets into the text', () => {
    const [, second] = splitLines('一、甲\n1.乙');
    expect(second).toMatchObject({ start: 4, bodyStart: 6, end: 7 });
  });

  it('reads Chinese numerals up to the nineties', () => {
    expect(['一', '九', '十', '十二', '二十', '二十一'].map(parseChineseNumeral)).toEqual([1, 9, 10, 12, 20, 21]);
  });
});
