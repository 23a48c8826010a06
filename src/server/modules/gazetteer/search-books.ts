/**
 * Search and concordance over the books this reader may see: the public over published books, staff over all.
 * The engine (`search/`) finds and counts; this file applies visibility and hierarchical region filters and names the
 * books, sections and pages the hits fall on.
 */
import type { z } from 'zod';
import type {
  TKwicRow,
  TSearchResponse,
  TSearchVariants,
  ZKwicParams,
  ZSearchParams,
} from '../../../shared/gazetteer.ts';
import type { AnswerFrame, HitHead, HitPlace, SearchFilters, SearchOptions } from './search/search-index.ts';
import { expandRegionFilter } from './book-facets.ts';
import {
  findBookById,
  findBookRegions,
  findBooksByIds,
  findSection,
  findSectionHeads,
  findSectionsWithText,
  type BookRow,
} from './gazetteer.repository.ts';
import { AppError } from '../../../shared/errors.ts';
import { describePlace, locate } from '../../../shared/locator.ts';
import { readsAll, type GazetteerDeps, type Reader } from './read-books.ts';
import { searchAdmission } from './search-admission.ts';
import { placedHits, shapeAnswer, sharedNow, timedJson, type Located } from './search-answer.ts';

type SearchParams = z.output<typeof ZSearchParams>;
type KwicParams = z.output<typeof ZKwicParams>;

/**
 * The filters for this reader and these parameters; null = nothing visible. Anonymous readers are confined to
 * published books by the index's own flag (`publishedOnly`), so no request carries a list of every book; a book filter
 * is passed as given and the same flag still applies to it.
 */
async function resolveFilters(
  deps: GazetteerDeps,
  actor: Reader,
  p: Omit<SearchParams, 'q' | 'fold' | 'sort' | 'page' | 'pageSize'>,
): Promise<SearchFilters | undefined | null> {
  const filters: SearchFilters = {};
  if (!readsAll(actor)) filters.publishedOnly = true;
  if (p.books && p.books.length > 0) filters.bookIds = p.books;
  if (p.section !== undefined) {
    const only = p.books?.length === 1 ? p.books[0] : undefined;
    if (only === undefined)
      throw new AppError('VALIDATION_FAILED', '按卷检索须同时指定一本书（books 只能有一个书目编号）。');
    const book = await findBookById(deps.db, only);
    const visible = book && (book.is_published === 1 || readsAll(actor));
    const section = visible ? await findSection(deps.db, only, p.section) : undefined;
    if (!section) throw new AppError('NOT_FOUND', `书目 ${only} 没有第 ${p.section} 节，请从目录进入后再按卷检索。`);
    filters.sectionIds = [section.id];
  }
  if (p.types?.length) filters.types = p.types;
  if (p.regions?.length) filters.regions = expandRegionFilter(p.regions, await findBookRegions(deps.db));
  if (p.periods?.length) filters.periods = p.periods;
  if (p.yearFrom !== undefined) filters.yearFrom = p.yearFrom;
  if (p.yearTo !== undefined) filters.yearTo = p.yearTo;
  return Object.keys(filters).length > 0 ? filters : undefined;
}

/**
 * Titles of the books the hits fall in (a page of hits names a handful of books); only for hits the engine did not
 * name (`head`), so a page from the main database's text source reads nothing here.
 */
async function loadBooks(
  deps: GazetteerDeps,
  hits: readonly { bookId: number; head?: HitHead }[],
): Promise<Map<number, BookRow>> {
  const ids = [...new Set(hits.filter((h) => !h.head).map((h) => h.bookId))];
  return new Map((await findBooksByIds(deps.db, ids)).map((b) => [b.id, b]));
}

/**
 * The section, page and line of each hit. When the engine placed and named every hit (its text source gives page
 * anchors, ordinals and titles), nothing is read; when it only placed them, titles and ordinals are read; otherwise
 * the sections' texts and anchors are read here and the lines counted.
 */
async function locateHits(
  deps: GazetteerDeps,
  items: readonly { sectionId: number; offset: number; place?: HitPlace; head?: HitHead }[],
): Promise<(Located | null)[]> {
  const placed = placedHits(items);
  if (placed) return placed;
  const ids = [...new Set(items.map((i) => i.sectionId))];
  if (items.every((i) => i.place)) {
    const heads = new Map((await findSectionHeads(deps.db, ids)).map((h) => [h.id, h]));
    return items.map((i) => {
      const head = heads.get(i.sectionId);
      const place = i.place as HitPlace;
      return head ? { ...head, where: describePlace(head.title, place.anchorId, place.line) } : null;
    });
  }
  const heads = new Map(
    (await findSectionsWithText(deps.db, ids)).map((h) => [
      h.id,
      { ...h, anchors: JSON.parse(h.anchors_json) as { offset: number; id: string }[] },
    ]),
  );
  return items.map((i) => {
    const head = heads.get(i.sectionId);
    return head ? { ordinal: head.ordinal, title: head.title, where: locate(head, i.offset) } : null;
  });
}

