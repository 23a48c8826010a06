import { z } from 'zod';

/**
 * 评分表 and its computation: ONE pure module (no I/O) used by the server (campaign ranking, exports), the web app
 * (the scoring form's live total) and `bin/fangzhi review score FILE`. The JSON shapes are the CLI contract of issue 13.
 *
 * Rules, and the choices made where the issue is silent:
 * - A criterion scores max − deductPer × occurrences, never below max − cap.
 * - Error-rate sampling (差错率): the allowance is perTenThousand × sampledChars / 10,000 errors. An error is either
 *   within the allowance or beyond it, so a fractional allowance is floored (allowance 2.5: the 3rd error is beyond).
 *   Each error beyond costs deductPerExcess in the named criterion. The criterion's cap bounds occurrence deductions
 *   and error-rate deductions TOGETHER (one cap per criterion).
 * - A mark with errors but no sampled characters is refused (a rate needs a sample); errors without an errorRate item
 *   in the sheet are refused too, rather than silently ignored.
 * - A veto by any expert fails the entry: it keeps its computed totals (shown) but gets no grade.
 * - `trimmed` drops one highest and one lowest expert total; with fewer than 3 experts nothing can be dropped, so it
 *   falls back to the mean of all and says so (`aggregateUsed: 'mean'`). `median` of an even count is the mean of the
 *   two middle totals.
 * - Totals and the aggregate are rounded to 2 decimals (half away from zero, as printed); the grade compares the
 *   rounded aggregate, and a total equal to a grade's minimum reaches that grade (≥).
 * - Error rates are per 万字 (errors × 10,000 / sampledChars), rounded to 2 decimals; null when nothing was sampled.
 */

const id = z.string({ error: 'id 必须是文字' }).trim().min(1, 'id 不能为空').max(60, 'id 不能超过 60 个字符');
const points = z.number({ error: '分值必须是数字' }).finite('分值必须是有限数字').min(0, '分值不能为负数');

export const ZScoreCriterion = z.object(
  {
    id,
    name: z
      .string({ error: '评分项名称 name 必须是文字' })
      .trim()
      .min(1, '评分项名称不能为空')
      .max(100, '评分项名称不能超过 100 个字符'),
    max: points.refine((v) => v > 0, '满分 max 必须大于 0'),
    deductPer: points,
    cap: points,
    /** Display only: the criterion's category (政治导向, 框架设计, 资料, 编校质量 …) and guidance for experts. */
    category: z.string().trim().max(40, '类别不能超过 40 个字符').optional(),
    guidance: z.string().trim().max(500, '评分说明不能超过 500 个字符').optional(),
  },
  { error: '评分项应为 {id, name, max, deductPer, cap}' },
);
export type TScoreCriterion = z.infer<typeof ZScoreCriterion>;

export const AGGREGATES = ['mean', 'trimmed', 'median'] as const;
export const AGGREGATE_LABELS: Record<(typeof AGGREGATES)[number], string> = {
  mean: '算术平均',
  trimmed: '去掉最高分和最低分后平均',
  median: '中位数',
};

