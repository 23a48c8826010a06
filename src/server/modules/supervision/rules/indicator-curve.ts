/**
 * Planned value of an indicator on a date. Pure; dates are `YYYY-MM-DD`.
 * - linear: from the baseline on `start` to the target on `end`, evenly (2000 册 by year-end → about 1000 by July);
 * - points: straight lines between custom dated points, starting from the baseline on `start`; after the last point
 *   its value holds, so a curve that reaches the target early stays there.
 */
export interface IndicatorCurve {
  curve: 'linear' | 'points';
  baseline: number;
  targetValue: number;
  points: readonly { date: string; value: number }[];
}

const toTime = (d: string) => Date.parse(`${d}T00:00:00Z`);

function interpolate(t: number, a: { t: number; v: number }, b: { t: number; v: number }): number {
  if (b.t <= a.t) return b.v;
  const f = Math.min(1, Math.max(0, (t - a.t) / (b.t - a.t)));
  return a.v + (b.v - a.v) * f;
}

export function plannedIndicatorValue(indicator: IndicatorCurve, start: string, end: string, date: string): number {
  const t = toTime(date);
  const origin = { t: toTime(start), v: indicator.baseline };
  let value: number;
  if (indicator.curve === 'points' && indicator.points.length > 0) {
    const points = [...indicator.points]
      .sort((a, b) => (a.date < b.date ? -1 : 1))
      .map((p) => ({ t: toTime(p.date), v: p.value }));
    if (t <= origin.t) value = origin.v;
    else {
      let prev = origin;
      value = points[points.length - 1]!.v;
      for (const p of points) {
        if (t <= p.t) {
          value = interpolate(t, prev, p);
          break;
        }
        prev = p;
      }
    }
  } else {
    value = interpolate(t, origin, { t: toTime(end), v: indicator.targetValue });
  }
  // Two decimals are plenty for 册, 件, 万字; avoids 999.9999 in the table.
  return Math.round(value * 100) / 100;
}

/** Custom points must lie within the plan's year, in order of date, without going backwards past the target. */
export function checkIndicatorPoints(points: readonly { date: string; value: number }[], year: number): string | null {
  const dates = new Set<string>();
  for (const p of points) {
    if (!p.date.startsWith(`${year}-`)) return `计划节点日期 ${p.date} 不在 ${year} 年内，请改为本年度的日期。`;
    if (dates.has(p.date)) return `计划节点日期 ${p.date} 重复，请合并为一个节点。`;
    dates.add(p.date);
  }
  return null;
}
