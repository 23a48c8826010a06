import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/database.ts';
import type { Logger } from '../../platform/logger.ts';
import { systemActor } from '../../platform/auth/actor.ts';
import { createTestClock } from '../../test/test-app.ts';
import { createTestDatabase, TEST_DIALECTS } from '../../test/test-db.ts';
import { parsePlainText } from './ingest/plain-text.ts';
import { deleteBook, ingestBook } from './ingest-book.ts';
import { openGazetteerSearch, type GazetteerSearch } from './open-search.ts';
import { startSearchWarmup, warmupCalls, warmupCombinations, warmupQueries } from './search-warmup.ts';
import type { SearchIndex } from './search/search-index.ts';

describe('warmupQueries', () => {
  it('cuts 1, 2, 3, 4 and 8 Han characters from the longest run of each text, never across punctuation or Latin', () => {
    const queries = warmupQueries(['长白山在县东南，高二百余里。天池在山顶周围八十里水色碧绿ABC'], 1);
    expect(queries.map((q) => [...q].length)).toEqual([1, 2, 3, 4, 8]);
    for (const q of queries) expect('天池在山顶周围八十里水色碧绿').toContain(q);
  });

  it('gives at most `perLength` queries of a length, from different texts, without repeats', () => {
    const texts = ['甲乙丙丁戊己庚辛壬癸子丑寅卯', '春夏秋冬东南西北上下左右前后', '一二三四五六七八九十百千万亿'];
    const queries = warmupQueries(texts, 2);
    expect(new Set(queries).size).toBe(queries.length);
    for (const length of [1, 2, 3, 4, 8])
      expect(queries.filter((q) => [...q].length === length).length).toBeLessThanOrEqual(2);
    expect(queries.length).toBeGreaterThanOrEqual(9);
  });

  it('cuts a long run into pieces, so that one unpunctuated text gives more queries than one per length', () => {
    const text = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥春夏秋冬东南西北上下左右前后一二三四五六七八九十百千万亿';
    const queries = warmupQueries([text], 3);
    expect(new Set(queries).size).toBe(queries.length);
    for (const length of [1, 2, 3, 4, 8]) expect(queries.filter((q) => [...q].length === length)).toHaveLength(3);
    for (const q of queries) expect(text).toContain(q);
    // A piece ends where the run does: a last piece shorter than eight characters is not cut.
    expect(warmupQueries(['甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未'], 5).filter((q) => [...q].length === 8)).toHaveLength(
      1,
    );
  });

  it('counts characters outside the BMP as one and skips texts with no run of eight Han characters', () => {
    expect(warmupQueries(['短句。又短。abc defghijk'], 3)).toEqual([]);
    expect(warmupQueries([], 3)).toEqual([]);
    const queries = warmupQueries(['𠀀𠀁𠀂𠀃𠀄𠀅𠀆𠀇𠀈𠀉'], 1);
    expect(queries.map((q) => [...q].length)).toEqual([1, 2, 3, 4, 8]);
  });
});