export const ZScoreSheet = z
  .object(
    {
      criteria: z
        .array(ZScoreCriterion, { error: '缺少评分项 criteria（数组）' })
        .min(1, '评分表至少要有一个评分项（criteria）')
        .max(60, '评分项不能超过 60 个'),
      veto: z.array(id, { error: 'veto 应为否决项 id 的数组' }).max(30, '否决项不能超过 30 个').default([]),
      errorRate: z
        .object(
          {
            criterion: id,
            perTenThousand: z
              .number({ error: 'perTenThousand 必须是数字' })
              .finite()
              .positive('差错率阈值 perTenThousand 必须大于 0（如 1 表示万分之一）'),
            deductPerExcess: points,
          },
          { error: 'errorRate 应为 {criterion, perTenThousand, deductPerExcess}' },
        )
        .nullish(),
      grades: z
        .array(
          z.object({
            name: z.string({ error: '等级名称 name 必须是文字' }).trim().min(1, '等级名称不能为空').max(20),
            min: points,
          }),
          {
            error: '缺少等级 grades（数组）',
          },
        )
        .min(1, '至少要有一个等级（grades）')
        .max(10, '等级不能超过 10 个'),
      aggregate: z.enum(AGGREGATES, { error: () => ({ message: 'aggregate 必须是 mean、trimmed 或 median' }) }),
    },
    { error: '缺少评分表 sheet（对象）' },
  )
  .superRefine((s, ctx) => {
    const ids = new Set<string>();
    for (const [i, c] of s.criteria.entries()) {
      if (ids.has(c.id))
        ctx.addIssue({ code: 'custom', path: ['criteria', i, 'id'], message: `评分项 id“${c.id}”重复` });
      ids.add(c.id);
      if (c.cap > c.max)
        ctx.addIssue({
          code: 'custom',
          path: ['criteria', i, 'cap'],
          message: `评分项“${c.name}”的扣分上限 ${c.cap} 超过了满分 ${c.max}`,
        });
    }
    if (s.errorRate && !ids.has(s.errorRate.criterion))
      ctx.addIssue({
        code: 'custom',
        path: ['errorRate', 'criterion'],
        message: `差错率扣分所在的评分项“${s.errorRate.criterion}”不在 criteria 中`,
      });
    if (new Set(s.veto).size !== s.veto.length) ctx.addIssue({ code: 'custom', path: ['veto'], message: '否决项重复' });
    if (new Set(s.grades.map((g) => g.name)).size !== s.grades.length)
      ctx.addIssue({ code: 'custom', path: ['grades'], message: '等级名称重复' });
  });
export type TScoreSheet = z.infer<typeof ZScoreSheet>;

const count = (what: string) =>
  z
    .number({ error: `${what}必须是数字` })
    .int(`${what}必须是整数`)
    .min(0, `${what}不能为负数`);

export const ZExpertMarks = z.object(
  {
    expert: z.string({ error: '缺少专家名称 expert' }).trim().min(1, '专家名称 expert 不能为空').max(60),
    deductions: z.record(z.string(), count('扣分次数'), { error: 'deductions 应为 {评分项id: 次数}' }).default({}),
    veto: z.array(z.string(), { error: 'veto 应为否决项 id 的数组' }).default([]),
    sampledChars: count('抽查字数 sampledChars').default(0),
    errors: count('差错数 errors').default(0),
  },
  { error: 'marks 中每一项应为 {expert, deductions, veto, sampledChars, errors}' },
);
export type TExpertMarks = z.infer<typeof ZExpertMarks>;
export type TExpertMarksInput = z.input<typeof ZExpertMarks>;

export const ZScoreFile = z.object({
  sheet: ZScoreSheet,
  marks: z.array(ZExpertMarks, { error: '缺少专家评分 marks（数组）' }).min(1, 'marks 为空：至少需要一位专家的评分'),
});

export interface TExpertResult {
  expert: string;
  total: number;
  /** Errors per 万字 in this expert's sample, or null when nothing was sampled. */
  errorRate: number | null;
  criteria: { id: string; score: number; deducted: number; capped: boolean }[];
  /** Errors beyond the allowance (each cost deductPerExcess). */
  excessErrors: number;
  veto: string[];
  /** True when `trimmed` left this expert's total out of the aggregate. */
  dropped: boolean;
}

export interface TScoreResult {
  experts: TExpertResult[];
  total: number;
  aggregateUsed: (typeof AGGREGATES)[number];
  grade: string | null;
  vetoed: boolean;
  /** Every expert's errors over every sampled character, per 万字; null when nothing was sampled. */
  errorRate: number | null;
}

export class ScoreInputError extends Error {}

export const round2 = (x: number): number => (Math.sign(x) * Math.round(Math.abs(x) * 100 + 1e-9)) / 100;

/** Whole errors allowed in a sample: floor(perTenThousand × sampledChars / 10,000), guarded against 0.1+0.2 drift. */
export function errorAllowance(perTenThousand: number, sampledChars: number): number {
  return Math.floor((perTenThousand * sampledChars) / 10_000 + 1e-9);
}

export function perTenThousandRate(errors: number, sampledChars: number): number | null {
  return sampledChars > 0 ? round2((errors * 10_000) / sampledChars) : null;
}

