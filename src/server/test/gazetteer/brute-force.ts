/**
 * The oracle: answers a query by scanning every section's search text position by position. Deliberately naive — it
 * shares only the query parser and the folding tables with the engine, and is the definition the engine is tested
 * against (see `query-parse.ts` for which occurrences count as hits).
 */
import type { Folder } from '../../modules/gazetteer/search/fold.ts';
import {
  normalizeQuery,
  parseQuery,
  type QueryNode,
  type TermNode,
} from '../../modules/gazetteer/search/query-parse.ts';
import { isLayoutUnit } from '../../modules/gazetteer/search/search-text.ts';
import type { IndexedSection, SearchFilters } from '../../modules/gazetteer/search/search-index.ts';

export interface OracleHit {
  sectionId: number;
  /** Display-text offset and length. */
  offset: number;
  length: number;
}

export interface OracleResult {
  total: number;
  sections: number;
  /** Every hit, ordered by section id, then offset, then length. */
  hits: OracleHit[];
}

interface Occurrence {
  start: number;
  length: number;
}

/** Search text and search-index → display-index map, one array entry per UTF-16 unit. */
export function buildOracleSearchText(
  display: string,
  folder: Folder | null,
  skip: readonly { start: number; end: number }[] = [],
): { text: string; map: number[] } {
  let text = '';
  const map: number[] = [];
  const skipped = new Uint8Array(display.length);
  for (const r of skip) skipped.fill(1, Math.max(0, r.start), Math.min(display.length, r.end));
  for (let i = 0; i < display.length; i++) {
    if (isLayoutUnit(display.charCodeAt(i)) || skipped[i] === 1) continue;
    text += display[i];
    map.push(i);
  }
  return { text: folder ? folder.foldText(text) : text, map };
}

function findAll(text: string, term: string): Occurrence[] {
  const found: Occurrence[] = [];
  for (let i = 0; i + term.length <= text.length; i++) {
    if (text.startsWith(term, i)) found.push({ start: i, length: term.length });
  }
  return found;
}

function isNear(a: Occurrence, b: Occurrence, distance: number): boolean {
  const gap = a.start <= b.start ? b.start - (a.start + a.length) : a.start - (b.start + b.length);
  return gap <= distance;
}

function evaluate(node: QueryNode, text: string): { matches: boolean; hits: Occurrence[] } {
  switch (node.kind) {
    case 'term': {
      const hits = findAll(text, node.text);
      return { matches: hits.length > 0, hits };
    }
    case 'and': {
      const results = node.children.map((child) => evaluate(child, text));
      const matches = results.every((r) => r.matches);
      return { matches, hits: matches ? results.flatMap((r) => r.hits) : [] };
    }
    case 'or': {
      const results = node.children.map((child) => evaluate(child, text));
      return { matches: results.some((r) => r.matches), hits: results.filter((r) => r.matches).flatMap((r) => r.hits) };
    }
    case 'not':
      return { matches: !evaluate(node.child, text).matches, hits: [] };
    case 'near': {
      const left = findAll(text, (node.left as TermNode).text);
      const right = findAll(text, (node.right as TermNode).text);
      const hits = [
        ...left.filter((a) => right.some((b) => isNear(a, b, node.distance))),
        ...right.filter((b) => left.some((a) => isNear(a, b, node.distance))),
      ];
      return { matches: hits.length > 0, hits };
    }
  }
}

export function passesFilters(section: IndexedSection, filters: SearchFilters | undefined): boolean {
  if (!filters) return true;
  const f = section.facets;
  if (filters.publishedOnly && f.published !== true) return false;
  if (filters.types && !filters.types.includes(f.type)) return false;
  if (filters.regions && (f.region === null || !filters.regions.includes(f.region))) return false;
  if (filters.periods && (f.period === null || !filters.periods.includes(f.period))) return false;
  if (filters.bookIds && !filters.bookIds.includes(section.bookId)) return false;
  if (filters.sectionIds && !filters.sectionIds.includes(section.sectionId)) return false;
  if (filters.yearFrom !== undefined && (f.year === null || f.year < filters.yearFrom)) return false;
  if (filters.yearTo !== undefined && (f.year === null || f.year > filters.yearTo)) return false;
  return true;
}

/** Brute-force answer to `query` over `sections`; `folder` null = exact-glyph search. */
export function searchByBruteForce(
  sections: readonly IndexedSection[],
  query: string,
  folder: Folder | null,
  filters?: SearchFilters,
): OracleResult {
  const ast = normalizeQuery(parseQuery(query), folder);
  const hits: OracleHit[] = [];
  let matching = 0;
  const ordered = [...sections].sort((a, b) => a.sectionId - b.sectionId);
  for (const section of ordered) {
    if (!passesFilters(section, filters)) continue;
    const { text, map } = buildOracleSearchText(section.text, folder, section.skip);
    const result = evaluate(ast, text);
    if (!result.matches) continue;
    matching++;
    const seen = new Set<string>();
    const sectionHits: OracleHit[] = [];
    for (const occ of result.hits) {
      const key = `${occ.start}:${occ.length}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const offset = map[occ.start] as number;
      const end = (map[occ.start + occ.length - 1] as number) + 1;
      sectionHits.push({ sectionId: section.sectionId, offset, length: end - offset });
    }
    sectionHits.sort((a, b) => a.offset - b.offset || a.length - b.length);
    hits.push(...sectionHits);
  }
  return { total: hits.length, sections: matching, hits };
}
