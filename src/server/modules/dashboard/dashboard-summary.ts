import type { TCompletionGroup, TLightChange, TLightCounts, TOverdueItem } from '../../../shared/dashboard.ts';
import type { TTaskHealth } from '../../../shared/supervision.ts';

/** Pure aggregation of task lights into what the leader dashboard shows. No I/O. */

export interface SummaryTask {
  id: number;
  number: string;
  text: string;
  deadline: string;
  isContinuous: boolean;
  leadUnits: string[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function emptyLights(): TLightCounts {
  return { green: 0, yellow: 0, red: 0, blue: 0, grey: 0 };
}

export function countLights(healths: Iterable<TTaskHealth>): TLightCounts {
  const counts = emptyLights();
  for (const h of healths) counts[h.light] += 1;
  return counts;
}

export function average(values: readonly number[]): number {
  return values.length === 0 ? 0 : round1(values.reduce((s, v) => s + v, 0) / values.length);
}

/** Completion per group, in the order given; tasks without a health entry are left out. */
export function summarizeGroups(
  groups: readonly { key: string; label: string; taskIds: readonly number[] }[],
  health: ReadonlyMap<number, TTaskHealth>,
): TCompletionGroup[] {
  return groups.map((g) => {
    const hs = g.taskIds.map((id) => health.get(id)).filter((h): h is TTaskHealth => h !== undefined);
    return {
      key: g.key,
      label: g.label,
      taskCount: hs.length,
      avgActual: average(hs.map((h) => h.actual)),
      avgPlanned: average(hs.map((h) => h.planned)),
      lights: countLights(hs),
    };
  });
}

/**
 * Everything late on `date`: tasks past their deadline and not done, milestones due before `date` and not reached, and
 * lead reports of the expected period not filed. A done task is never overdue.
 */
export function findOverdue(input: {
  date: string;
  tasks: readonly SummaryTask[];
  milestones: readonly { taskId: number; name: string; dueDate: string; reachedAt: string | null }[];
  health: ReadonlyMap<number, TTaskHealth>;
  /** Due date of the report expected by `date`, or null when none is due yet. */
  reportDueDate: string | null;
  reportPeriodLabel: string | null;
}): TOverdueItem[] {
  const items: TOverdueItem[] = [];
  for (const task of input.tasks) {
    const h = input.health.get(task.id);
    if (!h || h.status === 'done') continue;
    const base = { taskId: task.id, taskNumber: task.number, taskText: task.text, leadUnits: task.leadUnits };
    if (!task.isContinuous && input.date > task.deadline) {
      items.push({
        ...base,
        kind: 'past_deadline',
        dueDate: task.deadline,
        detail: `完成时限 ${task.deadline}，当前进度 ${h.actual}%`,
      });
    }
    for (const m of input.milestones) {
      if (m.taskId === task.id && m.dueDate < input.date && !m.reachedAt) {
        items.push({
          ...base,
          kind: 'milestone_missed',
          dueDate: m.dueDate,
          detail: `节点“${m.name}”应于 ${m.dueDate} 完成`,
        });
      }
    }
    if (h.reportOverdue) {
      items.push({
        ...base,
        kind: 'report_overdue',
        dueDate: input.reportDueDate,
        detail: `${input.reportPeriodLabel ?? '本期'}进展应于 ${input.reportDueDate ?? '—'} 前报送`,
      });
    }
  }
  const order = { past_deadline: 0, milestone_missed: 1, report_overdue: 2 } as const;
  return items.sort(
    (a, b) =>
      order[a.kind] - order[b.kind] ||
      (a.dueDate ?? '').localeCompare(b.dueDate ?? '') ||
      compareNumbers(a.taskNumber, b.taskNumber),
  );
}

/** Task numbers as people read them: 2 before 10. */
export function compareNumbers(a: string, b: string): number {
  return a.localeCompare(b, 'zh-CN', { numeric: true });
}

/** Tasks whose light differs between two days, in task order. */
export function diffLights(
  tasks: readonly SummaryTask[],
  before: ReadonlyMap<number, TTaskHealth>,
  after: ReadonlyMap<number, TTaskHealth>,
): TLightChange[] {
  const changes: TLightChange[] = [];
  for (const task of tasks) {
    const from = before.get(task.id);
    const to = after.get(task.id);
    if (!from || !to || from.light === to.light) continue;
    changes.push({
      taskId: task.id,
      taskNumber: task.number,
      taskText: task.text,
      from: from.light,
      to: to.light,
      reasons: to.reasons,
    });
  }
  return changes;
}

/** The latest actual of an indicator among approved lead reports (latest period wins). */
export function latestActual(
  indicatorId: number,
  reports: readonly { period: string; actuals: readonly { indicatorId: number; value: number }[] }[],
): { value: number; period: string } | null {
  let best: { value: number; period: string } | null = null;
  for (const r of reports) {
    const hit = r.actuals.find((a) => a.indicatorId === indicatorId);
    if (hit && (!best || r.period > best.period)) best = { value: hit.value, period: r.period };
  }
  return best;
}

/** The actuals a report carries; tolerant of rows written before the format settled (`{ "12": 300 }`). */
export function readActuals(json: string): { indicatorId: number; value: number }[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return [];
  }
  if (Array.isArray(raw)) {
    return raw.flatMap((a: unknown) => {
      const o = a as { indicatorId?: unknown; value?: unknown };
      return typeof o?.indicatorId === 'number' && typeof o.value === 'number'
        ? [{ indicatorId: o.indicatorId, value: o.value }]
        : [];
    });
  }
  if (raw && typeof raw === 'object') {
    return Object.entries(raw as Record<string, unknown>).flatMap(([k, v]) =>
      typeof v === 'number' && Number.isInteger(Number(k)) ? [{ indicatorId: Number(k), value: v }] : [],
    );
  }
  return [];
}
