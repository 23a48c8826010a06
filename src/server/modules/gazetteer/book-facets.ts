/**
 * How a book's metadata becomes search facets and filters. Pure.
 */

const DYNASTIES = [
  '民國',
  '民国',
  '清',
  '明',
  '元',
  '金',
  '遼',
  '辽',
  '宋',
  '唐',
  '隋',
  '晋',
  '晉',
  '漢',
  '汉',
] as const;

/**
 * The period facet of a book: the dynasty for an old book (`清乾隆四十四年` → `清`, or from the year before 1912), the
 * decade for a modern one (`2022` → `2020年代`), null when nothing is known. Coarse on purpose: a facet lists few values.
 */
export function derivePeriodFacet(period: string | null, year: number | null): string | null {
  const p = period?.trim() ?? '';
  for (const dynasty of DYNASTIES) {
    if (p.startsWith(dynasty)) return dynasty === '民国' ? '民國' : dynasty === '遼' ? '辽' : dynasty;
  }
  if (year === null) return p || null;
  if (year < 1368) return '元以前';
  if (year < 1644) return '明';
  if (year < 1912) return '清';
  if (year < 1949) return '民國';
  return `${Math.floor(year / 10) * 10}年代`;
}

/** A division code's prefix that names its whole subtree: 220000 → 22, 220100 → 2201, 220102 → 220102. */
function divisionPrefix(code: string): string {
  if (!/^\d{6}$/.test(code)) return code;
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

/**
 * The stored regions a region filter selects: divisions are hierarchical, so 220000 (吉林省) also selects books of
 * 220100 (长春市) and 220102; a name (historical place) selects itself.
 */
export function expandRegionFilter(requested: readonly string[], known: readonly string[]): string[] {
  const out = new Set<string>();
  for (const r of requested) {
    out.add(r);
    const prefix = divisionPrefix(r);
    if (prefix === r) continue;
    for (const k of known) if (/^\d{6}$/.test(k) && k.startsWith(prefix)) out.add(k);
  }
  return [...out];
}

/** For each section, the ordinal of its parent in the table of contents (the nearest earlier section of a lower level). */
export function deriveParentOrdinals(levels: readonly number[]): (number | null)[] {
  const stack: { level: number; ordinal: number }[] = [];
  return levels.map((level, index) => {
    while (stack.length > 0 && (stack[stack.length - 1] as { level: number }).level >= level) stack.pop();
    const parent = stack.length > 0 ? (stack[stack.length - 1] as { ordinal: number }).ordinal : null;
    stack.push({ level, ordinal: index + 1 });
    return parent;
  });
}

export { findAnchorAt } from '../../../shared/page-anchor.ts';