/** One expert's sheet. Throws ScoreInputError (Chinese) when the marks do not fit the sheet. */
export function scoreExpert(sheet: TScoreSheet, marks: TExpertMarks): Omit<TExpertResult, 'dropped'> {
  const known = new Set(sheet.criteria.map((c) => c.id));
  for (const key of Object.keys(marks.deductions))
    if (!known.has(key))
      throw new ScoreInputError(`专家“${marks.expert}”的扣分项“${key}”不在评分表中（可用：${[...known].join('、')}）`);
  for (const v of marks.veto)
    if (!sheet.veto.includes(v))
      throw new ScoreInputError(
        `专家“${marks.expert}”的否决项“${v}”不在评分表中${sheet.veto.length ? `（可用：${sheet.veto.join('、')}）` : '（本表没有否决项）'}`,
      );
  if (marks.errors > 0 && !sheet.errorRate)
    throw new ScoreInputError(`专家“${marks.expert}”标记了 ${marks.errors} 处差错，但评分表没有差错率项（errorRate）`);
  if (marks.errors > 0 && marks.sampledChars === 0)
    throw new ScoreInputError(`专家“${marks.expert}”标记了 ${marks.errors} 处差错，但抽查字数 sampledChars 为 0`);
  const excessErrors = sheet.errorRate
    ? Math.max(0, marks.errors - errorAllowance(sheet.errorRate.perTenThousand, marks.sampledChars))
    : 0;
  const criteria = sheet.criteria.map((c) => {
    let raw = c.deductPer * (marks.deductions[c.id] ?? 0);
    if (sheet.errorRate?.criterion === c.id) raw += sheet.errorRate.deductPerExcess * excessErrors;
    const deducted = Math.min(raw, c.cap);
    return { id: c.id, score: round2(c.max - deducted), deducted: round2(deducted), capped: raw > c.cap };
  });
  return {
    expert: marks.expert,
    total: round2(criteria.reduce((s, c) => s + c.score, 0)),
    errorRate: perTenThousandRate(marks.errors, marks.sampledChars),
    criteria,
    excessErrors,
    veto: [...marks.veto],
  };
}

/** The aggregate of expert totals and which rule was used (trimmed with < 3 experts falls back to mean). */
export function aggregateTotals(
  totals: readonly number[],
  how: (typeof AGGREGATES)[number],
): { total: number; used: (typeof AGGREGATES)[number]; droppedIndexes: number[] } {
  if (totals.length === 0) throw new ScoreInputError('没有专家评分，无法汇总');
  const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  if (how === 'median') {
    const s = [...totals].sort((a, b) => a - b);
    const m = s.length >> 1;
    return { total: round2(s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2), used: 'median', droppedIndexes: [] };
  }
  if (how === 'trimmed' && totals.length >= 3) {
    const order = totals.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i);
    const dropped = [order[0]!.i, order[order.length - 1]!.i];
    return {
      total: round2(mean(totals.filter((_, i) => !dropped.includes(i)))),
      used: 'trimmed',
      droppedIndexes: dropped,
    };
  }
  return { total: round2(mean(totals)), used: 'mean', droppedIndexes: [] };
}

/** The highest grade whose minimum the (rounded) total reaches, or null. */
export function gradeOf(sheet: Pick<TScoreSheet, 'grades'>, total: number): string | null {
  return [...sheet.grades].sort((a, b) => b.min - a.min).find((g) => total >= g.min)?.name ?? null;
}

/** An entry's score: every expert, the aggregate, the grade, the entry's error rate and the veto. */
export function scoreEntry(sheet: TScoreSheet, marks: readonly TExpertMarks[]): TScoreResult {
  if (marks.length === 0) throw new ScoreInputError('marks 为空：至少需要一位专家的评分');
  const names = new Set<string>();
  for (const m of marks) {
    if (names.has(m.expert)) throw new ScoreInputError(`专家“${m.expert}”出现了两次，每位专家只能有一份评分`);
    names.add(m.expert);
  }
  const scored = marks.map((m) => scoreExpert(sheet, m));
  const agg = aggregateTotals(
    scored.map((e) => e.total),
    sheet.aggregate,
  );
  const vetoed = scored.some((e) => e.veto.length > 0);
  const chars = marks.reduce((s, m) => s + m.sampledChars, 0);
  return {
    experts: scored.map((e, i) => ({ ...e, dropped: agg.droppedIndexes.includes(i) })),
    total: agg.total,
    aggregateUsed: agg.used,
    grade: vetoed ? null : gradeOf(sheet, agg.total),
    vetoed,
    errorRate: perTenThousandRate(
      marks.reduce((s, m) => s + m.errors, 0),
      chars,
    ),
  };
}

