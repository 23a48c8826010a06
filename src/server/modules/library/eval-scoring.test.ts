import { describe, expect, it } from 'vitest';
import { ZEvalDefinition } from '../../../shared/library.ts';
import { EVAL_TEMPLATE } from '../../test/eval-template.ts';
import { computedScore, gradeEvaluation } from './eval-scoring.ts';

const def = ZEvalDefinition.parse(EVAL_TEMPLATE.definition);
const s = (score: number) => ({ score, note: null });
const ind = (key: string) => def.indicators.find((i) => i.key === key)!;

describe('evaluation scoring', () => {
  it('scales computed indicators up to their full-score value', () => {
    expect(computedScore(ind('copies'), 2)).toBe(12.5);
    expect(computedScore(ind('copies'), 40)).toBe(25);
    expect(computedScore(ind('coverage'), 66.7)).toBe(6.7);
  });

  it('grades by total, and a failed must-pass item fails whatever the total', () => {
    const computed = { copies: { score: 25 }, coverage: { score: 10 } };
    expect(gradeEvaluation(def, { room: s(15), staff: s(10), service: s(18), rules: s(18) }, computed)).toEqual({
      total: 96,
      grade: '优秀',
      passed: true,
      failedMustPass: [],
    });
    expect(gradeEvaluation(def, { room: s(12), staff: s(5), service: s(10), rules: s(13) }, computed)).toMatchObject({
      total: 75,
      grade: '合格',
      passed: true,
    });
    const failed = gradeEvaluation(def, { room: s(8), staff: s(10), service: s(20), rules: s(20) }, computed);
    expect(failed).toMatchObject({
      total: 93,
      grade: '不合格',
      passed: false,
      failedMustPass: ['有独立资料室，面积不少于 50 平方米'],
    });
    expect(
      gradeEvaluation(
        def,
        { room: s(10), staff: s(0), service: s(0), rules: s(12) },
        { copies: { score: 0 }, coverage: { score: 0 } },
      ),
    ).toMatchObject({ total: 22, grade: '不合格' });
  });

  it('caps a manual score at the indicator maximum', () => {
    expect(gradeEvaluation(def, { room: s(99), staff: s(10), service: s(20), rules: s(20) }, {}).total).toBe(65);
  });
});
