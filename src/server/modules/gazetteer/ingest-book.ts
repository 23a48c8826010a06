/**
 * Changing the database: ingest (replace by source id), metadata edits, publishing, deletion, reindexing.
 *
 * The books live in the main database, the source of truth; each server's search index is a cache that follows the
 * change log (`book_change`, `index-follower.ts`). Every change writes its rows and its change-log row in one
 * transaction and commits; only then does it write this server's index (`applyLocally`: recorded as applied, so the
 * follower does not apply it again). The transaction never waits for the index, so two ingests overlap in the index's
 * workers. When the index write fails after the commit, the change stands (the rows are committed) and stays in the
 * log: the follower re-indexes the book from its rows, and the ingest says the index is catching up. A change whose
 * transaction fails leaves neither rows nor index entries.
 *
 * A book can have millions of characters. The work on this thread (packing sections, finding the apparatus) goes in
 * slices of about `SLICE_CHARS`, yielding to the event loop between them. A server on an SQLite file writes the rows
 * in a thread of their own (`book-rows-writer.ts`); elsewhere they are inserted here, in slices too (on SQLite every
 * statement runs synchronously on the event loop); either way they go in one transaction (`book-rows.ts`).
 */
import { AppError } from '../../../shared/errors.ts';
import {
  ZBookMetadata,
  type TBook,
  type TBookMetadata,
  type TBookType,
  type TIngestResponse,
} from '../../../shared/gazetteer.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Logger } from '../../platform/logger.ts';
import { authorize } from '../../platform/policy.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import type { ParsedBook, ParsedSection } from './book-model.ts';
import { packSection, type PackedBook, type PackedSection } from './packed-book.ts';
import type { IndexedSection, SectionFacets } from './search/search-index.ts';
import { deriveParentOrdinals, derivePeriodFacet } from './book-facets.ts';
import type { ApparatusBook } from './book-apparatus.ts';
import { presentBook, type GazetteerDeps } from './read-books.ts';
import {
  deleteBookRow,
  findBookById,
  findBookBySourceId,
  findBooks,
  findSections,
  updateBookRow,
  type BookRow,
  type BookValues,
  type SectionValues,
} from './gazetteer.repository.ts';
import { writeBookRows, type BookRowsJob } from './book-rows.ts';
import { recordBookChange } from './book-changes.repository.ts';
import { applyLocally, type AppliedChange } from './applied-locally.ts';

/** Characters of work on the event loop between two yields (well under 50 ms of serializing, folding or inserting). */
export const SLICE_CHARS = 64_000;

/** Lets timers and I/O run (between two slices of a long synchronous job). */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** `items.map(fn)`, yielding to the event loop after about `SLICE_CHARS` of `weight`. */
async function mapInSlices<T, U>(
  items: readonly T[],
  weight: (item: T) => number,
  fn: (item: T, i: number) => U,
): Promise<U[]> {
  const out: U[] = [];
  let done = 0;
  for (const [i, item] of items.entries()) {
    out.push(fn(item, i));
    done += weight(item);
    if (done >= SLICE_CHARS) {
      done = 0;
      await yieldToEventLoop();
    }
  }
  return out;
}

/** What a change tells the caller when it was committed but this server's index could not be written. */
const INDEX_PENDING = '书目已保存，但本服务器的检索索引暂未更新；索引会自动按变更记录补上，稍后即可检索。';

/** Logs a change whose index write failed after its commit (the follower repairs it; nothing is lost). */
function reportIndexLag(deps: { logger?: Logger }, bookId: number, change: AppliedChange<unknown>): void {
  if (change.indexed) return;
  deps.logger?.warn(
    { err: change.indexError, bookId },
    'search index write failed after commit; the index follower re-indexes the book from the change log',
  );
}

export interface IngestSource {
  /** Packed as the parser's child sends it (packed-book.ts), or as a parser returns it (tests, scripts). */
  book: ParsedBook | PackedBook;
  /** e.g. `kanripo`, `docx`. */
  format: string;
  /** File or folder name shown to staff. */
  sourceName: string;
}

/** Metadata given by the person ingesting; it wins over what the source says. */
export type IngestOverrides = TBookMetadata & { published?: boolean };

function defaultType(format: string): TBookType {
  return format === 'kanripo' ? '旧志' : '其他地情文献';
}