/**
 * Above this many hits the variant panel is not computed: it reads the text of every matching section. With 20,000, at
 * 100 M characters the public 2-character p50 was 87 ms against 6.5 ms for the engine call without the panel
 * (docs/search-benchmark.md). It is its own request (`searchVariants`), so the hits never wait for it.
 */
const VARIANT_LIMIT = 2_000;

const EMPTY_FACETS: TSearchResponse['facets'] = { type: [], region: [], period: [], book: [], bookTotal: 0 };

/**
 * A page of hits as the JSON `/api/search` sends (admitted with `searchAdmission`; `tookMs` counts the wait for
 * admission too). The search worker assembles and serializes it (`search-answer.ts`), so the event loop forwards one
 * string; an index without that, or hits it did not place and name, are shaped here.
 */
export function searchBooksJson(deps: GazetteerDeps, actor: Reader, p: SearchParams): Promise<string> {
  const frame: AnswerFrame = { query: p.q, fold: p.fold, page: p.page, pageSize: p.pageSize, startedAt: sharedNow() };
  return searchAdmission(deps.search)(() => searchBooksAdmitted(deps, actor, p, frame));
}

/** A page of hits (`searchBooksJson`, parsed: the CLI). */
export async function searchBooks(deps: GazetteerDeps, actor: Reader, p: SearchParams): Promise<TSearchResponse> {
  return JSON.parse(await searchBooksJson(deps, actor, p)) as TSearchResponse;
}

async function searchBooksAdmitted(
  deps: GazetteerDeps,
  actor: Reader,
  p: SearchParams,
  frame: AnswerFrame,
): Promise<string> {
  const filters = await resolveFilters(deps, actor, p);
  if (filters === null) {
    const { startedAt: _, ...base } = frame;
    return timedJson(JSON.stringify({ ...base, total: 0, sections: 0, hits: [], facets: EMPTY_FACETS }), frame);
  }
  const options: SearchOptions = {
    fold: p.fold,
    filters,
    sort: p.sort,
    offset: (p.page - 1) * p.pageSize,
    limit: p.pageSize,
    snippetChars: 40,
  };
  const index = deps.search.index;
  const shaped = index.searchAnswer
    ? await index.searchAnswer(p.q, options, frame)
    : { result: await index.search(p.q, options) };
  if ('json' in shaped) return timedJson(shaped.json, frame);
  const result = shaped.result;
  const [located, books] = await Promise.all([locateHits(deps, result.hits), loadBooks(deps, result.hits)]);
  return timedJson(JSON.stringify(shapeAnswer(frame, result, located, (id) => books.get(id)?.title)), frame);
}

/** The variant panel of a search: hits per glyph form as written (see `TSearchVariants`). */
export function searchVariants(deps: GazetteerDeps, actor: Reader, p: SearchParams): Promise<TSearchVariants> {
  return searchAdmission(deps.search)(() => searchVariantsAdmitted(deps, actor, p));
}

async function searchVariantsAdmitted(deps: GazetteerDeps, actor: Reader, p: SearchParams): Promise<TSearchVariants> {
  const filters = await resolveFilters(deps, actor, p);
  if (filters === null || !p.fold) return { query: p.q, variants: null };
  const result = await deps.search.index.search(p.q, {
    fold: true,
    filters,
    limit: 0,
    facets: false,
    variantLimit: VARIANT_LIMIT,
  });
  return { query: p.q, variants: result.variants ?? null };
}

export function kwicBooks(deps: GazetteerDeps, actor: Reader, p: KwicParams): Promise<TKwicRow[]> {
  return searchAdmission(deps.search)(() => kwicBooksAdmitted(deps, actor, p));
}

async function kwicBooksAdmitted(deps: GazetteerDeps, actor: Reader, p: KwicParams): Promise<TKwicRow[]> {
  const filters = await resolveFilters(deps, actor, p);
  if (filters === null) return [];
  const rows = await deps.search.index.kwic(p.q, {
    fold: p.fold,
    filters,
    width: p.width,
    sort: p.kwicSort,
    limit: p.limit,
  });
  const [located, books] = await Promise.all([locateHits(deps, rows), loadBooks(deps, rows)]);
  return rows.map((r, i) => {
    const head = located[i];
    const where = head?.where ?? null;
    return {
      bookId: r.bookId,
      bookTitle: r.head?.bookTitle ?? books.get(r.bookId)?.title ?? `书目 ${r.bookId}`,
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
