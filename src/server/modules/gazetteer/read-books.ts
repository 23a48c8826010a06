/**
 * Reading the database: book list, book with its table of contents, one section (with the hits of a query), and the
 * search text of a book. Anonymous readers (null) see published books only; staff with `book.read_all` and the system
 * (the operator's command line) see all.
 */
import { decodeNotes } from './section-notes.ts';
import { AppError } from '../../../shared/errors.ts';
import {
  BOOK_TYPES,
  type TBook,
  type TCitation,
  type TBookDetail,
  type TBookType,
  type TPageAnchor,
  type TSection,
} from '../../../shared/gazetteer.ts';
import type { Db } from '../../db/database.ts';
import { divisionName } from '../org/divisions.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import { isAllowed } from '../../platform/policy.ts';
import type { GazetteerSearch } from './open-search.ts';
import type { BookRowsWriter } from './book-rows-writer.ts';
import { findSectionHits } from './section-hits.ts';
import { formatCitation, formatResponsibility } from './citation.ts';
import { parseBibRecord, parseSearchRule, sectionApparatus } from './book-apparatus.ts';
import { anchorLabel, findLineOffset, locate } from '../../../shared/locator.ts';
import { findBookById, findBooks, findSection, findSections, findToc, type BookRow } from './gazetteer.repository.ts';

export interface GazetteerDeps {
  db: Db;
  clock: Clock;
  search: GazetteerSearch;
  /** Where a change whose index write failed after its commit is reported (the follower repairs the index). */
  logger?: Logger;
  /**
   * Where an ingest's rows are written: a server on an SQLite file has a thread for it (`book-rows-writer.ts`); without
   * one they are written on `db`, in slices.
   */
  bookRows?: BookRowsWriter;
}

