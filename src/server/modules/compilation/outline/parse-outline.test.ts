import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TParsedHeading } from '../../../../shared/compilation.ts';
import { parseOutlineLines, parseOutlineTable, parseWordCount, textToOutlineLines } from './parse-outline.ts';
import { formatHeadingNumber, parseNumeral, readHeadingNumber, toChineseNumeral } from './numbering.ts';

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');
const linesOf = textToOutlineLines;

/** `depth level title` per heading, in reading order: what a person checks in the preview. */
function flat(hs: readonly TParsedHeading[]): string[] {
  return hs.flatMap((h) => [`${h.depth} ${h.level} ${h.title}`, ...flat(h.children)]);
}

describe('Chinese heading numbers', () => {
  it('reads and writes numerals', () => {
    expect([
      parseNumeral('十二'),
      parseNumeral('二十'),
      parseNumeral('一百零五'),
      parseNumeral('一〇五'),
      parseNumeral('１２'),
    ]).toEqual([12, 20, 105, 105, 12]);
    expect([
      toChineseNumeral(1),
      toChineseNumeral(10),
      toChineseNumeral(15),
      toChineseNumeral(30),
      toChineseNumeral(112),
    ]).toEqual(['一', '十', '十五', '三十', '一百一十二']);
    expect(['篇', '章', '节', '目', '子目', '条目'].map((l) => formatHeadingNumber(l, 3))).toEqual([
      '第三篇',
      '第三章',
      '第三节',
      '三、',
      '（三）',
      '',
    ]);
  });

  it('reads every numbering style and leaves words that only start with a numeral alone', () => {
    expect(readHeadingNumber('第十二章　交通')?.number).toMatchObject({ style: 'zhang', value: 12 });
    expect(readHeadingNumber('（三）村屯')?.number).toMatchObject({ style: 'cnParen', value: 3 });
    expect(readHeadingNumber('(3)河谷')?.number).toMatchObject({ style: 'arabicParen', value: 3 });
    expect(readHeadingNumber('1.2.3 位置')?.number).toMatchObject({ style: 'decimal', value: 3, parts: 3 });
    expect(readHeadingNumber('②水系')?.number).toMatchObject({ style: 'circled', value: 2 });
    expect(readHeadingNumber('一、乡镇调整')?.title).toBe('乡镇调整');
    expect(readHeadingNumber('十分重要的事')).toBeNull();
    expect(readHeadingNumber('2023年概况')).toBeNull();
  });
});

