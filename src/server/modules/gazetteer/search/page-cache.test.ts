import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { preloadBudgetBytes, preloadFiles, type PreloadStatus } from './page-cache.ts';

describe('reading the search files into the page cache', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-preload-'));
  const file = (name: string, bytes: number) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, Buffer.alloc(bytes, 7));
    return f;
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads every file whole, in order, within the budget, passing over a missing one', async () => {
    const a = file('a', 3 * 1024 * 1024 + 5);
    const b = file('b', 1000);
    const seen: PreloadStatus[] = [];
    const status = await preloadFiles([a, path.join(dir, 'missing'), b], {
      budgetBytes: 10 * 1024 * 1024,
      onProgress: (s) => seen.push(s),
    });
    expect(status).toMatchObject({ state: 'done', bytes: 3 * 1024 * 1024 + 1005, totalBytes: 3 * 1024 * 1024 + 1005 });
    expect(status.skippedFiles).toBe(0);
    expect(status.ms).toBeGreaterThanOrEqual(0);
    expect(seen[0]).toMatchObject({ state: 'running', bytes: 0 });
    expect(seen.at(-1)).toEqual(status);
  });

  it('leaves out a file the budget does not reach, and reads the later ones that fit', async () => {
    const big = file('big', 2 * 1024 * 1024);
    const small = file('small', 10);
    const status = await preloadFiles([big, small], { budgetBytes: 1024 * 1024 });
    expect(status).toMatchObject({ state: 'done', bytes: 10, totalBytes: 10, skippedFiles: 1 });
  });

  it('stops between two reads when aborted', async () => {
    const big = file('abort', 4 * 1024 * 1024);
    const abort = new AbortController();
    const status = await preloadFiles([big], {
      budgetBytes: 1 << 30,
      signal: abort.signal,
      onProgress: (s) => {
        if (s.state === 'running') abort.abort();
      },
    });
    expect(status.state).toBe('stopped');
    expect(status.bytes).toBeLessThan(4 * 1024 * 1024);
  });

  it('takes its budget from FANGZHI_SEARCH_PRELOAD_MB: half the memory by default, 0 for none, a clear error else', () => {
    expect(preloadBudgetBytes(undefined)).toBe(Math.floor(os.totalmem() / 2));
    expect(preloadBudgetBytes('')).toBe(Math.floor(os.totalmem() / 2));
    expect(preloadBudgetBytes('0')).toBe(0);
    expect(preloadBudgetBytes('512')).toBe(512 * 1024 * 1024);
    expect(() => preloadBudgetBytes('-1')).toThrow(/FANGZHI_SEARCH_PRELOAD_MB 应为不小于 0 的整数/);
    expect(() => preloadBudgetBytes('2GB')).toThrow(/当前为“2GB”/);
  });
});
