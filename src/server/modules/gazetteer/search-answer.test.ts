/**
 * The search answer as the worker assembles it: the same as the main thread's for placed and named hits, nothing
 * assembled when a hit is not, facet labels, and the time from the request's start on the shared clock.
 */
import { describe, expect, it } from 'vitest';
import type { TSearchResponse } from '../../../shared/gazetteer.ts';
import { answerJson, placedHits, shapeAnswer, sharedNow, timedJson } from './search-answer.ts';
import type { AnswerFrame, SearchHit, SearchResult } from './search/search-index.ts';

const frame = (startedAt = sharedNow()): AnswerFrame => ({
  query: '長白山',
  fold: true,
  page: 2,
  pageSize: 20,
  startedAt,
});

const hit = (over: Partial<SearchHit> = {}): SearchHit => ({
  sectionId: 7,
  bookId: 3,
  offset: 120,
  length: 3,
  snippet: { before: '東南', match: '長白山', after: '高二百' },
  place: { anchorId: '014-5a', line: 4 },
  head: { bookTitle: '長白山江崗志略', sectionOrdinal: 2, sectionTitle: '卷一' },
  ...over,
});

const result = (hits: SearchHit[]): SearchResult => ({
  total: 41,
  sections: 9,
  hits,
  facets: {
    type: [{ value: '县志', count: 9 }],
    region: [
      { value: '220000', count: 5 },
      { value: '990000', count: 2 },
      { value: null, count: 2 },
    ],
    period: [
      { value: '清', count: 7 },
      { value: null, count: 2 },
    ],
    book: [
      { value: 3, count: 6, label: '長白山江崗志略' },
      { value: 4, count: 3, label: '' },
    ],
    bookTotal: 2,
  },
});

describe('search answer', () => {
  it('names each hit where it falls: section, leaf and side, line, and the permalink line', () => {
    const answer = shapeAnswer(frame(), result([hit()]), placedHits([hit()]) ?? []);
    expect(answer.hits).toEqual([
      {
        bookId: 3,
        bookTitle: '長白山江崗志略',
        sectionOrdinal: 2,
        sectionTitle: '卷一',
        offset: 120,
        length: 3,
        anchor: { id: '014-5a', label: '卷一 葉5a' },
        locator: '卷一 葉5a 行4',
        lineId: '014-5a.4',
        snippet: { before: '東南', match: '長白山', after: '高二百' },
      },
    ]);
    expect(answer).toMatchObject({ query: '長白山', fold: true, page: 2, pageSize: 20, total: 41, sections: 9 });
  });

  it('labels the facets: division names, the unnamed region and period, a book without a title', () => {
    const { facets } = shapeAnswer(frame(), result([]), []);
    expect(facets.region).toEqual([
      { value: '220000', count: 5, label: '吉林省' },
      { value: '990000', count: 2, label: '990000' },
      { value: null, count: 2, label: '未注明地区' },
    ]);
    expect(facets.period.map((p) => p.label)).toEqual(['清', '未注明时期']);
    expect(facets.book.map((b) => b.label)).toEqual(['長白山江崗志略', '书目 4']);
    expect(facets.type).toEqual([{ value: '县志', count: 9, label: '县志' }]);
    expect(facets.bookTotal).toBe(2);
  });

  it('assembles nothing when a hit is not placed or not named, so the main thread reads what is missing', () => {
    expect(answerJson(frame(), result([hit(), hit({ place: undefined })]))).toBeNull();
    expect(answerJson(frame(), result([hit({ head: undefined }), hit()]))).toBeNull();
    expect(placedHits([hit({ head: undefined })])).toBeNull();
  });

  it('serializes what the main thread would send, and adds the time since the request began as it is sent', () => {
    const started = sharedNow() - 12.34;
    const json = answerJson(frame(started), result([hit(), hit({ offset: 300, place: { anchorId: null, line: 2 } })]));
    if (json === null) throw new Error('placed and named hits give JSON');
    expect(JSON.parse(json)).not.toHaveProperty('tookMs');
    const sent = JSON.parse(timedJson(json, frame(started))) as TSearchResponse;
    expect(sent.tookMs).toBeGreaterThanOrEqual(12.3);
    expect(sent.tookMs).toBeLessThan(10_000);
    expect(Object.keys(sent).at(-1)).toBe('tookMs');
    expect(sent.facets).toEqual(shapeAnswer(frame(started), result([]), []).facets);
    expect(sent.hits[1]).toMatchObject({ offset: 300, anchor: null, locator: '卷一 第2段', lineId: '2' });
  });

  it('names a hit the engine did not name from the titles the caller read, else by its number', () => {
    const unnamed = [hit({ head: undefined }), hit({ head: undefined, bookId: 9 })];
    const answer = shapeAnswer(frame(), result(unnamed), [null, null], (id) => (id === 3 ? '吉林通志' : undefined));
    expect(answer.hits.map((h) => [h.bookTitle, h.sectionOrdinal, h.sectionTitle, h.locator, h.anchor])).toEqual([
      ['吉林通志', 1, '', '', null],
      ['书目 9', 1, '', '', null],
    ]);
  });
});
