/**
 * The worker pool answers exactly what the engine does in-process, sees its own writes from every worker (reads go to
 * whichever worker is least busy), keeps the Chinese error of a bad query, and leaves the event loop free.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { searchByBruteForce } from '../../../test/gazetteer/brute-force.ts';
import { AppError } from '../../../../shared/errors.ts';
import { getDefaultFolder } from './fold.ts';
import type { IndexedSection } from './search-index.ts';
import { PostingEngine, tailToMerge } from './posting-index.ts';
import { PooledSearchIndex } from './worker-pool.ts';

const facets = (title: string, published: boolean) => ({
  type: '县志',
  region: '220000',
  period: '清',
  year: 1800,
  title,
  published,
});

function book(bookId: number, published: boolean, n: number): IndexedSection[] {
  return Array.from({ length: n }, (_, i) => ({
    sectionId: bookId * 100 + i,
    bookId,
    text: `　　長白山在縣東${i}里\n　　长白山下有寧古塔，寕古塔城${'山水'.repeat(i)}`,
    facets: facets(`书${bookId}`, published),
  }));
}

describe('PooledSearchIndex', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fangzhi-pool-'));
  let pool: PooledSearchIndex | null = null;
  afterAll(async () => {
    await pool?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('equals the brute-force scan through two workers, public scope included, and follows publish and delete', async () => {
    pool = await PooledSearchIndex.open({ path: path.join(dir, 'search.sqlite'), size: 2 });
    const sections = [...book(1, true, 5), ...book(2, false, 3), ...book(3, true, 4)];
    for (const id of [1, 2, 3])
      await pool.indexBook(
        id,
        sections.filter((s) => s.bookId === id),
      );
    const queries = ['山', '长白', '寧古塔', '長白山 NEAR/5 寧古塔', '山水 -城', '"山 水山"'];
    const check = async (current: IndexedSection[]) => {
      for (const q of queries)
        for (const filters of [undefined, { publishedOnly: true }]) {
          const want = searchByBruteForce(current, q, getDefaultFolder(), filters);
          // Several at once, so both workers answer.
          const got = await Promise.all([1, 2, 3, 4].map(() => pool!.count(q, { filters })));
          for (const g of got) expect({ q, ...g }).toEqual({ q, total: want.total, sections: want.sections });
        }
    };
    await check(sections);
    await pool.setBookPublished(2, true);
    const published = sections.map((s) => ({ ...s, facets: { ...s.facets, published: true } }));
    await check(published);
    await pool.removeBook(3);
    await check(published.filter((s) => s.bookId !== 3));
    const result = await pool.search('長白山', { filters: { publishedOnly: true } });
    expect(result.facets.book.map((b) => b.label).sort()).toEqual(['书1', '书2']);
    // Hits its texts do not name (no text source here): the result goes back for the main thread to shape.
    const frame = { query: '長白山', fold: true, page: 1, pageSize: 20, startedAt: 0 };
    expect(await pool.searchAnswer('長白山', { filters: { publishedOnly: true } }, frame)).toEqual({ result });
  });

  it('sends the Chinese message of a malformed query back as an AppError', async () => {
    await expect(pool!.search('(長白')).rejects.toBeInstanceOf(AppError);
    await expect(pool!.search('(長白')).rejects.toThrow(/括号/);
  });

  it('sends large writes in parts and keeps the writes of a book in the order they were made', async () => {
    const text = (i: number) => `${'長白山下寧古塔'.repeat(4000)}${i}`;
    const large = (bookId: number, n: number): IndexedSection[] =>
      Array.from({ length: n }, (_, i) => ({
        sectionId: bookId * 1000 + i,
        bookId,
        text: text(i),
        facets: facets(`书${bookId}`, true),
      }));
    const parts: number[] = [];
    const worker = (pool as unknown as { workers: { call: (m: string, a: unknown[]) => Promise<unknown> }[] }).workers;
    const calls = worker.map((w) => w.call.bind(w));
    worker.forEach((w, i) => {
      w.call = (method, args) => {
        if (method === 'stage') parts.push((args[1] as IndexedSection[]).length);
        return (calls[i] as typeof w.call)(method, args);
      };
    });
    try {
      // 28,001 characters a section: a book of 5 goes in parts; a batch of two books too.
      const a = large(41, 5);
      const b = large(42, 3);
      await pool!.indexBooks([
        { bookId: 41, sections: a },
        { bookId: 42, sections: b },
      ]);
      expect(parts.length).toBeGreaterThan(1);
      const count = (q: string) => pool!.count(q);
      expect(await count('古塔4')).toEqual({ total: 1, sections: 1 });
      expect((await pool!.search('寧古塔2', { limit: 50 })).hits.map((h) => h.sectionId).sort()).toEqual([
        41002, 42002,
      ]);
      // Written one after another without waiting: the removal lands after the large write it follows.
      parts.length = 0;
      const c = large(43, 6);
      const writes = [pool!.indexBook(43, c), pool!.removeBook(43), pool!.indexBook(44, large(44, 2))];
      await Promise.all(writes);
      expect(parts.length).toBeGreaterThan(1);
      // Only book 43 had a sixth section; had the removal overtaken the write, it would still be found.
      expect(await count('寧古塔5')).toEqual({ total: 0, sections: 0 });
      expect(await count('古塔1')).toEqual({ total: 3, sections: 3 });
      // A part that never reaches the worker (it died between parts) fails the write, which indexes nothing.
      let dropped = false;
      worker.forEach((w, i) => {
        w.call = (method, args) => {
          if (method === 'stage' && !dropped) {
            dropped = true;
            return Promise.resolve();
          }
          return (calls[i] as typeof w.call)(method, args);
        };
      });
      await expect(pool!.indexBook(45, large(45, 4))).rejects.toThrow(/reached this worker/);
      expect(await count('寧古塔3')).toEqual({ total: 1, sections: 1 });
    } finally {
      worker.forEach((w, i) => (w.call = calls[i] as typeof w.call));
      for (const id of [41, 42, 44]) await pool!.removeBook(id);
    }
  });

  it('keeps the event loop turning while it ingests and searches (the work is in the workers)', async () => {
    // On a shared machine a delay histogram measures the neighbours too (the benchmark reports it against an idle
    // baseline); what is certain is that timers fire while a large book is indexed, which in-process they cannot.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const big = Array.from({ length: 40 }, (_, i) => ({
      sectionId: 10_000 + i,
      bookId: 9,
      text: '山川形勝志之所載'.repeat(5000),
      facets: facets('大书', true),
    }));
    const started = performance.now();
    await pool!.indexBook(9, big);
    const ingestTicks = ticks;
    await Promise.all(Array.from({ length: 20 }, () => pool!.search('志之', { filters: { publishedOnly: true } })));
    clearInterval(timer);
    expect(performance.now() - started).toBeGreaterThan(50);
    expect(ingestTicks).toBeGreaterThan(3);
    expect(ticks).toBeGreaterThan(ingestTicks);
  });

  it('closes without finishing the merges a write started, and the next pool counts exactly', async () => {
    const file = path.join(dir, 'merge-on-close.sqlite');
    const sections: IndexedSection[] = [];
    // Sixteen one-book segments, written without a pool (nothing merges them).
    const engine = new PostingEngine({ path: file });
    for (let id = 41; id <= 56; id++) {
      const written = book(id, true, 2);
      sections.push(...written);
      engine.indexBook(id, written);
    }
    await engine.close();
    // One more write through a pool starts a merge run: seventeen segments of one size class take two merges of eight
    // (17 → 10 → 3). Closed at once, the pool gives the run up after at most its first merge instead of waiting for it.
    const pool17 = await PooledSearchIndex.open({ path: file, size: 1, idleCompactMs: 60_000 });
    const last = book(57, true, 2);
    sections.push(...last);
    await pool17.indexBook(57, last);
    await pool17.close();
    const reopened = await PooledSearchIndex.open({ path: file, size: 2, idleCompactMs: 60_000 });
    try {
      expect((await reopened.segmentUnits()).length).toBeGreaterThanOrEqual(10);
      for (const q of ['山', '寧古塔', '長白山 NEAR/5 寧古塔']) {
        const want = searchByBruteForce(sections, q, getDefaultFolder());
        expect(await reopened.count(q)).toEqual({ total: want.total, sections: want.sections });
      }
      // The merges left undone are the next pool's: a compaction finishes them.
      await reopened.compact();
      expect((await reopened.segmentUnits()).length).toBeLessThanOrEqual(3);
    } finally {
      await reopened.close();
    }
  });

  it('compacts its segments once writes have stopped, and can close in the middle of a compaction', async () => {
    const file = path.join(dir, 'compact.sqlite');
    const sections: IndexedSection[] = [];
    const quiet = await PooledSearchIndex.open({ path: file, size: 2, idleCompactMs: 300 });
    try {
      for (const id of [21, 22, 23, 24]) {
        const written = book(id, true, 3);
        sections.push(...written);
        await quiet.indexBook(id, written);
      }
      expect(await quiet.segmentUnits()).toHaveLength(4);
      // Quiet for longer than idleCompactMs: the four small segments become one.
      const deadline = Date.now() + 10_000;
      while ((await quiet.segmentUnits()).length > 1 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(await quiet.segmentUnits()).toHaveLength(1);
      for (const q of ['山', '寧古塔', '長白山 NEAR/5 寧古塔']) {
        const want = searchByBruteForce(sections, q, getDefaultFolder());
        expect(await quiet.count(q)).toEqual({ total: want.total, sections: want.sections });
      }
    } finally {
      await quiet.close();
    }
    // Closed in the middle of a compaction (more segments than one step merges): the next pool counts exactly and can
    // compact what is left.
    const busy = await PooledSearchIndex.open({ path: file, size: 1, idleCompactMs: 60_000 });
    for (const id of [31, 32, 33]) {
      const written = [...book(id, true, 2), ...book(id + 100, true, 2)].map((s) => ({ ...s, bookId: id }));
      sections.push(...written);
      await busy.indexBook(id, written);
    }
    const compacting = busy.compact();
    await busy.close();
    await compacting;
    const reopened = await PooledSearchIndex.open({ path: file, size: 2, idleCompactMs: 60_000 });
    try {
      for (const q of ['山', '寧古塔', '山水山']) {
        const want = searchByBruteForce(sections, q, getDefaultFolder());
        expect(await reopened.count(q)).toEqual({ total: want.total, sections: want.sections });
      }
      expect(await reopened.segmentUnits()).toHaveLength(4);
      await reopened.compact();
      const left = await reopened.segmentUnits();
      expect(left.length).toBeLessThan(4);
      expect(tailToMerge(left.map((units, id) => ({ id, units })))).toEqual([]);
    } finally {
      await reopened.close();
    }
  });

  it.runIf(process.platform === 'linux')(
    'runs its workers at a lower priority than the event loop (Linux)',
    async () => {
      /** A thread's nice value: field 19 of its stat line, the 17th after the command name's closing parenthesis. */
      const niceOf = (statFile: string) => Number(readFileSync(statFile, 'utf8').split(') ')[1]!.split(' ')[16]);
      const niceness = () => readdirSync('/proc/self/task').map((tid) => niceOf(`/proc/self/task/${tid}/stat`));
      const before = niceness();
      const own = niceOf('/proc/thread-self/stat');
      const lowered = await PooledSearchIndex.open({ path: path.join(dir, 'nice.sqlite'), size: 2 });
      try {
        const after = niceness();
        const expected = Math.min(19, own + 5);
        expect(after.filter((n) => n === expected).length - before.filter((n) => n === expected).length).toBe(2);
        expect(niceOf('/proc/thread-self/stat')).toBe(own);
      } finally {
        await lowered.close();
      }
    },
  );
});