/** The facets the index stores with every section of a book. */
function indexFacets(book: BookRow): SectionFacets {
  return {
    type: book.type,
    region: book.region,
    period: derivePeriodFacet(book.period, book.year),
    year: book.year,
    title: book.title,
    published: book.is_published === 1,
  };
}

/**
 * The index entries of a book's sections: the row's facets, and what the apparatus the index leaves out is found from
 * (the book's title, format and rule, and each section's stored anchors). The index finds it in its own thread
 * (`IndexedSection.apparatus`): it parses every anchor and folds every line, work the event loop is spared.
 */
function toIndexedSections(book: BookRow, sections: readonly { id: number; text: string; anchors_json: string }[]) {
  const facets = indexFacets(book);
  const apparatusBook: ApparatusBook = {
    title: book.title,
    source_format: book.source_format,
    search_rule: book.search_rule,
  };
  return sections.map((s): IndexedSection => ({
    sectionId: s.id,
    bookId: book.id,
    text: s.text,
    facets,
    apparatus: { book: apparatusBook, anchorsJson: s.anchors_json },
  }));
}

/** Makes the index agree with the rows of one book as `db` sees them (the book removed when it has no row). */
export async function indexFromRows(db: Db, deps: Pick<GazetteerDeps, 'search'>, bookId: number): Promise<void> {
  const sections = await indexedSectionsFromRows(db, bookId);
  if (sections === null) await deps.search.index.removeBook(bookId);
  else await deps.search.index.indexBook(bookId, sections);
}

/** What the index holds for a book, from its committed rows; null when the book is gone. */
async function indexedSectionsFromRows(db: Db, bookId: number): Promise<IndexedSection[] | null> {
  const book = await findBookById(db, bookId);
  if (!book) return null;
  return toIndexedSections(book, await findSections(db, bookId));
}

/** Makes the index agree with the committed rows of one book (after a failed commit, or on demand). */
export async function resyncBook(deps: GazetteerDeps, bookId: number | null): Promise<void> {
  if (bookId === null) return;
  await indexFromRows(deps.db, deps, bookId);
}

function checkOverrides(overrides: IngestOverrides): IngestOverrides {
  const parsed = ZBookMetadata.safeParse(overrides);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError('VALIDATION_FAILED', first ? first.message : undefined);
  }
  return { ...parsed.data, ...(overrides.published === undefined ? {} : { published: overrides.published }) };
}

/**
 * Saves a parsed book: a new book, or — when a book with the same source id exists — a replacement that keeps its id,
 * its publication state and the metadata staff set, unless the source or the overrides say otherwise.
 */
