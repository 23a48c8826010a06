/**
 * Search and concordance over the books this reader may see: the public over published books, staff over all.
 * The engine (`search/`) finds and counts; this file applies visibility and hierarchical region filters and names the
 * books, sections and pages the hits fall on.
 */
import type { z } from 'zod';
import type { TKwicRow, TSearchResponse, ZKwicParams, ZSearchParams } from '../../../shared/gazetteer.ts';
import type { SearchFilters } from './search/search-index.ts';
import { expandRegionFilter, findAnchorAt } from './book-facets.ts';
import { divisionName } from '../org/divisions.ts';
import { findBooks, findSection, findSectionsWithText, type BookRow } from './gazetteer.repository.ts';
import { AppError } from '../../../shared/errors.ts';
import { anchorLabel, locate } from '../../../shared/locator.ts';
import { readsAll, type GazetteerDeps, type Reader } from './read-books.ts';

type SearchParams = z.output<typeof ZSearchParams>;
type KwicParams = z.output<typeof ZKwicParams>;

interface Scope {
  books: Map<number, BookRow>;
  /** Undefined = no filter at all (lets the engine use its fastest path); null = nothing visible. */
  filters: SearchFilters | undefined | null;
}

/** The filters for this reader and these parameters. Anonymous readers are confined to published books. */
async function resolveScope(
  deps: GazetteerDeps,
  actor: Reader,
  p: Omit<SearchParams, 'q' | 'fold' | 'sort' | 'page' | 'pageSize'>,
): Promise<Scope> {
  const all = await findBooks(deps.db, { publishedOnly: !readsAll(actor) });
  const books = new Map(all.map((b) => [b.id, b]));
  const filters: SearchFilters = {};
  let bookIds = p.books && p.books.length > 0 ? p.books.filter((id) => books.has(id)) : undefined;
  if (!readsAll(actor)) bookIds = bookIds ?? [...books.keys()];
  if (bookIds) {
    if (bookIds.length === 0) return { books, filters: null };
    filters.bookIds = bookIds;
  }
  if (p.section !== undefined) {
    const only = p.books?.length === 1 ? p.books[0] : undefined;
    if (only === undefined)
      throw new AppError('VALIDATION_FAILED', '按卷检索须同时指定一本书（books 只能有一个书目编号）。');
    const section = books.has(only) ? await findSection(deps.db, only, p.section) : undefined;
    if (!section) throw new AppError('NOT_FOUND', `书目 ${only} 没有第 ${p.section} 节，请从目录进入后再按卷检索。`);
    filters.sectionIds = [section.id];
  }
  if (p.types?.length) filters.types = p.types;
  if (p.regions?.length) {
    const known = [...new Set(all.map((b) => b.region).filter((r): r is string => r !== null))];
    filters.regions = expandRegionFilter(p.regions, known);
  }
  if (p.periods?.length) filters.periods = p.periods;
  if (p.yearFrom !== undefined) filters.yearFrom = p.yearFrom;
  if (p.yearTo !== undefined) filters.yearTo = p.yearTo;
  return { books, filters: Object.keys(filters).length > 0 ? filters : undefined };
}

async function loadHeads(deps: GazetteerDeps, sectionIds: number[]) {
  const heads = await findSectionsWithText(deps.db, [...new Set(sectionIds)]);
  return new Map(
    heads.map((h) => [
      h.id,
      {
        ordinal: h.ordinal,
        title: h.title,
        text: h.text,
        anchors: JSON.parse(h.anchors_json) as { offset: number; id: string; label: string }[],
      },
    ]),
  );
}

/** Above this many hits the variant panel is not computed (it reads every hit). */
const VARIANT_LIMIT = 20_000;

const EMPTY_FACETS: TSearchResponse['facets'] = { type: [], region: [], period: [], book: [] };

export async function searchBooks(deps: GazetteerDeps, actor: Reader, p: SearchParams): Promise<TSearchResponse> {
  const started = performance.now();
  const scope = await resolveScope(deps, actor, p);
  const base = { query: p.q, fold: p.fold, page: p.page, pageSize: p.pageSize };
  if (scope.filters === null)
    return { ...base, total: 0, sections: 0, hits: [], facets: EMPTY_FACETS, variants: null, tookMs: 0 };
  const result = deps.search.index.search(p.q, {
    fold: p.fold,
    filters: scope.filters,
    sort: p.sort,
    offset: (p.page - 1) * p.pageSize,
    limit: p.pageSize,
    snippetChars: 40,
  });
  const heads = await loadHeads(
    deps,
    result.hits.map((h) => h.sectionId),
  );
  const hits = result.hits.map((h) => {
    const head = heads.get(h.sectionId);
    const anchor = head ? findAnchorAt(head.anchors, h.offset) : null;
    const where = head ? locate(head, h.offset) : null;
    return {
      bookId: h.bookId,
      bookTitle: scope.books.get(h.bookId)?.title ?? `书目 ${h.bookId}`,
      sectionOrdinal: head?.ordinal ?? 1,
      sectionTitle: head?.title ?? '',
      offset: h.offset,
      length: h.length,
      anchor: anchor && head ? { id: anchor.id, label: anchorLabel(head.title, anchor.id) } : null,
      locator: where?.label ?? '',
      lineId: where?.lineId ?? '1',
      snippet: h.snippet,
    };
  });
  const f = result.facets;
  let variants: TSearchResponse['variants'] = null;
  if (p.fold && result.total > 0 && result.total <= VARIANT_LIMIT) {
    const counts = new Map<string, number>();
    for (const row of deps.search.index.kwic(p.q, {
      fold: true,
      filters: scope.filters,
      width: 0,
      limit: VARIANT_LIMIT,
    })) {
      const form = row.keyword.replace(/[\s\u3000]/g, '');
      counts.set(form, (counts.get(form) ?? 0) + 1);
    }
    variants = [...counts]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([form, count]) => ({ form, count }));
  }
  return {
    variants,
    ...base,
    total: result.total,
    sections: result.sections,
    hits,
    facets: {
      type: f.type.map((x) => ({ ...x, label: x.value })),
      region: f.region.map((x) => ({
        ...x,
        label: x.value === null ? '未注明地区' : (divisionName(x.value) ?? x.value),
      })),
      period: f.period.map((x) => ({ ...x, label: x.value ?? '未注明时期' })),
      book: f.book.map((x) => ({ ...x, label: scope.books.get(x.value)?.title ?? `书目 ${x.value}` })),
    },
    tookMs: Math.round((performance.now() - started) * 10) / 10,
  };
}

export async function kwicBooks(deps: GazetteerDeps, actor: Reader, p: KwicParams): Promise<TKwicRow[]> {
  const scope = await resolveScope(deps, actor, p);
  if (scope.filters === null) return [];
  const rows = deps.search.index.kwic(p.q, {
    fold: p.fold,
    filters: scope.filters,
    width: p.width,
    sort: p.kwicSort,
    limit: p.limit,
  });
  const heads = await loadHeads(
    deps,
    rows.map((r) => r.sectionId),
  );
  return rows.map((r) => {
    const head = heads.get(r.sectionId);
    const where = head ? locate(head, r.offset) : null;
    return {
      bookId: r.bookId,
      bookTitle: scope.books.get(r.bookId)?.title ?? `书目 ${r.bookId}`,
      sectionOrdinal: head?.ordinal ?? 1,
      sectionTitle: head?.title ?? '',
      offset: r.offset,
      anchor: where?.label ?? null,
      lineId: where?.lineId ?? '1',
      left: r.left,
      keyword: r.keyword,
      right: r.right,
    };
  });
}
