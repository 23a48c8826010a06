import { describe, expect, it } from 'vitest';
import {
  aggregateTotals,
  errorAllowance,
  rankWithQuotas,
  scoreEntry,
  scoreFile,
  ScoreInputError,
  ZScoreSheet,
  type TScoreSheet,
} from './evaluation-score.ts';

const sheet: TScoreSheet = ZScoreSheet.parse({
  criteria: [
    { id: 'politics', name: '政治导向', max: 20, deductPer: 5, cap: 20 },
    { id: 'frame', name: '框架设计', max: 30, deductPer: 2, cap: 10 },
    { id: 'edit', name: '编校质量', max: 50, deductPer: 1, cap: 15 },
  ],
  veto: ['泄密', '政治错误'],
  errorRate: { criterion: 'edit', perTenThousand: 1, deductPerExcess: 2 },
  grades: [
    { name: '特等', min: 95 },
    { name: '一等', min: 90 },
    { name: '二等', min: 80 },
    { name: '三等', min: 70 },
  ],
  aggregate: 'mean',
});
const m = (
  expert: string,
  rest: Partial<{ deductions: Record<string, number>; veto: string[]; sampledChars: number; errors: number }> = {},
) => ({
  expert,
  deductions: rest.deductions ?? {},
  veto: rest.veto ?? [],
  sampledChars: rest.sampledChars ?? 0,
  errors: rest.errors ?? 0,
});

describe('score computation', () => {
  it('deducts per occurrence and stops at the cap', () => {
    const r = scoreEntry(sheet, [m('甲', { deductions: { frame: 3, politics: 1 } })]);
    expect(r.experts[0]!.criteria.map((c) => c.score)).toEqual([15, 24, 50]);
    expect(r.total).toBe(89);
    const capped = scoreEntry(sheet, [m('甲', { deductions: { frame: 9 } })]);
    expect(capped.experts[0]!.criteria[1]).toMatchObject({ score: 20, deducted: 10, capped: true });
  });

  it('no marks at all scores full marks; an empty marks list is refused', () => {
    expect(scoreEntry(sheet, [m('甲')]).total).toBe(100);
    expect(() => scoreEntry(sheet, [])).toThrow(ScoreInputError);
  });

  it('error rate per 万字: errors beyond perTenThousand × sampledChars / 10,000 cost deductPerExcess each', () => {
    // 30,000 characters at 1/10,000 allow 3 errors; 5 errors → 2 beyond → 4 points off 编校质量.
    const r = scoreEntry(sheet, [m('甲', { sampledChars: 30_000, errors: 5 })]);
    expect(r.experts[0]).toMatchObject({ errorRate: 1.67, excessErrors: 2, total: 96 });
    expect(r.errorRate).toBe(1.67);
    // exactly at the allowance costs nothing
    expect(scoreEntry(sheet, [m('甲', { sampledChars: 30_000, errors: 3 })]).total).toBe(100);
  });

  it('a fractional allowance is floored: 25,000 characters allow 2 errors, the 3rd is beyond', () => {
    expect(errorAllowance(1, 25_000)).toBe(2);
    expect(errorAllowance(3, 10_000)).toBe(3);
    expect(errorAllowance(2.3, 100_000)).toBe(23); // 2.3 × 100,000 / 10,000 is 22.999999999999996 in floating point
    expect(scoreEntry(sheet, [m('甲', { sampledChars: 25_000, errors: 3 })]).total).toBe(98);
  });

  it('one cap bounds occurrence and error-rate deductions of the same criterion together', () => {
    // 10 occurrences (10) + 4 errors beyond × 2 (8) = 18 > cap 15 → 35
    const r = scoreEntry(sheet, [m('甲', { deductions: { edit: 10 }, sampledChars: 10_000, errors: 5 })]);
    expect(r.experts[0]!.criteria[2]).toMatchObject({ score: 35, deducted: 15, capped: true });
  });

  it('a veto by any one expert fails the entry; it keeps its totals but gets no grade', () => {
    const r = scoreEntry(sheet, [m('甲'), m('乙', { veto: ['泄密'] }), m('丙')]);
    expect(r).toMatchObject({ vetoed: true, grade: null, total: 100 });
    expect(() => scoreEntry(sheet, [m('甲', { veto: ['抄袭'] })])).toThrow('否决项“抄袭”不在评分表中');
  });

  it('trimmed drops the highest and lowest totals; with fewer than 3 it falls back to the mean', () => {
    expect(aggregateTotals([80, 90, 70, 100], 'trimmed')).toEqual({
      total: 85,
      used: 'trimmed',
      droppedIndexes: [2, 3],
    });
    expect(aggregateTotals([80, 91], 'trimmed')).toEqual({ total: 85.5, used: 'mean', droppedIndexes: [] });
    // equal highest totals: only one of them is dropped
    expect(aggregateTotals([90, 90, 80], 'trimmed').total).toBe(90);
    const r = scoreEntry({ ...sheet, aggregate: 'trimmed' }, [
      m('甲'),
      m('乙', { deductions: { frame: 5 } }),
      m('丙', { deductions: { politics: 1 } }),
    ]);
    // totals 100, 90, 95: the 100 and the 90 are dropped
    expect(r.experts.map((e) => e.dropped)).toEqual([true, true, false]);
    expect(r.total).toBe(95);
  });

  it('median of odd and even counts', () => {
    expect(aggregateTotals([70, 100, 80], 'median').total).toBe(80);
    expect(aggregateTotals([70, 100, 80, 91], 'median').total).toBe(85.5);
  });

  it('grades compare the rounded aggregate and a total equal to a minimum reaches it', () => {
    expect(scoreEntry(sheet, [m('甲', { deductions: { frame: 5 } })]).grade).toBe('一等'); // exactly 90
    // 89.995 rounds to 90.00, which is what is printed and graded
    expect(aggregateTotals([89.99, 90], 'mean').total).toBe(90);
    expect(scoreEntry(sheet, [m('甲', { deductions: { politics: 4 } })]).grade).toBe('二等');
    expect(scoreEntry(sheet, [m('甲', { deductions: { politics: 4, frame: 5, edit: 15 } })]).grade).toBe(null);
  });

  it('refuses marks that do not fit the sheet, in Chinese', () => {
    expect(() => scoreEntry(sheet, [m('甲', { deductions: { nope: 1 } })])).toThrow('扣分项“nope”不在评分表中');
    expect(() => scoreEntry(sheet, [m('甲', { errors: 2 })])).toThrow('抽查字数 sampledChars 为 0');
    expect(() => scoreEntry({ ...sheet, errorRate: null }, [m('甲', { errors: 1, sampledChars: 10 })])).toThrow(
      '没有差错率项',
    );
    expect(() => scoreEntry(sheet, [m('甲'), m('甲')])).toThrow('出现了两次');
  });

  it('scoreFile validates the whole file with paths in the messages', () => {
    expect(() =>
      scoreFile({
        sheet: { ...sheet, criteria: [{ id: 'a', name: 'A', max: 10, deductPer: 1, cap: 12 }] },
        marks: [m('甲')],
      }),
    ).toThrow('sheet.criteria[0].cap：评分项“A”的扣分上限 12 超过了满分 10');
    expect(() => scoreFile({ sheet, marks: [{ expert: '甲', deductions: { frame: -1 } }] })).toThrow(
      '扣分次数不能为负数',
    );
    expect(() => scoreFile({ sheet: { ...sheet, aggregate: 'max' }, marks: [m('甲')] })).toThrow('aggregate 必须是');
    expect(scoreFile({ sheet, marks: [{ expert: '甲' }] }).total).toBe(100);
  });
});

