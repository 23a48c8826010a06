import type { TFormDefinition, TFormField, TProblem, TValue } from '../../../shared/datareports.ts';

/**
 * Checks one office's values against the form: types, required, ranges, options, cross-field checks, and the
 * year-over-year limits against last year's accepted values. Pure; every problem names its field and, when the
 * values came from a workbook, its cell.
 */
export interface ValidationResult {
  values: Record<string, TValue>;
  errors: TProblem[];
  /** Year-over-year changes beyond the limit: allowed only with an explanation in the note. */
  warnings: TProblem[];
}

const fmt = (n: number) => n.toLocaleString('zh-CN', { maximumFractionDigits: 4 });

function parseValue(f: TFormField, raw: unknown): { value: TValue; error: string | null } {
  if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === ''))
    return { value: null, error: null };
  if (f.type === 'integer' || f.type === 'number') {
    let n: number;
    if (typeof raw === 'number') n = raw;
    else {
      const s = String(raw)
        .normalize('NFKC')
        .replace(/[,，\s]/g, '');
      if (!/^-?\d+(\.\d+)?$/.test(s))
        return {
          value: null,
          error: `“${String(raw)}”不是数字，请只填阿拉伯数字${f.unit ? `（单位：${f.unit}）` : ''}`,
        };
      n = Number(s);
    }
    if (!Number.isFinite(n)) return { value: null, error: '不是有效的数字' };
    if (f.type === 'integer' && !Number.isInteger(n)) return { value: null, error: `应为整数，不能填 ${fmt(n)}` };
    return { value: n, error: null };
  }
  if (f.type === 'date') {
    const s =
      raw instanceof Date
        ? raw.toISOString().slice(0, 10)
        : String(raw)
            .trim()
            .replace(/[./年月]/g, '-')
            .replace(/日$/, '');
    const m = s.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
    const iso = m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : '';
    const d = new Date(`${iso}T00:00:00Z`);
    if (!m || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso)
      return { value: null, error: `“${String(raw)}”不是有效日期，请按 YYYY-MM-DD 填写` };
    return { value: iso, error: null };
  }
  const s = String(raw).trim();
  if (f.type === 'choice' && !f.options.includes(s))
    return { value: null, error: `“${s}”不是可选项，应为：${f.options.join('、')}` };
  if (s.length > 2000) return { value: null, error: '内容过长（不超过 2000 字）' };
  return { value: s, error: null };
}

export function validateReport(
  def: TFormDefinition,
  raw: Record<string, unknown>,
  opts: { requireAll: boolean; previous?: Record<string, TValue> | null; cellOf?: (key: string) => string | null },
): ValidationResult {
  const values: Record<string, TValue> = {};
  const errors: TProblem[] = [];
  const warnings: TProblem[] = [];
  const byKey = new Map(def.fields.map((f) => [f.key, f]));
  const problem = (key: string, message: string): TProblem => ({
    field: key,
    label: byKey.get(key)?.label ?? key,
    message,
    cell: opts.cellOf?.(key) ?? null,
  });
  for (const f of def.fields) {
    const { value, error } = parseValue(f, raw[f.key]);
    values[f.key] = value;
    if (error) errors.push(problem(f.key, error));
    else if (value === null && f.required && opts.requireAll) errors.push(problem(f.key, '必填，请填写（没有请填 0）'));
    else if (typeof value === 'number') {
      if (f.min !== null && value < f.min) errors.push(problem(f.key, `${fmt(value)} 小于允许的最小值 ${fmt(f.min)}`));
      if (f.max !== null && value > f.max) errors.push(problem(f.key, `${fmt(value)} 大于允许的最大值 ${fmt(f.max)}`));
    }
  }
  const failed = new Set(errors.map((e) => e.field));
  for (const c of def.checks) {
    const keys = [c.left, ...c.right];
    if (keys.some((k) => failed.has(k) || typeof values[k] !== 'number')) continue;
    const left = values[c.left] as number;
    const right = c.right.reduce((n, k) => n + (values[k] as number), 0);
    const ok =
      c.op === '<='
        ? left <= right
        : c.op === '>='
          ? left >= right
          : c.op === '<'
            ? left < right
            : c.op === '>'
              ? left > right
              : Math.abs(left - right) < 1e-9;
    if (!ok) {
      const rightText = c.right.map((k) => byKey.get(k)?.label ?? k).join(' + ');
      errors.push(
        problem(
          c.left,
          `${c.message}（${byKey.get(c.left)?.label ?? c.left} ${fmt(left)} 应 ${c.op} ${rightText} ${fmt(right)}）`,
        ),
      );
    }
  }
  if (opts.previous) {
    for (const y of def.yearOverYear) {
      const now = values[y.field];
      const before = opts.previous[y.field];
      if (typeof now !== 'number' || typeof before !== 'number' || failed.has(y.field)) continue;
      const change = before === 0 ? (now === 0 ? 0 : Infinity) : (Math.abs(now - before) / Math.abs(before)) * 100;
      if (change > y.maxChangePercent) {
        warnings.push(
          problem(
            y.field,
            `比上年 ${fmt(before)} ${now >= before ? '增加' : '减少'}${Number.isFinite(change) ? ` ${Math.round(change)}%` : ''}，超过 ${y.maxChangePercent}%，请在说明中写明原因`,
          ),
        );
      }
    }
  }
  return { values, errors, warnings };
}
