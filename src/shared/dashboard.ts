import type { TTaskStatus } from './supervision.ts';

/** Leader dashboard and Gantt contracts (server → web). Dates are `YYYY-MM-DD`. */

export type TLight = 'grey' | 'green' | 'yellow' | 'red' | 'blue';
export const LIGHTS: readonly TLight[] = ['green', 'yellow', 'red', 'blue', 'grey'];
export const LIGHT_LABELS: Record<TLight, string> = {
  green: '绿灯',
  yellow: '黄灯',
  red: '红灯',
  blue: '已完成',
  grey: '未启动',
};
export const LIGHT_COLORS: Record<TLight, string> = {
  green: '#52c41a',
  yellow: '#faad14',
  red: '#f5222d',
  blue: '#1677ff',
  grey: '#bfbfbf',
};

export type TLightCounts = Record<TLight, number>;

/** Completion of a group of tasks (a section or a lead unit). */
export interface TCompletionGroup {
  key: string;
  label: string;
  taskCount: number;
  /** Average approved percent of the group's tasks, 0–100, one decimal. */
  avgActual: number;
  avgPlanned: number;
  lights: TLightCounts;
}

export type TOverdueKind = 'report_overdue' | 'past_deadline' | 'milestone_missed';
export const OVERDUE_KIND_LABELS: Record<TOverdueKind, string> = {
  report_overdue: '进展逾期未报',
  past_deadline: '超过完成时限',
  milestone_missed: '节点逾期',
};

export interface TOverdueItem {
  kind: TOverdueKind;
  taskId: number;
  taskNumber: string;
  taskText: string;
  leadUnits: string[];
  /** The date that was missed (deadline, milestone due date, or the period's report due date). */
  dueDate: string | null;
  detail: string;
}

export interface TIndicatorRow {
  id: number;
  taskId: number;
  taskNumber: string;
  name: string;
  unit: string;
  targetValue: number;
  plannedAtDate: number;
  /** Latest actual from an approved lead report, or null. */
  actual: number | null;
  actualPeriod: string | null;
  /** actual ÷ target × 100, one decimal; null without an actual. */
  percentOfTarget: number | null;
  /** actual ÷ planned-at-date × 100; null without an actual or before anything is planned. */
  percentOfPlan: number | null;
}

export interface TLightChange {
  taskId: number;
  taskNumber: string;
  taskText: string;
  from: TLight;
  to: TLight;
  reasons: string[];
}

export interface TApprovedReport {
  reportId: number;
  taskId: number;
  taskNumber: string;
  unitName: string;
  period: string;
  percent: number | null;
  decidedAt: string;
}

export interface TTaskLight {
  taskId: number;
  number: string;
  text: string;
  sectionLabel: string;
  leadUnits: string[];
  status: TTaskStatus;
  light: TLight;
  planned: number;
  actual: number;
  reportOverdue: boolean;
  reasons: string[];
}

export interface TDashboard {
  planId: number;
  planTitle: string;
  year: number;
  date: string;
  kpis: { taskCount: number; avgActual: number; avgPlanned: number; done: number; reportOverdue: number; red: number };
  lights: TLightCounts;
  statuses: Record<TTaskStatus, number>;
  /** Every task's light on the date, in plan order. */
  tasks: TTaskLight[];
  bySection: TCompletionGroup[];
  byUnit: TCompletionGroup[];
  overdue: TOverdueItem[];
  indicators: TIndicatorRow[];
  changes: {
    currentPeriod: string;
    currentLabel: string;
    previousLabel: string;
    /** Last day of the previous period: lights are compared between this date and `date`. */
    since: string;
    approvedCurrent: number;
    approvedPrevious: number;
    approved: TApprovedReport[];
    lightChanges: TLightChange[];
  };
}

export type TGanttGroupBy = 'section' | 'unit';

export interface TGanttRow {
  taskId: number;
  number: string;
  text: string;
  leadUnits: string[];
  start: string;
  end: string;
  isContinuous: boolean;
  status: TTaskStatus;
  light: TLight;
  planned: number;
  actual: number;
  milestones: { id: number; name: string; dueDate: string; reachedAt: string | null }[];
}

export interface TGantt {
  planId: number;
  planTitle: string;
  year: number;
  today: string;
  groupBy: TGanttGroupBy;
  groups: { key: string; label: string; rows: TGanttRow[] }[];
}
