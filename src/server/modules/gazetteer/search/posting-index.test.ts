import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KWIC_HITS, PostingEngine, tailToMerge } from './posting-index.ts';
import type { IndexedSection } from './search-index.ts';
import { createFolder } from './fold.ts';
import { searchByBruteForce } from '../../../test/gazetteer/brute-force.ts';

// Our own sentences in the shape of an old gazetteer: indented lines, a phrase broken across lines, variant glyphs.
const facets = (type: string, region: string | null, year: number | null, title: string) => ({
  type,
  region,
  period: '清',
  year,
  title,
});
const SECTIONS: IndexedSection[] = [
  {
    sectionId: 11,
    bookId: 1,
    text: '　　白石縣志卷一\n　　白石山在縣北三十里\n　　山下有泉',
    facets: facets('县志', '吉林', 1790, '白石縣志'),
  },
  {
    sectionId: 12,
    bookId: 1,
    text: '　　寕安堡在縣東\n　　乾隆四十年築城',
    facets: facets('县志', '吉林', 1790, '白石縣志'),
  },
  {
    sectionId: 21,
    bookId: 2,
    text: '青河府志\n青河发源于白石\n山，东流入海。',
    facets: facets('府志', '奉天', 1750, '青河府志'),
  },
];

describe('PostingEngine', () => {
  let dir = '';
  let index: PostingEngine | null = null;
  const open = (extra: [string, string][] = []): PostingEngine => {
    dir ||= mkdtempSync(path.join(os.tmpdir(), 'fangzhi-search-'));
    index = new PostingEngine({ path: path.join(dir, 'search.sqlite'), extraVariants: extra });
    return index;
  };
  const load = (idx: PostingEngine): void => {
    idx.indexBook(
      1,
      SECTIONS.filter((s) => s.bookId === 1),
    );
    idx.indexBook(
      2,
      SECTIONS.filter((s) => s.bookId === 2),
    );
  };
  afterEach(async () => {
    await index?.close();
    index = null;
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = '';
  });

  it('finds a phrase across a line break with traditional/simplified folding and shows the original glyphs', async () => {
    const idx = open();
    load(idx);
    const result = await idx.search('白石山');
    expect(result).toMatchObject({ total: 2, sections: 2 });
    const hit = result.hits.find((h) => h.sectionId === 21);
    expect(hit?.snippet.match).toBe('白石山');
    expect(SECTIONS[2]?.text.slice(hit?.offset, (hit?.offset ?? 0) + (hit?.length ?? 0))).toBe('白石\n山');
    expect(await idx.count('县志')).toEqual({ total: 1, sections: 1 });
    expect((await idx.search('县志')).hits[0]?.snippet.match).toBe('縣志');
  });

  it('lists the 50 books with the most matching sections, plus the books filtered on and those of the page', async () => {
    const idx = open();
    // Book b has b sections with 山, so the counts order the books; book 1 is the least frequent.
    for (let b = 1; b <= 60; b++)
      idx.indexBook(
        b,
        Array.from({ length: b }, (_, i) => ({
          sectionId: b * 100 + i,
          bookId: b,
          text: `第${i}节，山在城北`,
          facets: facets('县志', '吉林', 1700 + b, `书${b}`),
        })),
      );
    const all = await idx.search('山', { sort: 'year', limit: 3 });
    expect(all.facets.bookTotal).toBe(60);
    // The page (sorted by year) falls in book 1, which is not among the 50 most frequent: it is listed too.
    expect(all.hits.map((h) => h.bookId)).toEqual([1, 2, 2]);
    expect(all.facets.book.map((f) => f.value)).toEqual([...Array.from({ length: 50 }, (_, i) => 60 - i), 2, 1]);
    expect(all.facets.book[0]).toEqual({ value: 60, count: 60, label: '书60' });
    const picked = await idx.search('山', { filters: { bookIds: [3, 60] }, limit: 1 });
    expect(picked.facets).toMatchObject({ bookTotal: 2, book: [{ value: 60 }, { value: 3 }] });
    const ranked = await idx.search('城北');
    const pageBooks = new Set(ranked.hits.map((h) => h.bookId));
    const listed = ranked.facets.book.map((f) => f.value);
    expect(listed.slice(0, 50)).toEqual(Array.from({ length: 50 }, (_, i) => 60 - i));
    expect(new Set(listed.slice(50))).toEqual(new Set([...pageBooks].filter((b) => b <= 10)));
    expect((await idx.search('城北', { limit: 0 })).facets).toMatchObject({ bookTotal: 60, book: { length: 50 } });
  });

  it('switches folding off for exact-glyph search', async () => {
    const idx = open();
    load(idx);
    expect((await idx.count('寧安堡')).total).toBe(1);
    expect((await idx.count('寧安堡', { fold: false })).total).toBe(0);
    expect((await idx.count('寕安堡', { fold: false })).total).toBe(1);
    expect((await idx.count('乾', { fold: false })).total).toBe(1);
  });

  it('answers AND, OR, NOT and NEAR from the index, reading only the texts of the page', async () => {
    // Many sections, each holding some of 山, 泉, 城 a known number of times; texts come through a counting loader.
    const texts = new Map<number, string>();
    const sections: IndexedSection[] = [];
    for (let id = 1; id <= 90; id++) {
      const text = `${'山'.repeat(id % 3)}有${'泉'.repeat(id % 5)}在${'城'.repeat(id % 2)}北`;
      texts.set(id, text);
      sections.push({ sectionId: id, bookId: 1 + (id % 3), text, facets: facets('县志', '吉林', 1790, `书${id % 3}`) });
    }
    const asked: number[] = [];
    dir ||= mkdtempSync(path.join(os.tmpdir(), 'fangzhi-search-'));
    const idx = new PostingEngine({
      path: path.join(dir, 'boolean.sqlite'),
      texts: (ids) => {
        asked.push(...ids);
        return new Map(ids.map((id) => [id, texts.get(id) as string]));
      },
    });
    index = idx;
    for (let book = 1; book <= 3; book++)
      idx.indexBook(
        book,
        sections.filter((s) => s.bookId === book),
      );
    for (const query of [
      '山 OR 泉',
      '山 泉 -城',
      '(山 -泉) OR 城',
      '山 OR 山 OR 有北',
      '山有 NEAR/2 泉在',
      '(有泉 NEAR/1 城北) OR 山',
    ]) {
      const expected = searchByBruteForce(sections, query, createFolder());
      expect({ query, count: await idx.count(query) }).toEqual({
        query,
        count: { total: expected.total, sections: expected.sections },
      });
      expect(asked).toEqual([]);
      const page = await idx.search(query, { limit: 3 });
      expect(page.total).toBe(expected.total);
      expect(new Set(asked).size).toBeLessThanOrEqual(3);
      asked.length = 0;
    }
    // Exact-glyph search counts from the index too when its terms have no variants, and reads texts when one has (北:
    // the compatibility ideograph U+F963 folds to it).
    expect((await idx.count('山 OR 泉', { fold: false })).total).toBe(
      searchByBruteForce(sections, '山 OR 泉', null).total,
    );
    expect(asked).toEqual([]);
    expect((await idx.count('山 OR 北', { fold: false })).total).toBe(
      searchByBruteForce(sections, '山 OR 北', null).total,
    );
    expect(asked.length).toBeGreaterThan(0);
  });

  it('counts no occurrence of a term said to start before the first section (its rarer bigram opens the segment)', async () => {
    const idx = open();
    idx.indexBook(1, [
      { sectionId: 1, bookId: 1, text: '宁县a隆', facets: facets('县志', null, null, '甲') },
      { sectionId: 2, bookId: 1, text: 'xa宁a宁a宁', facets: facets('县志', null, null, '甲') },
    ]);
    expect(await idx.count('a宁县a')).toEqual({ total: 0, sections: 0 });
    expect(await idx.count('宁县a隆')).toEqual({ total: 1, sections: 1 });
  });

  it('filters, counts facets and sorts by year or title', async () => {
    const idx = open();
    load(idx);
    const all = await idx.search('山');
    expect(all.facets.type).toEqual([
      { value: '县志', count: 1 },
      { value: '府志', count: 1 },
    ]);
    expect(all.facets.book.map((f) => f.value).sort()).toEqual([1, 2]);
    expect(await idx.search('山', { filters: { regions: ['奉天'] } })).toMatchObject({ total: 1, sections: 1 });
    expect((await idx.search('山', { filters: { yearFrom: 1780 } })).hits.every((h) => h.bookId === 1)).toBe(true);
    expect((await idx.search('山', { sort: 'year' })).hits[0]?.bookId).toBe(2);
    expect((await idx.search('白石', { sort: 'title' })).hits.map((h) => h.bookId)).toEqual([1, 1, 2]);
  });

  it('pages through hits without gaps or repeats', async () => {
    const idx = open();
    load(idx);
    const all = (await idx.search('山 OR 白石', { limit: 100 })).hits.map((h) => `${h.sectionId}:${h.offset}`);
    const paged: string[] = [];
    for (let offset = 0; offset < all.length; offset += 2) {
      paged.push(
        ...(await idx.search('山 OR 白石', { offset, limit: 2 })).hits.map((h) => `${h.sectionId}:${h.offset}`),
      );
    }
    expect(paged).toEqual(all);
    expect(all.length).toBe((await idx.count('山 OR 白石')).total);
  });

  it('answers searches running at the same time as it answers each alone (their match lists are reused)', async () => {
    const idx = open();
    load(idx);
    const queries = ['山', '白石', '縣', '白石山', '山 OR 白石', '县志', '石', '在縣'];
    const ask = (q: string) =>
      Promise.all([idx.search(q, { limit: 3 }), idx.kwic(q), idx.count(q), idx.search(q, { offset: 1, limit: 2 })]);
    const alone = [];
    for (const q of queries) alone.push(await ask(q));
    // Twice over, all at once, in another order: a list given back by one search is taken by the next.
    const together = await Promise.all([...queries, ...queries.slice().reverse()].map(ask));
    expect(together).toEqual([...alone, ...alone.slice().reverse()]);
  });

  it('gives a KWIC concordance and the search text used for matching', async () => {
    const idx = open();
    load(idx);
    const rows = await idx.kwic('山', { width: 2, sort: 'right' });
    expect(rows).toHaveLength((await idx.count('山')).total);
    expect(rows.every((r) => r.keyword === '山')).toBe(true);
    expect(await idx.searchText(21, { fold: false })).toBe('青河府志青河发源于白石山，东流入海。');
    expect(await idx.searchText(99)).toBeNull();
  });

  it('refuses, before reading them, a query or KWIC that would read more text than its limit, saying how to narrow it', async () => {
    dir ||= mkdtempSync(path.join(os.tmpdir(), 'fangzhi-search-'));
    // Limit 30 units. Search texts: section 11 has 19 units, 12 has 13, 21 has 18.
    const idx = (index = new PostingEngine({ path: path.join(dir, 'scan.sqlite'), scanChars: 30 }));
    load(idx);
    const refusal = async (run: Promise<unknown>): Promise<string> => {
      const error = (await run.then(
        () => null,
        (e: unknown) => e,
      )) as { code?: string; message?: string } | null;
      expect(error?.code).toBe('BAD_REQUEST');
      return error?.message ?? '';
    };
    // Both sides one character: evaluated on the texts of every section holding both (11 and 21: 37 units).
    const near = await refusal(idx.count('山 NEAR/3 石'));
    expect(near).toContain('“山 NEAR/3 石”两侧都只有一个字');
    expect(near).toContain('要逐节核对约 37 字正文，超过一次检索的上限（30 字）');
    expect(near).toContain('把一侧写成两个字以上的词');
    await refusal(idx.search('山 NEAR/3 石', { limit: 5 }));
    // Narrowed to one book, or both sides written longer (counted from the index), it is answered exactly.
    const narrowed = await idx.count('山 NEAR/3 石', { filters: { bookIds: [1] } });
    const expected = searchByBruteForce(
      SECTIONS.filter((s) => s.bookId === 1),
      '山 NEAR/3 石',
      createFolder(),
    );
    expect(narrowed.total).toBe(expected.total);
    expect(narrowed.total).toBeGreaterThan(0);
    expect((await idx.count('白石 NEAR/3 在縣')).total).toBe(2);
    // An exact search of a character with variants reads every section holding its folded form (or 山: 50 units).
    const exact = await refusal(idx.count('縣 OR 山', { fold: false }));
    expect(exact).toContain('按原字形检索时，“縣”有异体字');
    expect(exact).toContain('改用通检');
    expect((await idx.count('縣 OR 山', { fold: true })).total).toBeGreaterThan(0);
    // A one-character KWIC reads the texts of its sections; one that reads less is answered.
    expect(await refusal(idx.kwic('石'))).toContain('这个 KWIC 要从命中所在章节的全文中取语境');
    expect((await idx.kwic('石', { filters: { bookIds: [2] } })).map((r) => r.keyword)).toEqual(['石']);
    // Counting a one-character term reads no text at all, whatever its sections hold.
    expect((await idx.count('石')).total).toBe(3);
  });

  it('refuses a KWIC of more hits than it sorts at once', async () => {
    dir ||= mkdtempSync(path.join(os.tmpdir(), 'fangzhi-search-'));
    const idx = (index = new PostingEngine({ path: path.join(dir, 'kwic.sqlite') }));
    idx.indexBook(1, [
      { sectionId: 1, bookId: 1, text: '山'.repeat(KWIC_HITS + 1), facets: facets('县志', null, null, '山') },
    ]);
    const error = (await idx.kwic('山').catch((e: unknown) => e)) as { code?: string; message?: string };
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain(`共 ${(KWIC_HITS + 1).toLocaleString('en-US')} 处命中，超过 KWIC 一次可排序的`);
    idx.indexBook(1, [
      { sectionId: 1, bookId: 1, text: '山'.repeat(KWIC_HITS), facets: facets('县志', null, null, '山') },
    ]);
    expect(await idx.kwic('山', { limit: 2 })).toHaveLength(2);
  });

  it('replaces and removes books, and keeps the index on disk across reopening', async () => {
    let idx = open();
    load(idx);
    idx.indexBook(2, [{ ...(SECTIONS[2] as IndexedSection), text: '青河府志另本' }]);
    expect((await idx.count('白石')).sections).toBe(1);
    await idx.close();
    idx = open();
    expect((await idx.count('另本')).total).toBe(1);
    idx.removeBook(2);
    expect((await idx.count('青河')).total).toBe(0);
  });

  it('makes a new file with 64 KiB pages and still opens, searches and merges one made with 4 KiB pages', async () => {
    let idx = open();
    load(idx);
    await idx.close();
    const pageSize = (file: string) => {
      const db = new Database(file, { readonly: true });
      try {
        return db.pragma('page_size', { simple: true }) as number;
      } finally {
        db.close();
      }
    };
    expect(pageSize(path.join(dir, 'search.sqlite'))).toBe(65_536);
    // An index written before: its file keeps its 4 KiB pages, and everything works on them.
    const older = new Database(path.join(dir, 'older.sqlite'));
    older.pragma('page_size = 4096');
    older.pragma('journal_mode = WAL');
    older.close();
    idx = new PostingEngine({ path: path.join(dir, 'older.sqlite') });
    index = idx;
    load(idx);
    for (let i = 0; i < 9; i++)
      idx.indexBook(3 + i, [{ ...(SECTIONS[2] as IndexedSection), sectionId: 100 + i, bookId: 3 + i }]);
    while (idx.mergeSegments());
    expect((await idx.count('白石山')).total).toBe(11); // one in book 1, one across a line break in each of the ten 青河 copies
    expect((await idx.count('青河')).sections).toBe(10);
    await idx.close();
    index = null;
    expect(pageSize(path.join(dir, 'older.sqlite'))).toBe(4096);
  });

  it('re-tokenizes when the extra variant table changes', async () => {
    let idx = open();
    load(idx);
    expect((await idx.count('泉')).total).toBe(1);
    expect((await idx.count('淵')).total).toBe(0);
    await idx.close();
    idx = open([['淵', '泉']]);
    expect((await idx.count('淵')).total).toBe(1);
  });

  it('explains a malformed query in Chinese', async () => {
    const idx = open();
    await expect(idx.search('(白石')).rejects.toThrow(/括号/);
  });

  it('sees books another process indexed into the same file (the CLI ingesting while the server runs)', async () => {
    const server = open();
    load(server);
    expect((await server.count('青河')).total).toBe(2);
    const cli = new PostingEngine({ path: path.join(dir, 'search.sqlite') });
    cli.indexBook(3, [
      { sectionId: 31, bookId: 3, text: '青河新志\n青河两岸', facets: facets('县志', '吉林', 2020, '青河新志') },
    ]);
    cli.removeBook(1);
    await cli.close();
    expect(await server.count('青河')).toEqual({ total: 4, sections: 2 });
    expect((await server.count('白石縣')).total).toBe(0);
    expect(await server.searchText(31, { fold: false })).toBe('青河新志青河两岸');
  });
});