export async function ingestBook(
  deps: GazetteerDeps,
  actor: Principal,
  source: IngestSource,
  rawOverrides: IngestOverrides = {},
): Promise<TIngestResponse> {
  authorize(actor, 'book.manage');
  const overrides = checkOverrides(rawOverrides);
  const { book, format, sourceName } = source;
  const m = book.metadata;
  if (book.sections.length === 0) throw new AppError('UNPROCESSABLE_DOCUMENT', `“${sourceName}”中没有可导入的章节。`);
  const now = deps.clock.now().toISOString();
  const sections: readonly (ParsedSection | PackedSection)[] = book.sections;
  const parents = deriveParentOrdinals(sections.map((s) => s.level));
  const sectionValues = await mapInSlices(
    sections,
    (s) => s.text.length,
    (s, i): SectionValues => {
      const packed = packSection(s);
      return {
        ordinal: i + 1,
        level: packed.level,
        parent_ordinal: parents[i] ?? null,
        title: packed.title,
        text: packed.text,
        anchors_json: packed.anchorsJson,
        notes_json: packed.notesJson,
        glyphs_json: packed.glyphsJson,
      };
    },
  );
  const existing = await findBookBySourceId(deps.db, m.sourceId);
  const pick = <K extends keyof BookValues>(
    key: K,
    fromOverride: BookValues[K] | undefined,
    fromSource: BookValues[K] | undefined,
    fallback: BookValues[K],
  ): BookValues[K] =>
    fromOverride !== undefined
      ? fromOverride
      : fromSource !== undefined
        ? fromSource
        : existing
          ? existing[key]
          : fallback;
  const values: BookValues = {
    source_id: m.sourceId,
    title: pick('title', overrides.title, m.title || undefined, sourceName),
    type: pick('type', overrides.type, undefined, defaultType(format)),
    region: pick('region', overrides.region, undefined, null),
    year: pick('year', overrides.year, m.year, null),
    period: pick('period', overrides.period, m.period, null),
    edition: pick('edition', overrides.edition, m.edition, null),
    compiler: pick('compiler', overrides.compiler, m.compiler, null),
    publisher: pick('publisher', overrides.publisher, m.publisher, null),
    place: pick('place', overrides.place, undefined, null),
    isbn: pick('isbn', overrides.isbn, m.isbn, null),
    licence: pick('licence', overrides.licence, m.licence, null),
    bib_json: pick(
      'bib_json',
      overrides.bib === undefined ? undefined : overrides.bib && JSON.stringify(overrides.bib),
      m.bib ? JSON.stringify(m.bib) : undefined,
      null,
    ),
    search_rule: pick(
      'search_rule',
      overrides.searchRule === undefined ? undefined : overrides.searchRule && JSON.stringify(overrides.searchRule),
      undefined,
      null,
    ),
    source_format: format,
    source_name: sourceName,
    is_published: overrides.published !== undefined ? (overrides.published ? 1 : 0) : (existing?.is_published ?? 0),
    section_count: sectionValues.length,
    char_count: sections.reduce((n, s) => n + s.text.length, 0),
  };
  const job: BookRowsJob = { existing: existing ?? null, values, sections: sectionValues, now, actor };
  const change = await applyLocally(
    deps.search.index,
    existing?.id ?? null,
    async () => {
      const { seq, row, ids } = deps.bookRows
        ? await deps.bookRows.write(job)
        : await deps.db.transaction().execute((trx) => writeBookRows(trx, job, yieldToEventLoop));
      return { seq, bookId: row.id, value: { row, ids } };
    },
    ({ value: { row, ids } }) =>
      deps.search.index.indexBook(
        row.id,
        toIndexedSections(
          row,
          sectionValues.map((s, i) => ({ id: ids[i] as number, text: s.text, anchors_json: s.anchors_json })),
        ),
      ),
  );
  reportIndexLag(deps, change.value.row.id, change);
  return {
    book: presentBook(change.value.row),
    replaced: Boolean(existing),
    warnings: change.indexed ? book.warnings : [...book.warnings, INDEX_PENDING],
  };
}

/** Stored with every indexed section (facets, or the apparatus that depends on the title and the rule): a change re-indexes. */
const FACET_FIELDS = ['title', 'type', 'region', 'year', 'period', 'search_rule'] as const;

export async function updateBookMetadata(
  deps: GazetteerDeps,
  actor: Principal,
  id: number,
  input: TBookMetadata,
): Promise<TBook> {
  authorize(actor, 'book.manage');
  const changes: Partial<BookValues> = {};
  for (const [key, value] of Object.entries(input) as [keyof TBookMetadata, unknown][]) {
    if (value === undefined) continue;
    if (key === 'bib') changes.bib_json = value === null ? null : JSON.stringify(value);
    else if (key === 'searchRule') changes.search_rule = value === null ? null : JSON.stringify(value);
    else (changes as Record<string, unknown>)[key] = value;
  }
  const change = await applyLocally(
    deps.search.index,
    id,
    () =>
      deps.db.transaction().execute(async (trx) => {
        const before = await findBookById(trx, id);
        if (!before) throw new AppError('NOT_FOUND', `书目 ${id} 不存在。`);
        await updateBookRow(trx, id, changes, deps.clock.now().toISOString());
        const after = (await findBookById(trx, id))!;
        await recordAudit(trx, deps.clock, actor, {
          action: 'book.update',
          entityType: 'book',
          entityId: id,
          summary: `修改《${after.title}》的著录信息`,
          before: presentBook(before),
          after: presentBook(after),
        });
        const seq = await recordBookChange(trx, id, 'update', deps.clock.now().toISOString());
        return { seq, bookId: id, value: { before, after } };
      }),
    // Facets are stored with every indexed section, so a change to one of them re-indexes the book (from the committed
    // rows: this book's lock keeps every other change of it in this process out until the index has them).
    async ({ value: { before, after } }) => {
      if (FACET_FIELDS.some((f) => before[f] !== after[f])) await indexFromRows(deps.db, deps, id);
    },
  );
  reportIndexLag(deps, id, change);
  return presentBook(change.value.after);
}

