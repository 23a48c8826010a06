/**
 * Changing the database: ingest (replace by source id), metadata edits, publishing, deletion, reindexing.
 *
 * The books live in the main database; the search index is a separate SQLite file. Every change writes the rows in one
 * transaction and updates the index inside that transaction's callback: an index failure rolls the rows back, and a
 * failed commit after the index was written is repaired by re-syncing the index from the rows (`resyncBook`). Nothing
 * half-done remains either way.
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
import { authorize } from '../../platform/policy.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import type { ParsedBook } from './book-model.ts';
import type { IndexedSection } from './search/search-index.ts';
import { deriveParentOrdinals, derivePeriodFacet } from './book-facets.ts';
import { sectionApparatus } from './book-apparatus.ts';
import type { Folder } from './search/fold.ts';
import { presentBook, type GazetteerDeps } from './read-books.ts';
import {
  deleteBookRow,
  deleteSections,
  findBookById,
  findBookBySourceId,
  findBooks,
  findSections,
  insertBook,
  insertSections,
  updateBookRow,
  type BookRow,
  type BookValues,
} from './gazetteer.repository.ts';
import { recordBookChange } from './book-changes.repository.ts';
import { applyLocally } from './applied-locally.ts';

export interface IngestSource {
  book: ParsedBook;
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

/** The rows' facets, as the index stores them per section, and the apparatus the index leaves out. */
function toIndexedSections(
  book: BookRow,
  sections: { id: number; text: string; anchors_json: string }[],
  folder: Folder,
): IndexedSection[] {
  const facets = {
    type: book.type,
    region: book.region,
    period: derivePeriodFacet(book.period, book.year),
    year: book.year,
    title: book.title,
    published: book.is_published === 1,
  };
  return sections.map((s) => {
    const skip = sectionApparatus(
      book,
      { text: s.text, anchors: JSON.parse(s.anchors_json) as { offset: number }[] },
      folder,
    );
    return { sectionId: s.id, bookId: book.id, text: s.text, facets, ...(skip.length > 0 ? { skip } : {}) };
  });
}

/** Makes the index agree with the rows of one book as `db` sees them (the book removed when it has no row). */
export async function indexFromRows(db: Db, deps: Pick<GazetteerDeps, 'search'>, bookId: number): Promise<void> {
  const book = await findBookById(db, bookId);
  if (!book) {
    // The index methods are becoming asynchronous (issue 15): always await them.
    await Promise.resolve(deps.search.index.removeBook(bookId));
    return;
  }
  const sections = toIndexedSections(book, await findSections(db, bookId), deps.search.folder);
  await Promise.resolve(deps.search.index.indexBook(bookId, sections));
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
  const parents = deriveParentOrdinals(book.sections.map((s) => s.level));
  const sectionValues = book.sections.map((s, i) => ({
    ordinal: i + 1,
    level: s.level,
    parent_ordinal: parents[i] ?? null,
    title: s.title,
    text: s.text,
    anchors_json: JSON.stringify(s.anchors),
    notes_json: JSON.stringify(s.notes),
    glyphs_json: s.glyphs && s.glyphs.length > 0 ? JSON.stringify(s.glyphs) : null,
  }));
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
    char_count: book.sections.reduce((n, s) => n + s.text.length, 0),
  };
  let bookId: number | null = existing?.id ?? null;
  try {
    // The change log row goes last, so its writer lock is held only until the commit (book-changes.repository.ts).
    const saved = await applyLocally(deps.search.index, () =>
      deps.db.transaction().execute(async (trx) => {
        let id: number;
        if (existing) {
          id = existing.id;
          await deleteSections(trx, id);
          await updateBookRow(trx, id, values, now);
        } else {
          id = await insertBook(trx, values, now);
          bookId = id;
        }
        const ids = await insertSections(trx, id, sectionValues);
        const row = (await findBookById(trx, id))!;
        await recordAudit(trx, deps.clock, actor, {
          action: existing ? 'book.replace' : 'book.ingest',
          entityType: 'book',
          entityId: id,
          summary: `${existing ? '重新导入' : '导入'}《${row.title}》（${sectionValues.length} 节，${values.char_count} 字）`,
          before: existing ? presentBook(existing) : undefined,
          after: presentBook(row),
        });
        await Promise.resolve(
          deps.search.index.indexBook(
            id,
            toIndexedSections(
              row,
              sectionValues.map((s, i) => ({ id: ids[i] as number, text: s.text, anchors_json: s.anchors_json })),
              deps.search.folder,
            ),
          ),
        );
        return { seq: await recordBookChange(trx, id, existing ? 'replace' : 'ingest', now), value: row };
      }),
    );
    return { book: presentBook(saved), replaced: Boolean(existing), warnings: book.warnings };
  } catch (error) {
    await resyncBook(deps, bookId).catch(() => undefined);
    throw error;
  }
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
  try {
    return await applyLocally(deps.search.index, () =>
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
        // Facets are stored with every indexed section, so a change to one of them re-indexes the book.
        if (FACET_FIELDS.some((f) => before[f] !== after[f])) await indexFromRows(trx, deps, id);
        const seq = await recordBookChange(trx, id, 'update', deps.clock.now().toISOString());
        return { seq, value: presentBook(after) };
      }),
    );
  } catch (error) {
    await resyncBook(deps, id).catch(() => undefined);
    throw error;
  }
}

export async function setBookPublished(
  deps: GazetteerDeps,
  actor: Principal,
  id: number,
  published: boolean,
): Promise<TBook> {
  authorize(actor, 'book.manage');
  try {
    // The flag is set in this server's index inside the transaction (a cheap update, issue 15's filters live in the
    // index); the change log row tells the other servers, whose followers re-index the book.
    return await applyLocally(deps.search.index, () =>
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
        await deps.search.index.setBookPublished(id, published);
        return {
          seq: await recordBookChange(trx, id, published ? 'publish' : 'unpublish', now),
          value: presentBook(after),
        };
      }),
    );
  } catch (error) {
    // The flag was set in the index before the commit failed: put the index back as the rows say.
    await resyncBook(deps, id).catch(() => undefined);
    throw error;
  }
}

export async function deleteBook(deps: GazetteerDeps, actor: Principal, id: number): Promise<void> {
  authorize(actor, 'book.manage');
  try {
    await applyLocally(deps.search.index, () =>
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
        await Promise.resolve(deps.search.index.removeBook(id));
        return { seq: await recordBookChange(trx, id, 'delete', deps.clock.now().toISOString()), value: undefined };
      }),
    );
  } catch (error) {
    await resyncBook(deps, id).catch(() => undefined);
    throw error;
  }
}

/** Re-indexes every book from the database (the index is derived data); returns the number of books indexed. */
export async function reindexAll(
  deps: GazetteerDeps,
  onBook?: (done: number, total: number, title: string) => void,
): Promise<number> {
  const books = await findBooks(deps.db, { publishedOnly: false });
  for (const [i, book] of books.entries()) {
    await indexFromRows(deps.db, deps, book.id);
    onBook?.(i + 1, books.length, book.title);
  }
  return books.length;
}
