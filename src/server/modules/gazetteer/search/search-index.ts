/**
 * The search engine behind an interface: our positional index in a SQLite file (`posting-index.ts`).
 * All offsets are UTF-16 offsets into the section's display text (`ParsedSection.text`).
 */
import type { ApparatusBook } from '../book-apparatus.ts';

export interface SectionFacets {
  /** Kind of book, e.g. 通志 / 府志 / 县志 / 年鉴. */
  type: string;
  region: string | null;
  period: string | null;
  year: number | null;
  /** Book title (used by the title sort and the book facet label). */
  title: string;
  /** Whether anonymous readers may see the book. Absent = not published (the safe default). */
  published?: boolean;
}

export interface IndexedSection {
  sectionId: number;
  bookId: number;
  /** Display text of the section. */
  text: string;
  /** Ranges of the display text that are not searched (the edition's apparatus); absent = search all of it. */
  skip?: readonly { start: number; end: number }[];
  /**
   * Instead of `skip`: what the apparatus is found from (`sectionApparatus`), by the index's own thread as it indexes
   * the section. Finding it parses every page anchor and folds every line of the text; on the ingesting server's event
   * loop that was over 40 % of its work per book and most of its garbage.
   */
  apparatus?: SectionApparatusSource;
  facets: SectionFacets;
}

/** A section's apparatus, not yet found: its book's rule and its stored anchors (`book_section.anchors_json`). */
export interface SectionApparatusSource {
  book: ApparatusBook;
  anchorsJson: string;
}

export interface SearchFilters {
  /** Published books only (the anonymous reader's scope), decided inside the index from its own flag. */
  publishedOnly?: boolean;
  types?: string[];
  regions?: string[];
  periods?: string[];
  bookIds?: number[];
  /** Search within these sections only (a 卷 of a book). */
  sectionIds?: number[];
  yearFrom?: number;
  yearTo?: number;
}

export type SearchSort = 'relevance' | 'year' | 'title';

export interface SearchOptions {
  /** false = exact-glyph search (no simplified/traditional, variant, width or case folding). Default true. */
  fold?: boolean;
  filters?: SearchFilters;
  sort?: SearchSort;
  /** Pagination over hits (occurrences), in result order. */
  offset?: number;
  limit?: number;
  /** Characters of context on each side of a hit in its snippet. Default 30. */
  snippetChars?: number;
  /** Compute facet counts (costs one pass over the matching sections). Default true. */
  facets?: boolean;
  /**
   * Count the glyph forms the hits were written in (the variant panel of a folded search) when there are at most
   * this many hits. Absent = not counted.
   */
  variantLimit?: number;
}

export interface Snippet {
  before: string;
  match: string;
  after: string;
}

export interface SearchHit {
  sectionId: number;
  bookId: number;
  /** Offset of the hit in the display text. */
  offset: number;
  /** Length of the hit in the display text (line breaks and indentation inside a hit included). */
  length: number;
  snippet: Snippet;
  /** The page and line the hit starts on, when the text came with its page anchors (see `HitPlace`). */
  place?: HitPlace;
  /** The book's and section's titles, when the text source gives them (see `HitHead`). */
  head?: HitHead;
}

/**
 * What a result line names besides the place: read by the worker in the same row as the hit's text (section ordinal
 * and title) and from the index's own book facets (the title), so the main thread reads nothing to show a page.
 */
export interface HitHead {
  bookTitle: string;
  sectionOrdinal: number;
  sectionTitle: string;
}

/**
 * Where a hit starts, counted by the engine from the text it already holds: the page anchor at or before it (null
 * before the first page) and the 1-based line on that page (in the section when there is no page). Present only when
 * the engine's text source gives page anchors (the main database does; an index keeping its own copies does not), so
 * the caller reads no section text to cite a hit.
 */
export interface HitPlace {
  anchorId: string | null;
  line: number;
}

export interface FacetCount<T> {
  value: T;
  count: number;
  /** The book facet's title, from the index (so the caller needs no list of books). */
  label?: string;
}

export interface SearchFacets {
  type: FacetCount<string>[];
  region: FacetCount<string | null>[];
  period: FacetCount<string | null>[];
  /**
   * The BOOK_FACETS books with the most matching sections, then any book the filter names or a hit of the page falls in
   * (a national collection has thousands of books: the list of all of them would be the largest part of every answer).
   */
  book: FacetCount<number>[];
  /** Books with at least one matching section (the book facet may list fewer). */
  bookTotal: number;
}

