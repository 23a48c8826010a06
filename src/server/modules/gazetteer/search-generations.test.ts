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
