import { z } from 'zod';
import { ZPlanDeadline, ZPlanParseResult, ZPlanTarget } from './workplan-parse.ts';

/** How a unit name from the document resolves against the unit directory. */
export const ZUnitResolution = z.object({
  name: z.string(),
  kind: z.enum(['matched', 'collective', 'unknown']),
  unitId: z.number().nullable(),
  /** Directory name of the matched unit (the document may have used an alias). */
  unitName: z.string().nullable(),
});
export type TUnitResolution = z.infer<typeof ZUnitResolution>;

/** What hangs on a saved task: a revision that drops it archives it (已撤销) instead of deleting it. */
export const ZTaskHistory = z.object({
  reports: z.number(),
  milestones: z.number(),
  chases: z.number(),
  extensions: z.number(),
});
export type TTaskHistory = z.infer<typeof ZTaskHistory>;

/**
 * One task of a revision, matched by content (text and units; the number only breaks ties): kept as it was,
 * renumbered, changed (fields listed), new, or dropped — then archived when it has history, else deleted.
 */
export const ZRevisionEntry = z.object({
  status: z.enum(['kept', 'renumbered', 'changed', 'new', 'dropped']),
  /** Number in the revised document; null for a dropped task. */
  number: z.string().nullable(),
  /** Number in the saved plan; null for a new task. */
  previousNumber: z.string().nullable(),
  /** The saved task this entry keeps, changes or drops; null for a new one. */
  taskId: z.number().nullable(),
  text: z.string(),
  previousText: z.string().nullable(),
  fields: z.array(z.string()),
  /** Text similarity with the saved task (0–1). */
  similarity: z.number().nullable(),
  history: ZTaskHistory.nullable(),
  /** What happens to a dropped task: archived (it has history) or deleted. */
  outcome: z.enum(['archive', 'delete']).nullable(),
});
export type TRevisionEntry = z.infer<typeof ZRevisionEntry>;

export const ZPlanDiff = z.object({
  added: z.array(z.string()),
  removed: z.array(z.string()),
  changed: z.array(z.object({ number: z.string(), fields: z.array(z.string()) })),
  unchanged: z.number(),
  entries: z.array(ZRevisionEntry).default([]),
});
export type TPlanDiff = z.infer<typeof ZPlanDiff>;

export const ZPlanPreview = z.object({
  parse: ZPlanParseResult,
  units: z.array(ZUnitResolution),
  source: z.object({ fileName: z.string(), format: z.string(), encoding: z.string().nullable(), size: z.number() }),
  /** The saved plan of the same year and title, when this document is a revision of it. */
  existing: z.object({ planId: z.number(), title: z.string(), revision: z.number(), diff: ZPlanDiff }).nullable(),
});
export type TPlanPreview = z.infer<typeof ZPlanPreview>;

/** A unit as the person confirmed it: `unitId` null means "resolve by name" (a collective, or unknown to be created). */
export const ZUnitRef = z.object({
  name: z.string().trim().min(1, '单位名称不能为空').max(60, '单位名称不能超过 60 个字符'),
  unitId: z.number().int().positive().nullable(),
});
export type TUnitRef = z.infer<typeof ZUnitRef>;

const ZTargetInput = ZPlanTarget.omit({ span: true });
export const ZTaskInput = z.object({
  number: z.string().trim().min(1, '任务编号不能为空').max(20),
  text: z.string().trim().min(1, '任务内容不能为空').max(5000, '任务内容不能超过 5000 个字符'),
  groupTitle: z.string().max(200).nullable().default(null),
  leadUnits: z.array(ZUnitRef).max(30),
  supportUnits: z.array(ZUnitRef).max(50),
  targets: z.array(ZTargetInput).max(30),
  deadline: ZPlanDeadline.omit({ span: true }),
  references: z.object({ titles: z.array(z.string().max(200)).max(100), places: z.array(z.string().max(60)).max(100) }),
  /** 责任领导 the document names: people, not units. */
  leaders: z.array(z.string().trim().min(1).max(40)).max(10).default([]),
});
export type TTaskInput = z.infer<typeof ZTaskInput>;

export const ZImportPlanRequest = z.object({
  plan: z.object({
    title: z.string().trim().min(1, '请填写工作要点标题').max(200),
    year: z.number().int().min(1949, '年度不早于 1949 年').max(2100, '年度不晚于 2100 年'),
    issuer: z.string().trim().max(100).nullable(),
    preamble: z.string().max(20000),
    noticeTitle: z.string().max(300).nullable(),
    noticeDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, '成文日期格式应为 YYYY-MM-DD')
      .nullable(),
    noticeAddressees: z.array(z.string().max(200)).max(50),
  }),
  sections: z
    .array(
      z.object({
        ordinal: z.number().int().positive(),
        title: z.string().trim().min(1).max(200),
        tasks: z.array(ZTaskInput).max(500),
      }),
    )
    .min(1, '至少需要一个部分')
    .max(50),
  /** Create units the directory does not know (as departments of the committee) instead of refusing. */
  createUnknownUnits: z.boolean().default(false),
  /**
   * Saved tasks the revision drops, as the preview named them and the person confirmed (ids). A revision that would
   * drop any task not listed here is refused, so nothing is archived or deleted unseen.
   */
  confirmedDrops: z.array(z.number().int().positive()).max(2000).default([]),
});
export type TImportPlanRequest = z.infer<typeof ZImportPlanRequest>;

export const ZPlanSummary = z.object({
  id: z.number(),
  year: z.number(),
  title: z.string(),
  issuer: z.string().nullable(),
  noticeDate: z.string().nullable(),
  revision: z.number(),
  sectionCount: z.number(),
  taskCount: z.number(),
  updatedAt: z.string(),
});
export type TPlanSummary = z.infer<typeof ZPlanSummary>;

export const ZTaskUnit = z.object({ name: z.string(), unitId: z.number().nullable(), unitName: z.string().nullable() });
export type TTaskUnit = z.infer<typeof ZTaskUnit>;

export const ZTask = z.object({
  id: z.number(),
  sectionId: z.number(),
  number: z.string(),
  text: z.string(),
  groupTitle: z.string().nullable(),
  leadUnits: z.array(ZTaskUnit),
  supportUnits: z.array(ZTaskUnit),
  targets: z.array(ZTargetInput),
  deadline: z.object({
    date: z.string(),
    explicit: z.boolean(),
    text: z.string().nullable(),
    continuous: z.boolean().optional(),
  }),
  references: z.object({ titles: z.array(z.string()), places: z.array(z.string()) }),
  leaders: z.array(z.string()).default([]),
  /** Dropped by a revision but kept for its history (已撤销); `number` is then the number it had. */
  archived: z.boolean().default(false),
  archivedAt: z.string().nullable().default(null),
});
export type TTask = z.infer<typeof ZTask>;

export const ZPlanDetail = ZPlanSummary.extend({
  preamble: z.string(),
  noticeTitle: z.string().nullable(),
  noticeAddressees: z.array(z.string()),
  sourceFileName: z.string().nullable(),
  sections: z.array(z.object({ id: z.number(), ordinal: z.number(), title: z.string(), tasks: z.array(ZTask) })),
});
export type TPlanDetail = z.infer<typeof ZPlanDetail>;

export const ZImportPlanResponse = z.object({
  planId: z.number(),
  revision: z.number(),
  created: z.boolean(),
  /** True when the same file with the same tasks was imported again: nothing was written. */
  unchanged: z.boolean(),
  diff: ZPlanDiff.nullable(),
  createdUnits: z.array(z.string()),
});
export type TImportPlanResponse = z.infer<typeof ZImportPlanResponse>;