describe('outline parser: lines', () => {
  it('reads a county chronicle TOC with dot leaders, page numbers, full-width spaces and front/back matter', () => {
    const p = parseOutlineLines(linesOf(fixture('county-chronicle-toc.txt')), 'chronicle');
    expect(p.method).toBe('numbering');
    expect(flat(p.headings)).toEqual([
      '1 篇 序',
      '1 篇 凡例',
      '1 篇 概述',
      '1 篇 大事记',
      '1 篇 建置区划',
      '2 章 建置沿革',
      '3 节 历史沿革',
      '3 节 县城变迁',
      '2 章 行政区划',
      '3 节 区划变更',
      '4 目 乡镇调整',
      '4 目 村屯合并',
      '3 节 乡镇概况',
      '1 篇 自然环境',
      '2 章 概述',
      '2 章 地质地貌',
      '2 章 气候',
      '1 篇 附录',
      '1 篇 索引',
      '1 篇 编后记',
    ]);
    const byTitle = (t: string) => p.headings.find((h) => h.title === t)!;
    expect([
      byTitle('凡例').matter,
      byTitle('大事记').matter,
      byTitle('建置区划').matter,
      byTitle('附录').matter,
    ]).toEqual(['front', 'front', 'body', 'back']);
    expect([byTitle('凡例').genre, byTitle('大事记').genre, byTitle('附录').genre, byTitle('编后记').genre]).toEqual([
      '凡例',
      '大事记',
      '附录',
      '编纂始末',
    ]);
    expect(byTitle('自然环境').children[0]).toMatchObject({ title: '概述', genre: '述' });
    expect(p.headings[4]?.numberText).toBe('第一篇');
    expect(p.warnings.join()).toContain('文件标题');
  });

  it('nests mixed 第X章/第X节/一、/（一）/1./(1) by how they are used', () => {
    const p = parseOutlineLines(linesOf(fixture('mixed-numbering.txt')), 'village');
    expect(flat(p.headings)).toEqual([
      '1 章 凡例',
      '1 章 自然地理',
      '2 节 位置面积',
      '3 目 地理位置',
      '4 子目 经纬度',
      '4 子目 四至',
      '3 目 面积',
      '2 节 地貌',
      '3 目 山地',
      '3 目 平原',
      '4 子目 河谷平原',
      '4 子目 台地',
      '1 章 人口',
      '2 节 人口总量',
      '2 节 人口构成',
      '1 章 经济',
      '2 节 农业',
      '2 节 工业',
      '1 章 附录',
    ]);
  });

  it('reads a yearbook frame by indentation with 【条目】 brackets', () => {
    const p = parseOutlineLines(linesOf(fixture('yearbook-frame-indented.txt')), 'yearbook');
    expect(p.method).toBe('indentation');
    const rows = flat(p.headings);
    expect(rows.slice(0, 8)).toEqual([
      '1 类目 特载',
      '1 类目 专文',
      '1 类目 大事记',
      '1 类目 概况',
      '2 分目 自然地理',
      '3 条目 位置面积',
      '3 条目 气候',
      '2 分目 人口',
    ]);
    expect(rows).toContain('2 分目 吉林省人民代表大会常务委员会');
    expect(rows.at(-1)).toBe('1 类目 索引');
    expect(p.headings.find((h) => h.title === '附录')?.matter).toBe('back');
  });

  it('reads decimal numbering with tab page numbers', () => {
    const p = parseOutlineLines(linesOf(fixture('decimal-tabs.txt')), 'special');
    expect(flat(p.headings)).toEqual([
      '1 章 总述',
      '2 节 地理',
      '3 目 位置',
      '3 目 地貌',
      '2 节 历史',
      '1 章 经济',
      '2 节 工业',
      '2 节 农业',
    ]);
  });

  it('takes levels from Word heading styles and skips body paragraphs', () => {
    const p = parseOutlineLines(
      [
        { text: '前言', line: 1, styleLevel: 1 },
        { text: '工业', line: 2, styleLevel: 1 },
        { text: '本篇记述全市工业发展情况，资料截至2020年底。各章按行业分述。', line: 3, styleLevel: null },
        { text: '冶金', line: 4, styleLevel: 2 },
        { text: '钢铁', line: 5, styleLevel: 3 },
        { text: '化工', line: 6, styleLevel: 2 },
      ],
      'special',
    );
    expect(p.method).toBe('styles');
    expect(flat(p.headings)).toEqual(['1 章 前言', '1 章 工业', '2 节 冶金', '3 目 钢铁', '2 节 化工']);
  });

  it('strips single-space page numbers when most lines carry one, but keeps years in titles', () => {
    const p = parseOutlineLines(
      linesOf('第一章 建置 3\n第一节 沿革 3\n第二节 2020年区划 9\n第二章 人口 15'),
      'chronicle',
    );
    expect(flat(p.headings)).toEqual(['1 章 建置', '2 节 沿革', '2 节 2020年区划', '1 章 人口']);
  });

  it('reads unnumbered 篇 titles (经济篇) above numbered chapters', () => {
    const p = parseOutlineLines(linesOf('政治篇\n第一章 党委\n第二章 政府\n经济篇\n第一章 农业'), 'chronicle');
    expect(flat(p.headings)).toEqual(['1 篇 政治篇', '2 章 党委', '2 章 政府', '1 篇 经济篇', '2 章 农业']);
  });

  it('says so when nothing tells the levels apart', () => {
    const p = parseOutlineLines(linesOf('农业\n工业\n商业'), 'chronicle');
    expect(p.method).toBe('flat');
    expect(p.count).toBe(3);
    expect(p.warnings.join()).toContain('无法判断层级');
  });

  it('answers an empty file with a clear warning', () => {
    const p = parseOutlineLines(linesOf('\n目录\n\n'), 'chronicle');
    expect(p.count).toBe(0);
    expect(p.warnings.join()).toContain('没有找到篇目标题');
  });
});

