/**
 * The embedded search engine: a contentless SQLite FTS5 table over our own tokens (`tokenize.ts`) finds and ranks
 * (bm25) the candidate sections; the exact hits are then found in the sections' search texts (`match-section.ts`),
 * so results equal the brute-force scan by construction. Shortcuts for the common one-term query: a 2-character
 * term's totals come from the FTS5 vocabulary (token = occurrence), a 1-character term's from the on-disk per-section
 * character counts (`char_count`), and only the sections shown on the page are scanned. A filter (the public reader's
 * published-only scope, type, region, period) is applied inside: a 2-character total under a filter is the vocabulary
 * total minus the hits of the excluded sections when those are fewer than the included ones, so the public path costs
 * what the unfiltered one does while most books are published.
 *
 * Nothing grows with the corpus on the V8 heap except the per-section metadata: postings, counts and texts are in the
 * file (the OS page cache), and a bounded LRU keeps recently scanned search texts. `Fts5Engine` is synchronous; it runs
 * in worker threads (`worker-pool.ts`). `Fts5SearchIndex` is the in-process adapter with the async interface.
 *
 * One index serves both fold modes: it holds the folded text only. An exact-glyph match is also a folded match, so
 * the folded index yields a superset of candidates for a `fold: false` query, which is then checked against the
 * unfolded text. (A second token stream would roughly double the index for a rarely used switch.)
 *
 * The index lives in its own SQLite file: derived data, rebuildable from the books.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { createFolder, type Folder } from './fold.ts';
import { sortKwicRows } from './kwic.ts';
import { matchSection } from './match-section.ts';
import { normalizeQuery, parseQuery, type QueryNode } from './query-parse.ts';
import {
  compileFilter,
  countFacets,
  scoreTermFrequency,
  sortSections,
  type SectionFilter,
  type SectionMeta,
} from './result-order.ts';
import { buildSearchText, normalizeSkip, type SearchText, type SkipRange } from './search-text.ts';
import { SectionCache } from './section-cache.ts';
import { cutSnippet } from './snippet.ts';
import { buildTermMatch, tokenizeSearchText } from './tokenize.ts';
import type {
  IndexedSection,
  KwicOptions,
  KwicRow,
  SearchCount,
  SearchFilters,
  SearchIndex,
  SearchOptions,
  SearchResult,
} from './search-index.ts';
import { countCharacters } from './char-count-index.ts';

export interface Fts5IndexOptions {
  /** File of the index database, e.g. `DATA_DIR/search.sqlite`; `:memory:` for tests. */
  path: string;
  /** Extra `form → normalized` variant pairs (e.g. the KR-Gaiji normalised forms). Changing them re-indexes. */
  extraVariants?: readonly (readonly [string, string])[];
  /** UTF-16 units of search text kept in memory (default 32 M: the texts live in the file and the page cache). */
  cacheChars?: number;
}

/** A matching section; `hits` ([start, length, …] in the search text) is filled when the section has been scanned. */
interface Matched {
  sectionId: number;
  meta: SectionMeta;
  tf: number | null;
  hits: number[] | null;
}

