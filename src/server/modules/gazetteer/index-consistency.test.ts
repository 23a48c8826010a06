import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TIngestResponse } from '../../../shared/gazetteer.ts';
import { TEST_DIALECTS } from '../../test/test-db.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { findIndexMismatches, syncSearchIndexWithDatabase } from './index-consistency.ts';
import { updateBookRow } from './gazetteer.repository.ts';
import { activeIndexFile, buildNewGeneration, openFollowingSearch } from './search-generations.ts';

const FIXTURES = path.join(import.meta.dirname, 'ingest/fixtures');

/** Issue 11, item 10: the index and the database agree at start, after a restore and after `books reindex`. */
describe.each(TEST_DIALECTS)('search index agrees with the database (%s)', (dialect) => {
  let t: TestApp;
  let bookId = 0;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const admin = await t.signIn('idx-admin', ['admin']);
    const form = new FormData();
    form.set('file', new File([Uint8Array.from(readFileSync(path.join(FIXTURES, 'plain-utf8.txt')))], '青岚县志.txt'));
    form.set('type', '市县志');
    const res = await admin.request('POST', '/api/books', form);
    expect(res.status).toBe(201);
    bookId = ((await res.json()) as TIngestResponse).book.id;
  });
  afterAll(async () => t.close());

  const hits = async () => (await t.deps.search.index.count('翠屏山')).total;

  it('finds nothing to repair when both sides were written together', async () => {
    expect(await findIndexMismatches(t.deps)).toEqual([]);
    expect(await hits()).toBeGreaterThan(0);
  });

  it('re-indexes a book the index lost (a commit after the index write failed, a restore of older data)', async () => {
    const before = await hits();
    await t.deps.search.index.removeBook(bookId);
    expect(await hits()).toBe(0);
    expect(await findIndexMismatches(t.deps)).toEqual([bookId]);
    expect(await syncSearchIndexWithDatabase(t.deps)).toEqual([bookId]);
    expect(await hits()).toBe(before);
    expect(await findIndexMismatches(t.deps)).toEqual([]);
  });

  it('removes a book only the index knows, and re-indexes one whose metadata changed in the database alone', async () => {
    await t.deps.search.index.indexBook(999_999, [
      {
        sectionId: 999_999,
        bookId: 999_999,
        text: '翠屏山下',
        facets: { type: '旧志', region: null, period: null, year: null, title: '幽灵' },
      },
    ]);
    await updateBookRow(t.deps.db, bookId, { title: '青岚县志（修订）' }, new Date().toISOString());
    expect(await findIndexMismatches(t.deps)).toEqual([bookId, 999_999]);
    await syncSearchIndexWithDatabase(t.deps);
    expect(await findIndexMismatches(t.deps)).toEqual([]);
    expect((await t.deps.search.index.search('翠屏山')).hits.every((h) => h.bookId === bookId)).toBe(true);
  });
});

describe('books reindex swaps a new index file under a running reader', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fangzhi-index-gen-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const section = (text: string) => [
    {
      sectionId: 1,
      bookId: 1,
      text,
      facets: { type: '市县志', region: null, period: null, year: null, title: '青岚县志' },
    },
  ];

  it('keeps answering from the old file during the rebuild, follows the pointer after it, and deletes nothing in use', async () => {
    const running = await openFollowingSearch(dataDir, { env: {} });
    await running.index.indexBook(1, section('旧索引里有长白山'));
    const legacy = activeIndexFile(dataDir);
    expect(path.basename(legacy)).toBe('search.sqlite');

    const first = await buildNewGeneration(
      dataDir,
      async (fresh) => {
        await fresh.index.indexBook(1, section('新索引里有松花江'));
        // Mid-rebuild the running reader still answers from the old file.
        expect((await running.index.count('长白山')).total).toBe(1);
      },
      { env: {} },
    );
    expect(activeIndexFile(dataDir)).toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await running.index.count('松花江')).total).toBe(1);
    expect((await running.index.count('长白山')).total).toBe(0);
    expect(existsSync(legacy)).toBe(true);

    const second = await buildNewGeneration(
      dataDir,
      async (fresh) => fresh.index.indexBook(1, section('第三版有图们江')),
      { env: {} },
    );
    // The generation just replaced stays (a reader may hold it for up to a second); the next rebuild removes it.
    expect(existsSync(first)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await running.index.count('图们江')).total).toBe(1);
    await buildNewGeneration(dataDir, async (fresh) => fresh.index.indexBook(1, section('第四版')), { env: {} });
    expect(existsSync(first)).toBe(false);
    expect(existsSync(second)).toBe(true);
    await running.index.close();
  });

  it('a failed rebuild leaves the index in force untouched', async () => {
    const before = activeIndexFile(dataDir);
    await expect(
      buildNewGeneration(dataDir, () => Promise.reject(new Error('数据库不可用')), { env: {} }),
    ).rejects.toThrow('数据库不可用');
    expect(activeIndexFile(dataDir)).toBe(before);
  });
});
