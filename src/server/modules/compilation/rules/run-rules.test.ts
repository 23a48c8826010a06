import { describe, expect, it } from 'vitest';
import { ZRuleSettings } from '../../../../shared/compilation.ts';
import { runRules } from './run-rules.ts';
import type { RuleContext, RuleNode } from './rule-input.ts';

const ctx = (over: Partial<RuleContext> = {}): RuleContext => ({
  yearbook: true,
  lowerLimit: '2023-01-01',
  upperLimit: '2023-12-31',
  settings: ZRuleSettings.parse({}),
  ...over,
});
const node = (over: Partial<RuleNode>): RuleNode => ({
  id: 1,
  parentId: null,
  level: '条目',
  genre: '记',
  title: '粮食生产',
  path: '经济 / 农业 / 粮食生产',
  wordBudget: null,
  paragraphs: [],
  chars: 0,
  hasTable: false,
  hasImage: false,
  ...over,
});
const rules = (c: RuleContext, n: RuleNode) => runRules(c, [n]).map((p) => `${p.rule}:${p.severity}`);

describe('rule checks', () => {
  it('flags 条目 titles over 15 characters, with punctuation or slogans', () => {
    expect(rules(ctx(), node({ title: '全省粮食生产再获丰收总产量创历史新高' }))).toEqual(['entry-title:error']);
    expect(runRules(ctx(), [node({ title: '粮食生产，再获丰收' })])[0]!.message).toContain('标点');
    expect(rules(ctx(), node({ title: '谱写农业新篇章' }))).toEqual(['entry-title:warning']);
    expect(rules(ctx(), node({ title: '粮食生产' }))).toEqual([]);
    expect(rules(ctx(), node({ level: '分目', title: '全省粮食生产再获丰收总产量创历史新高' }))).toEqual([]);
    expect(
      rules(
        ctx({ settings: ZRuleSettings.parse({ entryTitleMax: 20 }) }),
        node({ title: '全省粮食生产再获丰收总产量创历史新高' }),
      ),
    ).toEqual([]);
  });

  it('flags dates outside the 断限, by day when the limit is a date and by year when it is a year', () => {
    const n = node({
      paragraphs: [
        '2023年3月，全省春耕开始。2024年1月5日召开总结会。',
        '2022年12月31日为统计截止前一日。二〇二三年秋粮入库。',
      ],
    });
    const found = runRules(ctx(), [n]).filter((p) => p.rule === 'date-range');
    expect(
      found.map((p) => [p.paragraph, p.excerpt.includes('2024年1月5日') || p.excerpt.includes('2022年12月31日')]),
    ).toEqual([
      [0, true],
      [1, true],
    ]);
    expect(found[0]!.message).toContain('晚于断限下限');
    const chronicle = runRules(ctx({ yearbook: false, lowerLimit: '1986', upperLimit: '2020' }), [
      node({ level: '节', paragraphs: ['1985年建县。1986年设镇。2020年撤乡。'] }),
    ]).filter((p) => p.rule === 'date-range');
    expect(chronicle.map((p) => p.severity)).toEqual(['warning']);
  });

  it('applies 生不立传 from life dates in the text', () => {
    expect(
      rules(
        ctx({ lowerLimit: null, upperLimit: null }),
        node({ level: '节', genre: '传', paragraphs: ['张某（1938— ），吉林人。'] }),
      ),
    ).toEqual(['living-biography:error']);
    expect(
      rules(
        ctx({ lowerLimit: null, upperLimit: null }),
        node({ level: '节', genre: '传', paragraphs: ['李某（1901—1978），1978年病逝于长春。'] }),
      ),
    ).toEqual([]);
  });

  it('finds the office’s word lists, relative time, number usage and numbering gaps', () => {
    const settings = ZRuleSettings.parse({ bannedWords: ['伪满洲国'], sensitiveWords: ['维稳'] });
    const n = node({
      level: '节',
      title: '概况',
      paragraphs: [
        '目前我省伪满洲国时期遗址３处。',
        '一、农业',
        '二、工业',
        '四、商业',
        '增长10～20%，98年建成，有3、4个村。',
      ],
    });
    const found = runRules(ctx({ lowerLimit: null, upperLimit: null, settings }), [n]);
    expect(found.map((p) => p.rule).sort()).toEqual(
      [
        'banned-words',
        'numbering-gaps',
        'numbers',
        'numbers',
        'numbers',
        'numbers',
        'relative-words',
        'relative-words',
      ].sort(),
    );
    expect(found.find((p) => p.rule === 'numbering-gaps')).toMatchObject({ paragraph: 3 });
  });

  it('checks budgets and genre elements (大事记 entries need a date), and skips disabled rules', () => {
    expect(rules(ctx(), node({ wordBudget: 10, chars: 12, paragraphs: ['2023年3月1日开工。'] }))).toEqual([
      'word-budget:warning',
    ]);
    expect(
      rules(
        ctx(),
        node({ level: '类目', genre: '大事记', paragraphs: ['1月5日，省两会召开。', '全省开展植树活动。'] }),
      ),
    ).toEqual(['genre-elements:error']);
    expect(
      rules(
        ctx({ settings: ZRuleSettings.parse({ disabled: ['genre-elements'] }) }),
        node({ level: '类目', genre: '大事记', paragraphs: ['全省开展植树活动。'] }),
      ),
    ).toEqual([]);
    expect(rules(ctx(), node({ genre: '表', paragraphs: ['无表'] }))).toEqual(['genre-elements:warning']);
  });
});
