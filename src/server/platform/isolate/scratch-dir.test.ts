/**
 * Issue 11: a scratch folder never outlives its job, also when the child working in it is killed at its time or
 * memory limit; folders left by a server process that was itself killed are swept at the next start.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { createIsolatePool } from './run-isolated.ts';
import { sweepStaleScratchDirs, withScratchDir } from './scratch-dir.ts';
import { closeBookParseWorkers, readUploadedSourceIsolated } from '../../modules/gazetteer/read-book-isolated.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-scratch-test-'));
const savedTmp = process.env.TMPDIR;
const pool = createIsolatePool({
  moduleUrl: new URL('../../test/isolate-jobs.ts', import.meta.url).href,
  label: '测试任务',
  limits: { timeoutMs: 20_000, maxOldGenerationMb: 64, maxOutputBytes: 1024 * 1024 },
  size: 1,
});

beforeAll(() => {
  // The book parser's scratch folders go to os.tmpdir(): here, a folder of this test alone.
  process.env.TMPDIR = root;
});
afterAll(async () => {
  process.env.TMPDIR = savedTmp;
  await Promise.all([pool.close(), closeBookParseWorkers()]);
  fs.rmSync(root, { recursive: true, force: true });
});

const left = () => fs.readdirSync(root).filter((n) => n.startsWith('fangzhi-'));

async function refusal(job: Promise<unknown>): Promise<AppError> {
  const error = await job.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('scratch folders of isolated jobs', () => {
  it('are removed when the child is killed at its time limit and at its memory limit', async () => {
    let seen = '';
    const timedOut = await refusal(
      withScratchDir((dir) => {
        seen = dir;
        return pool.run('writeThen', [dir, 'spin'], { timeoutMs: 3_000 });
      }, root),
    );
    expect(timedOut.message).toMatch(/超过 3 秒仍未完成/);
    expect(seen.startsWith(path.join(root, `fangzhi-scratch-${process.pid}-`))).toBe(true);
    const outOfMemory = await refusal(withScratchDir((dir) => pool.run('writeThen', [dir, 'grow']), root));
    expect(outOfMemory.message).toMatch(/内存超过 64 MB 的上限/);
    expect(left()).toEqual([]);
  }, 120_000);

  it('are removed when a book upload’s parser is killed, and after a normal read', async () => {
    const book = new TextEncoder().encode(`青岚县志\n\n第一章 山川\n${'记山川物产之事。\n'.repeat(20_000)}`);
    const killed = await refusal(readUploadedSourceIsolated('青岚县志.txt', book, { timeoutMs: 1 }));
    expect(killed.message).toMatch(/^读取书籍文件超过 0 秒仍未完成，已中止/);
    expect(left()).toEqual([]);
    const read = await readUploadedSourceIsolated('青岚县志.txt', book);
    expect(read.sourceName).toBe('青岚县志.txt');
    expect(left()).toEqual([]);
  }, 180_000);

  it('sweeps folders whose process is gone and keeps those of live processes', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout.trim());
    const stale = path.join(root, `fangzhi-scratch-${deadPid}-abc123`);
    const live = path.join(root, `fangzhi-scratch-${process.ppid}-def456`);
    const legacyOld = path.join(root, 'fangzhi-upload-Ab12Cd');
    const legacyNew = path.join(root, 'fangzhi-upload-Xy34Zw');
    for (const d of [stale, live, legacyOld, legacyNew]) fs.mkdirSync(d);
    fs.writeFileSync(path.join(stale, '半截.txt'), '半截');
    const dayAgo = new Date(Date.now() - 25 * 3600_000);
    fs.utimesSync(legacyOld, dayAgo, dayAgo);
    expect((await sweepStaleScratchDirs(root)).sort()).toEqual([path.basename(legacyOld), path.basename(stale)].sort());
    expect(left().sort()).toEqual([path.basename(live), path.basename(legacyNew)].sort());
    fs.rmSync(live, { recursive: true });
    fs.rmSync(legacyNew, { recursive: true });
  });
});
