import { z } from 'zod';

/**
 * 绩效考评 (year-end assessment) contracts. The rules are data the supervisor edits per plan: a list of scored items and
 * the grade bands. Each item's formula string is derived from its kind and points (`describeFormula`), so the formula a
 * reader sees is always the one the scoring applies.
 */

export const ASSESSMENT_KINDS = [
  'on_time_tasks',
  'on_time_reports',
  'missing_report_penalty',
  'empty_report_penalty',
  'quality_score',
  'extension_penalty',
] as const;
export type TAssessmentKind = (typeof ASSESSMENT_KINDS)[number];

export const ASSESSMENT_KIND_LABELS: Record<TAssessmentKind, string> = {
  on_time_tasks: '按时完成任务',
  on_time_reports: '按时报送进展',
  missing_report_penalty: '漏报扣分',
  empty_report_penalty: '空报扣分',
  quality_score: '领导质量评价',
  extension_penalty: '延期扣分',
};

/** Penalty kinds deduct `points` per occurrence, at most `cap` in all; the others award up to `points`. */
export const PENALTY_KINDS: readonly TAssessmentKind[] = [
  'missing_report_penalty',
  'empty_report_penalty',
  'extension_penalty',
];

export const ZAssessmentItem = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, '考评项代码应以小写字母开头，只含小写字母、数字和下划线'),
  label: z.string().trim().min(1, '考评项名称不能为空').max(40, '考评项名称不超过 40 字'),
  kind: z.enum(ASSESSMENT_KINDS, { error: () => ({ message: '考评项类型无效' }) }),
  /** Full marks of a scored item, or the deduction per occurrence of a penalty. */
  points: z.number().min(0, '分值不能为负数').max(100, '分值不超过 100'),
  /** Largest total deduction of a penalty item; ignored by scored items. */
  cap: z.number().min(0, '扣分上限不能为负数').max(100, '扣分上限不超过 100').nullable(),
  formula: z.string(),
});
export type TAssessmentItem = z.infer<typeof ZAssessmentItem>;

export const GRADES = ['优秀', '良好', '合格', '不合格'] as const;
export type TGrade = (typeof GRADES)[number];

export const ZGradeBand = z.object({ grade: z.enum(GRADES), min: z.number().min(0).max(100) });
export type TGradeBand = z.infer<typeof ZGradeBand>;

export const ZAssessmentRules = z
  .object({
    items: z.array(ZAssessmentItem).min(1, '至少需要一个考评项').max(20, '考评项不超过 20 个'),
    /** A filed report whose progress text is shorter than this many characters counts as empty (空报). */
    emptyReportMinChars: z.number().int().min(1, '空报字数应至少为 1').max(500, '空报字数不超过 500'),
    gradeBands: z.array(ZGradeBand).length(4, '等级应有优秀、良好、合格、不合格四档'),
  })
  .superRefine((rules, ctx) => {
    const keys = new Set<string>();
    for (const [i, item] of rules.items.entries()) {
      if (keys.has(item.key))
        ctx.addIssue({ code: 'custom', path: ['items', i, 'key'], message: `考评项代码“${item.key}”重复` });
      keys.add(item.key);
    }
    const bands = GRADES.map((g) => rules.gradeBands.find((b) => b.grade === g));
    if (bands.some((b) => !b)) {
      ctx.addIssue({ code: 'custom', path: ['gradeBands'], message: '等级应有优秀、良好、合格、不合格各一档' });
      return;
    }
    const mins = bands.map((b) => b!.min);
    if (!(mins[0]! > mins[1]! && mins[1]! > mins[2]! && mins[2]! >= mins[3]!)) {
      ctx.addIssue({ code: 'custom', path: ['gradeBands'], message: '等级分数线应依次降低：优秀 > 良好 > 合格' });
    }
  });
export type TAssessmentRules = z.infer<typeof ZAssessmentRules>;

const fmt = (n: number) => String(Math.round(n * 100) / 100);

/** The human-readable formula of an item, e.g. 按时完成任务数 ÷ 应完成牵头任务数 × 40. */
export function describeFormula(item: Pick<TAssessmentItem, 'kind' | 'points' | 'cap'>): string {
  const cap = item.cap !== null ? `，最多扣 ${fmt(item.cap)} 分` : '';
  switch (item.kind) {
    case 'on_time_tasks':
      return `按时完成任务数 ÷ 应完成牵头任务数 × ${fmt(item.points)}`;
    case 'on_time_reports':
      return `按时报送期数 ÷ 应报送期数 × ${fmt(item.points)}`;
    case 'missing_report_penalty':
      return `− 漏报期数 × ${fmt(item.points)}${cap}`;
    case 'empty_report_penalty':
      return `− 空报次数 × ${fmt(item.points)}${cap}`;
    case 'quality_score':
      return `领导评分（百分制）÷ 100 × ${fmt(item.points)}`;
    case 'extension_penalty':
      return `− 获批延期次数 × ${fmt(item.points)}${cap}`;
  }
}