export function presentBook(row: BookRow): TBook {
  return {
    id: row.id,
    sourceId: row.source_id,
    title: row.title,
    type: (BOOK_TYPES as readonly string[]).includes(row.type) ? (row.type as TBookType) : '其他地情文献',
    region: row.region,
    regionName: row.region ? (divisionName(row.region) ?? row.region) : null,
    year: row.year,
    period: row.period,
    edition: row.edition,
    compiler: row.compiler,
    publisher: row.publisher,
    place: row.place,
    isbn: row.isbn,
    licence: row.licence,
    sourceFormat: row.source_format,
    sourceName: row.source_name,
    published: row.is_published === 1,
    sectionCount: row.section_count,
    charCount: row.char_count,
    bib: parseBibRecord(row.bib_json),
    searchRule: parseSearchRule(row.search_rule),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Who is reading: a signed-in user, the system (the command line), or an anonymous member of the public (null: the
 * books and search are public, so no session is not an error here, only a narrower scope).
 */
export type Reader = Principal | null;

/** Whether the reader sees unpublished books too: anonymous readers never do; others need `book.read_all`. */
export function readsAll(actor: Reader): boolean {
  return actor !== null && isAllowed(actor, 'book.read_all');
}

/** The book if this reader may see it; unpublished books are "not found" for the public, so their existence does not leak. */
export async function findVisibleBook(db: Db, actor: Reader, id: number): Promise<BookRow> {
  const row = await findBookById(db, id);
  if (!row || (row.is_published !== 1 && !readsAll(actor)))
    throw new AppError('NOT_FOUND', `书目 ${id} 不存在或尚未发布。`);
  return row;
}

export async function listBooks(deps: Pick<GazetteerDeps, 'db'>, actor: Reader): Promise<TBook[]> {
  return (await findBooks(deps.db, { publishedOnly: !readsAll(actor) })).map(presentBook);
}

/** Stored anchors with their canonical label (`卷十四 葉2a`), whatever label the ingester of the day stored. */
function parseAnchors(json: string, sectionTitle: string): TPageAnchor[] {
  return (JSON.parse(json) as TPageAnchor[]).map((a) => ({ ...a, label: anchorLabel(sectionTitle, a.id) }));
}

export async function getBook(deps: Pick<GazetteerDeps, 'db'>, actor: Reader, id: number): Promise<TBookDetail> {
  const row = await findVisibleBook(deps.db, actor, id);
  const toc = (await findToc(deps.db, id)).map((s) => ({
    ordinal: s.ordinal,
    level: s.level,
    title: s.title,
    parentOrdinal: s.parent_ordinal,
    firstAnchor: parseAnchors(s.anchors_json, s.title)[0]?.label ?? null,
  }));
  return { ...presentBook(row), toc };
}

export async function getSection(
  deps: GazetteerDeps,
  actor: Reader,
  bookId: number,
  ordinal: number,
  options: { q?: string | undefined; fold?: boolean },
): Promise<TSection> {
  const book = await findVisibleBook(deps.db, actor, bookId);
  const row = await findSection(deps.db, bookId, ordinal);
  if (!row) throw new AppError('NOT_FOUND', `《${book.title}》没有第 ${ordinal} 节，请从目录进入。`);
  const anchors = parseAnchors(row.anchors_json, row.title);
  const apparatus = sectionApparatus(book, { text: row.text, anchors }, deps.search.folder);
  const hits = options.q
    ? findSectionHits(row.text, options.q, deps.search.folder, options.fold ?? true, apparatus)
    : [];
  return {
    bookId,
    ordinal,
    level: row.level,
    title: row.title,
    text: row.text,
    anchors,
    notes: decodeNotes(row.notes_json),
    apparatus,
    glyphs: row.glyphs_json ? (JSON.parse(row.glyphs_json) as TSection['glyphs']) : [],
    previous: ordinal > 1 ? ordinal - 1 : null,
    next: ordinal < book.section_count ? ordinal + 1 : null,
    hits,
  };
}

/**
 * The exact text the index searches, section by section (what `books text --search-text` prints), so anyone can check
 * a count by brute force. `fold: false` gives the unfolded search text (original glyphs, layout removed).
 */
export async function readSearchText(
  deps: GazetteerDeps,
  bookId: number,
  options: { fold?: boolean } = {},
): Promise<{ ordinal: number; title: string; text: string | null }[]> {
  const sections = await findSections(deps.db, bookId);
  const out: { ordinal: number; title: string; text: string | null }[] = [];
  for (const s of sections)
    out.push({ ordinal: s.ordinal, title: s.title, text: await deps.search.index.searchText(s.id, options) });
  return out;
}

/**
 * The GB/T 7714-2015 reference of a passage: at a line (`014-2a.3`) or a page anchor when one is given, else at the
 * section's first page; with its permalink on this server and today's date as the date consulted.
 */
export async function citeSection(
  deps: GazetteerDeps,
  actor: Reader,
  bookId: number,
  ordinal: number,
  options: { anchor?: string | undefined; line?: string | undefined; origin: string },
): Promise<TCitation> {
  const book = await findVisibleBook(deps.db, actor, bookId);
  const row = await findSection(deps.db, bookId, ordinal);
  if (!row) throw new AppError('NOT_FOUND', `《${book.title}》没有第 ${ordinal} 节。`);
  const section = { title: row.title, text: row.text, anchors: parseAnchors(row.anchors_json, row.title) };
  let offset: number | null = section.anchors[0]?.offset ?? null;
  if (options.line) {
    offset = findLineOffset(section, options.line);
    if (offset === null)
      throw new AppError('NOT_FOUND', `本节没有第“${options.line}”行，请从阅读页重新选择要引用的行。`);
  } else if (options.anchor) {
    const anchor = section.anchors.find((a) => a.id === options.anchor);
    if (!anchor) throw new AppError('NOT_FOUND', `本节没有页码“${options.anchor}”。`);
    offset = anchor.offset;
  }
  const where = offset === null ? null : locate(section, offset);
  const anchor = where?.anchorId ? (section.anchors.find((a) => a.id === where.anchorId) ?? null) : null;
  // A line is cited with its line; a page (or the section) with the page alone.
  const page = !where ? null : options.line ? where.page : anchor ? anchor.label.slice(row.title.length).trim() : null;
  const fragment = options.line && where ? `#l-${where.lineId}` : anchor ? `#p-${anchor.id}` : '';
  const url = `${options.origin}/library/books/${bookId}/sections/${ordinal}${fragment}`;
  const bib = parseBibRecord(book.bib_json);
  const text = formatCitation({
    number: 1,
    compiler: formatResponsibility(bib, book.compiler),
    title: book.title,
    sectionTitle: row.title,
    edition: book.edition,
    place: book.place,
    publisher: book.publisher,
    year: book.year ?? bib?.printedYear ?? bib?.compiledYear ?? null,
    period: book.period,
    page,
    accessed: deps.clock.now().toISOString().slice(0, 10),
    url,
  });
  return { text, url, anchor, locator: where && (options.line || !anchor) ? where.label : (anchor?.label ?? null) };
}
