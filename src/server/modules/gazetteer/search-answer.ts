/**
 * A page of hits as `/api/search` answers it (`TSearchResponse`), from what the engine found. Pure: it runs in the
 * search worker that ran the search (`searchAnswer`), which sends the answer to the event loop as one JSON string, and
 * on the main thread for an index whose hits it did not place and name (`search-books.ts` reads those first).
 */
import type { TSearchResponse } from '../../../shared/gazetteer.ts';
import { anchorLabel, describePlace, type Locator } from '../../../shared/locator.ts';
import { divisionName } from '../org/divisions.ts';
import type { AnswerFrame, HitHead, HitPlace, SearchResult } from './search/search-index.ts';

/** A hit's section and its place in it. */
export interface Located {
  ordinal: number;
  title: string;
  where: Locator;
}

/**
 * Now, in ms, on a clock every thread of the server reads alike (`AnswerFrame.startedAt`). Only the main thread reads
 * it today (`timedJson` runs where the answer is sent); the worker ignores `startedAt`.
 */
export function sharedNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Each hit's section and place when the engine placed and named every hit, else null (the caller reads them). */
export function placedHits(items: readonly { place?: HitPlace; head?: HitHead }[]): Located[] | null {
  const out: Located[] = [];
  for (const i of items) {
    if (!i.place || !i.head) return null;
    const { sectionOrdinal, sectionTitle } = i.head;
    out.push({
      ordinal: sectionOrdinal,
      title: sectionTitle,
      where: describePlace(sectionTitle, i.place.anchorId, i.place.line),
    });
  }
  return out;
}

/** The answer without its time (`timedJson` adds it where the answer is sent). */
export type UntimedAnswer = Omit<TSearchResponse, 'tookMs'>;

/**
 * The answer: `located[i]` is hit i's section and place (null when its section is gone), `bookTitle` names the books
 * of hits the engine did not name.
 */
export function shapeAnswer(
  frame: AnswerFrame,
  result: SearchResult,
  located: readonly (Located | null)[],
  bookTitle: (bookId: number) => string | undefined = () => undefined,
): UntimedAnswer {
  const hits = result.hits.map((h, i) => {
    const head = located[i];
    const anchorId = head?.where.anchorId ?? null;
    return {
      bookId: h.bookId,
      bookTitle: h.head?.bookTitle ?? bookTitle(h.bookId) ?? `书目 ${h.bookId}`,
      sectionOrdinal: head?.ordinal ?? 1,
      sectionTitle: head?.title ?? '',
      offset: h.offset,
      length: h.length,
      anchor: head && anchorId !== null ? { id: anchorId, label: anchorLabel(head.title, anchorId) } : null,
      locator: head?.where.label ?? '',
      lineId: head?.where.lineId ?? '1',
      snippet: h.snippet,
    };
  });
  const f = result.facets;
  return {
    query: frame.query,
    fold: frame.fold,
    page: frame.page,
    pageSize: frame.pageSize,
    total: result.total,
    sections: result.sections,
    hits,
    facets: {
      type: f.type.map((x) => ({ ...x, label: x.value })),
      region: f.region.map((x) => ({
        ...x,
        label: x.value === null ? '未注明地区' : (divisionName(x.value) ?? x.value),
      })),
      period: f.period.map((x) => ({ ...x, label: x.value ?? '未注明时期' })),
      book: f.book.map((x) => ({ value: x.value, count: x.count, label: x.label || `书目 ${x.value}` })),
      bookTotal: f.bookTotal,
    },
  };
}

/**
 * The answer as JSON, without its time, when the engine placed and named every hit (nothing to read on the main
 * thread), else null.
 */
export function answerJson(frame: AnswerFrame, result: SearchResult): string | null {
  const located = placedHits(result.hits);
  return located ? JSON.stringify(shapeAnswer(frame, result, located)) : null;
}

/**
 * An untimed answer's JSON with `tookMs` added last: the time from the request's start to now, on the thread that
 * sends it, so that it counts the answer's way back from the worker too.
 */
export function timedJson(untimed: string, frame: AnswerFrame): string {
  const tookMs = Math.round((sharedNow() - frame.startedAt) * 10) / 10;
  return `${untimed.slice(0, -1)},"tookMs":${tookMs}}`;
}
