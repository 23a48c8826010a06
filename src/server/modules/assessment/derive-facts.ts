import type { TUnitFacts } from '../../../shared/assessment.ts';
import type { TCycle } from '../../../shared/supervision.ts';
import { periodDueDate, periodOf, periodsOfYear } from '../supervision/rules/periods.ts';

/** Plain rows as the loader reads them; dates are `YYYY-MM-DD` or ISO timestamps (only the date part is used). */
export interface FactsInput {
  /** The assessment date: periods and deadlines after it are not yet counted. */
  asOf: string;
  year: number;
  cycle: TCycle;
  dueDay: number;
  /**
   * The plan's issue date (成文日期), when known: a period whose report fell due before the plan was issued cannot have
   * been missed. Null counts every period of the year.
   */
  reportsFrom: string | null;
  emptyReportMinChars: number;
  units: readonly { id: number; name: string }[];
  tasks: readonly { id: number; deadline: string; closedAt: string | null; leadUnitIds: readonly number[] }[];
  reports: readonly {
    taskId: number;
    unitId: number;
    role: 'lead' | 'support';
    period: string;
    status: string;
    percent: number | null;
    progressText: string;
    submittedAt: string | null;
  }[];
  extensions: readonly { unitId: number; status: string }[];
  quality: readonly { unitId: number; score: number; comment: string | null }[];
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : null);

/**
 * When a task was finished: its closing (办结) date, else the submission of its first report that was approved at
 * 100 % — the unit finished when it said so, not when the head got round to approving.
 */
export function doneDateOf(task: FactsInput['tasks'][number], reports: FactsInput['reports']): string | null {
  const closed = day(task.closedAt);
  const full = reports
    .filter(
      (r) =>
        r.taskId === task.id &&
        r.role === 'lead' &&
        r.status === 'approved' &&
        (r.percent ?? 0) >= 100 &&
        r.submittedAt,
    )
    .map((r) => day(r.submittedAt)!)
    .sort()[0];
  if (closed && full) return closed < full ? closed : full;
  return closed ?? full ?? null;
}

/** Counts, per unit that leads at least one task, what the assessment rules score. Pure. */
export function deriveUnitFacts(input: FactsInput): TUnitFacts[] {
  const duePeriods = periodsOfYear(input.cycle, input.year).filter((p) => {
    const due = periodDueDate(p, input.dueDay);
    return due < input.asOf && (input.reportsFrom === null || due >= input.reportsFrom);
  });
  const doneDates = new Map(input.tasks.map((t) => [t.id, doneDateOf(t, input.reports)]));
  const facts: TUnitFacts[] = [];
  for (const unit of input.units) {
    const lead = input.tasks.filter((t) => t.leadUnitIds.includes(unit.id));
    if (lead.length === 0) continue;
    let dueTasks = 0;
    let onTimeTasks = 0;
    let reportsDue = 0;
    let reportsOnTime = 0;
    let reportsMissing = 0;
    for (const task of lead) {
      const done = doneDates.get(task.id) ?? null;
      const doneByAsOf = done !== null && done <= input.asOf;
      if (task.deadline <= input.asOf || doneByAsOf) {
        dueTasks += 1;
        if (doneByAsOf && done <= task.deadline) onTimeTasks += 1;
      }
      for (const period of duePeriods) {
        // A task finished in an earlier period needs no further reports.
        if (done !== null && periodOf(input.cycle, done) < period) continue;
        reportsDue += 1;
        const filed = input.reports.find(
          (r) =>
            r.taskId === task.id &&
            r.unitId === unit.id &&
            r.role === 'lead' &&
            r.period === period &&
            r.status !== 'draft' &&
            r.submittedAt,
        );
        if (!filed) reportsMissing += 1;
        else if (day(filed.submittedAt)! <= periodDueDate(period, input.dueDay)) reportsOnTime += 1;
      }
    }
    const reportsEmpty = input.reports.filter(
      (r) =>
        r.unitId === unit.id &&
        r.status !== 'draft' &&
        r.submittedAt &&
        Array.from(r.progressText.trim()).length < input.emptyReportMinChars,
    ).length;
    const quality = input.quality.find((q) => q.unitId === unit.id) ?? null;
    facts.push({
      unitId: unit.id,
      unitName: unit.name,
      leadTasks: lead.length,
      dueTasks,
      onTimeTasks,
      reportsDue,
      reportsOnTime,
      reportsMissing,
      reportsEmpty,
      extensionsApproved: input.extensions.filter((e) => e.unitId === unit.id && e.status === 'approved').length,
      qualityScore: quality?.score ?? null,
      qualityComment: quality?.comment ?? null,
    });
  }
  return facts;
}
