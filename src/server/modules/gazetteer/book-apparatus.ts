/**
 * The apparatus of a stored section under its book's rule, with the search folding: what the index skips and the reader
 * greys out. One function, called by indexing and by the reader, so both always agree on what is not searched.
 */
import { ZBibRecord, ZSearchRule, type TBibRecord, type TSearchRule } from '../../../shared/gazetteer-bib.ts';
import { findApparatus, type TextRange } from './apparatus.ts';
import type { Folder } from './search/fold.ts';
import type { BookRow } from './gazetteer.repository.ts';

export function parseSearchRule(json: string | null): TSearchRule | null {
  if (!json) return null;
  const parsed = ZSearchRule.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : null;
}

export function parseBibRecord(json: string | null): TBibRecord | null {
  if (!json) return null;
  const parsed = ZBibRecord.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : null;
}

/** What of a book its sections' apparatus depends on. */
export type ApparatusBook = Pick<BookRow, 'title' | 'source_format' | 'search_rule'>;

export function sectionApparatus(
  book: ApparatusBook,
  section: { text: string; anchors: readonly { offset: number }[] },
  folder: Folder,
): TextRange[] {
  return findApparatus(section.text, section.anchors, {
    titles: [book.title],
    format: book.source_format,
    rule: parseSearchRule(book.search_rule),
    fold: (s) => folder.foldText(s),
  });
}