describe('PostingEngine segments', () => {
  const facetsOf = (bookId: number) => ({
    type: '县志',
    region: null,
    period: null,
    year: 1900 + bookId,
    title: `书${bookId}`,
    published: bookId % 3 !== 0,
  });
  const textOf = (bookId: number, n: number) =>
    Array.from({ length: n }, (_, i) => '吉林长白山寧古塔'[(bookId * 7 + i * 3 + (i >> 2)) % 8]).join('');
  /** Indexes a one-section book made from `seed` and notes it in `books` (what brute force checks against). */
  const putBook = (engine: PostingEngine, books: Map<number, IndexedSection[]>, bookId: number, seed: number) => {
    const sections = [{ sectionId: bookId * 10, bookId, text: textOf(seed, 200 + seed * 7), facets: facetsOf(bookId) }];
    books.set(bookId, sections);
    engine.indexBook(bookId, sections);
  };

  it('merges small segments (dropping replaced and removed sections) and still counts exactly', async () => {
    const engine = new PostingEngine({ path: ':memory:' });
    const books = new Map<number, IndexedSection[]>();
    for (let bookId = 1; bookId <= 20; bookId++) {
      const sections = [0, 1].map((k) => ({
        sectionId: bookId * 10 + k,
        bookId,
        text: textOf(bookId + k, 300 + bookId * 13),
        facets: facetsOf(bookId),
      }));
      books.set(bookId, sections);
      engine.indexBook(bookId, sections);
    }
    // Replace one book and remove another: their old sections become dead entries in old segments.
    const replaced = [{ sectionId: 51, bookId: 5, text: textOf(99, 500), facets: facetsOf(5) }];
    books.set(5, replaced);
    engine.indexBook(5, replaced);
    books.delete(7);
    engine.removeBook(7);
    const all = () => [...books.values()].flat();
    // Terms of every length taken from the texts, so that they occur (and one that does not).
    const sample = textOf(3, 400);
    const queries = [1, 2, 3, 4, 5, 8].map((n, i) => sample.slice(i * 17, i * 17 + n)).concat(['山山山']);
    let found = 0;
    const check = async () => {
      for (const q of queries) {
        for (const filters of [undefined, { publishedOnly: true }]) {
          const expected = searchByBruteForce(all(), q, createFolder(), filters);
          if (expected.total > 0) found++;
          expect(await engine.count(q, { filters }), `${q} ${JSON.stringify(filters)}`).toEqual({
            total: expected.total,
            sections: expected.sections,
          });
        }
      }
    };
    await check();
    let merges = 0;
    while (engine.mergeSegments()) merges++;
    expect(merges).toBeGreaterThan(0);
    await check();
    expect(found).toBeGreaterThan(16);
    const result = await engine.search(queries[2] as string, { limit: 5, offset: 3 });
    const expected = searchByBruteForce(all(), queries[2] as string, createFolder());
    expect(result.total).toBe(expected.total);
    expect(result.hits).toHaveLength(5);
    await engine.close();
  });

  it('picks for a compaction the smallest segments whose largest is no larger than the others together', () => {
    const seg = (...units: number[]) => units.map((u, i) => ({ id: i + 1, units: u * 1e6 }));
    const ids = (list: { id: number }[]) => list.map((v) => v.id);
    // What a 100 M ingest left: all six, in id order.
    expect(ids(tailToMerge(seg(30.9, 28.3, 1.8, 8.7, 9.1, 9.3)))).toEqual([1, 2, 3, 4, 5, 6]);
    // A small book beside a compacted index: nothing (the large one would be rewritten for a tiny gain).
    expect(tailToMerge(seg(88, 1))).toEqual([]);
    // Several small ones beside it: those, not the large one.
    expect(ids(tailToMerge(seg(88, 1, 1.5, 2)))).toEqual([2, 3, 4]);
    // Segments of the frozen size are never merged again; one segment alone is nothing to merge.
    expect(tailToMerge(seg(100, 120, 96))).toEqual([]);
    expect(tailToMerge(seg(5))).toEqual([]);
    // The merged segment stays within 96 M units (larger bucket rows fill 64 KiB pages worse).
    expect(ids(tailToMerge(seg(40, 40, 10, 50)))).toEqual([1, 2, 3]);
    expect(tailToMerge(seg(60, 60))).toEqual([]);
  });

  it('compacts an index at rest into fewer segments, and counts exactly before, after and when a compaction is given up', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fangzhi-compact-'));
    const file = path.join(dir, 'search.sqlite');
    try {
      const engine = new PostingEngine({ path: file });
      const books = new Map<number, IndexedSection[]>();
      for (let bookId = 1; bookId <= 5; bookId++) putBook(engine, books, bookId, bookId + 3);
      const check = async () => {
        for (const q of ['吉', '吉林', '长白山', '寧古塔吉', '林长白山寧古塔吉']) {
          const expected = searchByBruteForce([...books.values()].flat(), q, createFolder());
          expect(await engine.count(q), q).toEqual({ total: expected.total, sections: expected.sections });
        }
      };
      // Five segments, too few of a size class for the merges an ingest makes.
      expect(engine.mergeSegments()).toBe(false);
      expect(engine.segmentUnits()).toHaveLength(5);
      await check();
      // A compaction given up before its swap: the index is as it was, and the next one removes what it had written.
      expect(engine.mergeStep(true)).toBe(true);
      expect(engine.cancelMerge()).toBe(false);
      expect(engine.segmentUnits()).toHaveLength(5);
      await check();
      const hidden = () => {
        const db = new Database(file, { readonly: true });
        try {
          return db.prepare('SELECT count(*) FROM segment WHERE units < 0').pluck().get();
        } finally {
          db.close();
        }
      };
      expect(hidden()).toBe(1);
      // Past its swap a merge is finished, not given up (its old rows would stay on disk for good).
      let swapped = false;
      while (engine.mergeStep(true) === true) {
        if (engine.segmentUnits().length === 1 && !swapped) {
          swapped = true;
          expect(engine.cancelMerge()).toBe(true);
        }
        await check();
      }
      expect(swapped).toBe(true);
      expect(hidden()).toBe(0);
      expect(engine.segmentUnits()).toHaveLength(1);
      await check();
      // A small book beside the compacted index stays a segment of its own.
      putBook(engine, books, 6, 1);
      expect(engine.mergeSegments(true)).toBe(false);
      expect(engine.segmentUnits()).toHaveLength(2);
      await check();
      await engine.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('indexes books between the steps of a merge (a new segment never takes the id of one whose rows are being deleted)', async () => {
    const engine = new PostingEngine({ path: ':memory:' });
    const books = new Map<number, IndexedSection[]>();
    const put = (bookId: number, seed: number) => putBook(engine, books, bookId, seed);
    for (let bookId = 1; bookId <= 8; bookId++) put(bookId, bookId);
    engine.removeBook(8);
    books.delete(8);
    let next = 20;
    let steps = 0;
    // A book between each of the first steps (more would keep making new merges to do).
    while (engine.mergeStep()) {
      if (steps++ < 6) put(next++, next);
    }
    expect(steps).toBeGreaterThan(2);
    for (const q of ['吉林', '长白山', '寧古塔吉', '山']) {
      const expected = searchByBruteForce([...books.values()].flat(), q, createFolder());
      expect(await engine.count(q), q).toEqual({ total: expected.total, sections: expected.sections });
    }
    await engine.close();
  });

  it('another connection reads the metadata again only when a book or the segments change, and a merge waits for writers', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fangzhi-search-'));
    const file = path.join(dir, 'search.sqlite');
    // Two slots, as the pool gives two workers: this engine writes in slot 0, the other worker in slot 1.
    const writersWaiting = new Int32Array(new SharedArrayBuffer(8));
    const writer = new PostingEngine({ path: file, writersWaiting, writerSlot: 0 });
    const reader = new PostingEngine({ path: file });
    const books = new Map<number, IndexedSection[]>();
    const put = (bookId: number, seed: number) => putBook(writer, books, bookId, seed);
    for (let bookId = 1; bookId <= 8; bookId++) put(bookId, bookId);
    const check = async () => {
      for (const q of ['吉林', '长白山', '寧古塔吉', '山'])
        for (const filters of [undefined, { publishedOnly: true }]) {
          const expected = searchByBruteForce([...books.values()].flat(), q, createFolder(), filters);
          const want = { total: expected.total, sections: expected.sections };
          expect(await reader.count(q, { filters }), q).toEqual(want);
          // The merging connection too, between its own steps (its commits do not move its own data_version).
          expect(await writer.count(q, { filters }), q).toEqual(want);
        }
    };
    // The writer's own writes leave its slot as they found it.
    expect([...writersWaiting]).toEqual([0, 0]);
    await check();
    const loads = vi.spyOn(reader as unknown as { loadMeta: () => void }, 'loadMeta');

    // While a book's write in this process waits for the lock (or holds it), the merge takes no step.
    Atomics.store(writersWaiting, 1, 1);
    expect(writer.mergeStep()).toBe('wait');
    Atomics.store(writersWaiting, 1, 0);
    // Each step commits (rows of the hidden new segment, then deletions of the old ones): the reader counts right after
    // every one, and reads the metadata again once, after the step that swaps the segments.
    let steps = 0;
    while (writer.mergeStep() === true) {
      steps++;
      await check();
    }
    expect(steps).toBeGreaterThan(2);
    expect(loads).toHaveBeenCalledTimes(1);

    // A new book, a book unpublished and a book removed by the writer: each is seen, each by reading the metadata.
    put(9, 9);
    await check();
    writer.setBookPublished(2, false);
    (books.get(2) as IndexedSection[])[0]!.facets.published = false;
    await check();
    writer.removeBook(3);
    books.delete(3);
    await check();
    expect(loads).toHaveBeenCalledTimes(4);
    await reader.close();
    await writer.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
