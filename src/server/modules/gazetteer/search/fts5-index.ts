/**
 * The embedded search engine: a contentless SQLite FTS5 table over our own tokens (`tokenize.ts`) narrows a query to
 * candidate sections; the exact hits are then found in the sections' search texts (`match-section.ts`), so results
 * equal the brute-force scan by construction.
 *
 * One index serves both fold modes: it holds the folded text only. An exact-glyph match is also a folded match, so
 * the folded index yields a superset of candidates for a `fold: false` query, which is then checked against the
 * unfolded text. (A second token stream would roughly double the index for a rarely used switch.)
 *
 * The index lives in its own SQLite file: derived data, rebuildable from the books.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { createFolder, type Folder } from './fold.ts';
import { matchSection } from './match-section.ts';
import { normalizeQuery, parseQuery, type QueryNode } from './query-parse.ts';
import { buildSearchText, type SearchText } from './search-text.ts';
import { SectionCache } from './section-cache.ts';
import { cutSnippet } from './snippet.ts';
import { sortKwicRows } from './kwic.ts';
import { buildTermMatch, tokenizeSearchText } from './tokenize.ts';
import type {
  FacetCount,
  IndexedSection,
  KwicOptions,
  KwicRow,
  SearchCount,
  SearchFacets,
  SearchFilters,
  SearchIndex,
  SearchOptions,
  SearchResult,
  SectionFacets,
} from './search-index.ts';

export interface Fts5IndexOptions {
  /** File of the index database, e.g. `DATA_DIR/search.sqlite`; `:memory:` for tests. */
  path: string;
  /** Extra `form → normalized` variant pairs (e.g. the KR-Gaiji normalised forms). Changing them re-indexes. */
  extraVariants?: readonly (readonly [string, string])[];
  /** Characters of search text kept in memory (default 200 M). */
  cacheChars?: number;
}

interface SectionMeta extends SectionFacets {
  bookId: number;
  length: number;
}