export async function setBookPublished(
  deps: GazetteerDeps,
  actor: Principal,
  id: number,
  published: boolean,
): Promise<TBook> {
  authorize(actor, 'book.manage');
  // The flag is set in this server's index after the commit (a cheap update, issue 15's filters live in the index);
  // the change log row tells the other servers, whose followers re-index the book.
  const change = await applyLocally(
    deps.search.index,
    id,
    () =>
      deps.db.transaction().execute(async (trx) => {
        const before = await findBookById(trx, id);
        if (!before) throw new AppError('NOT_FOUND', `书目 ${id} 不存在。`);
        const now = deps.clock.now().toISOString();
        await updateBookRow(trx, id, { is_published: published ? 1 : 0 }, now);
        const after = (await findBookById(trx, id))!;
        await recordAudit(trx, deps.clock, actor, {
          action: published ? 'book.publish' : 'book.unpublish',
          entityType: 'book',
          entityId: id,
          summary: `${published ? '发布' : '撤销发布'}《${after.title}》`,
          before: { published: before.is_published === 1 },
          after: { published },
        });
        const seq = await recordBookChange(trx, id, published ? 'publish' : 'unpublish', now);
        return { seq, bookId: id, value: presentBook(after) };
      }),
    () => deps.search.index.setBookPublished(id, published),
  );
  reportIndexLag(deps, id, change);
  return change.value;
}

export async function deleteBook(deps: GazetteerDeps, actor: Principal, id: number): Promise<void> {
  authorize(actor, 'book.manage');
  const change = await applyLocally(
    deps.search.index,
    id,
    () =>
      deps.db.transaction().execute(async (trx) => {
        const row = await findBookById(trx, id);
        if (!row) throw new AppError('NOT_FOUND', `书目 ${id} 不存在。`);
        await deleteBookRow(trx, id);
        await recordAudit(trx, deps.clock, actor, {
          action: 'book.delete',
          entityType: 'book',
          entityId: id,
          summary: `删除《${row.title}》`,
          before: presentBook(row),
        });
        const seq = await recordBookChange(trx, id, 'delete', deps.clock.now().toISOString());
        return { seq, bookId: id, value: undefined };
      }),
    () => deps.search.index.removeBook(id),
  );
  reportIndexLag(deps, id, change);
}

/** Re-indexes every book from the database (the index is derived data); returns the number of books indexed. */
export async function reindexAll(
  deps: GazetteerDeps,
  onBook?: (done: number, total: number, title: string) => void,
): Promise<number> {
  const books = await findBooks(deps.db, { publishedOnly: false });
  const index = deps.search.index;
  if (!index.indexBooks) {
    for (const [i, book] of books.entries()) {
      await indexFromRows(deps.db, deps, book.id);
      onBook?.(i + 1, books.length, book.title);
    }
    return books.length;
  }
  // A rebuild sends books in batches of about REINDEX_BATCH_CHARS (one index segment each), two batches in flight so
  // that both search workers build at once while the next batch is read from the database.
  const inFlight = new Set<Promise<void>>();
  let batch: { bookId: number; sections: IndexedSection[] }[] = [];
  let batchChars = 0;
  let done = 0;
  const send = async (items: typeof batch) => {
    const job: Promise<void> = index.indexBooks!(items).then(() => {
      done += items.length;
      const last = items[items.length - 1];
      if (last) onBook?.(done, books.length, books.find((b) => b.id === last.bookId)?.title ?? '');
    });
    inFlight.add(job);
    void job.finally(() => inFlight.delete(job)).catch(() => undefined);
    if (inFlight.size >= 2) await Promise.race(inFlight);
  };
  for (const book of books) {
    const sections = await indexedSectionsFromRows(deps.db, book.id);
    if (sections === null) continue;
    batch.push({ bookId: book.id, sections });
    batchChars += sections.reduce((n, s) => n + s.text.length, 0);
    if (batchChars >= REINDEX_BATCH_CHARS) {
      await send(batch);
      batch = [];
      batchChars = 0;
    }
  }
  if (batch.length > 0) await send(batch);
  await Promise.all(inFlight);
  return books.length;
}

/** Characters of books per index batch during a rebuild (a segment is cut at 16 M units anyway). */
const REINDEX_BATCH_CHARS = 12_000_000;
