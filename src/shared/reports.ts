import { z } from 'zod';
import { ZTaskHealth, type TCycle, type TReportStatus, type TSupervisionSettings } from './supervision.ts';

/** Contracts of roadmaps (milestones, indicators) and progress reports, shared by the server and the web app. */

const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const optionalText = (max: number, label: string) =>
  z
    .string()
    .max(max, `${label}不能超过 ${max} 个字`)
    .nullable()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : null));

export const ZMilestoneInput = z.object({
  name: z.string().trim().min(1, '请填写节点名称').max(200, '节点名称不能超过 200 个字'),
  dueDate: ZDate,
  deliverable: optionalText(500, '成果形式'),
  weight: z.number().min(0, '权重不能为负数').max(100, '权重不能超过 100').default(1),
});
export type TMilestoneInput = z.input<typeof ZMilestoneInput>;

export const ZMilestone = z.object({
  id: z.number(),
  taskId: z.number(),
  name: z.string(),
  dueDate: z.string(),
  deliverable: z.string().nullable(),
  weight: z.number(),
  reachedAt: z.string().nullable(),
  sortOrder: z.number(),
});
export type TMilestone = z.infer<typeof ZMilestone>;

export const ZMilestoneReached = z.object({ reached: z.boolean() });

export const ZTaskPatch = z.object({ isContinuous: z.boolean() });

export const ZIndicatorPoint = z.object({ date: ZDate, value: z.number().finite().min(0, '计划值不能为负数') });
export type TIndicatorPoint = z.infer<typeof ZIndicatorPoint>;

export const ZIndicatorInput = z.object({
  targetId: z.number().int().positive().nullable().optional(),
  name: z.string().trim().min(1, '请填写指标名称').max(200, '指标名称不能超过 200 个字'),
  unit: z.string().trim().max(20, '计量单位不能超过 20 个字').default(''),
  targetValue: z.number().finite().positive('目标值应大于 0'),
  baseline: z.number().finite().min(0, '基数不能为负数').default(0),
  curve: z
    .enum(['linear', 'points'], { error: () => ({ message: '计划曲线应为“均匀推进”或“按节点”' }) })
    .default('linear'),
  points: z.array(ZIndicatorPoint).max(24, '计划节点不能超过 24 个').default([]),
});
export type TIndicatorInput = z.input<typeof ZIndicatorInput>;

export const ZIndicator = z.object({
  id: z.number(),
  taskId: z.number(),
  targetId: z.number().nullable(),
  name: z.string(),
  unit: z.string(),
  targetValue: z.number(),
  baseline: z.number(),
  curve: z.enum(['linear', 'points']),
  points: z.array(ZIndicatorPoint),
  /** Planned value on the date asked for (today by default). */
  plannedNow: z.number(),
  /** Latest actual from an approved lead report, or null. */
  actual: z.number().nullable(),
  actuals: z.array(z.object({ period: z.string(), value: z.number() })),
});
export type TIndicator = z.infer<typeof ZIndicator>;

export const LIMIT_REPORT_TEXT = 5000;

export const ZReportDraft = z.object({
  progressText: z.string().max(LIMIT_REPORT_TEXT, `进展情况不能超过 ${LIMIT_REPORT_TEXT} 个字`).default(''),
  percent: z
    .number({ error: () => ({ message: '完成进度应为 0–100 之间的整数' }) })
    .int('完成进度应为整数')
    .min(0, '完成进度不能小于 0%')
    .max(100, '完成进度不能超过 100%')
    .nullable()
    .optional(),
  milestonesReached: z.array(z.number().int().positive()).max(100).default([]),
  indicatorActuals: z
    .array(
      z.object({ indicatorId: z.number().int().positive(), value: z.number().finite().min(0, '指标实际值不能为负数') }),
    )
    .max(50)
    .default([]),
  problems: optionalText(LIMIT_REPORT_TEXT, '存在问题'),
  nextSteps: optionalText(LIMIT_REPORT_TEXT, '下一步计划'),
});
export type TReportDraft = z.input<typeof ZReportDraft>;