describe('warmupCombinations', () => {
  it('combines the cut queries into every kind: AND, OR, NOT, NEAR, and NEAR with a one-character side', () => {
    const queries = warmupQueries(
      ['长白山在县东南高二百余里天池在山顶周围八十里', '鸭绿江发源于长白山南麓流入黄海'],
      2,
    );
    const combos = warmupCombinations(queries, 2);
    const kinds = (q: string) =>
      / NEAR\/5 /.test(q)
        ? 'near-char'
        : / NEAR\//.test(q)
          ? 'near'
          : / OR /.test(q)
            ? 'or'
            : / -"/.test(q)
              ? 'not'
              : 'and';
    expect(new Set(combos.map(kinds))).toEqual(new Set(['and', 'or', 'not', 'near', 'near-char']));
    expect(new Set(combos).size).toBe(combos.length);
    for (const q of combos) {
      const terms = [...q.matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
      expect(terms).toHaveLength(2);
      expect(terms[0]).not.toBe(terms[1]);
      for (const t of terms) expect(queries).toContain(t);
    }
    // The one-character side is one character, its partner two to four.
    for (const q of combos.filter((c) => / NEAR\/5 /.test(c))) {
      const [c, partner] = [...q.matchAll(/"([^"]+)"/g)].map((m) => [...(m[1] as string)].length);
      expect(c).toBe(1);
      expect(partner).toBeGreaterThanOrEqual(2);
    }
  });

  it('makes nothing from too few queries', () => {
    expect(warmupCombinations([], 3)).toEqual([]);
    expect(warmupCombinations(['山'], 3)).toEqual([]);
  });
});

describe('warmupCalls', () => {
  const texts = Array.from({ length: 12 }, (_, i) =>
    Array.from({ length: 400 }, (_, k) => String.fromCodePoint(0x4e00 + ((i * 7919 + k * 104729) % 20000))).join(''),
  );

  it('makes about as many searches as asked: first pages, a second page of some, then the combinations', () => {
    const calls = warmupCalls(texts, 800, 4);
    expect(calls.length).toBeGreaterThan(700);
    expect(calls.length).toBeLessThan(900);
    const firstPages = calls.filter((c) => c.page === 1).length;
    expect(calls.filter((c) => c.page === 2).length).toBeGreaterThan(firstPages / 15);
    const combined = calls.filter((c) => c.q.includes('"'));
    expect(new Set(combined.map((c) => c.q.replace(/"[^"]+"/g, 'X')))).toEqual(
      new Set(['X X', 'X OR X', 'X -X', 'X NEAR/10 X']),
    );
    expect(combined.length).toBeLessThanOrEqual(16);
    // Never a NEAR with a one-character side: at 1 B it reads windows of text around every occurrence.
    expect(calls.some((c) => c.q.includes(' NEAR/5 '))).toBe(false);
    // Every term is cut from the texts.
    for (const c of calls)
      for (const t of c.q.includes('"') ? [...c.q.matchAll(/"([^"]+)"/g)].map((m) => m[1] as string) : [c.q])
        expect(texts.some((x) => x.includes(t))).toBe(true);
  });

  it('makes fewer from a small collection, and none from nothing', () => {
    expect(warmupCalls([], 800, 4)).toEqual([]);
    const few = warmupCalls(['长白山在县东南高二百余里天池在山顶周围八十里'], 800, 4);
    expect(few.length).toBeGreaterThan(0);
    expect(few.length).toBeLessThan(30);
  });
});

describe.each(TEST_DIALECTS)('startSearchWarmup (%s)', (dialect) => {
  const clock = createTestClock();
  const cli = systemActor('cli');
  let handle: DbHandle;
  let search: GazetteerSearch;
  const asked: string[] = [];
  /** Records the queries the public path asks `index` (it asks for the answer as JSON when the index offers it). */
  const recordSearches = (index: SearchIndex, into: string[]) => {
    const inner = index.searchAnswer?.bind(index);
    if (!inner) throw new Error('the test index answers searches as JSON');
    index.searchAnswer = (q, options, frame) => {
      into.push(q);
      return inner(q, options, frame);
    };
  };
  const book = (name: string, text: string) => ({
    book: parsePlainText(new TextEncoder().encode(`${name}\n\n第一章\n${text}\n`), `${name}.txt`),
    format: 'txt',
    sourceName: `${name}.txt`,
  });

  beforeAll(async () => {
    handle = await createTestDatabase(dialect);
    search = await openGazetteerSearch({ path: ':memory:', env: {} });
    recordSearches(search.index, asked);
  });
  afterAll(async () => {
    await search.index.close();
    await handle.close();
  });

  it('has nothing to search in an empty collection', async () => {
    const warmup = startSearchWarmup({ db: handle.db, clock, search }, { ready: Promise.resolve() });
    expect(await warmup.finished).toMatchObject({ state: 'done', searches: 0 });
    expect(asked).toEqual([]);
  });

  it('searches the public path with queries cut from published books only, then says it is done', async () => {
    const deps = { db: handle.db, clock, search };
    // The unpublished book first: its sections have the lower ids, where the spread starts.
    const secret = await ingestBook(deps, cli, book('乙县志', '内部稿本鸭绿江发源于此未刊不公开之文字'));
    await ingestBook(deps, cli, book('甲县志', '长白山在县东南高二百余里天池在山顶周围八十里'), { published: true });
    asked.length = 0;
    const logged: unknown[][] = [];
    const logger = { info: (...args: unknown[]) => logged.push(args), warn: () => {} } as unknown as Logger;
    const warmup = startSearchWarmup({ ...deps, logger }, { ready: Promise.resolve(), concurrency: 2 });
    const status = await warmup.finished;
    expect(logged).toEqual([[{ searches: status.searches, ms: status.ms }, '检索预热完成']]);
    expect(status.state).toBe('done');
    expect(status.searches).toBe(asked.length);
    expect(asked.length).toBeGreaterThanOrEqual(5);
    // Terms alone, and combinations of them.
    expect(asked.some((q) => q.includes(' OR '))).toBe(true);
    for (const q of asked) {
      const terms = q.includes('"') ? [...q.matchAll(/"([^"]+)"/g)].map((m) => m[1] as string) : [q];
      for (const t of terms) {
        expect('长白山在县东南高二百余里天池在山顶周围八十里').toContain(t);
        expect('内部稿本鸭绿江发源于此未刊不公开之文字').not.toContain(t);
      }
    }
    expect(warmup.status()).toEqual(status);
    await deleteBook(deps, cli, secret.book.id);
  });

  it('warms a new generation through that generation, not the one in force, and reports it', async () => {
    const deps = { db: handle.db, clock, search };
    const published = await ingestBook(deps, cli, book('丙县志', '松花江出长白山天池北流经县境入混同江'), {
      published: true,
    });
    const next = await openGazetteerSearch({ path: ':memory:', env: {} });
    const askedNext: string[] = [];
    recordSearches(next.index, askedNext);
    const logged: unknown[][] = [];
    const logger = { info: (...args: unknown[]) => logged.push(args), warn: () => {} } as unknown as Logger;
    const warmup = startSearchWarmup({ ...deps, logger }, { ready: Promise.resolve(), concurrency: 2 });
    await warmup.finished;
    asked.length = 0;
    await warmup.warmGeneration(next.index);
    expect(asked).toEqual([]);
    expect(askedNext.length).toBeGreaterThanOrEqual(5);
    const status = warmup.status();
    expect(status).toMatchObject({ state: 'done', searches: askedNext.length, after: 'swap' });
    expect(logged.at(-1)).toEqual([{ searches: status.searches, ms: status.ms }, '新检索索引预热完成']);
    await warmup.stop();
    await warmup.warmGeneration(next.index);
    expect(askedNext.length).toBe(status.searches);
    await next.index.close();
    await deleteBook(deps, cli, published.book.id);
  });

  it('waits for the index to be ready, and a stop meanwhile ends it without a search', async () => {
    asked.length = 0;
    const warmup = startSearchWarmup({ db: handle.db, clock, search }, { ready: new Promise<void>(() => {}) });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(warmup.status()).toEqual({ state: 'waiting', searches: 0 });
    // The swap of the index being built (an outdated one in force meanwhile) does not wait for the build it ends.
    await warmup.warmGeneration(search.index);
    expect(asked).toEqual([]);
    await warmup.stop();
    expect(warmup.status().state).toBe('stopped');
    expect(asked).toEqual([]);
  });

  it('reports a failed build as failed and searches nothing', async () => {
    asked.length = 0;
    const warmup = startSearchWarmup(
      { db: handle.db, clock, search },
      { ready: Promise.reject(new Error('build failed')) },
    );
    expect((await warmup.finished).state).toBe('failed');
    expect(asked).toEqual([]);
  });
});
