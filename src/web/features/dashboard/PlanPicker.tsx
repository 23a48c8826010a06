import { useEffect } from 'react';
import { Select } from 'antd';
import { useSearchParams } from 'react-router';
import { usePlans } from '../workplan/api.ts';

/**
 * The plan a supervision page shows, kept in the address (`?plan=3`) so a page can be linked and reloaded; the newest
 * plan is chosen when none is given.
 */
export function usePlanChoice(): [number | null, (id: number) => void] {
  const [params, setParams] = useSearchParams();
  const plans = usePlans();
  const raw = Number(params.get('plan'));
  const chosen = Number.isSafeInteger(raw) && raw > 0 ? raw : null;
  const newest = plans.data?.slice().sort((a, b) => b.year - a.year || b.id - a.id)[0]?.id ?? null;
  useEffect(() => {
    if (chosen === null && newest !== null) {
      setParams(
        (p) => {
          p.set('plan', String(newest));
          return p;
        },
        { replace: true },
      );
    }
  }, [chosen, newest, setParams]);
  const set = (id: number) =>
    setParams((p) => {
      p.set('plan', String(id));
      return p;
    });
  return [chosen ?? newest, set];
}

export function PlanPicker({ value, onChange }: { value: number | null; onChange: (id: number) => void }) {
  const plans = usePlans();
  return (
    <Select
      aria-label="工作要点"
      data-testid="plan-picker"
      // Wide enough for a plan title on a desktop, never wider than a phone screen (390 px less the icon strip and paddings).
      style={{ minWidth: 'min(360px, calc(100vw - 140px))', maxWidth: 'calc(100vw - 140px)' }}
      loading={plans.isPending}
      value={value ?? undefined}
      placeholder="选择工作要点"
      onChange={onChange}
      options={plans.data?.map((p) => ({ value: p.id, label: `${p.year} 年 · ${p.title}` }))}
    />
  );
}

/** The "as of" date in the address (`?date=2023-07-10`), or null for today on the server. */
export function useDateChoice(): [string | null, (date: string | null) => void] {
  const [params, setParams] = useSearchParams();
  const raw = params.get('date');
  const date = raw && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : null;
  const set = (next: string | null) =>
    setParams((p) => {
      if (next) p.set('date', next);
      else p.delete('date');
      return p;
    });
  return [date, set];
}