export const ZReportDecision = z.object({
  comment: z.string().trim().max(1000, '审核意见不能超过 1000 个字').default(''),
});
export type TReportDecision = z.input<typeof ZReportDecision>;

export const ZAttachment = z.object({
  id: z.number(),
  fileName: z.string(),
  mime: z.string(),
  size: z.number(),
  createdAt: z.string(),
});
export type TAttachment = z.infer<typeof ZAttachment>;

export interface TReport {
  id: number;
  taskId: number;
  unitId: number;
  unitName: string;
  period: string;
  periodLabel: string;
  role: 'lead' | 'support';
  status: TReportStatus;
  progressText: string;
  percent: number | null;
  problems: string | null;
  nextSteps: string | null;
  milestonesReached: number[];
  indicatorActuals: { indicatorId: number; value: number }[];
  submittedAt: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  decisionComment: string | null;
  updatedAt: string;
  attachments: TAttachment[];
}

export interface TTaskEvent {
  id: number;
  kind: string;
  actorName: string;
  unitId: number | null;
  reportId: number | null;
  summary: string;
  detail: unknown;
  occurredAt: string;
}

export interface TTaskViewUnit {
  unitId: number | null;
  name: string;
  unitName: string | null;
  role: 'lead' | 'support';
}

export interface TTaskTarget {
  id: number;
  text: string;
  value: number | null;
  unit: string;
}

/** What the actor may do on this task; the server checks every one again. */
export interface TTaskPermissions {
  editRoadmap: boolean;
  /** The role the actor's unit files under, or null when it cannot file here. */
  fileAs: 'lead' | 'support' | null;
  approve: boolean;
  returnReports: boolean;
}

export interface TTaskView {
  task: {
    id: number;
    planId: number;
    planTitle: string;
    planYear: number;
    sectionTitle: string;
    number: string;
    text: string;
    deadline: string;
    deadlineText: string | null;
    isContinuous: boolean;
    closedAt: string | null;
    /** The task's own start date, when set; planned progress counts from `plannedFrom` either way. */
    startDate: string | null;
    plannedFrom: string;
  };
  units: TTaskViewUnit[];
  targets: TTaskTarget[];
  milestones: TMilestone[];
  indicators: TIndicator[];
  reports: TReport[];
  events: TTaskEvent[];
  health: z.infer<typeof ZTaskHealth> | null;
  settings: TSupervisionSettings;
  periods: { period: string; label: string; dueDate: string }[];
  /** The period a report is expected for now (due by today, else the current one). */
  currentPeriod: string | null;
  today: string;
  permissions: TTaskPermissions;
}

export interface TToFile {
  taskId: number;
  number: string;
  text: string;
  role: 'lead' | 'support';
  period: string;
  periodLabel: string;
  dueDate: string;
  overdue: boolean;
  reportId: number | null;
  status: TReportStatus | null;
}

export interface TMyTask {
  taskId: number;
  planId: number;
  planTitle: string;
  number: string;
  text: string;
  role: 'lead' | 'support';
  deadline: string;
  health: z.infer<typeof ZTaskHealth> | null;
  latestPercent: number | null;
}

export interface TMyTasks {
  unitId: number | null;
  unitName: string | null;
  today: string;
  tasks: TMyTask[];
  toFile: TToFile[];
  returned: {
    reportId: number;
    taskId: number;
    number: string;
    period: string;
    periodLabel: string;
    comment: string | null;
    decidedAt: string | null;
    decidedBy: string | null;
  }[];
  pending: {
    reportId: number;
    taskId: number;
    number: string;
    period: string;
    periodLabel: string;
    unitName: string;
    submittedAt: string | null;
  }[];
}

export type { TCycle };
