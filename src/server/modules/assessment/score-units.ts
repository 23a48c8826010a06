import {
  GRADES,
  type TAssessmentItem,
  type TAssessmentRules,
  type TGrade,
  type TItemScore,
  type TUnitFacts,
  type TUnitScore,
} from '../../../shared/assessment.ts';

/** Scores to one decimal, as the ranking prints them (and as ties are judged). */
const round1 = (n: number) => Math.round(n * 10) / 10;
const fmt = (n: number) => String(round1(n));

function penalty(item: TAssessmentItem, count: number, what: string): TItemScore {
  const raw = count * item.points;
  const deducted = item.cap !== null ? Math.min(raw, item.cap) : raw;
  const capped = item.cap !== null && raw > item.cap ? `（已达上限 ${fmt(item.cap)} 分）` : '';
  return { key: item.key, label: item.label, score: round1(-deducted), detail: `${what} ${count} 次，扣 ${fmt(deducted)} 分${capped}` };
}

/** A share of `points`; with nothing expected the unit cannot have failed, so it gets full marks. */
function share(item: TAssessmentItem, done: number, expected: number, what: string): TItemScore {
  if (expected === 0) return { key: item.key, label: item.label, score: round1(item.points), detail: `无${what}，按满分计` };
  const score = (Math.min(done, expected) / expected) * item.points;
  return { key: item.key, label: item.label, score: round1(score), detail: `${done} / ${expected}` };
}

export function scoreItem(item: TAssessmentItem, facts: TUnitFacts): TItemScore {
  switch (item.kind) {
    case 'on_time_tasks':
      return share(item, facts.onTimeTasks, facts.dueTasks, '应完成的牵头任务');
    case 'on_time_reports':
      return share(item, facts.reportsOnTime, facts.reportsDue, '应报送的进展');
    case 'missing_report_penalty':
      return penalty(item, facts.reportsMissing, '漏报');
    case 'empty_report_penalty':
      return penalty(item, facts.reportsEmpty, '空报');
    case 'extension_penalty':
      return penalty(item, facts.extensionsApproved, '获批延期');
    case 'quality_score':
      if (facts.qualityScore === null) return { key: item.key, label: item.label, score: 0, detail: '领导尚未评分' };
      return {
        key: item.key,
        label: item.label,
        score: round1((Math.max(0, Math.min(100, facts.qualityScore)) / 100) * item.points),
        detail: `评分 ${fmt(facts.qualityScore)}`,
      };
  }
}

/** The grade of a total: the first band (优秀 → 不合格) whose minimum the total reaches. */
export function gradeOf(total: number, rules: Pick<TAssessmentRules, 'gradeBands'>): TGrade {
  const bands = [...rules.gradeBands].sort((a, b) => b.min - a.min);
  return bands.find((b) => total >= b.min)?.grade ?? GRADES[GRADES.length - 1]!;
}

/**
 * Scores every unit by the rules and ranks them, best first. Totals are kept between 0 and 100; equal totals share a
 * rank (1, 2, 2, 4) and are listed by unit name so the order never depends on the database.
 */
export function scoreUnits(rules: TAssessmentRules, facts: readonly TUnitFacts[]): TUnitScore[] {
  const scored = facts.map((f) => {
    const items = rules.items.map((item) => scoreItem(item, f));
    const total = round1(Math.max(0, Math.min(100, items.reduce((sum, i) => sum + i.score, 0))));
    return { unitId: f.unitId, unitName: f.unitName, facts: f, items, total, grade: gradeOf(total, rules) };
  });
  scored.sort((a, b) => b.total - a.total || a.unitName.localeCompare(b.unitName, 'zh-CN'));
  let rank = 0;
  return scored.map((s, i) => {
    if (i === 0 || s.total !== scored[i - 1]!.total) rank = i + 1;
    return { rank, ...s };
  });
}
