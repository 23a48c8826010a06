import { z } from 'zod';

/**
 * The result of reading an annual plan (工作要点) document: what `parsePlan` returns, what
 * `bin/fangzhi plan parse FILE --json` prints, and what the web preview shows before anything is saved.
 * Offsets (`start`/`end`) always index `sourceText`, the normalized text the parser worked on.
 */

export const ZTextSpan = z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() });
export type TTextSpan = z.infer<typeof ZTextSpan>;

export const ZTargetComparator = z.enum(['eq', 'gte', 'lte', 'approx', 'range']);
export type TTargetComparator = z.infer<typeof ZTargetComparator>;

/** A quantified target (量化指标): `2000册`, `4—7部`, `98%以上`. A single figure uses `value`, a range `min`/`max`. */
export const ZPlanTarget = z.object({
  text: z.string(),
  value: z.number().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  unit: z.string(),
  comparator: ZTargetComparator,
  span: ZTextSpan.optional(),
});
export type TPlanTarget = z.infer<typeof ZPlanTarget>;

/** When a task must be done (完成时限). Without a stated deadline it is the end of the plan's year, `explicit: false`. */
export const ZPlanDeadline = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  explicit: z.boolean(),
  text: z.string().nullable(),
  /** A task without an end (`长期坚持`, `持续推进`, `常态化`): `date` is then the plan year's end, for reporting only. */
  continuous: z.boolean().optional(),
  span: ZTextSpan.optional(),
});
export type TPlanDeadline = z.infer<typeof ZPlanDeadline>;

export const ZPlaceMention = z.object({
  text: z.string(),
  /** Full official name of the division, e.g. 前郭尔罗斯蒙古族自治县 for 前郭县. */
  name: z.string(),
  /** GB/T 2260 division code; null for places without one (长白山). */
  code: z.string().nullable(),
  span: ZTextSpan.optional(),
});
export type TPlaceMention = z.infer<typeof ZPlaceMention>;

export const ZPlanReferences = z.object({
  /** Book and document titles as written, with their 《》. */
  titles: z.array(z.string()),
  /** Jilin place names as written in the task (outside titles). */
  places: z.array(z.string()),
  placeMentions: z.array(ZPlaceMention).optional(),
});
export type TPlanReferences = z.infer<typeof ZPlanReferences>;

export const ZUnitMention = z.object({
  name: z.string(),
  role: z.enum(['lead', 'support']),
  span: ZTextSpan.optional(),
});
export type TUnitMention = z.infer<typeof ZUnitMention>;

export const ZPlanSubItem = z.object({ marker: z.string(), text: z.string(), span: ZTextSpan.optional() });
export type TPlanSubItem = z.infer<typeof ZPlanSubItem>;

export const ZPlanTask = z.object({
  /** The item number as written (`1`, `12`), or a generated one for inline enumerations (`一是` → `2.1`). */
  number: z.string(),
  /** Item text without the responsible-unit parenthesis or unit lines. */
  text: z.string(),
  leadUnits: z.array(z.string()),
  supportUnits: z.array(z.string()),
  /** The raw unit parenthesis / unit lines as written, null when the task names no unit. */
  unitsText: z.string().nullable().optional(),
  unitMentions: z.array(ZUnitMention).optional(),
  /** 责任领导 / 分管领导 as written: people, never units. */
  leaders: z.array(z.string()).optional(),
  targets: z.array(ZPlanTarget),
  deadline: ZPlanDeadline,
  references: ZPlanReferences,
  subItems: z.array(ZPlanSubItem).optional(),
  /** The `（一）` heading the task sits under, when the section has such a level. */
  groupTitle: z.string().nullable().optional(),
  sourceSpan: ZTextSpan.optional(),
  warnings: z.array(z.string()).optional(),
});
export type TPlanTask = z.infer<typeof ZPlanTask>;

export const ZPlanSection = z.object({
  ordinal: z.number().int().positive(),
  title: z.string(),
  tasks: z.array(ZPlanTask),
  sourceSpan: ZTextSpan.optional(),
});
export type TPlanSection = z.infer<typeof ZPlanSection>;

export const ZPlanNotice = z.object({
  title: z.string(),
  issuer: z.string().nullable(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
  addressees: z.array(z.string()),
  body: z.string().optional(),
});
export type TPlanNotice = z.infer<typeof ZPlanNotice>;

export const ZPlanHeader = z.object({
  title: z.string(),
  year: z.number().int(),
  issuer: z.string().nullable(),
  /** The general requirements (总体要求, 指导思想 …) kept as the plan's description; never tasks. */
  preamble: z.string(),
});
export type TPlanHeader = z.infer<typeof ZPlanHeader>;

export const ZPlanParseResult = z.object({
  notice: ZPlanNotice.nullable(),
  plan: ZPlanHeader,
  sections: z.array(ZPlanSection),
  warnings: z.array(z.string()),
  /** The normalized text every span refers to. */
  sourceText: z.string().optional(),
});
export type TPlanParseResult = z.infer<typeof ZPlanParseResult>;