/** How many books the book facet lists by count (see `SearchFacets.book`). */
export const BOOK_FACETS = 50;

export interface SearchCount {
  /** Number of hits (occurrences). */
  total: number;
  /** Number of matching sections. */
  sections: number;
}

export interface SearchResult extends SearchCount {
  hits: SearchHit[];
  facets: SearchFacets;
  /** Hits per original form, most frequent first; null when not asked, not folded or above `variantLimit`. */
  variants?: { form: string; count: number }[] | null;
}

/** What a page of hits is answered as, besides what the engine found (`search-answer.ts`). */
export interface AnswerFrame {
  query: string;
  fold: boolean;
  page: number;
  pageSize: number;
  /** When the request began (`sharedNow`), for the `tookMs` the sending thread adds (`timedJson`). */
  startedAt: number;
}

/**
 * A page's answer as the API sends it but for its time (`timedJson` adds it as it is sent), or the engine's result when
 * its hits must first be read on the main thread.
 */
export type ShapedAnswer = { json: string } | { result: SearchResult };

export interface KwicOptions {
  fold?: boolean;
  filters?: SearchFilters;
  /** Characters of context on each side. Default 20. */
  width?: number;
  /** Sort by the left context read backwards from the keyword, or by the right context. Default 'right'. */
  sort?: 'left' | 'right';
  /** Maximum rows. Default 1000. */
  limit?: number;
}

export interface KwicRow {
  sectionId: number;
  bookId: number;
  offset: number;
  length: number;
  left: string;
  keyword: string;
  right: string;
  place?: HitPlace;
  head?: HitHead;
}

/**
 * The engine's interface. Every query method answers a Promise: the production index runs in worker threads
 * (`worker-pool.ts`), so the main thread only routes; the in-process adapter (`LocalSearchIndex`, tests and `:memory:`)
 * answers the same way.
 */
export interface SearchIndex {
  /** Replaces all sections of a book in one transaction (an empty list removes the book). */
  indexBook(bookId: number, sections: IndexedSection[]): Promise<void>;
  /** Replaces several books at once as one segment (bulk builds); optional, `indexBook` per book otherwise. */
  indexBooks?(batch: { bookId: number; sections: IndexedSection[] }[]): Promise<void>;
  /** Adds or replaces one section. */
  indexSection(section: IndexedSection): Promise<void>;
  removeBook(bookId: number): Promise<void>;
  /** Changes the published flag of every section of a book (what `publishedOnly` filters on). */
  setBookPublished(bookId: number, published: boolean): Promise<void>;
  search(query: string, options?: SearchOptions): Promise<SearchResult>;
  /**
   * `search`, with the API's answer assembled and serialized where the search ran (`search-answer.ts`), so that the
   * event loop only forwards a string instead of receiving, shaping and serializing the result. Optional.
   */
  searchAnswer?(query: string, options: SearchOptions, frame: AnswerFrame): Promise<ShapedAnswer>;
  count(query: string, options?: Pick<SearchOptions, 'fold' | 'filters'>): Promise<SearchCount>;
  kwic(query: string, options?: KwicOptions): Promise<KwicRow[]>;
  /** The search text of a section (what `books text --search-text` prints), or null when it is not indexed. */
  searchText(sectionId: number, options?: { fold?: boolean }): Promise<string | null>;
  /** True when the index was opened from a file older than its current layout and must be rebuilt from the books. */
  readonly needsRebuild?: boolean;
  /**
   * Merges the index's smallest segments where that pays (fewer rows for every lookup); what a bulk load does at its
   * end. Optional.
   */
  compact?(): Promise<void>;
  /** Units of each segment of the index, smallest first (benchmarks, tests). Optional. */
  segmentUnits?(): Promise<number[]>;
  /** Starts what the first queries would otherwise start on demand (worker threads, page cache). Optional. */
  warm?(): Promise<void>;
  /**
   * Per book, what the index holds (section count, id range, facets, published) as one string, for the cheap check
   * that the index agrees with the database (`index-consistency.ts`). Optional.
   */
  bookFingerprints?(): Promise<Map<number, string>>;
  close(): Promise<void>;
}
