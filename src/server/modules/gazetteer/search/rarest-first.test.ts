import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as postings from './postings.ts';
import { PostingEngine } from './posting-index.ts';
import type { IndexedSection } from './search-index.ts';

// Every decode of a bigram's positions goes through the real function; the test looks at how many it decoded.
vi.mock('./postings.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./postings.ts')>();
  return { ...actual, decodePositions: vi.fn(actual.decodePositions) };
});

const facets = { type: '县志', region: '吉林', period: '清', year: 1790, title: '白石縣志' };

/** A book whose text repeats `filler` `times` times, with `term` once in its middle when `withTerm`. */
function book(bookId: number, filler: string, times: number, term: string | null): IndexedSection[] {
  const half = filler.repeat(times / 2);
  return [{ sectionId: bookId * 10, bookId, text: `${half}${term ?? ''}${half}`, facets }];
}

describe('a long term is counted from its rarest covering bigrams', () => {
  let dir = '';
  let engine: PostingEngine | null = null;
  afterEach(async () => {
    await engine?.close();
    engine = null;
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = '';
  });

  it('decodes the positions of the rare bigram at the end, not of the frequent ones at the start', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fangzhi-rarest-'));
    engine = new PostingEngine({ path: path.join(dir, 'search.sqlite') });
    // 白石 and 山下 occur 400 times in each book; 泉水 once, inside the term, in two of the three books.
    const term = '白石山下泉水';
    engine.indexBook(1, book(1, '白石山下有', 400, term));
    engine.indexBook(2, book(2, '白石山下有', 400, null));
    engine.indexBook(3, book(3, '白石山下有', 400, term));
    expect(engine.segmentUnits().length).toBeGreaterThan(1);
    const decode = vi.mocked(postings.decodePositions);
    decode.mockClear();
    const counted = await engine.count(term, { fold: true });
    expect(counted).toEqual({ total: 2, sections: 2 });
    // Each decode is one segment's base list: 泉水's single position, never the 400 of 白石 or 山下.
    const decoded = decode.mock.results.map((r) => (r.value as Int32Array).length);
    expect(decoded.length).toBeGreaterThan(0);
    expect(Math.max(...decoded)).toBe(1);
    // The hits of the page come from the same postings.
    const found = await engine.search(term, { fold: true, limit: 10 });
    expect(found.total).toBe(2);
    expect(found.hits.map((h) => h.sectionId).sort()).toEqual([10, 30]);
  });
});
