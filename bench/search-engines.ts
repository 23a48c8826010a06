/**
 * The engines the search benchmark compares, behind one small interface: ours (FTS5 over bigram tokens), FTS5's own
 * trigram tokenizer with a LIKE fallback under 3 characters, and a brute-force scan in JavaScript (the reference).
 * All of them index the same folded search text and answer the same one-term queries.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { Fts5SearchIndex } from '../src/server/modules/gazetteer/search/fts5-index.ts';
import { getDefaultFolder, createFolder, type Folder } from '../src/server/modules/gazetteer/search/fold.ts';
import { buildSearchText } from '../src/server/modules/gazetteer/search/search-text.ts';
import { findOccurrences } from '../src/server/modules/gazetteer/search/match-section.ts';
import { cutSnippet } from '../src/server/modules/gazetteer/search/snippet.ts';
import type { IndexedSection, SearchFilters } from '../src/server/modules/gazetteer/search/search-index.ts';

export interface BenchAnswer {
  total: number | null;
  sections: number;
  /** Section ids of the hits shown (top 20). */
  shown: number[];
}

export interface BenchEngine {
  name: string;
  ingest(sections: IndexedSection[]): Promise<void>;
  /** Bytes of the index structures (not of the stored text). */
  indexBytes(): Promise<number>;
  count(query: string): Promise<BenchAnswer>;
  top(query: string, filters?: SearchFilters): Promise<BenchAnswer>;
  close(): Promise<void>;
}

export function createOurEngine(dir: string, variants: [string, string][]): BenchEngine {
  const index = new Fts5SearchIndex({ path: path.join(dir, 'search.sqlite'), extraVariants: variants });
  return {
    name: 'fangzhi FTS5 bigram',
    async ingest(sections) {
      const byBook = new Map<number, IndexedSection[]>();
      for (const s of sections) byBook.set(s.bookId, [...(byBook.get(s.bookId) ?? []), s]);
      for (const [bookId, list] of byBook) index.indexBook(bookId, list);
      index.warm();
    },
    async indexBytes() {
      return index.measureSize().indexBytes;
    },
    async count(query) {
      const r = index.count(`"${query}"`);
      return { total: r.total, sections: r.sections, shown: [] };
    },
    async top(query, filters) {
      const r = index.search(`"${query}"`, { limit: 20, snippetChars: 30, filters });
      return { total: r.total, sections: r.sections, shown: r.hits.map((h) => h.sectionId) };
    },
    async close() {
      index.close();
    },
  };
}

interface Doc {
  id: number;
  region: string | null;
  text: string;
  tokens: number;
}

function toDocs(sections: IndexedSection[], folder: Folder): Doc[] {
  return sections.map((s) => {
    const text = buildSearchText(s.text, folder).text;
    return { id: s.sectionId, region: s.facets.region, text, tokens: [...text].length };
  });
}

function regionFilter(filters: SearchFilters | undefined): (region: string | null) => boolean {
  const regions = filters?.regions;
  return regions ? (r) => r !== null && regions.includes(r) : () => true;
}

/** Ranks (id, text, tf) rows by the BM25 tf factor and cuts 20 snippets — the work every engine must do for a page. */
function rankAndCut(
  rows: { id: number; text: string; starts: number[]; tokens: number }[],
  query: string,
  average: number,
): number[] {
  rows.sort((a, b) => {
    const sa = a.starts.length / (a.starts.length + 1.2 * (0.25 + (0.75 * a.tokens) / average));
    const sb = b.starts.length / (b.starts.length + 1.2 * (0.25 + (0.75 * b.tokens) / average));
    return sb - sa || a.id - b.id;
  });
  const shown: number[] = [];
  for (const row of rows) {
    for (const start of row.starts) {
      if (shown.length >= 20) return shown;
      cutSnippet(row.text, start, query.length, 30);
      shown.push(row.id);
    }
  }
  return shown;
}

export function createBruteForceEngine(variants: [string, string][]): BenchEngine {
  let docs: Doc[] = [];
  let average = 1;
  const scan = (query: string, filters?: SearchFilters) => {
    const keep = regionFilter(filters);
    const rows: { id: number; text: string; starts: number[]; tokens: number }[] = [];
    let total = 0;
    for (const d of docs) {
      if (!keep(d.region)) continue;
      const starts = findOccurrences(d.text, query);
      if (starts.length === 0) continue;
      total += starts.length;
      rows.push({ id: d.id, text: d.text, starts, tokens: d.tokens });
    }
    return { rows, total };
  };
  return {
    name: 'brute force (JS scan)',
    async ingest(sections) {
      docs = toDocs(sections, variants.length > 0 ? createFolder(variants) : getDefaultFolder());
      average = docs.reduce((s, d) => s + d.tokens, 0) / Math.max(1, docs.length);
    },
    async indexBytes() {
      return 0;
    },
    async count(query) {
      const { rows, total } = scan(query);
      return { total, sections: rows.length, shown: [] };
    },
    async top(query, filters) {
      const { rows, total } = scan(query, filters);
      return { total, sections: rows.length, shown: rankAndCut(rows, query, average) };
    },
    async close() {},
  };
}

export function createTrigramEngine(dir: string, variants: [string, string][]): BenchEngine {
  const db = new Database(path.join(dir, 'trigram.sqlite'));
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE VIRTUAL TABLE doc USING fts5(text, region UNINDEXED, tokens UNINDEXED, tokenize='trigram')`);
  let average = 1;
  const fetch = (query: string, filters?: SearchFilters) => {
    const keep = regionFilter(filters);
    // Under 3 characters the trigram index cannot help: LIKE scans every row.
    const sql =
      [...query].length >= 3
        ? 'SELECT rowid AS id, text, region, tokens FROM doc WHERE doc MATCH ?'
        : "SELECT rowid AS id, text, region, tokens FROM doc WHERE text LIKE '%' || ? || '%'";
    const param = [...query].length >= 3 ? `"${query}"` : query;
    const rows: { id: number; text: string; starts: number[]; tokens: number }[] = [];
    let total = 0;
    for (const r of db.prepare(sql).all(param) as {
      id: number;
      text: string;
      region: string | null;
      tokens: number;
    }[]) {
      if (!keep(r.region)) continue;
      const starts = findOccurrences(r.text, query);
      if (starts.length === 0) continue;
      total += starts.length;
      rows.push({ id: r.id, text: r.text, starts, tokens: r.tokens });
    }
    return { rows, total };
  };
  return {
    name: 'FTS5 trigram + LIKE',
    async ingest(sections) {
      const docs = toDocs(sections, variants.length > 0 ? createFolder(variants) : getDefaultFolder());
      average = docs.reduce((s, d) => s + d.tokens, 0) / Math.max(1, docs.length);
      const insert = db.prepare('INSERT INTO doc(rowid, text, region, tokens) VALUES (?, ?, ?, ?)');
      db.transaction(() => {
        for (const d of docs) insert.run(d.id, d.text, d.region, d.tokens);
      })();
    },
    async indexBytes() {
      const rows = db
        .prepare("SELECT sum(pgsize) AS bytes FROM dbstat WHERE name LIKE 'doc_%' AND name <> 'doc_content'")
        .get() as { bytes: number };
      return rows.bytes;
    },
    async count(query) {
      const { rows, total } = fetch(query);
      return { total, sections: rows.length, shown: [] };
    },
    async top(query, filters) {
      const { rows, total } = fetch(query, filters);
      return { total, sections: rows.length, shown: rankAndCut(rows, query, average) };
    },
    async close() {
      db.close();
    },
  };
}
