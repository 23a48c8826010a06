import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ASSESSMENT_RULES,
  describeFormula,
  normalizeRules,
  ZAssessmentRules,
  type TAssessmentRules,
  type TUnitFacts,
} from '../../../shared/assessment.ts';
import { gradeOf, scoreUnits } from './score-units.ts';

const facts = (over: Partial<TUnitFacts> & { unitName: string }): TUnitFacts => ({
  unitId: over.unitName.length,
  leadTasks: 4,
  dueTasks: 4,
  onTimeTasks: 4,
  reportsDue: 10,
  reportsOnTime: 10,
  reportsMissing: 0,
  reportsEmpty: 0,
  extensionsApproved: 0,
  qualityScore: 100,
  qualityComment: null,
  ...over,
});

const byKey = (row: { items: { key: string; score: number; detail: string }[] }, key: string) =>
  row.items.find((i) => i.key === key)!;

describe('scoreUnits with the default rules', () => {
  it('gives a unit that did everything on time with a full quality score 100 and 优秀', () => {
    const [row] = scoreUnits(DEFAULT_ASSESSMENT_RULES, [facts({ unitName: '资料处' })]);
    expect(row).toMatchObject({ rank: 1, total: 100, grade: '优秀' });
  });

  it('scores each item by its formula: shares of 40 and 30, quality out of 30', () => {
    const [row] = scoreUnits(DEFAULT_ASSESSMENT_RULES, [
      facts({ unitName: '方志馆', dueTasks: 4, onTimeTasks: 3, reportsDue: 12, reportsOnTime: 9, qualityScore: 80 }),
    ]);
    expect(byKey(row!, 'tasks').score).toBe(30); // 3 ÷ 4 × 40
    expect(byKey(row!, 'reports').score).toBe(22.5); // 9 ÷ 12 × 30
    expect(byKey(row!, 'quality').score).toBe(24); // 80 ÷ 100 × 30
    expect(byKey(row!, 'tasks').detail).toBe('3 / 4');
    expect(row!.total).toBe(76.5);
    expect(row!.grade).toBe('合格');
  });

  it('deducts per missing and empty report and per approved extension, each up to its cap', () => {
    const [row] = scoreUnits(DEFAULT_ASSESSMENT_RULES, [
      facts({ unitName: '办公室', reportsMissing: 3, reportsEmpty: 9, extensionsApproved: 1 }),
    ]);
    expect(byKey(row!, 'missing').score).toBe(-6);
    expect(byKey(row!, 'empty').score).toBe(-5);
    expect(byKey(row!, 'empty').detail).toMatch(/已达上限 5 分/);
    expect(byKey(row!, 'extension').score).toBe(-2);
    expect(row!.total).toBe(87);
    expect(row!.grade).toBe('良好');
  });

  it('leaves out items with nothing due yet (and quality not yet scored) and scales the rest, saying so', () => {
    const [row] = scoreUnits(DEFAULT_ASSESSMENT_RULES, [
      facts({ unitName: '研究室', dueTasks: 0, onTimeTasks: 0, reportsDue: 4, reportsOnTime: 3, qualityScore: null }),
    ]);
    expect(byKey(row!, 'tasks')).toMatchObject({
      score: 0,
      applicable: false,
      detail: expect.stringMatching(/不计入/),
    });
    expect(byKey(row!, 'quality')).toMatchObject({ score: 0, applicable: false, detail: '领导尚未评分，不计入' });
    // 3 ÷ 4 × 30 = 22.5 of 30 applicable points, scaled to 100.
    expect(row!.total).toBe(75);
    expect(row!.explanation).toBe('任务完成、完成质量不计入；进展报送得 22.5 / 30 分，折合 75 / 100 分；总分 75。');
  });

  it('in June, with no task due yet, the unit that reported on time ranks first, not last', () => {
    const june = { dueTasks: 0, onTimeTasks: 0, reportsDue: 3, qualityScore: null };
    const rows = scoreUnits(DEFAULT_ASSESSMENT_RULES, [
      facts({ unitName: '甲处', ...june, reportsOnTime: 0, reportsMissing: 3 }),
      facts({ unitName: '乙处', ...june, reportsOnTime: 3, reportsMissing: 0 }),
      facts({ unitName: '丙处', ...june, reportsOnTime: 1, reportsMissing: 2 }),
    ]);
    expect(rows.map((r) => [r.unitName, r.rank, r.total])).toEqual([
      ['乙处', 1, 100],
      ['丙处', 2, 29.3],
      ['甲处', 3, 0],
    ]);
    expect(rows[2]!.explanation).toMatch(/扣分 6（漏报 6）/);
  });

  it('with nothing at all to assess the total is 0 and says why', () => {
    const [row] = scoreUnits(DEFAULT_ASSESSMENT_RULES, [
      facts({ unitName: '某处', dueTasks: 0, onTimeTasks: 0, reportsDue: 0, reportsOnTime: 0, qualityScore: null }),
    ]);
    expect(row).toMatchObject({ total: 0, explanation: expect.stringMatching(/尚无可考评的事项/) });
  });

  it('never goes below 0 however many deductions', () => {
    const rules = normalizeRules({
      ...DEFAULT_ASSESSMENT_RULES,
      items: [{ key: 'm', label: '漏报', kind: 'missing_report_penalty', points: 5, cap: null, formula: '' }],
    });
    const [row] = scoreUnits(rules, [facts({ unitName: '某处', reportsMissing: 40 })]);
    expect(byKey(row!, 'm').score).toBe(-200);
    expect(row!.total).toBe(0);
    expect(row!.grade).toBe('不合格');
  });

  it('ranks best first, equal totals share a rank, ties listed by name', () => {
    const rows = scoreUnits(DEFAULT_ASSESSMENT_RULES, [
      facts({ unitName: '乙处', qualityScore: 50 }),
      facts({ unitName: '甲处', qualityScore: 90 }),
      facts({ unitName: '丙处', qualityScore: 90 }),
    ]);
    expect(rows.map((r) => [r.rank, r.unitName, r.total])).toEqual([
      [1, '丙处', 97],
      [1, '甲处', 97],
      [3, '乙处', 85],
    ]);
  });
});

