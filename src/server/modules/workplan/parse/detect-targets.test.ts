import { describe, expect, it } from 'vitest';
import { detectTargets } from './detect-targets.ts';

function brief(text: string): unknown[] {
  return detectTargets(text).map(({ span: _span, ...t }) => t);
}

describe('quantified targets', () => {
  it('normalises counts with their measure word', () => {
    expect(brief('购买图书2000册，馆藏达到17万册')).toEqual([
      { text: '2000册', value: 2000, unit: '册', comparator: 'eq' },
      { text: '17万册', value: 170000, unit: '册', comparator: 'eq' },
    ]);
    expect(brief('出版6期')).toEqual([{ text: '6期', value: 6, unit: '期', comparator: 'eq' }]);
    expect(brief('完成2部市（州）地方史')).toEqual([{ text: '2部', value: 2, unit: '部', comparator: 'eq' }]);
    expect(brief('验收7个项目')).toEqual([{ text: '7个项目', value: 7, unit: '个', comparator: 'eq' }]);
  });

  it('reads ranges', () => {
    expect(brief('完成4—7部县志')).toEqual([{ text: '4—7部', min: 4, max: 7, unit: '部', comparator: 'range' }]);
    expect(brief('推出1—3个声像作品')).toEqual([{ text: '1—3个', min: 1, max: 3, unit: '个', comparator: 'range' }]);
    expect(brief('举办3至5场讲座')).toEqual([{ text: '3至5场', min: 3, max: 5, unit: '场', comparator: 'range' }]);
  });

  it('finds each target of an item that states two', () => {
    expect(brief('全年组织2次业务学习，2次法治培训').map((t) => (t as { text: string }).text)).toEqual(['2次', '2次']);
  });

  it('reads bounds and approximations', () => {
    expect(brief('开展宣讲不少于100场')).toEqual([{ text: '不少于100场', value: 100, unit: '场', comparator: 'gte' }]);
    expect(brief('入库率98%以上')).toEqual([{ text: '98%以上', value: 98, unit: '%', comparator: 'gte' }]);
    expect(brief('访问量增长6.2%左右')).toEqual([{ text: '6.2%左右', value: 6.2, unit: '%', comparator: 'approx' }]);
    expect(brief('经费不超过5万元')).toEqual([{ text: '不超过5万元', value: 50000, unit: '元', comparator: 'lte' }]);
  });

  it('ignores years, dates, document numbers, project names and editions', () => {
    for (const text of [
      '完成2022年度档案整理',
      '2023年3月21日召开会议',
      '按照吉办发〔2023〕5号文件要求',
      '根据“195工程”的安排',
      '配送《吉林年鉴》（2022）',
      '编辑出版《吉林省地方志学术年会（2022）论文集》',
      '组织召开学术年会（2023）',
      '实施《规划（2021—2025年）》',
      '启动《疫情志（2021—2022）》编纂',
      '省第十二次党代会和党的二十大',
      '新时代e支部方志吉林专栏',
      '协调3部门联合开展',
      '6月底前完成',
    ]) {
      expect({ text, targets: brief(text) }).toEqual({ text, targets: [] });
    }
  });

  it('gives the span of each target', () => {
    const text = '计划购买文献2000册';
    const [t] = detectTargets(text);
    expect(t?.span && text.slice(t.span.start, t.span.end)).toBe('2000册');
  });
});
