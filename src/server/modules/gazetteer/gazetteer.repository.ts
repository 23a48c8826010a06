import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { BookSectionTable, BookTable } from '../../db/schema.ts';
import { chunkText, encodePiece, inflatePieces, joinPieces } from './section-chunks.ts';

export type BookRow = Selectable<BookTable>;

/** A section with its display text joined from its pieces (`book_section_piece`). */
export type SectionRow = Selectable<BookSectionTable> & { text: string };

export type BookValues = Omit<BookTable, 'id' | 'created_at' | 'updated_at'>;
export type SectionValues = Omit<SectionRow, 'id' | 'book_id'>;

export async function findBooks(db: Db, options: { publishedOnly: boolean }): Promise<BookRow[]> {
  let q = db.selectFrom('book').selectAll();
  if (options.publishedOnly) q = q.where('is_published', '=', 1);
  return q.orderBy('title').orderBy('id').execute();
}

/** The books with these ids (for naming search hits without listing every book). */
export async function findBooksByIds(db: Db, ids: readonly number[]): Promise<BookRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('book')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

/** Every region some book is filed under (for expanding a province to its divisions in a search filter). */
export async function findBookRegions(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('book').select('region').distinct().where('region', 'is not', null).execute();
  return rows.map((r) => r.region as string);
}

