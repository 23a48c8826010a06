/**
 * The search index is derived from the database and written just after the database commits, so a crash between the
 * two, a failed index write or a restored backup can leave them disagreeing. This is the cheap check, run at every start, after a
 * restore and after `books reindex`: per book, the section count, section id range and facets on both sides (two
 * grouped reads, no text). Books that differ are re-indexed from their rows; books only in the index are removed.
 */
import { findBooks, findSectionIdStats } from './gazetteer.repository.ts';
import { derivePeriodFacet } from './book-facets.ts';
import { resyncBook } from './ingest-book.ts';
import type { GazetteerDeps } from './read-books.ts';

/** What the database says each book's index entry must be, in the format of `SearchIndex.bookFingerprints`. */
export async function databaseBookFingerprints(deps: Pick<GazetteerDeps, 'db'>): Promise<Map<number, string>> {
  const [books, stats] = await Promise.all([findBooks(deps.db, { publishedOnly: false }), findSectionIdStats(deps.db)]);
  const byBook = new Map(stats.map((s) => [s.book_id, s]));
  const out = new Map<number, string>();
  for (const book of books) {
    const s = byBook.get(book.id);
    if (!s) continue; // a book without sections has nothing in the index
    const facets = JSON.stringify([
      book.title,
      book.type,
      book.region,
      derivePeriodFacet(book.period, book.year),
      book.year,
      book.is_published === 1,
    ]);
    out.set(book.id, `${s.n}:${s.min_id}:${s.max_id}:${facets}`);
  }
  return out;
}

/** Book ids on which index and database disagree (missing on either side, or a different fingerprint). */
export async function findIndexMismatches(deps: Pick<GazetteerDeps, 'db' | 'search'>): Promise<number[]> {
  const indexed = await deps.search.index.bookFingerprints?.();
  if (!indexed) return [];
  const expected = await databaseBookFingerprints(deps);
  const ids = new Set([...indexed.keys(), ...expected.keys()]);
  return [...ids].filter((id) => indexed.get(id) !== expected.get(id)).sort((a, b) => a - b);
}

/** Makes the index agree with the database where it does not; returns the ids of the books re-indexed or removed. */
export async function syncSearchIndexWithDatabase(deps: GazetteerDeps): Promise<number[]> {
  const mismatched = await findIndexMismatches(deps);
  for (const id of mismatched) await resyncBook(deps, id);
  return mismatched;
}
