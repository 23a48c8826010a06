import {
  GRADES,
  PENALTY_KINDS,
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
  return {
    key: item.key,
    label: item.label,
    score: round1(-deducted),
    detail: `${what} ${count} 次，扣 ${fmt(deducted)} 分${capped}`,
    applicable: true,
  };
}

/**
 * A share of `points`. With nothing expected yet (in June, tasks due in December) the item is not applicable: it earns
 * nothing and the total is scaled over the items that apply, so a unit is neither rewarded nor punished for what was
 * not yet due.
 */
function share(item: TAssessmentItem, done: number, expected: number, what: string): TItemScore {
  if (expected === 0)
    return { key: item.key, label: item.label, score: 0, detail: `截至考评日无${what}，不计入`, applicable: false };
  const score = (Math.min(done, expected) / expected) * item.points;
  return { key: item.key, label: item.label, score: round1(score), detail: `${done} / ${expected}`, applicable: true };
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
      if (facts.qualityScore === null)
        return { key: item.key, label: item.label, score: 0, detail: '领导尚未评分，不计入', applicable: false };
      return {
        key: item.key,
        label: item.label,
        score: round1((Math.max(0, Math.min(100, facts.qualityScore)) / 100) * item.points),
        detail: `评分 ${fmt(facts.qualityScore)}`,
        applicable: true,
      };
  }
}

/**
 * The total of a unit's item scores. Award items that apply are scaled up to the full award points (an item not yet
 * due neither gives nor takes marks); deductions are then subtracted. Kept between 0 and 100. Says how it got there.
 */
export function totalOf(
  rules: Pick<TAssessmentRules, 'items'>,
  items: readonly TItemScore[],
): { total: number; explanation: string } {
  const awards = rules.items
    .map((r, i) => ({ rule: r, score: items[i]! }))
    .filter((x) => !PENALTY_KINDS.includes(x.rule.kind));
  const fullPoints = awards.reduce((s, x) => s + x.rule.points, 0);
  const applicable = awards.filter((x) => x.score.applicable);
  const applicablePoints = applicable.reduce((s, x) => s + x.rule.points, 0);
  const earned = applicable.reduce((s, x) => s + x.score.score, 0);
  const base = applicablePoints > 0 ? (earned / applicablePoints) * fullPoints : 0;
  const deductions = items.filter((i, k) => PENALTY_KINDS.includes(rules.items[k]!.kind) && i.score < 0);
  const deducted = -deductions.reduce((s, i) => s + i.score, 0);
  const total = round1(Math.max(0, Math.min(100, base - deducted)));
  const parts: string[] = [];
  const left = awards.filter((x) => !x.score.applicable).map((x) => x.rule.label);
  if (applicable.length === 0) parts.push('截至考评日尚无可考评的事项，得 0 分');
  else if (left.length === 0) parts.push(`各项得分合计 ${fmt(earned)} 分`);
  else
    parts.push(
      `${left.join('、')}不计入；${applicable.map((x) => x.rule.label).join('、')}得 ${fmt(earned)} / ${fmt(applicablePoints)} 分，折合 ${fmt(base)} / ${fmt(fullPoints)} 分`,
    );
  if (deducted > 0)
    parts.push(`扣分 ${fmt(deducted)}（${deductions.map((i) => `${i.label} ${fmt(-i.score)}`).join('，')}）`);
  parts.push(`总分 ${fmt(total)}`);
  return { total, explanation: parts.join('；') + '。' };
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
    const { total, explanation } = totalOf(rules, items);
    return {
      unitId: f.unitId,
      unitName: f.unitName,
      facts: f,
      items,
      total,
      grade: gradeOf(total, rules),
      explanation,
    };
  });
  scored.sort((a, b) => b.total - a.total || a.unitName.localeCompare(b.unitName, 'zh-CN'));
  let rank = 0;
  return scored.map((s, i) => {
    if (i === 0 || s.total !== scored[i - 1]!.total) rank = i + 1;
    return { rank, ...s };
  });
}
