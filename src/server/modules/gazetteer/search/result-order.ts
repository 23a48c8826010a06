/** Ordering, filtering and facet counting of matching sections — pure functions shared by the engines. */
import type { SearchFilters, SearchSort, SectionFacets } from './search-index.ts';

export interface SectionMeta extends SectionFacets {
  bookId: number;
  published: boolean;
  /** Length in code points (= FTS5 tokens). */
  tokens: number;
}

const titleCollator = new Intl.Collator('zh');

/**
 * The BM25 term-frequency factor (k1 = 1.2, b = 0.75) as FTS5's bm25() computes it; for a one-term query this alone
 * decides the order, so ranking in JavaScript and in SQLite agree.
 */
export function scoreTermFrequency(tf: number, tokens: number, averageTokens: number): number {
  return (tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * tokens) / averageTokens));
}

export type SectionFilter = (meta: SectionMeta | undefined, sectionId: number) => boolean;

/**
 * The filters as one predicate, with id lists turned into sets once per query (a filter is checked for every
 * candidate section, so `includes` on a long list would make a query O(sections × books)).
 */
export function compileFilter(filters: SearchFilters | undefined): SectionFilter {
  if (!filters) return (meta) => meta !== undefined;
  const sectionIds = filters.sectionIds ? new Set(filters.sectionIds) : null;
  const bookIds = filters.bookIds ? new Set(filters.bookIds) : null;
  const types = filters.types ? new Set(filters.types) : null;
  const regions = filters.regions ? new Set(filters.regions) : null;
  const periods = filters.periods ? new Set(filters.periods) : null;
  const { publishedOnly, yearFrom, yearTo } = filters;
  return (meta, sectionId) => {
    if (!meta) return false;
    if (publishedOnly && !meta.published) return false;
    if (sectionIds && !sectionIds.has(sectionId)) return false;
    if (types && !types.has(meta.type)) return false;
    if (regions && (meta.region === null || !regions.has(meta.region))) return false;
    if (periods && (meta.period === null || !periods.has(meta.period))) return false;
    if (bookIds && !bookIds.has(meta.bookId)) return false;
    if (yearFrom !== undefined && (meta.year === null || meta.year < yearFrom)) return false;
    if (yearTo !== undefined && (meta.year === null || meta.year > yearTo)) return false;
    return true;
  };
}

export function passesFilters(
  meta: SectionMeta | undefined,
  filters: SearchFilters | undefined,
  sectionId?: number,
): boolean {
  if (filters?.sectionIds && sectionId === undefined) return false;
  return compileFilter(filters)(meta, sectionId ?? -1);
}

/** Re-sorts sections already in relevance order by year (unknown last) or title; ties keep relevance order. */
export function sortSections<T extends { meta: SectionMeta }>(sections: T[], sort: SearchSort): T[] {
  if (sort === 'relevance') return sections;
  const keyed = sections.map((section, index) => ({ section, index }));
  keyed.sort((a, b) => {
    if (sort === 'year') {
      const ya = a.section.meta.year ?? Number.POSITIVE_INFINITY;
      const yb = b.section.meta.year ?? Number.POSITIVE_INFINITY;
      if (ya !== yb) return ya - yb;
    } else {
      const byTitle = titleCollator.compare(a.section.meta.title, b.section.meta.title);
      if (byTitle !== 0) return byTitle;
    }
    return a.index - b.index;
  });
  return keyed.map((k) => k.section);
}
