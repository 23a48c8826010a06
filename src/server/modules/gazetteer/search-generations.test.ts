import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FollowingIndex, openFollowingSearch } from './search-generations.ts';
import type { SearchIndex } from './search/search-index.ts';

/** An index that only records being warmed and closed: what FollowingIndex does around it is under test. */
function stubIndex(): SearchIndex & { warmed: number } {
  const stub = {
    warmed: 0,
    async warm() {
      stub.warmed++;
    },
    async close() {},
  };
  return stub as unknown as SearchIndex & { warmed: number };
}

async function settled(index: FollowingIndex) {
  for (let i = 0; i < 200; i++) {
    const s = index.preloadStatus;
    if (s && s.state !== 'running') return s;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('preload did not finish');
}

describe('a warmed index reads its files into the page cache', () => {
  const dirs: string[] = [];
  const newDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-generations-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('reads the index in force and the text database once warmed, and the new generation after a swap', async () => {
    const dir = newDir();
    const first = path.join(dir, 'search.sqlite');
    const texts = path.join(dir, 'fangzhi.sqlite');
    fs.writeFileSync(first, Buffer.alloc(300_000));
    fs.writeFileSync(texts, Buffer.alloc(50_000));
    const index = new FollowingIndex(stubIndex(), first, dir, async () => stubIndex(), {
      budgetBytes: 1 << 30,
      textFiles: [texts],
    });
    expect(index.preloadStatus).toBeNull();
    await index.warm();
    expect(await settled(index)).toMatchObject({ state: 'done', bytes: 350_000, totalBytes: 350_000 });

    const next = 'search-20261202T100000000Z.sqlite';
    fs.writeFileSync(path.join(dir, next), Buffer.alloc(120_000));
    fs.writeFileSync(path.join(dir, 'search.current'), next);
    expect(await index.refresh()).toBe(path.join(dir, next));
    expect(await settled(index)).toMatchObject({ state: 'done', bytes: 170_000, totalBytes: 170_000 });
    await index.close();
  });

  it('reads nothing with a budget of 0, and says so', async () => {
    const dir = newDir();
    const file = path.join(dir, 'search.sqlite');
    fs.writeFileSync(file, Buffer.alloc(1000));
    const index = new FollowingIndex(stubIndex(), file, dir, async () => stubIndex(), {
      budgetBytes: 0,
      textFiles: [],
    });
    await index.warm();
    expect(index.preloadStatus).toMatchObject({ state: 'off', bytes: 0 });
    await index.close();
  });

  it('refuses a malformed FANGZHI_SEARCH_PRELOAD_MB when the index is opened', async () => {
    await expect(
      openFollowingSearch(newDir(), { allowMissing: true, env: { FANGZHI_SEARCH_PRELOAD_MB: 'lots' } }),
    ).rejects.toThrow(/FANGZHI_SEARCH_PRELOAD_MB/);
  });
});

/** An index whose searches answer with its name, each held until released, and which records its closing. */
function namedIndex(name: string) {
  const held: (() => void)[] = [];
  const index = {
    closed: false,
    hold: false,
    release: () => held.splice(0).forEach((go) => go()),
    async search() {
      if (index.closed) throw new Error(`${name} is closed`);
      if (index.hold) await new Promise<void>((resolve) => held.push(resolve));
      return { name } as never;
    },
    async close() {
      index.closed = true;
    },
  };
  return index;
}

describe('a swap to a new generation', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const swapTo = (dir: string, name: string) => {
    fs.writeFileSync(path.join(dir, name), '');
    fs.writeFileSync(path.join(dir, 'search.current'), name);
  };
  const setUp = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-swap-'));
    dirs.push(dir);
    const file = path.join(dir, 'search.sqlite');
    fs.writeFileSync(file, '');
    const old = namedIndex('old');
    const next = namedIndex('new');
    const index = new FollowingIndex(
      old as unknown as SearchIndex,
      file,
      dir,
      async () => next as unknown as SearchIndex,
    );
    return { dir, old, next, index };
  };
  const searchOf = (index: FollowingIndex) => index.search('天池', {}) as Promise<unknown>;

  it('warms the new generation before it answers; the old one answers meanwhile and closes after', async () => {
    const { dir, old, next, index } = setUp();
    let warmed: SearchIndex | null = null;
    let finishWarming = () => {};
    index.beforeSwap = (generation) => {
      warmed = generation;
      return new Promise<void>((resolve) => (finishWarming = resolve));
    };
    swapTo(dir, 'search-20261204T010000000Z.sqlite');
    const moved = index.refresh();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(warmed).toBe(next);
    expect(await searchOf(index)).toEqual({ name: 'old' });
    expect(old.closed).toBe(false);
    finishWarming();
    expect(await moved).toBe(path.join(dir, 'search-20261204T010000000Z.sqlite'));
    expect(await searchOf(index)).toEqual({ name: 'new' });
    expect(old.closed).toBe(true);
    await index.close();
    expect(next.closed).toBe(true);
  });

  it('does not close the old generation under a search still running on it', async () => {
    const { dir, old, index } = setUp();
    old.hold = true;
    const running = searchOf(index);
    swapTo(dir, 'search-20261204T020000000Z.sqlite');
    await index.refresh();
    expect(await searchOf(index)).toEqual({ name: 'new' });
    expect(old.closed).toBe(false);
    old.release();
    expect(await running).toEqual({ name: 'old' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(old.closed).toBe(true);
    await index.close();
  });

  it('does not warm a first index (nobody is answering meanwhile), and a failed warm-up still swaps', async () => {
    const { dir, next } = setUp();
    const first = new FollowingIndex(null, null, dir, async () => next as unknown as SearchIndex);
    let asked = 0;
    first.beforeSwap = async () => {
      asked++;
      throw new Error('warm-up failed');
    };
    swapTo(dir, 'search-20261204T030000000Z.sqlite');
    expect(await searchOf(first)).toEqual({ name: 'new' });
    expect(asked).toBe(0);
    const { dir: dir2, index } = setUp();
    index.beforeSwap = first.beforeSwap;
    swapTo(dir2, 'search-20261204T040000000Z.sqlite');
    await index.refresh();
    expect(asked).toBe(1);
    expect(await searchOf(index)).toEqual({ name: 'new' });
    await first.close();
    await index.close();
  });
});