/** A zod error as Chinese lines naming where it is (`sheet.criteria[1].cap：…`). */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const where = i.path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .replace(/^\./, '');
      return `${where || '（根）'}：${i.message}`;
    })
    .join('\n');
}

/** Parses and scores the CLI's FILE contents. Throws ScoreInputError with every problem in Chinese. */
export function scoreFile(raw: unknown): TScoreResult {
  const parsed = ZScoreFile.safeParse(raw);
  if (!parsed.success) throw new ScoreInputError(`评分文件格式不正确：\n${describeZodError(parsed.error)}`);
  return scoreEntry(parsed.data.sheet, parsed.data.marks);
}

// ── Ranking with quotas per grade (score + vote) ─────────────────────────────────────────────────────────────────────

export interface RankInput {
  id: number;
  total: number;
  vetoed: boolean;
  /** 终评 votes: 推荐 among those cast (0 cast = no vote was held for it). */
  votesFor: number;
  votesCast: number;
}
export interface RankResult {
  id: number;
  rank: number;
  grade: string | null;
  /** Why it did not get a higher grade its score reached (quota full, vote, tie at the quota line). */
  note: string | null;
}

/**
 * Ranks entries by total (then by 推荐 votes) and gives grades by threshold, each grade holding at most its quota.
 * A grade with a quota also needs a majority of 推荐 votes when votes were cast. Entries tied (same total, same votes)
 * across a quota line are not separated by chance: all of them go down to the next grade, with a note.
 * Vetoed entries rank last without a grade.
 */
export function rankWithQuotas(
  items: readonly RankInput[],
  grades: TScoreSheet['grades'],
  quotas: Readonly<Record<string, number>>,
): RankResult[] {
  const sorted = [...items].sort(
    (a, b) => Number(a.vetoed) - Number(b.vetoed) || b.total - a.total || b.votesFor - a.votesFor || a.id - b.id,
  );
  const out = new Map<number, RankResult>();
  sorted.forEach((e, i) => out.set(e.id, { id: e.id, rank: i + 1, grade: null, note: e.vetoed ? '一票否决' : null }));
  const open = sorted.filter((e) => !e.vetoed);
  for (const g of [...grades].sort((a, b) => b.min - a.min)) {
    const quota = quotas[g.name];
    const reach = open.filter((e) => out.get(e.id)!.grade === null && e.total >= g.min);
    const voted = reach.filter((e) => quota === undefined || e.votesCast === 0 || e.votesFor * 2 > e.votesCast);
    for (const e of reach) if (!voted.includes(e)) out.get(e.id)!.note = `未获过半数专家推荐，未列入“${g.name}”`;
    let take = quota === undefined ? voted : voted.slice(0, quota);
    if (quota !== undefined && voted.length > quota && quota > 0) {
      const line = voted[quota - 1]!;
      const next = voted[quota]!;
      if (line.total === next.total && line.votesFor === next.votesFor) {
        take = take.filter((e) => !(e.total === line.total && e.votesFor === line.votesFor));
        for (const e of voted)
          if (e.total === line.total && e.votesFor === line.votesFor)
            out.get(e.id)!.note = `与其他参评作品同分同票，跨越“${g.name}”名额线，均列入下一等级`;
      }
    }
    for (const e of voted)
      if (!take.includes(e) && out.get(e.id)!.note === null) out.get(e.id)!.note = `“${g.name}”名额（${quota}）已满`;
    for (const e of take) out.get(e.id)!.grade = g.name;
  }
  return sorted.map((e) => out.get(e.id)!);
}