/** Rules with every formula rewritten from its item, so stored formulas never drift from the scoring. */
export function normalizeRules(rules: TAssessmentRules): TAssessmentRules {
  const bands = [...rules.gradeBands].sort((a, b) => GRADES.indexOf(a.grade) - GRADES.indexOf(b.grade));
  return {
    ...rules,
    items: rules.items.map((item) => ({
      ...item,
      cap: PENALTY_KINDS.includes(item.kind) ? item.cap : null,
      formula: describeFormula(item),
    })),
    gradeBands: bands,
  };
}

export const DEFAULT_ASSESSMENT_RULES: TAssessmentRules = normalizeRules({
  items: [
    { key: 'tasks', label: '任务完成', kind: 'on_time_tasks', points: 40, cap: null, formula: '' },
    { key: 'reports', label: '进展报送', kind: 'on_time_reports', points: 30, cap: null, formula: '' },
    { key: 'quality', label: '完成质量', kind: 'quality_score', points: 30, cap: null, formula: '' },
    { key: 'missing', label: '漏报', kind: 'missing_report_penalty', points: 2, cap: 10, formula: '' },
    { key: 'empty', label: '空报', kind: 'empty_report_penalty', points: 1, cap: 5, formula: '' },
    { key: 'extension', label: '延期', kind: 'extension_penalty', points: 2, cap: 6, formula: '' },
  ],
  emptyReportMinChars: 15,
  gradeBands: [
    { grade: '优秀', min: 90 },
    { grade: '良好', min: 80 },
    { grade: '合格', min: 60 },
    { grade: '不合格', min: 0 },
  ],
});

/** What the database says about one unit's year; the scoring reads nothing else. */
export const ZUnitFacts = z.object({
  unitId: z.number(),
  unitName: z.string(),
  /** Lead tasks of the unit in the plan. */
  leadTasks: z.number(),
  /** Lead tasks due by the assessment date, or finished earlier: the denominator of 按时完成. */
  dueTasks: z.number(),
  /** Of those, finished (closed, or an approved 100 % report) on or before the deadline. */
  onTimeTasks: z.number(),
  /** Lead reports expected (lead task × period due by the assessment date, until the task is closed). */
  reportsDue: z.number(),
  reportsOnTime: z.number(),
  reportsMissing: z.number(),
  /** Filed reports (lead or support) whose progress text is shorter than the rules' minimum. */
  reportsEmpty: z.number(),
  extensionsApproved: z.number(),
  /** The leader's 0–100 score, or null when not scored yet. */
  qualityScore: z.number().nullable(),
  qualityComment: z.string().nullable(),
});
export type TUnitFacts = z.infer<typeof ZUnitFacts>;

/** `applicable: false` — nothing of this kind was due yet (or not scored yet): the item is left out and the others are scaled up. */
export const ZItemScore = z.object({
  key: z.string(),
  label: z.string(),
  score: z.number(),
  detail: z.string(),
  applicable: z.boolean(),
});
export type TItemScore = z.infer<typeof ZItemScore>;

export const ZUnitScore = z.object({
  rank: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  facts: ZUnitFacts,
  items: z.array(ZItemScore),
  total: z.number(),
  grade: z.enum(GRADES),
  /** How the total was reached, in one sentence (items left out, scaling, deductions). */
  explanation: z.string(),
});
export type TUnitScore = z.infer<typeof ZUnitScore>;

export const ZRanking = z.object({
  planId: z.number(),
  planTitle: z.string(),
  asOf: z.string(),
  rules: ZAssessmentRules,
  rows: z.array(ZUnitScore),
});
export type TRanking = z.infer<typeof ZRanking>;

export const ZRulesResponse = z.object({
  planId: z.number(),
  rules: ZAssessmentRules,
  isDefault: z.boolean(),
  updatedAt: z.string().nullable(),
});
export type TRulesResponse = z.infer<typeof ZRulesResponse>;

export const ZQualityScoreInput = z.object({
  score: z
    .number({ error: () => ({ message: '请填写 0–100 之间的质量评分' }) })
    .min(0, '质量评分应在 0–100 之间')
    .max(100, '质量评分应在 0–100 之间'),
  comment: z.string().trim().max(500, '评语不超过 500 字').nullable().optional(),
});
export type TQualityScoreInput = z.infer<typeof ZQualityScoreInput>;
