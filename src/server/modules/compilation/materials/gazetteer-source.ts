import { AppError } from '../../../../shared/errors.ts';
import type { Principal } from '../../../platform/auth/actor.ts';
import { citeSection, findVisibleBook, type GazetteerDeps } from '../../gazetteer/read-books.ts';

/** A permalink of the gazetteer reader: `…/library/books/12/sections/3#l-014-2a.3` (a line) or `#p-014-2a` (a page). */
export interface GazetteerPermalink {
  origin: string;
  bookId: number;
  ordinal: number;
  line?: string;
  anchor?: string;
}

const PERMALINK =
  /^(https?:\/\/[^/]+)?\/(?:library|gazetteer)\/books\/(\d+)\/sections\/(\d+)\/?(?:\?[^#]*)?(?:#(l|p)-(.+))?$/;

/** Reads a permalink; null when it is not one of the reader's section, page or line links. Pure. */
export function parseGazetteerPermalink(raw: string): GazetteerPermalink | null {
  const m = PERMALINK.exec(raw.trim());
  if (!m) return null;
  const bookId = Number(m[2]);
  const ordinal = Number(m[3]);
  if (!Number.isSafeInteger(bookId) || !Number.isSafeInteger(ordinal) || bookId < 1 || ordinal < 1) return null;
  const fragment = m[5] ? decodeURIComponent(m[5]) : undefined;
  return {
    origin: m[1] ?? '',
    bookId,
    ordinal,
    ...(m[4] === 'l' && fragment ? { line: fragment } : {}),
    ...(m[4] === 'p' && fragment ? { anchor: fragment } : {}),
  };
}

/**
 * Resolves a passage of a book in the gazetteer database through the gazetteer's own functions (visibility, line and
 * page checks, the GB/T 7714 citation and the locator): never by reading its tables.
 */
export async function resolveGazetteerPassage(
  deps: GazetteerDeps,
  principal: Principal,
  raw: string,
): Promise<{
  bookId: number;
  ordinal: number;
  bookTitle: string;
  citation: string;
  permalink: string;
  locator: string | null;
}> {
  const link = parseGazetteerPermalink(raw);
  if (!link)
    throw new AppError(
      'VALIDATION_FAILED',
      '永久链接格式不对：请在省情数据库阅读页点“引用”复制链接（形如 /library/books/12/sections/3#l-014-2a.3）。',
    );
  const book = await findVisibleBook(deps.db, principal, link.bookId);
  const cited = await citeSection(deps, principal, link.bookId, link.ordinal, {
    line: link.line,
    anchor: link.anchor,
    origin: link.origin,
  });
  return {
    bookId: link.bookId,
    ordinal: link.ordinal,
    bookTitle: book.title,
    citation: cited.text,
    permalink: cited.url,
    locator: cited.locator,
  };
}