describe('outline parser: tables', () => {
  it('reads 类目 | 分目 | 条目 with repeated parents, 承编单位 and 字数', () => {
    const rows = [
      ['2023卷框架', '', '', '', ''],
      ['类目', '分目', '条目', '承编单位', '字数'],
      ['特载', '', '', '省委办公厅', '5000'],
      ['概况', '自然地理', '位置面积', '省自然资源厅', '1500'],
      ['概况', '自然地理', '气候', '省气象局', '0.2万字'],
      ['概况', '人口', '人口总量', '省统计局', '3千字'],
      ['', '', '人口结构', '省统计局', '800'],
      ['经济', '', '', '', ''],
      ['', '农业', '', '省农业农村厅', ''],
    ];
    const p = parseOutlineTable(rows, 'yearbook')!;
    expect(p.method).toBe('table');
    expect(flat(p.headings)).toEqual([
      '1 类目 特载',
      '1 类目 概况',
      '2 分目 自然地理',
      '3 条目 位置面积',
      '3 条目 气候',
      '2 分目 人口',
      '3 条目 人口总量',
      '3 条目 人口结构',
      '1 类目 经济',
      '2 分目 农业',
    ]);
    const climate = p.headings[1]!.children[0]!.children[1]!;
    expect(climate).toMatchObject({ title: '气候', ownerUnitName: '省气象局', wordBudget: 2000 });
    expect(p.headings[1]!.children[1]!.children[0]!.wordBudget).toBe(3000);
  });

  it('reads a headerless staircase table', () => {
    const p = parseOutlineTable(
      [
        ['农业', ''],
        ['', '种植业'],
        ['', '畜牧业'],
        ['工业', ''],
      ],
      'chronicle',
    )!;
    expect(flat(p.headings)).toEqual(['1 章 农业', '2 节 种植业', '2 节 畜牧业', '1 章 工业']);
  });

  it('reads a 层级 | 标题 table and a 标题-only table with numbers', () => {
    const a = parseOutlineTable(
      [
        ['层级', '标题', '承编单位'],
        ['1', '自然', '市自然资源局'],
        ['2', '地貌', ''],
        ['1', '人口', '市统计局'],
      ],
      'chronicle',
    )!;
    expect(flat(a.headings)).toEqual(['1 章 自然', '2 节 地貌', '1 章 人口']);
    const b = parseOutlineTable(
      [
        ['篇目名称', '承编单位'],
        ['第一章 自然', '市自然资源局'],
        ['第一节 地貌', '市自然资源局'],
        ['第二章 人口', '市统计局'],
      ],
      'chronicle',
    )!;
    expect(flat(b.headings)).toEqual(['1 章 自然', '2 节 地貌', '1 章 人口']);
    expect(b.headings[1]!.ownerUnitName).toBe('市统计局');
  });

  it('returns null for a one-column list so it is read as lines', () => {
    expect(parseOutlineTable([['第一章 自然'], ['第一节 地貌']], 'chronicle')).toBeNull();
  });

  it('reads word counts', () => {
    expect([
      parseWordCount('3000'),
      parseWordCount('3千字'),
      parseWordCount('0.5万字'),
      parseWordCount('1,200字'),
      parseWordCount('约三千'),
    ]).toEqual([3000, 3000, 5000, 1200, null]);
  });
});
