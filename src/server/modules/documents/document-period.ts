import { AppError } from '../../../shared/errors.ts';
import { periodEndDate, periodLabel } from '../supervision/rules/periods.ts';

/**
 * The time span a document covers. A bulletin covers one reporting period of any cycle (`2023-06`, `2023-Q2`, `2023-H1`);
 * a summary covers the first half year (`2023-H1`, 半年工作总结) or the whole year (`2023`, 年度工作总结). Reports count
 * for a span when their own period ends inside it, so a quarterly Q2 report appears in the June bulletin and monthly
 * April–June reports in the Q2 one. Pure.
 */
export interface DocumentSpan {
  /** As written in the request: 2023-06, 2023-Q2, 2023-H1, 2023. */
  key: string;
  /** 2023年6月, 2023年第二季度, 2023年上半年, 2023年. */
  label: string;
  from: string;
  to: string;
}

export type DocumentKind = 'tasks' | 'bulletin' | 'summary';

const BULLETIN_PERIOD = /^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4])|H([12]))$/;
const SUMMARY_PERIOD = /^(\d{4})(?:-H1)?$/;

/** The first day of a report period (`2023-06` → 2023-06-01, `2023-Q2` → 2023-04-01, `2023-H2` → 2023-07-01). */
export function periodStartDate(period: string): string {
  const year = period.slice(0, 4);
  const suffix = period.slice(5);
  let month = 1;
  if (suffix.startsWith('Q')) month = (Number(suffix.slice(1)) - 1) * 3 + 1;
  else if (suffix.startsWith('H')) month = suffix === 'H2' ? 7 : 1;
  else if (suffix) month = Number(suffix);
  return `${year}-${String(month).padStart(2, '0')}-01`;
}

/** Whether a report of `reportPeriod` belongs to the span: its period ends inside it. */
export function reportFallsIn(reportPeriod: string, span: Pick<DocumentSpan, 'from' | 'to'>): boolean {
  const end = periodEndDate(reportPeriod);
  return end >= span.from && end <= span.to;
}

export function bulletinSpan(period: string, planYear: number): DocumentSpan {
  const m = BULLETIN_PERIOD.exec(period);
  if (!m)
    throw new AppError(
      'BAD_REQUEST',
      `通报期次“${period}”格式不对，应为 2023-06（月）、2023-Q2（季度）或 2023-H1（半年）。`,
    );
  if (Number(m[1]) !== planYear)
    throw new AppError('BAD_REQUEST', `通报期次“${period}”不在本工作要点的年度（${planYear}年）内。`);
  return { key: period, label: periodLabel(period), from: periodStartDate(period), to: periodEndDate(period) };
}

export function summarySpan(period: string, planYear: number): DocumentSpan {
  const m = SUMMARY_PERIOD.exec(period);
  if (!m)
    throw new AppError(
      'BAD_REQUEST',
      `工作总结的期间“${period}”格式不对，应为 ${planYear}-H1（上半年）或 ${planYear}（全年）。`,
    );
  if (Number(m[1]) !== planYear)
    throw new AppError('BAD_REQUEST', `工作总结的期间“${period}”不在本工作要点的年度（${planYear}年）内。`);
  const half = period.endsWith('-H1');
  return {
    key: period,
    label: half ? `${planYear}年上半年` : `${planYear}年`,
    from: `${planYear}-01-01`,
    to: half ? `${planYear}-06-30` : `${planYear}-12-31`,
  };
}

/** The summary span a request without a period means: the first half until it is over, then the whole year. */
export function defaultSummaryPeriod(planYear: number, today: string): string {
  return today < `${planYear}-07-01` ? `${planYear}-H1` : String(planYear);
}