interface MatchedSection {
  sectionId: number;
  meta: SectionMeta;
  searchText: SearchText;
  hits: number[];
  score: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS section(
  section_id INTEGER PRIMARY KEY, book_id INTEGER NOT NULL, type TEXT NOT NULL, region TEXT, period TEXT,
  year INTEGER, title TEXT NOT NULL, length INTEGER NOT NULL, display TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS section_book ON section(book_id);
CREATE VIRTUAL TABLE IF NOT EXISTS section_fts USING fts5(tokens, content='', contentless_delete=1, tokenize='ascii');
`;
const TOKENS_VERSION = 'bigram-base36-v1';
const titleCollator = new Intl.Collator('zh');

export class Fts5SearchIndex implements SearchIndex {
  private readonly db: Database.Database;
  private readonly folder: Folder;
  private readonly meta = new Map<number, SectionMeta>();
  private readonly folded: SectionCache;
  private readonly exact: SectionCache;
  private averageLength = 1;

  constructor(options: Fts5IndexOptions) {
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(SCHEMA);
    this.folder = createFolder(options.extraVariants ?? []);
    const cacheChars = options.cacheChars ?? 200_000_000;
    this.folded = new SectionCache(cacheChars);
    this.exact = new SectionCache(Math.floor(cacheChars / 4));
    for (const row of this.db
      .prepare('SELECT section_id, book_id, type, region, period, year, title, length FROM section')
      .all() as { section_id: number; book_id: number; type: string; region: string | null; period: string | null; year: number | null; title: string; length: number }[]) {
      this.meta.set(row.section_id, {
        bookId: row.book_id, type: row.type, region: row.region, period: row.period, year: row.year, title: row.title, length: row.length,
      });
    }
    this.updateAverage();
    this.reindexIfFoldingChanged(options.extraVariants ?? []);
  }

  /** The fold tables are part of the index: when the extra variants change, every section is tokenized again. */
  private reindexIfFoldingChanged(extra: readonly (readonly [string, string])[]): void {
    const fingerprint = createHash('sha256').update(TOKENS_VERSION).update(JSON.stringify(extra)).digest('hex');
    const stored = this.db.prepare("SELECT value FROM meta WHERE key = 'fold'").pluck().get() as string | undefined;
    if (stored === fingerprint) return;
    this.db.transaction(() => {
      this.db.exec('DELETE FROM section_fts');
      const insert = this.db.prepare('INSERT INTO section_fts(rowid, tokens) VALUES (?, ?)');
      for (const row of this.db.prepare('SELECT section_id, display FROM section').iterate() as Iterable<{ section_id: number; display: string }>) {
        insert.run(row.section_id, tokenizeSearchText(buildSearchText(row.display, this.folder).text));
      }
      this.db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('fold', ?)").run(fingerprint);
    })();
  }

  private updateAverage(): void {
    let sum = 0;
    for (const m of this.meta.values()) sum += m.length;
    this.averageLength = this.meta.size > 0 ? Math.max(1, sum / this.meta.size) : 1;
  }

  private writeSection(section: IndexedSection): void {
    const searchText = buildSearchText(section.text, this.folder);
    const f = section.facets;
    this.removeSectionRow(section.sectionId);
    this.db
      .prepare('INSERT INTO section(section_id, book_id, type, region, period, year, title, length, display) VALUES (?,?,?,?,?,?,?,?,?)')
      .run(section.sectionId, section.bookId, f.type, f.region, f.period, f.year, f.title, searchText.text.length, section.text);
    this.db.prepare('INSERT INTO section_fts(rowid, tokens) VALUES (?, ?)').run(section.sectionId, tokenizeSearchText(searchText.text));
    this.meta.set(section.sectionId, { ...f, bookId: section.bookId, length: searchText.text.length });
  }

  private removeSectionRow(sectionId: number): void {
    if (!this.meta.has(sectionId)) return;
    this.db.prepare('DELETE FROM section WHERE section_id = ?').run(sectionId);
    this.db.prepare('DELETE FROM section_fts WHERE rowid = ?').run(sectionId);
    this.meta.delete(sectionId);
    this.folded.delete(sectionId);
    this.exact.delete(sectionId);
  }

  indexBook(bookId: number, sections: IndexedSection[]): void {
    this.db.transaction(() => {
      this.removeBookRows(bookId);
      for (const section of sections) this.writeSection({ ...section, bookId });
    })();
    this.updateAverage();
  }

  indexSection(section: IndexedSection): void {
    this.db.transaction(() => this.writeSection(section))();
    this.updateAverage();
  }

  private removeBookRows(bookId: number): void {
    const ids = this.db.prepare('SELECT section_id FROM section WHERE book_id = ?').pluck().all(bookId) as number[];
    for (const id of ids) this.removeSectionRow(id);
  }

  removeBook(bookId: number): void {
    this.db.transaction(() => this.removeBookRows(bookId))();
    this.updateAverage();
  }

  private loadSearchText(sectionId: number, fold: boolean): SearchText {
    const build = (): SearchText => {
      const display = this.db.prepare('SELECT display FROM section WHERE section_id = ?').pluck().get(sectionId) as string;
      return buildSearchText(display, fold ? this.folder : null);
    };
    return fold ? this.folded.get(sectionId, build) : this.exact.get(sectionId, build);
  }

  searchText(sectionId: number, options: { fold?: boolean } = {}): string | null {
    if (!this.meta.has(sectionId)) return null;
    return this.loadSearchText(sectionId, options.fold ?? true).text;
  }

  /** Candidate sections for the query (a superset of the matching ones), in ascending id order. */
  private candidates(query: string, filters: SearchFilters | undefined): number[] {
    const expression = buildCandidateMatch(normalizeQuery(parseQuery(query), this.folder));
    const ids =
      expression === null
        ? [...this.meta.keys()].sort((a, b) => a - b)
        : (this.db.prepare('SELECT rowid FROM section_fts WHERE section_fts MATCH ? ORDER BY rowid').pluck().all(expression) as number[]);
    return filters ? ids.filter((id) => passesMetaFilters(this.meta.get(id), filters)) : ids;
  }

  private matchAll(query: string, fold: boolean, filters: SearchFilters | undefined): MatchedSection[] {
    const ast = normalizeQuery(parseQuery(query), fold ? this.folder : null);
    const matched: MatchedSection[] = [];
    for (const sectionId of this.candidates(query, filters)) {
      const meta = this.meta.get(sectionId);
      if (!meta) continue;
      const searchText = this.loadSearchText(sectionId, fold);
      const { matches, hits } = matchSection(ast, searchText.text);
      if (!matches) continue;
      // BM25-style saturation of the hit count, normalised by section length (k1 = 1.2, b = 0.75).
      const tf = hits.length / 2;
      const score = tf / (tf + 1.2 * (0.25 + (0.75 * meta.length) / this.averageLength));
      matched.push({ sectionId, meta, searchText, hits, score });
    }
    return matched;
  }

  count(query: string, options: Pick<SearchOptions, 'fold' | 'filters'> = {}): SearchCount {
    const matched = this.matchAll(query, options.fold ?? true, options.filters);
    let total = 0;
    for (const m of matched) total += m.hits.length / 2;
    return { total, sections: matched.length };
  }

  search(query: string, options: SearchOptions = {}): SearchResult {
    const matched = this.matchAll(query, options.fold ?? true, options.filters);
    sortMatches(matched, options.sort ?? 'relevance');
    const offset = Math.max(0, options.offset ?? 0);
    const limit = Math.max(0, options.limit ?? 20);
    const snippetChars = options.snippetChars ?? 30;
    let total = 0;
    const hits: SearchResult['hits'] = [];
    for (const m of matched) {
      const count = m.hits.length / 2;
      for (let i = Math.max(0, offset - total); i < count && hits.length < limit; i++) {
        const start = m.hits[2 * i] as number;
        const length = m.hits[2 * i + 1] as number;
        const displayStart = m.searchText.toDisplay(start);
        const displayEnd = m.searchText.toDisplay(start + length - 1) + 1;
        hits.push({
          sectionId: m.sectionId,
          bookId: m.meta.bookId,
          offset: displayStart,
          length: displayEnd - displayStart,
          snippet: cutSnippet(m.searchText.plain, start, length, snippetChars),
        });
      }
      total += count;
    }
    const facets = options.facets === false ? { type: [], region: [], period: [], book: [] } : countFacets(matched);
    return { total, sections: matched.length, hits, facets };
  }

  kwic(query: string, options: KwicOptions = {}): KwicRow[] {
    const matched = this.matchAll(query, options.fold ?? true, options.filters);
    const width = options.width ?? 20;
    const rows: KwicRow[] = [];
    for (const m of matched) {
      for (let i = 0; i < m.hits.length; i += 2) {
        const start = m.hits[i] as number;
        const length = m.hits[i + 1] as number;
        const snippet = cutSnippet(m.searchText.plain, start, length, width);
        const displayStart = m.searchText.toDisplay(start);
        rows.push({
          sectionId: m.sectionId,
          bookId: m.meta.bookId,
          offset: displayStart,
          length: m.searchText.toDisplay(start + length - 1) + 1 - displayStart,
          left: snippet.before,
          keyword: snippet.match,
          right: snippet.after,
        });
      }
    }
    return sortKwicRows(rows, options.sort ?? 'right').slice(0, options.limit ?? 1000);
  }

  /** Sizes in bytes of the FTS5 index proper and of the whole file (which also stores the display texts). */
  measureSize(): { indexBytes: number; fileBytes: number } {
    const pageSize = this.db.pragma('page_size', { simple: true }) as number;
    const fileBytes = (this.db.pragma('page_count', { simple: true }) as number) * pageSize;
    const rows = this.db
      .prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat WHERE name LIKE 'section_fts%' GROUP BY name")
      .all() as { name: string; bytes: number }[];
    return { indexBytes: rows.reduce((sum, r) => sum + r.bytes, 0), fileBytes };
  }

  close(): void {
    this.db.close();
  }
}

/**
 * FTS5 expression whose matches include every section the query can match, or null for "every section". Only positive
 * terms narrow (NOT is checked exactly afterwards); NEAR narrows to sections holding both terms.
 */
export function buildCandidateMatch(node: QueryNode): string | null {
  switch (node.kind) {
    case 'term':
      return buildTermMatch(node.text);
    case 'near':
      return `(${buildTermMatch(node.left.text)} AND ${buildTermMatch(node.right.text)})`;
    case 'not':
      return null;
    case 'and': {
      const parts = node.children.map(buildCandidateMatch).filter((p): p is string => p !== null);
      return parts.length === 0 ? null : `(${parts.join(' AND ')})`;
    }
    case 'or': {
      const parts = node.children.map(buildCandidateMatch);
      return parts.some((p) => p === null) ? null : `(${parts.join(' OR ')})`;
    }
  }
}

function passesMetaFilters(meta: SectionMeta | undefined, filters: SearchFilters): boolean {
  if (!meta) return false;
  if (filters.types && !filters.types.includes(meta.type)) return false;
  if (filters.regions && (meta.region === null || !filters.regions.includes(meta.region))) return false;
  if (filters.periods && (meta.period === null || !filters.periods.includes(meta.period))) return false;
  if (filters.bookIds && !filters.bookIds.includes(meta.bookId)) return false;
  if (filters.yearFrom !== undefined && (meta.year === null || meta.year < filters.yearFrom)) return false;
  if (filters.yearTo !== undefined && (meta.year === null || meta.year > filters.yearTo)) return false;
  return true;
}

function sortMatches(matched: MatchedSection[], sort: 'relevance' | 'year' | 'title'): void {
  matched.sort((a, b) => {
    if (sort === 'year') {
      const ya = a.meta.year ?? Number.POSITIVE_INFINITY;
      const yb = b.meta.year ?? Number.POSITIVE_INFINITY;
      if (ya !== yb) return ya - yb;
    } else if (sort === 'title') {
      const byTitle = titleCollator.compare(a.meta.title, b.meta.title);
      if (byTitle !== 0) return byTitle;
    } else if (a.score !== b.score) return b.score - a.score;
    return a.sectionId - b.sectionId;
  });
}

function countBy<T>(matched: MatchedSection[], pick: (m: SectionMeta) => T): FacetCount<T>[] {
  const counts = new Map<T, number>();
  for (const m of matched) counts.set(pick(m.meta), (counts.get(pick(m.meta)) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)));
}

function countFacets(matched: MatchedSection[]): SearchFacets {
  return {
    type: countBy(matched, (m) => m.type),
    region: countBy(matched, (m) => m.region),
    period: countBy(matched, (m) => m.period),
    book: countBy(matched, (m) => m.bookId),
  };
}
