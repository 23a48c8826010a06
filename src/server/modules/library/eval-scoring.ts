import type { TEvalDefinition, TEvalIndicator, TEvalScores } from '../../../shared/library.ts';

/** Pure scoring of a 资料室 evaluation. */
const round1 = (n: number) => Math.round(n * 10) / 10;

/** A computed indicator earns its full score at `fullAt`, proportionally below it. */
export function computedScore(i: TEvalIndicator, value: number): number {
  if (!i.fullAt) return 0;
  return round1(Math.min(i.maxScore, (i.maxScore * Math.max(0, value)) / i.fullAt));
}

/**
 * Total, grade and failed must-pass items from the on-site scores (computed indicators use their live score). A failed
 * must-pass item fails the evaluation whatever the total.
 */
export function gradeEvaluation(
  def: TEvalDefinition,
  onsite: TEvalScores,
  computed: Record<string, { score: number }>,
): { total: number; grade: string; passed: boolean; failedMustPass: string[] } {
  let total = 0;
  const failedMustPass: string[] = [];
  for (const i of def.indicators) {
    const score =
      i.source === 'manual' ? Math.min(i.maxScore, onsite[i.key]?.score ?? 0) : (computed[i.key]?.score ?? 0);
    total += score;
    if (i.mustPass && score < i.maxScore * def.mustPassRatio) failedMustPass.push(i.label);
  }
  total = round1(total);
  const grades = [...def.grades].sort((a, b) => b.min - a.min);
  const reached = grades.find((g) => total >= g.min);
  if (failedMustPass.length > 0 || !reached) return { total, grade: '不合格', passed: false, failedMustPass };
  return { total, grade: reached.name, passed: true, failedMustPass };
}
