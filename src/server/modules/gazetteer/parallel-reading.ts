/**
 * Parallel reading (对读): a section of one book beside a section of another (a 续志, another edition), aligned by 卷
 * title unless a section is chosen, with every passage found in both linked (`shared-passages.ts` on the search texts,
 * mapped back to display offsets). Visibility is the reader's, as everywhere else.
 */
import { AppError } from '../../../shared/errors.ts';
import type { TParallelParams, TParallelResponse } from '../../../shared/gazetteer-bib.ts';
import { locate } from '../../../shared/locator.ts';
import { findToc } from './gazetteer.repository.ts';
import { findVisibleBook, getSection, type GazetteerDeps, type Reader } from './read-books.ts';
import { buildSearchText, normalizeSkip } from './search/search-text.ts';
import { findSharedPassages } from './shared-passages.ts';

/** Shortest passage worth linking: long enough that two books do not share it by chance (a name, a stock phrase). */
const MIN_PASSAGE = 16;

export async function readInParallel(
  deps: GazetteerDeps,
  actor: Reader,
  p: TParallelParams,
): Promise<TParallelResponse> {
  const leftBook = await findVisibleBook(deps.db, actor, p.left);
  const rightBook = await findVisibleBook(deps.db, actor, p.right);
  const left = await getSection(deps, actor, p.left, p.ls ?? 1, {});
  let alignedBy: TParallelResponse['alignedBy'] = 'chosen';
  let rightOrdinal = p.rs;
  if (rightOrdinal === undefined) {
    const toc = await findToc(deps.db, p.right);
    const fold = (s: string) => deps.search.folder.foldText(s.replace(/\s+/g, ''));
    const sameTitle = toc.find((s) => fold(s.title) === fold(left.title));
    if (sameTitle) {
      rightOrdinal = sameTitle.ordinal;
      alignedBy = 'title';
    } else {
      rightOrdinal = Math.min(left.ordinal, Math.max(1, toc.length));
      alignedBy = 'ordinal';
    }
  }
  if (rightOrdinal > rightBook.section_count)
    throw new AppError('NOT_FOUND', `《${rightBook.title}》没有第 ${rightOrdinal} 节，请从目录选择。`);
  const right = await getSection(deps, actor, p.right, rightOrdinal, {});
  const ls = buildSearchText(left.text, deps.search.folder, normalizeSkip(left.apparatus));
  const rs = buildSearchText(right.text, deps.search.folder, normalizeSkip(right.apparatus));
  const span = (st: typeof ls, start: number, length: number) => {
    const offset = st.toDisplay(start);
    return { offset, length: st.toDisplay(start + length - 1) + 1 - offset };
  };
  const links = findSharedPassages(ls.text, rs.text, MIN_PASSAGE).map((m) => {
    const l = span(ls, m.left, m.length);
    const r = span(rs, m.right, m.length);
    return {
      length: m.length,
      left: { ...l, locator: locate(left, l.offset).label },
      right: { ...r, locator: locate(right, r.offset).label },
    };
  });
  return {
    left: { ...left, bookTitle: leftBook.title },
    right: { ...right, bookTitle: rightBook.title },
    alignedBy,
    links,
  };
}
