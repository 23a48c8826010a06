import { z } from 'zod';

export const CYCLES = ['monthly', 'quarterly', 'half_yearly'] as const;
export type TCycle = (typeof CYCLES)[number];
export const CYCLE_LABELS: Record<TCycle, string> = { monthly: '每月', quarterly: '每季度', half_yearly: '每半年' };

export const TASK_STATUSES = ['not_started', 'on_track', 'at_risk', 'behind', 'done'] as const;
export type TTaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_STATUS_LABELS: Record<TTaskStatus, string> = {
  not_started: '未启动',
  on_track: '正常推进',
  at_risk: '进度滞后',
  behind: '严重滞后',
  done: '已完成',
};
/** The light each status shows. */
export const STATUS_LIGHT: Record<TTaskStatus, 'grey' | 'green' | 'yellow' | 'red' | 'blue'> = {
  not_started: 'grey',
  on_track: 'green',
  at_risk: 'yellow',
  behind: 'red',
  done: 'blue',
};

export const REPORT_STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const;
export type TReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_STATUS_LABELS: Record<TReportStatus, string> = { draft: '草稿', submitted: '待审核', approved: '已审核', returned: '已退回' };

export const ZSupervisionSettings = z.object({
  cycle: z.enum(CYCLES, { error: () => ({ message: '填报周期应为每月、每季度或每半年' }) }),
  dueDay: z.number().int().min(1, '报送日应在 1–28 日之间').max(28, '报送日应在 1–28 日之间'),
  yellowPoints: z.number().int().min(1).max(100),
  redPoints: z.number().int().min(1).max(100),
  remindDaysBefore: z.number().int().min(0).max(30),
});
export type TSupervisionSettings = z.infer<typeof ZSupervisionSettings>;

export const DEFAULT_SUPERVISION: TSupervisionSettings = { cycle: 'monthly', dueDay: 25, yellowPoints: 10, redPoints: 30, remindDaysBefore: 3 };

export const ZTaskHealth = z.object({
  status: z.enum(TASK_STATUSES),
  light: z.enum(['grey', 'green', 'yellow', 'red', 'blue']),
  /** Planned progress at the date, 0–100. */
  planned: z.number(),
  /** Latest approved progress, 0–100. */
  actual: z.number(),
  reportOverdue: z.boolean(),
  /** Why the light is what it is, in Chinese, for the person reading the dashboard. */
  reasons: z.array(z.string()),
});
export type TTaskHealth = z.infer<typeof ZTaskHealth>;
