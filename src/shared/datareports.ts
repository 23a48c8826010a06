import { z } from 'zod';

/** 资料年报: the form is data (fields, types, units, validation, cross-field and year-over-year checks), editable without code. */
export const FIELD_TYPES = ['integer', 'number', 'text', 'date', 'choice'] as const;
export const FIELD_TYPE_LABELS: Record<(typeof FIELD_TYPES)[number], string> = {
  integer: '整数',
  number: '数值',
  text: '文字',
  date: '日期',
  choice: '选项',
};
export const COMPARE_OPS = ['<=', '>=', '=', '<', '>'] as const;

export const ZFormField = z.object({
  key: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,39}$/, '字段标识应以小写字母开头，只含小写字母、数字和下划线，例如 books_total'),
  label: z.string().trim().min(1, '请填写指标名称').max(60),
  section: z
    .string()
    .trim()
    .max(40)
    .nullish()
    .transform((v) => v ?? null),
  type: z.enum(FIELD_TYPES, { error: () => ({ message: '字段类型应为 integer、number、text、date 或 choice' }) }),
  unit: z
    .string()
    .trim()
    .max(10)
    .nullish()
    .transform((v) => v ?? null),
  required: z.boolean().default(true),
  min: z
    .number()
    .finite()
    .nullish()
    .transform((v) => v ?? null),
  max: z
    .number()
    .finite()
    .nullish()
    .transform((v) => v ?? null),
  options: z.array(z.string().trim().min(1).max(40)).max(30).default([]),
  /** Whether roll-ups (county → 市州 → province) add this field up. */
  sum: z.boolean().default(true),
  help: z
    .string()
    .trim()
    .max(200)
    .nullish()
    .transform((v) => v ?? null),
});
export type TFormField = z.infer<typeof ZFormField>;

/** `left op right₁ + right₂ …`, e.g. 其中：年鉴 ≤ 馆藏总量. */
export const ZCrossCheck = z.object({
  left: z.string(),
  op: z.enum(COMPARE_OPS),
  right: z.array(z.string()).min(1, '比较的右边至少要有一个字段'),
  message: z.string().trim().min(1, '请写出校验不通过时的提示').max(200),
});
export type TCrossCheck = z.infer<typeof ZCrossCheck>;

/** A change from last year's accepted value beyond `maxChangePercent` needs an explanation in the report's note. */
export const ZYearOverYear = z.object({ field: z.string(), maxChangePercent: z.number().positive().max(10000) });
export type TYearOverYear = z.infer<typeof ZYearOverYear>;

export const ZFormDefinition = z
  .object({
    fields: z.array(ZFormField).min(1, '表单至少要有一个指标').max(200),
    checks: z.array(ZCrossCheck).max(100).default([]),
    yearOverYear: z.array(ZYearOverYear).max(100).default([]),
  })
  .superRefine((d, ctx) => {
    const keys = new Set<string>();
    for (const f of d.fields) {
      if (keys.has(f.key)) ctx.addIssue({ code: 'custom', message: `字段标识“${f.key}”重复`, path: ['fields'] });
      keys.add(f.key);
      if (f.type === 'choice' && f.options.length === 0)
        ctx.addIssue({ code: 'custom', message: `“${f.label}”是选项字段，请列出可选项`, path: ['fields'] });
      if (f.min !== null && f.max !== null && f.min > f.max)
        ctx.addIssue({ code: 'custom', message: `“${f.label}”的最小值大于最大值`, path: ['fields'] });
    }
    const numeric = new Set(d.fields.filter((f) => f.type === 'integer' || f.type === 'number').map((f) => f.key));
    for (const c of d.checks) {
      for (const k of [c.left, ...c.right])
        if (!numeric.has(k))
          ctx.addIssue({ code: 'custom', message: `校验“${c.message}”引用的“${k}”不是数值字段`, path: ['checks'] });
    }
    for (const y of d.yearOverYear)
      if (!numeric.has(y.field))
        ctx.addIssue({ code: 'custom', message: `同比校验引用的“${y.field}”不是数值字段`, path: ['yearOverYear'] });
  });
