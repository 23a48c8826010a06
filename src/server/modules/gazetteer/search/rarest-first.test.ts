import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as postings from './postings.ts';
import { PostingEngine } from './posting-index.ts';
import type { IndexedSection } from './search-index.ts';
import { getDefaultFolder } from './fold.ts';
import { searchByBruteForce } from '../../../test/gazetteer/brute-force.ts';

// Every decode of a bigram's positions goes through the real function; the test looks at how many it decoded.
vi.mock('./postings.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./postings.ts')>();
  return {
    ...actual,
    decodePositions: vi.fn(actual.decodePositions),
    positionsInRanges: vi.fn(actual.positionsInRanges),
  };
});

const facets = { type: '县志', region: '吉林', period: '清', year: 1790, title: '白石縣志' };

/** A book whose text repeats `filler` `times` times, with `term` once in its middle when `withTerm`. */
function book(bookId: number, filler: string, times: number, term: string | null): IndexedSection[] {
  const half = filler.repeat(times / 2);
  return [{ sectionId: bookId * 10, bookId, text: `${half}${term ?? ''}${half}`, facets }];
}

let dir = '';
let engine: PostingEngine | null = null;
afterEach(async () => {
  await engine?.close();
  engine = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

/** An engine on a file, each book of `sections` indexed as a segment of its own. */
function engineOf(sections: IndexedSection[]): PostingEngine {
  dir = mkdtempSync(path.join(os.tmpdir(), 'fangzhi-rarest-'));
  engine = new PostingEngine({ path: path.join(dir, 'search.sqlite') });
  for (const bookId of new Set(sections.map((s) => s.bookId)))
    engine.indexBook(
      bookId,
      sections.filter((s) => s.bookId === bookId),
    );
  return engine;
}

/** Three books of 30 sections (ids `bookId * 100 + i`) with the text `textOf` gives each; book 3 a draft. */
function threeBooks(textOf: (sectionId: number, i: number) => string): IndexedSection[] {
  const sections: IndexedSection[] = [];
  for (let bookId = 1; bookId <= 3; bookId++)
    for (let i = 0; i < 30; i++) {
      const sectionId = bookId * 100 + i;
      sections.push({ sectionId, bookId, text: textOf(sectionId, i), facets: { ...facets, published: bookId !== 3 } });
    }
  return sections;
}

/** How many bigram positions `count` decodes (whole lists and ranges of them) to count `query`. */
async function positionsDecoded(engine: PostingEngine, query: string): Promise<{ decoded: number; counted: unknown }> {
  const ranges = vi.mocked(postings.positionsInRanges);
  const decode = vi.mocked(postings.decodePositions);
  ranges.mockClear();
  decode.mockClear();
  const counted = await engine.count(query, { fold: true });
  const lengths = [...ranges.mock.results, ...decode.mock.results].map((r) => (r.value as Int32Array).length);
  return { decoded: lengths.reduce((a, b) => a + b, 0), counted };
}

/** The engine's hits, total and sections for `query`, searched and counted, are the brute force's, in and out of the public scope. */
async function expectBruteForce(engine: PostingEngine, sections: IndexedSection[], query: string): Promise<void> {
  for (const filters of [undefined, { publishedOnly: true }]) {
    const expected = searchByBruteForce(sections, query, getDefaultFolder(), filters);
    const found = await engine.search(query, { fold: true, filters, limit: 1_000_000, facets: false });
    const hits = found.hits
      .map((h) => ({ sectionId: h.sectionId, offset: h.offset, length: h.length }))
      .sort((a, b) => a.sectionId - b.sectionId || a.offset - b.offset || a.length - b.length);
    expect({ query, filters, total: found.total, sections: found.sections, hits }).toEqual({
      query,
      filters,
      total: expected.total,
      sections: expected.sections,
      hits: expected.hits,
    });
    expect(await engine.count(query, { fold: true, filters })).toEqual({
      total: expected.total,
      sections: expected.sections,
    });
  }
}

describe('a long term is counted from its rarest covering bigrams', () => {
  it('decodes the positions of the rare bigram at the end, not of the frequent ones at the start', async () => {
    // 白石 and 山下 occur 400 times in each book; 泉水 once, inside the term, in two of the three books.
    const term = '白石山下泉水';
    const engine = engineOf([
      ...book(1, '白石山下有', 400, term),
      ...book(2, '白石山下有', 400, null),
      ...book(3, '白石山下有', 400, term),
    ]);
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

describe('a combination reads its other terms only where its rarest required term occurs', () => {
  /**
   * Three books, one segment each, of 30 sections that repeat 知縣事白石山下有 a hundred times (知縣 3,000 times a
   * segment: stored with per-section counts and skip points); 泉水 in three sections, once beside 知縣事; book 3 a
   * draft.
   */
  function corpus(): IndexedSection[] {
    return threeBooks((sectionId) => {
      let text = '知縣事白石山下有'.repeat(100);
      if (sectionId === 105) text = `泉水${text}`;
      if (sectionId === 117) text = `${text.slice(0, 400)}知縣事泉水出焉甲乙丙丁戊己甲乙丙丁庚辛${text.slice(400)}`;
      if (sectionId === 329) text = `${text}泉水`;
      // 甲乙丙丁 in ten more sections, 戊己 thirty times in two: 甲乙丙丁戊己 is no rarer than 泉水 by its first two
      // covering bigrams, whose pairs then stand in 117 twice, once followed by 戊己.
      if ([102, 108, 111, 203, 206, 209, 212, 301, 304, 307].includes(sectionId)) text += '甲乙丙丁庚辛';
      if (sectionId === 110 || sectionId === 210) text += '戊己'.repeat(30);
      return text;
    });
  }

  it('gives the brute-force hits, counts and sections, with and without the public scope', async () => {
    const sections = corpus();
    const engine = engineOf(sections);
    expect(engine.segmentUnits().length).toBe(3);
    const queries = [
      '泉水 知縣', // a rare term and a frequent bigram
      '泉水 知縣事', // … a frequent three-character term
      '泉 知縣事', // a rare character makes the rows
      '泉水 -知縣事',
      '泉水 (知縣 OR 白石山)',
      '知縣 白石', // both frequent: every section is a row
      '知縣事 白石山 -泉水',
      '"知縣事" NEAR/2 "泉水"',
      '"泉水" NEAR/40 "山下"',
      '泉水 事白', // a bigram across the repeats
      '泉水 知縣事白石山', // three covering bigrams, the third read where candidates remain
      '泉 事白石山下有知', // four
      '"泉水" NEAR/3 "縣事白石山"',
      '泉水 甲乙丙丁戊己', // its third covering bigram rules out one of two candidates
      '"泉水" NEAR/6 "甲乙丙丁戊己"',
      '泉水 水出焉知', // in no section
    ];
    for (const query of queries) await expectBruteForce(engine, sections, query);
  });

  it('decodes the frequent term only in the rare term’s sections', async () => {
    const { decoded, counted } = await positionsDecoded(engineOf(corpus()), '泉水 知縣事');
    expect(counted).toEqual({ total: 3 + 2 * 100 + 101, sections: 3 });
    // 知縣事 is read in three sections (a hundred or so positions each), not in all ninety (9,000 positions).
    expect(decoded).toBeLessThan(400);
  });
});

describe('a longer term of frequent bigrams is sampled before the rows are chosen', () => {
  /**
   * Three books, one segment each, of 30 sections: 六百 and 六十 three times in every section but 六百六十 in only two;
   * 年任 fifty times in 20 sections a book. By its first two covering bigrams 六百六十 could be in all 90 sections,
   * more than 年任's 60; counted in one segment it is in one.
   */
  function corpus(): IndexedSection[] {
    return threeBooks((sectionId, i) => {
      let text = '田六百畝，錢六十文，'.repeat(3) + '山川形勝'.repeat(20);
      if (i < 20) text += '某年任知縣'.repeat(50);
      if (sectionId === 105 || sectionId === 207) text += '某年任戶六百六十口';
      return text;
    });
  }

  it('gives the brute-force hits, counts and sections, with and without the public scope', async () => {
    const sections = corpus();
    const engine = engineOf(sections);
    for (const query of ['"年任" NEAR/10 "六百六十"', '年任 六百六十', '年任 六百六十 -知縣', '六百六十 六十'])
      await expectBruteForce(engine, sections, query);
  });

  it('reads the frequent bigram’s positions only where the longer term is', async () => {
    const { decoded, counted } = await positionsDecoded(engineOf(corpus()), '"年任" NEAR/10 "六百六十"');
    // Per section: 六百六十 and the two 年任 within ten characters of it (one of the fifty repeats, and its own).
    expect(counted).toEqual({ total: 6, sections: 2 });
    // 年任's 3,000 positions would be decoded whole if its 60 sections made the rows; read in 六百六十's two sections,
    // a block or two of them each.
    expect(decoded).toBeLessThan(1_000);
  });
});
