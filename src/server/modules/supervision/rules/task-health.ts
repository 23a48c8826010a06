import { STATUS_LIGHT, type TTaskHealth, type TTaskStatus } from '../../../../shared/supervision.ts';

/** What the status rule needs to know about one task on one day. Pure data; dates are `YYYY-MM-DD`. */
export interface TaskHealthInput {
  today: string;
  /**
   * When planned progress starts counting: the plan's issue date (成文日期) when known, else 1 January of the plan's
   * year — a plan issued on 21 March cannot have been 20 % behind on that day. See `planStartDate`.
   */
  start: string;
  deadline: string;
  isContinuous: boolean;
  closedAt: string | null;
  milestones: readonly { dueDate: string; weight: number; reachedAt: string | null }[];
  /** Latest approved percent complete, or null when nothing is approved yet. */
  approvedPercent: number | null;
  /** Whether the report of a period whose due date has passed is missing (not submitted). */
  reportOverdue: boolean;
  yellowPoints: number;
  redPoints: number;
}

const DAY = 86_400_000;

/**
 * Where a task's planned line starts: its own start date when it has one, else the plan's issue date (成文日期), else
 * 1 January of the plan's year. A start outside the plan's year (a plan issued in December for next year) falls back to
 * 1 January of that year.
 */
export function planStartDate(year: number, issuedOn: string | null, taskStart: string | null = null): string {
  const jan1 = `${year}-01-01`;
  for (const d of [taskStart, issuedOn]) {
    if (d && /^\d{4}-\d{2}-\d{2}/.test(d) && d.slice(0, 4) === String(year)) return d.slice(0, 10);
  }
  return jan1;
}
const toTime = (d: string) => Date.parse(`${d}T00:00:00Z`);

/**
 * Planned progress on `today`: with weighted milestones, the share of weight due by today; otherwise a straight line
 * from `start` to the deadline. Continuous (全年持续) tasks follow the line over the year.
 */
export function plannedPercent(input: Pick<TaskHealthInput, 'today' | 'start' | 'deadline' | 'milestones'>): number {
  const totalWeight = input.milestones.reduce((sum, m) => sum + Math.max(0, m.weight), 0);
  if (totalWeight > 0) {
    const due = input.milestones
      .filter((m) => m.dueDate <= input.today)
      .reduce((sum, m) => sum + Math.max(0, m.weight), 0);
    return Math.round((due / totalWeight) * 100);
  }
  const span = toTime(input.deadline) - toTime(input.start) + DAY;
  if (span <= 0) return 100;
  const elapsed = toTime(input.today) - toTime(input.start) + DAY;
  return Math.round(Math.min(1, Math.max(0, elapsed / span)) * 100);
}

/**
 * The task's status light. Red: past the deadline or a milestone not reached, or more than `redPoints` behind the
 * plan; yellow: `yellowPoints`–`redPoints` behind; green otherwise once started; blue when done. "Report overdue" is
 * reported beside the light, and turns a green light yellow (the supervisor cannot see progress that was not reported).
 */
export function computeTaskHealth(input: TaskHealthInput): TTaskHealth {
  const planned = plannedPercent(input);
  // 办结 is 100 % whatever the last report said: the supervisor's closing is the final word on completion.
  const actual = input.closedAt ? 100 : Math.max(0, Math.min(100, input.approvedPercent ?? 0));
  const reasons: string[] = [];
  let status: TTaskStatus;
  const missed = input.milestones.filter((m) => m.dueDate < input.today && !m.reachedAt);
  if (input.closedAt || actual >= 100) {
    status = 'done';
    reasons.push(input.closedAt ? '已办结' : '已完成（进度 100%）');
  } else if (!input.isContinuous && input.today > input.deadline) {
    status = 'behind';
    reasons.push(`已超过完成时限 ${input.deadline}`);
  } else if (missed.length > 0) {
    status = 'behind';
    reasons.push(`有 ${missed.length} 个节点逾期未完成`);
  } else if (input.approvedPercent === null && planned < input.yellowPoints) {
    status = 'not_started';
    reasons.push('尚无已审核的进展');
  } else {
    const gap = planned - actual;
    if (gap > input.redPoints) {
      status = 'behind';
      reasons.push(`落后计划 ${gap} 个百分点（计划 ${planned}%，实际 ${actual}%）`);
    } else if (gap >= input.yellowPoints) {
      status = 'at_risk';
      reasons.push(`落后计划 ${gap} 个百分点（计划 ${planned}%，实际 ${actual}%）`);
    } else {
      status = input.approvedPercent === null ? 'not_started' : 'on_track';
      reasons.push(`计划 ${planned}%，实际 ${actual}%`);
    }
  }
  if (input.reportOverdue && status !== 'done') {
    reasons.push('本期进展逾期未报');
    if (status === 'on_track' || status === 'not_started') status = 'at_risk';
  }
  return {
    status,
    light: STATUS_LIGHT[status],
    planned,
    actual,
    reportOverdue: input.reportOverdue && status !== 'done',
    reasons,
  };
}