export type TFormDefinition = z.infer<typeof ZFormDefinition>;
export type TFormDefinitionInput = z.input<typeof ZFormDefinition>;

export const ZFormInput = z.object({
  name: z.string().trim().min(1, '请填写表单名称').max(60),
  definition: ZFormDefinition,
});
export type TFormInput = z.input<typeof ZFormInput>;
export const ZForm = z.object({
  id: z.number(),
  name: z.string(),
  version: z.number(),
  definition: ZFormDefinition,
  updatedAt: z.string(),
});
export type TForm = z.infer<typeof ZForm>;

export const ZCycleInput = z.object({
  formId: z.number().int().positive('请选择表单'),
  year: z.number().int().min(1990).max(2200),
  title: z.string().trim().min(1, '请填写年报名称').max(80),
  deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '截止日期格式应为 YYYY-MM-DD'),
});
export type TCycleInput = z.input<typeof ZCycleInput>;

export const SUBMISSION_STATUSES = ['missing', 'draft', 'submitted', 'city_approved', 'accepted', 'returned'] as const;
export type TSubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
export const SUBMISSION_STATUS_LABELS: Record<TSubmissionStatus, string> = {
  missing: '未填报',
  draft: '草稿',
  submitted: '待审核',
  city_approved: '市州已审核',
  accepted: '省已接收',
  returned: '已退回',
};

export type TValue = number | string | null;
export const ZValues = z.record(z.string(), z.union([z.number(), z.string(), z.null()]));

export const ZProblem = z.object({
  field: z.string(),
  label: z.string(),
  message: z.string(),
  cell: z.string().nullable(),
});
export type TProblem = z.infer<typeof ZProblem>;

export const ZSubmission = z.object({
  id: z.number().nullable(),
  cycleId: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  /** The 市州 that reviews it, or null when it goes straight to the province. */
  reviewerName: z.string().nullable(),
  status: z.enum(SUBMISSION_STATUSES),
  values: ZValues,
  note: z.string().nullable(),
  source: z.string().nullable(),
  submittedAt: z.string().nullable(),
  comment: z.string().nullable(),
  updatedAt: z.string().nullable(),
  /** Year-over-year changes beyond the form's limits (need an explanation in the note). */
  warnings: z.array(ZProblem),
});
export type TSubmission = z.infer<typeof ZSubmission>;

export const ZCycle = z.object({
  id: z.number(),
  formId: z.number(),
  year: z.number(),
  title: z.string(),
  deadline: z.string(),
  definition: ZFormDefinition,
  counts: z.record(z.string(), z.number()),
});
export type TCycle = z.infer<typeof ZCycle>;

export const ZCycleDetail = ZCycle.extend({ submissions: z.array(ZSubmission) });
export type TCycleDetail = z.infer<typeof ZCycleDetail>;

export const ZSaveSubmission = z.object({
  values: ZValues,
  note: z
    .string()
    .trim()
    .max(2000)
    .nullish()
    .transform((v) => (v ? v : null)),
});
export type TSaveSubmission = z.input<typeof ZSaveSubmission>;
export const ZReview = z.object({
  approve: z.boolean(),
  comment: z
    .string()
    .trim()
    .max(500)
    .nullish()
    .transform((v) => (v ? v : null)),
});
export type TReview = z.input<typeof ZReview>;

export const ZRollup = z.object({
  cycleId: z.number(),
  fields: z.array(z.object({ key: z.string(), label: z.string(), unit: z.string().nullable() })),
  /** Only accepted (province) or 市州-approved reports count; `counted` says how many offices are in each total. */
  groups: z.array(
    z.object({
      unitId: z.number().nullable(),
      name: z.string(),
      counted: z.number(),
      expected: z.number(),
      totals: z.record(z.string(), z.number()),
    }),
  ),
});
export type TRollup = z.infer<typeof ZRollup>;

export const ZTrend = z.array(z.object({ year: z.number(), value: z.number(), offices: z.number() }));
export type TTrend = z.infer<typeof ZTrend>;
