import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import type { DbHandle } from '../../db/database.ts';
import { createTestDatabase, TEST_DIALECTS } from '../../test/test-db.ts';
import { createTestClock } from '../../test/test-app.ts';
import { systemActor } from '../../platform/auth/actor.ts';
import { parsePlainText } from './ingest/plain-text.ts';
import { startSearchWarmup } from './search-warmup.ts';
import { deleteBook, ingestBook, reindexAll, setBookPublished, updateBookMetadata } from './ingest-book.ts';
import { findBookChangesAfter, findLastBookChangeSeq } from './book-changes.repository.ts';
import { startIndexFollower, type IndexFollower } from './index-follower.ts';
import { findIndexMismatches } from './index-consistency.ts';
import { findBookById } from './gazetteer.repository.ts';
import { buildNewGeneration, openFollowingSearch, readAppliedSeq } from './search-generations.ts';

/** Issue 15: each data directory's index is a cache that follows the database's change log. */
describe.each(TEST_DIALECTS)('the index follows the change log (%s)', (dialect) => {
  const logger = pino({ level: 'silent' });
  const clock = createTestClock();
  const cli = systemActor('cli');
  const dirs: string[] = [];
  const followers: IndexFollower[] = [];
  let handle: DbHandle;
  const newDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-follow-'));
    dirs.push(d);
    return d;
  };
  const server = async (dataDir: string, options: { listen?: boolean; building?: boolean } = {}) => {
    const search = await openFollowingSearch(dataDir, { allowMissing: true, env: {} });
    const follower = await startIndexFollower(
      { db: handle.db, clock, logger, search },
      {
        dataDir,
        pollMs: 60_000,
        searchOptions: { env: {} },
        ...(options.listen && dialect === 'postgres' ? { databaseUrl: process.env.TEST_DATABASE_URL! } : {}),
      },
    );
    followers.push(follower);
    if (!options.building) await follower.ready();
    return { deps: { db: handle.db, clock, search }, search, follower };
  };
  const book = (name: string, text: string) => ({
    book: parsePlainText(new TextEncoder().encode(`${name}\n\n第一章\n${text}\n`), `${name}.txt`),
    format: 'txt',
    sourceName: `${name}.txt`,
  });

  /** Occurrences found (the index's methods are becoming asynchronous: await whatever they return). */
  const hits = async (s: { search: { index: { count(q: string): unknown } } }, q: string) =>
    ((await Promise.resolve(s.search.index.count(q))) as { total: number }).total;

  beforeAll(async () => {
    handle = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    for (const f of followers) await f.close();
    await handle.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('every change writes one row of the log in its own transaction; a failed change writes none', async () => {
    const a = await server(newDir());
    const before = await findLastBookChangeSeq(handle.db);
    const { book: saved } = await ingestBook(a.deps, cli, book('甲县志', '长白山在县东'));
    await updateBookMetadata(a.deps, cli, saved.id, { region: '220102' });
    await setBookPublished(a.deps, cli, saved.id, true);
    await expect(updateBookMetadata(a.deps, cli, 999_999, { region: '220102' })).rejects.toThrow(AppError);
    const kinds = (await findBookChangesAfter(handle.db, before, 100)).map((c) => `${c.kind}:${c.book_id}`);
    expect(kinds).toEqual([`ingest:${saved.id}`, `update:${saved.id}`, `publish:${saved.id}`]);
    await deleteBook(a.deps, cli, saved.id);
  });

  it('a second data directory catches up with ingest, edit and delete made through the first', async () => {
    const a = await server(newDir());
    const b = await server(newDir());
    const { book: saved } = await ingestBook(a.deps, cli, book('乙县志', '松花江穿城而过'));
    expect(await hits(a, '松花江')).toBe(1);
    expect(await hits(b, '松花江')).toBe(0);
    await b.follower.catchUp();
    expect(await hits(b, '松花江')).toBe(1);
    expect(b.follower.status()).toMatchObject({ state: 'ready', appliedSeq: await findLastBookChangeSeq(handle.db) });
    expect(readAppliedSeq(b.search.index.generation!)).toBe(await findLastBookChangeSeq(handle.db));

    // An edit of a facet: the other server's index files the book under the new region.
    const inRegion = async () =>
      (
        (await Promise.resolve(b.search.index.count('松花江', { filters: { regions: ['220102'] } }))) as {
          total: number;
        }
      ).total;
    expect(await inRegion()).toBe(0);
    await updateBookMetadata(a.deps, cli, saved.id, { region: '220102' });
    await b.follower.catchUp();
    expect(await inRegion()).toBe(1);

    await deleteBook(a.deps, cli, saved.id);
    await b.follower.catchUp();
    expect(await hits(b, '松花江')).toBe(0);
  });

  it('a data directory without an index builds one in the background and says so meanwhile', async () => {
    const a = await server(newDir());
    await ingestBook(a.deps, cli, book('丙县志', '鸭绿江在县南'));
    const c = await server(newDir(), { building: true });
    // Right after start the server answers; search says the index is being built.
    expect(c.follower.status().state).toBe('building');
    await expect(Promise.resolve().then(() => c.search.index.count('鸭绿江'))).rejects.toThrow(/检索索引正在建立/);
    await c.follower.ready();
    expect(c.follower.status().state).toBe('ready');
    expect(await hits(c, '鸭绿江')).toBe(1);
    // A change made while it was building is not lost.
    await ingestBook(a.deps, cli, book('丁县志', '浑江在县西'));
    await c.follower.catchUp();
    expect(await hits(c, '浑江')).toBe(1);
  });

  it('books reindex in another process swaps a new generation; the running follower continues from its seq', async () => {
    const a = await server(newDir());
    const dir = newDir();
    const b = await server(dir);
    await b.follower.ready();
    // As the server does: the new generation is warmed (through itself) before it answers.
    await ingestBook(a.deps, cli, book('己县志', '拉林河源出张广才岭西北流入松花江'), { published: true });
    const warmup = startSearchWarmup({ ...b.deps, logger }, { ready: b.follower.ready(), concurrency: 2 });
    await warmup.finished;
    b.search.index.beforeSwap = (next) => warmup.warmGeneration(next);
    const old = b.search.index.generation;
    const fresh = await buildNewGeneration(
      dir,
      async (s) => {
        const seq = await findLastBookChangeSeq(handle.db);
        await reindexAll({ db: handle.db, clock, search: s });
        return seq;
      },
      { env: {} },
    );
    await ingestBook(a.deps, cli, book('戊县志', '辉发河在县北'));
    await b.follower.catchUp();
    expect(b.search.index.generation).toBe(fresh);
    expect(b.search.index.generation).not.toBe(old);
    expect(await hits(b, '辉发河')).toBe(1);
    expect(await hits(b, '浑江')).toBe(1);
    expect(warmup.status()).toMatchObject({ state: 'done', after: 'swap' });
    expect(warmup.status().searches).toBeGreaterThanOrEqual(5);
    await warmup.stop();
  });

  /** Counts the index writes of a server; the first `failures` of them fail (a full disk, a worker that died). */
  const countWrites = (s: { search: { index: { indexBook: (...a: never[]) => Promise<void> } } }, failures = 0) => {
    const index = s.search.index;
    const real = index.indexBook.bind(index);
    const seen = { calls: 0 };
    index.indexBook = (...args: never[]) => {
      seen.calls += 1;
      return seen.calls <= failures ? Promise.reject(new Error('disk full')) : real(...args);
    };
    return seen;
  };

  it('an index write that fails after the commit leaves the change committed; the follower applies it from the log', async () => {
    const a = await server(newDir());
    const writes = countWrites(a, 1);
    const res = await ingestBook(a.deps, cli, book('庚县志', '图们江在县东'));
    // The rows are committed and the change is in the log; the ingest says the index is behind.
    expect(res.warnings.join()).toContain('检索索引暂未更新');
    expect(await findBookById(handle.db, res.book.id)).toMatchObject({ title: '庚县志' });
    const log = await findBookChangesAfter(handle.db, 0, 100_000);
    expect(log.at(-1)).toMatchObject({ book_id: res.book.id, kind: 'ingest' });
    expect(await hits(a, '图们江')).toBe(0);
    await a.follower.catchUp();
    expect(await hits(a, '图们江')).toBe(1);
    expect(writes.calls).toBe(2);
    expect(a.follower.status().appliedSeq).toBe(await findLastBookChangeSeq(handle.db));
    // A change applied right after its commit is not applied a second time by the follower.
    await ingestBook(a.deps, cli, book('辛县志', '嫩江在县西'));
    await a.follower.catchUp();
    expect(writes.calls).toBe(3);
    expect(await hits(a, '嫩江')).toBe(1);
  });

  it('two ingests in flight are both indexed once; an edit does not overtake a re-ingest of the same book', async () => {
    const a = await server(newDir());
    const writes = countWrites(a);
    // A source that names itself (as a Kanripo ID does): ingesting it again replaces the book.
    const edition = (text: string) => {
      const source = book('壬县志', text);
      return { ...source, book: { ...source.book, metadata: { ...source.book.metadata, sourceId: 'KR-follow-ren' } } };
    };
    const [x, y] = await Promise.all([
      ingestBook(a.deps, cli, edition('乌苏里江在县北')),
      ingestBook(a.deps, cli, book('癸县志', '牡丹江在县南')),
    ]);
    expect(x.book.id).not.toBe(y.book.id);
    expect(await hits(a, '乌苏里江')).toBe(1);
    expect(await hits(a, '牡丹江')).toBe(1);
    await a.follower.catchUp();
    expect(writes.calls).toBe(2);
    // Changes of one book reach the index in the order they committed (the book's lock): a re-ingest whose index
    // write is slow is not overtaken by an edit of a facet committed after it.
    const index = a.search.index;
    const write = index.indexBook.bind(index);
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    index.indexBook = async (...args) => {
      if (first) {
        first = false;
        await slow;
      }
      return write(...args);
    };
    const before = await findLastBookChangeSeq(handle.db);
    const reingest = ingestBook(a.deps, cli, edition('乌苏里江与松阿察河'));
    while ((await findLastBookChangeSeq(handle.db)) === before) await new Promise((r) => setTimeout(r, 5));
    const edit = updateBookMetadata(a.deps, cli, x.book.id, { region: '230000' });
    await new Promise((r) => setTimeout(r, 200));
    release();
    expect((await reingest).book.id).toBe(x.book.id);
    await edit;
    index.indexBook = write;
    expect(await findIndexMismatches({ db: handle.db, search: a.search })).toEqual([]);
    expect(await hits(a, '松阿察河')).toBe(1);
    await a.follower.catchUp();
    expect(await findIndexMismatches({ db: handle.db, search: a.search })).toEqual([]);
    await deleteBook(a.deps, cli, x.book.id);
    await deleteBook(a.deps, cli, y.book.id);
  });

  it.runIf(dialect === 'postgres')(
    'on PostgreSQL a change reaches another server by NOTIFY, without polling',
    async () => {
      const a = await server(newDir());
      const b = await server(newDir(), { listen: true });
      await b.follower.ready();
      await new Promise((r) => setTimeout(r, 300)); // LISTEN established
      await ingestBook(a.deps, cli, book('己县志', '饮马河在县中'));
      const started = Date.now();
      while ((await hits(b, '饮马河')) === 0) {
        if (Date.now() - started > 2000) throw new Error('not notified within 2 s');
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  );
});

describe('a rebuild never deletes a generation a live process still reads', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-lease-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const section = (text: string) => [
    { sectionId: 1, bookId: 1, text, facets: { type: '市县志', region: null, period: null, year: null, title: '甲' } },
  ];

  it('keeps a leased generation through two rebuilds, and removes it once the reader has moved on', async () => {
    const first = await buildNewGeneration(
      dataDir,
      async (s) => {
        await Promise.resolve(s.index.indexBook(1, section('第一版长白山')));
      },
      { env: {} },
    );
    // A reader opens the first generation and then sits idle (it does not look at the pointer).
    const reader = await openFollowingSearch(dataDir, { env: {} });
    expect(reader.index.generation).toBe(first);
    for (const text of ['第二版', '第三版']) {
      await buildNewGeneration(
        dataDir,
        async (s) => {
          await Promise.resolve(s.index.indexBook(1, section(text)));
        },
        { env: {} },
      );
    }
    expect(fs.existsSync(first)).toBe(true);
    expect(fs.existsSync(`${first}.reader-${process.pid}`)).toBe(true);
    // It moves to the generation in force and gives up its lease; the next rebuild removes the first.
    await reader.index.refresh();
    expect(reader.index.generation).not.toBe(first);
    await buildNewGeneration(dataDir, async () => undefined, { env: {} });
    expect(fs.existsSync(first)).toBe(false);
    expect(fs.readdirSync(dataDir).filter((f) => f.startsWith(path.basename(first)))).toEqual([]);
    await reader.index.close();
  });
});
