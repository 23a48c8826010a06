/**
 * The hits of a query inside one section, for the reader's highlighting and next/previous navigation. It evaluates the
 * query with the search engine's own parser, folding and matcher, so the reader marks exactly what the index counted.
 * Pure: the folder is passed in.
 */
import type { Folder } from './search/fold.ts';
import { matchSection } from './search/match-section.ts';
import { normalizeQuery, parseQuery } from './search/query-parse.ts';
import { buildSearchText, normalizeSkip, type SkipRange } from './search/search-text.ts';

export function findSectionHits(
  display: string,
  query: string,
  folder: Folder,
  fold: boolean,
  skip: readonly SkipRange[] = [],
): { offset: number; length: number }[] {
  const ast = normalizeQuery(parseQuery(query), fold ? folder : null);
  const searchText = buildSearchText(display, fold ? folder : null, normalizeSkip(skip));
  const { hits } = matchSection(ast, searchText.text);
  const out: { offset: number; length: number }[] = [];
  for (let i = 0; i < hits.length; i += 2) {
    const start = hits[i] as number;
    const length = hits[i + 1] as number;
    const offset = searchText.toDisplay(start);
    out.push({ offset, length: searchText.toDisplay(start + length - 1) + 1 - offset });
  }
  return out.sort((a, b) => a.offset - b.offset);
}