export async function findBookById(db: Db, id: number): Promise<BookRow | undefined> {
  return db.selectFrom('book').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findBookBySourceId(db: Db, sourceId: string): Promise<BookRow | undefined> {
  return db.selectFrom('book').selectAll().where('source_id', '=', sourceId).executeTakeFirst();
}

export async function insertBook(db: Db, values: BookValues, now: string): Promise<number> {
  const row = await db
    .insertInto('book')
    .values({ ...values, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateBookRow(db: Db, id: number, values: Partial<BookValues>, now: string): Promise<void> {
  await db
    .updateTable('book')
    .set({ ...values, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function deleteBookRow(db: Db, id: number): Promise<void> {
  await deleteSections(db, id);
  await db.deleteFrom('book').where('id', '=', id).execute();
}

export async function deleteSections(db: Db, bookId: number): Promise<void> {
  await db
    .deleteFrom('book_section_piece')
    .where('section_id', 'in', (eb) => eb.selectFrom('book_section').select('id').where('book_id', '=', bookId))
    .execute();
  await db.deleteFrom('book_section').where('book_id', '=', bookId).execute();
}

/** Rows per INSERT statement (8 parameters a row: far below SQLite's 32,766 and PostgreSQL's 65,535). */
const SECTIONS_PER_STATEMENT = 500;
/** Pieces of text per INSERT statement (3 parameters a row). */
const PIECES_PER_STATEMENT = 500;
/**
 * Characters of text per INSERT statement: a few milliseconds of SQLite's synchronous work (256,000 took 35–47 ms on a
 * busy machine), and about 2 ms to deflate its pieces.
 */
const CHARS_PER_STATEMENT = 64_000;

/**
 * Inserts sections with multi-row statements (a juan can be long, a book can have hundreds of juan), their rows first
 * and then their texts in pieces; returns their ids in order. `pause` runs between two statements (the caller yields to
 * the event loop there: on SQLite each statement runs synchronously on it).
 */
export async function insertSections(
  db: Db,
  bookId: number,
  sections: readonly SectionValues[],
  pause?: () => Promise<void>,
): Promise<number[]> {
  const ids: number[] = [];
  for (let from = 0; from < sections.length; from += SECTIONS_PER_STATEMENT) {
    if (from > 0) await pause?.();
    const rows = await db
      .insertInto('book_section')
      .values(
        sections.slice(from, from + SECTIONS_PER_STATEMENT).map(({ text: _text, ...s }) => ({ ...s, book_id: bookId })),
      )
      .returning('id')
      .execute();
    for (const r of rows) ids.push(r.id);
  }
  let pieces: { section_id: number; seq: number; deflated: Uint8Array }[] = [];
  let chars = 0;
  const flush = async () => {
    if (pieces.length === 0) return;
    await pause?.();
    await db.insertInto('book_section_piece').values(pieces).execute();
    pieces = [];
    chars = 0;
  };
  for (const [i, section] of sections.entries()) {
    for (const [seq, text] of chunkText(section.text).entries()) {
      pieces.push({ section_id: ids[i] as number, seq, deflated: encodePiece(text) });
      chars += text.length;
      if (pieces.length >= PIECES_PER_STATEMENT || chars >= CHARS_PER_STATEMENT) await flush();
    }
  }
  await flush();
  return ids;
}

/** The joined texts of these sections (a section with no pieces has the empty text). */
async function findTexts(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  const rows: [number, Uint8Array][] = [];
  for (let i = 0; i < ids.length; i += PIECES_PER_STATEMENT) {
    const some = await db
      .selectFrom('book_section_piece')
      .select(['section_id', 'deflated'])
      .where('section_id', 'in', ids.slice(i, i + PIECES_PER_STATEMENT))
      .orderBy('section_id')
      .orderBy('seq')
      .execute();
    const utf16 = await inflatePieces(some.map((r) => r.deflated));
    some.forEach((r, k) => rows.push([r.section_id, utf16[k] as Uint8Array]));
  }
  const joined = joinPieces(rows);
  return new Map(ids.map((id) => [id, joined.get(id) ?? '']));
}

async function withTexts<T extends { id: number }>(db: Db, rows: T[]): Promise<(T & { text: string })[]> {
  const texts = await findTexts(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, text: texts.get(r.id) ?? '' }));
}

/** The table of contents: every section without its text. */
export async function findToc(db: Db, bookId: number) {
  return db
    .selectFrom('book_section')
    .select(['id', 'ordinal', 'level', 'parent_ordinal', 'title', 'anchors_json'])
    .where('book_id', '=', bookId)
    .orderBy('ordinal')
    .execute();
}

export async function findSection(db: Db, bookId: number, ordinal: number): Promise<SectionRow | undefined> {
  const row = await db
    .selectFrom('book_section')
    .selectAll()
    .where('book_id', '=', bookId)
    .where('ordinal', '=', ordinal)
    .executeTakeFirst();
  return row ? (await withTexts(db, [row]))[0] : undefined;
}

/** Every section of a book with its text, in order (for indexing and `books text`). */
export async function findSections(db: Db, bookId: number): Promise<SectionRow[]> {
  const rows = await db
    .selectFrom('book_section')
    .selectAll()
    .where('book_id', '=', bookId)
    .orderBy('ordinal')
    .execute();
  return withTexts(db, rows);
}

/** Title and ordinal of the sections a page of hits points into (the engine has placed the hits on their lines). */
export async function findSectionHeads(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('book_section')
    .select(['id', 'ordinal', 'title'])
    .where('id', 'in', [...ids])
    .execute();
}

// ── Scholars' gazetteer (issue 16) ──

/** Heads of sections with their text, for canonical locators (葉 + 行 needs the line breaks before a hit). */
export async function findSectionsWithText(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('book_section')
    .select(['id', 'book_id', 'ordinal', 'title', 'anchors_json'])
    .where('id', 'in', [...ids])
    .execute();
  return withTexts(db, rows);
}

/**
 * Up to `count` sections of published books that have text, spread evenly over the range of section ids, with their
 * text: the server cuts its warm-up searches from them (search-warmup.ts). One indexed lookup per section.
 */
export async function findSpreadPublishedSections(db: Db, count: number) {
  const range = await db
    .selectFrom('book_section')
    .select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')])
    .executeTakeFirst();
  const lo = range?.lo === null || range?.lo === undefined ? null : Number(range.lo);
  const hi = range?.hi === null || range?.hi === undefined ? null : Number(range.hi);
  if (lo === null || hi === null) return [];
  const ids = new Set<number>();
  for (let k = 0; k < count; k++) {
    const row = await db
      .selectFrom('book_section as s')
      .innerJoin('book as b', 'b.id', 's.book_id')
      // Sections with text only (a heading of a 卷 often has none): those have a first piece.
      .innerJoin('book_section_piece as p', (j) => j.onRef('p.section_id', '=', 's.id').on('p.seq', '=', 0))
      .select('s.id')
      .where('s.id', '>=', Math.floor(lo + ((hi - lo) * k) / count))
      .where('b.is_published', '=', 1)
      .orderBy('s.id')
      .limit(1)
      .executeTakeFirst();
    if (row) ids.add(row.id);
  }
  return findSectionsWithText(db, [...ids]);
}

/** A reader's saved searches or history, newest first. */
export async function findSavedSearches(db: Db, userId: number, kind: 'saved' | 'history', limit: number) {
  return db
    .selectFrom('saved_search')
    .selectAll()
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function insertSavedSearch(
  db: Db,
  values: { user_id: number; kind: string; name: string | null; query: string; created_at: string },
): Promise<number> {
  const row = await db.insertInto('saved_search').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Deletes one of the reader's own entries; returns whether there was one. */
export async function deleteSavedSearch(db: Db, userId: number, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom('saved_search')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Removes a history query already recorded (it moves to the top) and all but the newest `keep` entries. */
export async function pruneSearchHistory(db: Db, userId: number, query: string, keep: number): Promise<void> {
  await db
    .deleteFrom('saved_search')
    .where('user_id', '=', userId)
    .where('kind', '=', 'history')
    .where('query', '=', query)
    .execute();
  const old = await db
    .selectFrom('saved_search')
    .select('id')
    .where('user_id', '=', userId)
    .where('kind', '=', 'history')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .offset(keep)
    .limit(1000)
    .execute();
  if (old.length > 0)
    await db
      .deleteFrom('saved_search')
      .where(
        'id',
        'in',
        old.map((r) => r.id),
      )
      .execute();
}

/** Per book: how many sections and their id range (the database side of the search-index fingerprint). */
export async function findSectionIdStats(
  db: Db,
): Promise<{ book_id: number; n: number; min_id: number; max_id: number }[]> {
  const rows = await db
    .selectFrom('book_section')
    .select((eb) => [
      'book_id',
      eb.fn.countAll<string | number>().as('n'),
      eb.fn.min('id').as('min_id'),
      eb.fn.max('id').as('max_id'),
    ])
    .groupBy('book_id')
    .execute();
  return rows.map((r) => ({
    book_id: Number(r.book_id),
    n: Number(r.n),
    min_id: Number(r.min_id),
    max_id: Number(r.max_id),
  }));
}

/** How many books and sections the database holds (the fuzz run checks a refused save left none behind). */
export async function countBooksAndSections(db: Db): Promise<{ books: number; sections: number }> {
  const [books, sections] = await Promise.all([
    db
      .selectFrom('book')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('book_section')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { books: Number(books.n), sections: Number(sections.n) };
}