interface Execution {
  sections: Matched[];
  total: number;
  fold: boolean;
  ast: QueryNode;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS section(
  section_id INTEGER PRIMARY KEY, book_id INTEGER NOT NULL, type TEXT NOT NULL, region TEXT, period TEXT,
  year INTEGER, title TEXT NOT NULL, tokens INTEGER NOT NULL, display TEXT NOT NULL, skip TEXT NOT NULL DEFAULT '',
  published INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS section_book ON section(book_id);
CREATE TABLE IF NOT EXISTS char_count(
  cp INTEGER NOT NULL, section_id INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY(cp, section_id)) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS section_fts USING fts5(tokens, content='', contentless_delete=1, tokenize='ascii');
CREATE VIRTUAL TABLE IF NOT EXISTS section_fts_row USING fts5vocab(section_fts, row);
`;
const TOKENS_VERSION = 'bigram-base36-v1+charcount-v1';

/**
 * The display text is kept in the index compressed (raw deflate of the UTF-8): it is read only to scan a candidate
 * section or cut a snippet, and compression halves what a copy of the books costs on disk. Files written before hold
 * plain text, which is still read.
 */
function packDisplay(text: string): Buffer {
  return deflateRawSync(Buffer.from(text, 'utf8'), { level: 6 });
}

function unpackDisplay(stored: string | Buffer): string {
  return typeof stored === 'string' ? stored : inflateRawSync(stored).toString('utf8');
}

function parseSkip(json: string): SkipRange[] {
  return json ? (JSON.parse(json) as SkipRange[]) : [];
}

function countCodePoints(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xdc00 && unit <= 0xdfff && i > 0) n--;
  }
  return n;
}

export class Fts5Engine {
  private readonly db: Database.Database;
  private readonly folder: Folder;
  private readonly meta = new Map<number, SectionMeta>();
  private readonly folded: SectionCache;
  private readonly exact: SectionCache;
  private averageTokens = 1;
  private dataVersion = 0;
  /** See `SearchIndex.needsRebuild`: set when a file from before apparatus skipping was opened. */
  readonly needsRebuild: boolean = false;

  constructor(options: Fts5IndexOptions) {
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 10000');
    // A small SQLite page cache per connection: the OS page cache holds the file for every worker at once.
    this.db.pragma('cache_size = -16000');
    const existing = this.db.prepare("SELECT name FROM pragma_table_info('section')").pluck().all() as string[];
    this.db.exec(SCHEMA);
    const hasRows = () => (this.db.prepare('SELECT count(*) FROM section').pluck().get() as number) > 0;
    if (existing.length > 0 && !existing.includes('skip')) {
      // An index written before apparatus was skipped: its tokens include running heads, so it is rebuilt from the books.
      this.db.exec("ALTER TABLE section ADD COLUMN skip TEXT NOT NULL DEFAULT ''");
      this.needsRebuild = hasRows();
    }
    if (existing.length > 0 && !existing.includes('published')) {
      // An index written before the published flag was kept: it is rebuilt from the books, which know the flag.
      this.db.exec('ALTER TABLE section ADD COLUMN published INTEGER NOT NULL DEFAULT 0');
      this.needsRebuild = hasRows();
    }
    this.folder = createFolder(options.extraVariants ?? []);
    const cacheChars = options.cacheChars ?? 32_000_000;
    this.folded = new SectionCache(cacheChars);
    this.exact = new SectionCache(Math.floor(cacheChars / 4));
    this.loadMeta();
    this.reindexIfFoldingChanged(options.extraVariants ?? []);
    this.dataVersion = this.readDataVersion();
  }

  private loadMeta(): void {
    const rows = this.db
      .prepare('SELECT section_id, book_id, type, region, period, year, title, tokens, published FROM section')
      .all() as {
      section_id: number;
      book_id: number;
      type: string;
      region: string | null;
      period: string | null;
      year: number | null;
      title: string;
      tokens: number;
      published: number;
    }[];
    this.meta.clear();
    for (const r of rows) {
      this.meta.set(r.section_id, {
        bookId: r.book_id,
        type: r.type,
        region: r.region,
        period: r.period,
        year: r.year,
        title: r.title,
        tokens: r.tokens,
        published: r.published === 1,
      });
    }
    this.afterWrite();
  }

  private readDataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  /**
   * Another process (the CLI ingesting while the server runs) may have changed the file. SQLite's data_version moves
   * only for other connections' commits, so checking it before each read is cheap; on a change the in-memory metadata
   * and caches are rebuilt from the file.
   */
  private syncWithOtherWriters(): void {
    const version = this.readDataVersion();
    if (version === this.dataVersion) return;
    this.dataVersion = version;
    this.folded.clear();
    this.exact.clear();
    this.loadMeta();
  }

  /** The fold tables are part of the index: when the extra variants change, every section is tokenized again. */
  private reindexIfFoldingChanged(extra: readonly (readonly [string, string])[]): void {
    const fingerprint = createHash('sha256').update(TOKENS_VERSION).update(JSON.stringify(extra)).digest('hex');
    const stored = this.db.prepare("SELECT value FROM meta WHERE key = 'fold'").pluck().get() as string | undefined;
    if (stored === fingerprint) return;
    this.db.transaction(() => {
      this.db.exec('DELETE FROM section_fts');
      this.db.exec('DELETE FROM char_count');
      const insert = this.db.prepare('INSERT INTO section_fts(rowid, tokens) VALUES (?, ?)');
      // One section at a time: better-sqlite3 cannot write while a read statement is still iterating.
      const select = this.db.prepare('SELECT display, skip FROM section WHERE section_id = ?');
      for (const id of this.meta.keys()) {
        const row = select.get(id) as { display: string | Buffer; skip: string };
        const text = buildSearchText(unpackDisplay(row.display), this.folder, parseSkip(row.skip)).text;
        insert.run(id, tokenizeSearchText(text));
        this.writeCharCounts(id, text);
        this.folded.delete(id);
      }
      this.db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('fold', ?)").run(fingerprint);
    })();
  }

  private afterWrite(): void {
    let sum = 0;
    for (const m of this.meta.values()) sum += m.tokens;
    this.averageTokens = this.meta.size > 0 ? Math.max(1, sum / this.meta.size) : 1;
  }

  private writeCharCounts(sectionId: number, text: string): void {
    const insert = this.db.prepare('INSERT INTO char_count(cp, section_id, n) VALUES (?, ?, ?)');
    const counts = countCharacters(text);
    for (let i = 0; i < counts.length; i += 2) insert.run(counts[i], sectionId, counts[i + 1]);
  }

  private writeSection(section: IndexedSection): void {
    const skip = normalizeSkip(section.skip);
    const searchText = buildSearchText(section.text, this.folder, skip);
    const f = section.facets;
    const tokens = countCodePoints(searchText.text);
    this.removeSectionRow(section.sectionId);
    this.db
      .prepare(
        'INSERT INTO section(section_id, book_id, type, region, period, year, title, tokens, display, skip, published) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
      )
      .run(
        section.sectionId,
        section.bookId,
        f.type,
        f.region,
        f.period,
        f.year,
        f.title,
        tokens,
        packDisplay(section.text),
        skip.length > 0 ? JSON.stringify(skip) : '',
        f.published ? 1 : 0,
      );
    this.db
      .prepare('INSERT INTO section_fts(rowid, tokens) VALUES (?, ?)')
      .run(section.sectionId, tokenizeSearchText(searchText.text));
    this.writeCharCounts(section.sectionId, searchText.text);
    this.meta.set(section.sectionId, {
      type: f.type,
      region: f.region,
      period: f.period,
      year: f.year,
      title: f.title,
      bookId: section.bookId,
      tokens,
      published: f.published === true,
    });
  }

  private removeSectionRow(sectionId: number): void {
    if (!this.meta.has(sectionId)) return;
    this.db.prepare('DELETE FROM section WHERE section_id = ?').run(sectionId);
    this.db.prepare('DELETE FROM section_fts WHERE rowid = ?').run(sectionId);
    this.db.prepare('DELETE FROM char_count WHERE section_id = ?').run(sectionId);
    this.meta.delete(sectionId);
    this.folded.delete(sectionId);
    this.exact.delete(sectionId);
  }

  private removeBookRows(bookId: number): void {
    const ids = this.db.prepare('SELECT section_id FROM section WHERE book_id = ?').pluck().all(bookId) as number[];
    for (const id of ids) this.removeSectionRow(id);
  }

  indexBook(bookId: number, sections: IndexedSection[]): void {
    this.db.transaction(() => {
      this.removeBookRows(bookId);
      for (const section of sections) this.writeSection({ ...section, bookId });
    })();
    this.afterWrite();
  }

  indexSection(section: IndexedSection): void {
    this.db.transaction(() => this.writeSection(section))();
    this.afterWrite();
  }

  removeBook(bookId: number): void {
    this.db.transaction(() => this.removeBookRows(bookId))();
    this.afterWrite();
  }

  setBookPublished(bookId: number, published: boolean): void {
    this.db.prepare('UPDATE section SET published = ? WHERE book_id = ?').run(published ? 1 : 0, bookId);
    for (const m of this.meta.values()) if (m.bookId === bookId) m.published = published;
  }

  private loadSearchText(sectionId: number, fold: boolean): SearchText {
    const build = (): SearchText => {
      const row = this.db.prepare('SELECT display, skip FROM section WHERE section_id = ?').get(sectionId) as {
        display: string | Buffer;
        skip: string;
      };
      return buildSearchText(unpackDisplay(row.display), fold ? this.folder : null, parseSkip(row.skip));
    };
    return fold ? this.folded.get(sectionId, build) : this.exact.get(sectionId, build);
  }

  /** Reads the character counts once, so the file's pages are in the OS page cache before the first query. */
  warm(): void {
    this.db.prepare('SELECT count(*) FROM char_count').pluck().get();
  }

  searchText(sectionId: number, options: { fold?: boolean } = {}): string | null {
    this.syncWithOtherWriters();
    if (!this.meta.has(sectionId)) return null;
    return this.loadSearchText(sectionId, options.fold ?? true).text;
  }

  /** Sections whose FTS5 match includes every section the expression can match, best bm25 first. */
  private rankedCandidates(expression: string, filter: SectionFilter, ranked = true): Matched[] {
    // Counting needs no order: skipping bm25 saves most of the FTS5 work for frequent terms.
    const sql = ranked
      ? 'SELECT rowid FROM section_fts WHERE section_fts MATCH ? ORDER BY rank, rowid'
      : 'SELECT rowid FROM section_fts WHERE section_fts MATCH ?';
    const ids = this.db.prepare(sql).pluck().all(expression) as number[];
    const out: Matched[] = [];
    for (const sectionId of ids) {
      const meta = this.meta.get(sectionId);
      if (filter(meta, sectionId)) out.push({ sectionId, meta: meta as SectionMeta, tf: null, hits: null });
    }
    return out;
  }

  /** Every section in id order: only for a query nothing narrows (the parser rejects those today). */
  private allSections(filter: SectionFilter): Matched[] {
    const ids = [...this.meta.keys()].sort((a, b) => a - b);
    return ids
      .map((sectionId) => ({ sectionId, meta: this.meta.get(sectionId) as SectionMeta, tf: null, hits: null }))
      .filter((s) => filter(s.meta, s.sectionId));
  }

  private scan(section: Matched, ast: QueryNode, fold: boolean): boolean {
    const { matches, hits } = matchSection(ast, this.loadSearchText(section.sectionId, fold).text);
    section.hits = hits;
    section.tf = hits.length / 2;
    return matches;
  }

  private execute(query: string, fold: boolean, filters: SearchFilters | undefined, ranked = true): Execution {
    const parsed = parseQuery(query);
    const foldedAst = normalizeQuery(parsed, this.folder);
    const ast = fold ? foldedAst : normalizeQuery(parsed, null);
    const filter = compileFilter(filters);
    if (fold && ast.kind === 'term') {
      const codePoints = [...ast.text];
      if (codePoints.length === 1) return this.executeCharacter(ast, filter);
      if (codePoints.length === 2) return this.executeBigram(ast, filters, filter, ranked);
      // Bigram phrases are exact at section level: every candidate matches.
      const sections = this.rankedCandidates(buildTermMatch(ast.text), filter, ranked);
      let total = 0;
      for (const s of sections) {
        this.scan(s, ast, fold);
        total += s.tf as number;
      }
      return { sections, total, fold, ast };
    }
    const expression = buildCandidateMatch(foldedAst);
    const candidates =
      expression === null ? this.allSections(filter) : this.rankedCandidates(expression, filter, ranked);
    const sections: Matched[] = [];
    let total = 0;
    for (const s of candidates) {
      if (!this.scan(s, ast, fold)) continue;
      sections.push(s);
      total += s.tf as number;
    }
    return { sections, total, fold, ast };
  }

  /**
   * A folded 2-character term: every FTS5 token is an occurrence, so the vocabulary holds the exact total. Under a
   * filter, the smaller side is scanned: the excluded sections' hits are subtracted from the vocabulary total, or the
   * included sections' hits are added up.
   */
  private executeBigram(
    ast: QueryNode & { kind: 'term' },
    filters: SearchFilters | undefined,
    filter: SectionFilter,
    ranked: boolean,
  ): Execution {
    const token = buildTermMatch(ast.text);
    const all = this.rankedCandidates(token, compileFilter(undefined), ranked);
    const row = this.db.prepare('SELECT cnt FROM section_fts_row WHERE term = ?').pluck().get(token.replace(/"/g, ''));
    const vocabulary = (row as number | undefined) ?? 0;
    if (!filters) return { sections: all, total: vocabulary, fold: true, ast };
    const sections: Matched[] = [];
    const excluded: Matched[] = [];
    for (const s of all) (filter(s.meta, s.sectionId) ? sections : excluded).push(s);
    let total = 0;
    if (excluded.length < sections.length) {
      let removed = 0;
      for (const s of excluded) {
        this.scan(s, ast, true);
        removed += s.tf as number;
      }
      total = vocabulary - removed;
    } else
      for (const s of sections) {
        this.scan(s, ast, true);
        total += s.tf as number;
      }
    return { sections, total, fold: true, ast };
  }

  private executeCharacter(ast: QueryNode & { kind: 'term' }, filter: SectionFilter): Execution {
    const postings = this.db
      .prepare('SELECT section_id, n FROM char_count WHERE cp = ?')
      .raw()
      .all(ast.text.codePointAt(0) as number) as [number, number][];
    const scored: (Matched & { score: number })[] = [];
    let total = 0;
    for (const [sectionId, tf] of postings) {
      const meta = this.meta.get(sectionId);
      if (!filter(meta, sectionId)) continue;
      total += tf;
      scored.push({
        sectionId,
        meta: meta as SectionMeta,
        tf,
        hits: null,
        score: scoreTermFrequency(tf, (meta as SectionMeta).tokens, this.averageTokens),
      });
    }
    scored.sort((a, b) => b.score - a.score || a.sectionId - b.sectionId);
    return { sections: scored, total, fold: true, ast };
  }

  private hitsOf(section: Matched, execution: Execution): number[] {
    if (!section.hits) this.scan(section, execution.ast, execution.fold);
    return section.hits as number[];
  }

  count(query: string, options: Pick<SearchOptions, 'fold' | 'filters'> = {}): SearchCount {
    this.syncWithOtherWriters();
    const execution = this.execute(query, options.fold ?? true, options.filters, false);
    return { total: execution.total, sections: execution.sections.length };
  }

  search(query: string, options: SearchOptions = {}): SearchResult {
    this.syncWithOtherWriters();
    const execution = this.execute(query, options.fold ?? true, options.filters);
    const ordered = sortSections(execution.sections, options.sort ?? 'relevance');
    const offset = Math.max(0, options.offset ?? 0);
    const limit = Math.max(0, options.limit ?? 20);
    const snippetChars = options.snippetChars ?? 30;
    const hits: SearchResult['hits'] = [];
    let seen = 0;
    for (const section of ordered) {
      if (hits.length >= limit) break;
      // Whole sections before the page are skipped by their count when it is known, without scanning them.
      if (section.tf !== null && seen + section.tf <= offset) {
        seen += section.tf;
        continue;
      }
      const sectionHits = this.hitsOf(section, execution);
      const searchText = this.loadSearchText(section.sectionId, execution.fold);
      for (let i = 0; i < sectionHits.length && hits.length < limit; i += 2, seen++) {
        if (seen < offset) continue;
        const start = sectionHits[i] as number;
        const length = sectionHits[i + 1] as number;
        const displayStart = searchText.toDisplay(start);
        hits.push({
          sectionId: section.sectionId,
          bookId: section.meta.bookId,
          offset: displayStart,
          length: searchText.toDisplay(start + length - 1) + 1 - displayStart,
          snippet: cutSnippet(searchText.plain, start, length, snippetChars),
        });
      }
    }
    const facets =
      options.facets === false
        ? { type: [], region: [], period: [], book: [] }
        : countFacets(execution.sections.map((s) => s.meta));
    const variants =
      options.variantLimit !== undefined && execution.fold && execution.total > 0
        ? execution.total <= options.variantLimit
          ? this.countVariants(execution)
          : null
        : null;
    return { total: execution.total, sections: execution.sections.length, hits, facets, variants };
  }

  /** Hits per form as written (the unfolded search text under each hit), most frequent first. */
  private countVariants(execution: Execution): { form: string; count: number }[] {
    const counts = new Map<string, number>();
    for (const section of execution.sections) {
      const sectionHits = this.hitsOf(section, execution);
      const { plain } = this.loadSearchText(section.sectionId, true);
      for (let i = 0; i < sectionHits.length; i += 2) {
        const start = sectionHits[i] as number;
        const form = plain.slice(start, start + (sectionHits[i + 1] as number));
        counts.set(form, (counts.get(form) ?? 0) + 1);
      }
    }
    return [...counts]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([form, count]) => ({ form, count }));
  }

  kwic(query: string, options: KwicOptions = {}): KwicRow[] {
    this.syncWithOtherWriters();
    const execution = this.execute(query, options.fold ?? true, options.filters);
    const width = options.width ?? 20;
    const rows: KwicRow[] = [];
    for (const section of execution.sections) {
      const sectionHits = this.hitsOf(section, execution);
      const searchText = this.loadSearchText(section.sectionId, execution.fold);
      for (let i = 0; i < sectionHits.length; i += 2) {
        const start = sectionHits[i] as number;
        const length = sectionHits[i + 1] as number;
        const snippet = cutSnippet(searchText.plain, start, length, width);
        const displayStart = searchText.toDisplay(start);
        rows.push({
          sectionId: section.sectionId,
          bookId: section.meta.bookId,
          offset: displayStart,
          length: searchText.toDisplay(start + length - 1) + 1 - displayStart,
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

  bookFingerprints(): Map<number, string> {
    this.syncWithOtherWriters();
    const books = new Map<number, { n: number; min: number; max: number; facets: string }>();
    for (const [id, m] of this.meta) {
      const b = books.get(m.bookId);
      if (b) {
        b.n++;
        b.min = Math.min(b.min, id);
        b.max = Math.max(b.max, id);
      } else
        books.set(m.bookId, {
          n: 1,
          min: id,
          max: id,
          facets: JSON.stringify([m.title, m.type, m.region, m.period, m.year, m.published]),
        });
    }
    return new Map([...books].map(([bookId, b]) => [bookId, `${b.n}:${b.min}:${b.max}:${b.facets}`]));
  }

  close(): void {
    this.db.close();
  }
}

/**
 * The engine in this thread behind the async interface: tests, `:memory:` indexes and the CLI's short runs. The
 * server uses the worker pool (`worker-pool.ts`) instead, so that no query runs on its event loop.
 */
export class Fts5SearchIndex implements SearchIndex {
  readonly engine: Fts5Engine;
  constructor(options: Fts5IndexOptions) {
    this.engine = new Fts5Engine(options);
  }
  get needsRebuild(): boolean {
    return this.engine.needsRebuild;
  }
  async indexBook(bookId: number, sections: IndexedSection[]): Promise<void> {
    this.engine.indexBook(bookId, sections);
  }
  async indexSection(section: IndexedSection): Promise<void> {
    this.engine.indexSection(section);
  }
  async removeBook(bookId: number): Promise<void> {
    this.engine.removeBook(bookId);
  }
  async setBookPublished(bookId: number, published: boolean): Promise<void> {
    this.engine.setBookPublished(bookId, published);
  }
  async search(query: string, options?: SearchOptions): Promise<SearchResult> {
    return this.engine.search(query, options);
  }
  async count(query: string, options?: Pick<SearchOptions, 'fold' | 'filters'>): Promise<SearchCount> {
    return this.engine.count(query, options);
  }
  async kwic(query: string, options?: KwicOptions): Promise<KwicRow[]> {
    return this.engine.kwic(query, options);
  }
  async searchText(sectionId: number, options?: { fold?: boolean }): Promise<string | null> {
    return this.engine.searchText(sectionId, options);
  }
  async warm(): Promise<void> {
    this.engine.warm();
  }
  async bookFingerprints(): Promise<Map<number, string>> {
    return this.engine.bookFingerprints();
  }
  measureSize(): { indexBytes: number; fileBytes: number } {
    return this.engine.measureSize();
  }
  async close(): Promise<void> {
    this.engine.close();
  }
}

/**
 * FTS5 expression whose matches include every section the query can match, or null when nothing narrows it. Only
 * positive terms narrow (NOT is checked exactly afterwards); NEAR narrows to sections holding both terms.
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
