import type { TPlanTarget } from '../../../shared/workplan-parse.ts';

const SIGN: Record<TPlanTarget['comparator'], string> = { eq: '', gte: '≥ ', lte: '≤ ', approx: '≈ ', range: '' };

/** A target as the table shows it: `2000 册`, `≥ 100 场`, `4–7 部`, `≈ 6.2 %`. */
export function formatTarget(t: Pick<TPlanTarget, 'comparator' | 'value' | 'min' | 'max' | 'unit'>): string {
  const n = (x: number | undefined) =>
    x === undefined ? '?' : x.toLocaleString('zh-CN', { maximumFractionDigits: 4 });
  const figure = t.comparator === 'range' ? `${n(t.min)}–${n(t.max)}` : `${SIGN[t.comparator]}${n(t.value)}`;
  return `${figure} ${t.unit}`.trim();
}

/** `2023-06-30`, `长期（持续推进）` for a task without an end, or the date with （未明确） when the document named none. */
export function formatDeadline(d: {
  date: string;
  explicit: boolean;
  text: string | null;
  continuous?: boolean;
}): string {
  if (d.continuous) return `长期（${d.text ?? '持续推进'}）`;
  return d.explicit ? `${d.date}${d.text ? `（${d.text}）` : ''}` : `${d.date}（未明确）`;
}