describe('ranking with quotas per grade', () => {
  const grades = sheet.grades;
  const e = (id: number, total: number, votesFor = 0, votesCast = 0, vetoed = false) => ({
    id,
    total,
    votesFor,
    votesCast,
    vetoed,
  });

  it('fills each grade up to its quota in score order; the rest fall to the next grade', () => {
    const r = rankWithQuotas([e(1, 96), e(2, 97), e(3, 95.5), e(4, 91)], grades, { 特等: 1, 一等: 2 });
    expect(r.map((x) => [x.id, x.rank, x.grade])).toEqual([
      [2, 1, '特等'],
      [1, 2, '一等'],
      [3, 3, '一等'],
      [4, 4, '二等'],
    ]);
    expect(r.find((x) => x.id === 4)!.note).toBe('“一等”名额（2）已满');
  });

  it('vetoed entries rank last without a grade; a quota grade needs a majority of 推荐 votes', () => {
    const r = rankWithQuotas([e(1, 99, 0, 0, true), e(2, 96, 1, 4), e(3, 92, 3, 4)], grades, { 特等: 1, 一等: 1 });
    expect(r.map((x) => [x.id, x.grade])).toEqual([
      [2, '二等'],
      [3, '一等'],
      [1, null],
    ]);
    expect(r[0]!.note).toContain('未获过半数专家推荐');
    expect(r[2]!.note).toBe('一票否决');
  });

  it('entries tied across a quota line all go to the next grade, with a note', () => {
    const r = rankWithQuotas([e(1, 96), e(2, 96), e(3, 80)], grades, { 特等: 1 });
    expect(r.filter((x) => x.grade === '一等').map((x) => x.id)).toEqual([1, 2]);
    expect(r[0]!.note).toContain('同分同票');
    // a vote breaks the tie
    expect(rankWithQuotas([e(1, 96, 2, 3), e(2, 96, 3, 3)], grades, { 特等: 1 })[0]).toMatchObject({
      id: 2,
      grade: '特等',
    });
  });
});