describe('rules as data', () => {
  it('follows edited weights and grade bands, not fixed code', () => {
    const rules: TAssessmentRules = normalizeRules({
      items: [
        { key: 'tasks', label: '任务完成', kind: 'on_time_tasks', points: 70, cap: null, formula: '' },
        { key: 'quality', label: '完成质量', kind: 'quality_score', points: 30, cap: null, formula: '' },
      ],
      emptyReportMinChars: 10,
      gradeBands: [
        { grade: '优秀', min: 95 },
        { grade: '良好', min: 85 },
        { grade: '合格', min: 50 },
        { grade: '不合格', min: 0 },
      ],
    });
    const [row] = scoreUnits(rules, [facts({ unitName: '编纂处', onTimeTasks: 2, dueTasks: 4, qualityScore: 100 })]);
    expect(row!.items.map((i) => i.key)).toEqual(['tasks', 'quality']);
    expect(row!.total).toBe(65); // 2 ÷ 4 × 70 + 30
    expect(row!.grade).toBe('合格');
    expect(gradeOf(94.9, rules)).toBe('良好');
    expect(gradeOf(95, rules)).toBe('优秀');
    expect(gradeOf(49.9, rules)).toBe('不合格');
  });

  it('writes the formula from the item so it always matches the scoring', () => {
    expect(describeFormula({ kind: 'on_time_tasks', points: 40, cap: null })).toBe(
      '按时完成任务数 ÷ 应完成牵头任务数 × 40',
    );
    expect(describeFormula({ kind: 'missing_report_penalty', points: 2, cap: 10 })).toBe(
      '− 漏报期数 × 2，最多扣 10 分',
    );
    const edited = normalizeRules({
      ...DEFAULT_ASSESSMENT_RULES,
      items: [{ key: 'x', label: '任务', kind: 'on_time_tasks', points: 55, cap: 3, formula: '随便写的' }],
    });
    expect(edited.items[0]).toMatchObject({ formula: '按时完成任务数 ÷ 应完成牵头任务数 × 55', cap: null });
  });

  it('refuses duplicate keys and grade bands that do not descend, with Chinese messages', () => {
    const dup = ZAssessmentRules.safeParse({
      ...DEFAULT_ASSESSMENT_RULES,
      items: [DEFAULT_ASSESSMENT_RULES.items[0], DEFAULT_ASSESSMENT_RULES.items[0]],
    });
    expect(dup.success).toBe(false);
    expect(dup.error?.issues[0]?.message).toMatch(/重复/);
    const bands = ZAssessmentRules.safeParse({
      ...DEFAULT_ASSESSMENT_RULES,
      gradeBands: [
        { grade: '优秀', min: 80 },
        { grade: '良好', min: 90 },
        { grade: '合格', min: 60 },
        { grade: '不合格', min: 0 },
      ],
    });
    expect(bands.error?.issues[0]?.message).toMatch(/依次降低/);
    expect(ZAssessmentRules.safeParse(DEFAULT_ASSESSMENT_RULES).success).toBe(true);
  });
});
