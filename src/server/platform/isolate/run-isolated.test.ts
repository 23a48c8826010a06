import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { createIsolatePool } from './run-isolated.ts';
import { longestLoopGap } from '../../test/loop-gap.ts';

const pool = createIsolatePool({
  moduleUrl: new URL('../../test/isolate-jobs.ts', import.meta.url).href,
  label: '测试任务',
  limits: { timeoutMs: 10_000, maxOldGenerationMb: 64, maxOutputBytes: 1024 * 1024 },
  size: 2,
  maxQueue: 2,
});

afterAll(() => pool.close());

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('createIsolatePool', () => {
  it('runs a TypeScript module function in a worker and returns its result', async () => {
    expect(await pool.run('echo', [{ a: [1, '二'], b: new Uint8Array([3]) }])).toEqual({
      a: [1, '二'],
      b: new Uint8Array([3]),
    });
  });

  it('ends an endless loop at the time limit while the event loop stays free', async () => {
    const started = Date.now();
    const job = pool.run('spinForever', [], { timeoutMs: 1_000 });
    const { gap } = await longestLoopGap(job, 10);
    const error = await failure(job);
    expect(error.code).toBe('UNPROCESSABLE_DOCUMENT');
    expect(error.message).toMatch(/^测试任务超过 1 秒仍未完成，已中止/);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(gap).toBeLessThan(200);
    // The pool recovers: the next job runs in a fresh worker.
    expect(await pool.run('echo', ['又能用了'])).toBe('又能用了');
  });

  it('ends a job that exhausts its heap with a message naming the limit', async () => {
    const error = await failure(pool.run('growHeap', [], { timeoutMs: 20_000 }));
    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(error.message).toMatch(/内存超过 64 MB 的上限/);
  });

  it('passes an AppError through unchanged and hides English library errors behind a Chinese one', async () => {
    const refused = await failure(pool.run('refuse', []));
    expect([refused.code, refused.message]).toEqual(['UNPROCESSABLE_DOCUMENT', '这份文件不是工作要点。']);
    const english = await failure(pool.run('failInEnglish', []));
    expect(english.message).toMatch(/^测试任务失败：文件内容无法识别或已损坏/);
    expect(english.message).not.toMatch(/[A-Za-z]{4,}/);
  });

  it('refuses a result over the output cap', async () => {
    const error = await failure(pool.run('bigOutput', [3 * 1024 * 1024]));
    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(error.message).toMatch(/超过 1 MB 的上限/);
  });

  it('survives a child that exits', async () => {
    const error = await failure(pool.run('exitProcess', []));
    expect(error.message).toMatch(/意外退出/);
    expect(await pool.run('echo', [1])).toBe(1);
  });

  it('queues up to the limit and refuses beyond it with a clear message', async () => {
    const jobs = Array.from({ length: 4 }, (_, i) => pool.run('slowEcho', [i, 300]));
    const fifth = await failure(pool.run('slowEcho', [5, 10]));
    expect(fifth.code).toBe('RATE_LIMITED');
    expect(fifth.message).toMatch(/请稍后再试/);
    expect(await Promise.all(jobs)).toEqual([0, 1, 2, 3]);
    expect(pool.workerCount).toBeLessThanOrEqual(2);
  });

  it('reads a large result in parts, one per turn of the event loop', async () => {
    // 16 M characters and 160,000 note ranges: 36 MB serialized, about 400 ms to read whole on a 2-core machine; in
    // parts of 1 MB, about 10 ms each. The bound leaves room for a loaded machine, as the time-limit test above does.
    const limits = { maxOutputBytes: 128 * 1024 * 1024, maxOldGenerationMb: 768, timeoutMs: 60_000 };
    const job = pool.run<{ book: { sections: { title: string; text: string; notes: unknown[] }[] } }>(
      'bookInParts',
      [8_000, 2_000],
      limits,
    );
    const { gap } = await longestLoopGap(job, 10);
    const { book } = await job;
    expect(book.sections).toHaveLength(8_000);
    expect(book.sections.map((s) => s.title).slice(0, 2)).toEqual(['第1节', '第2节']);
    expect(book.sections[7_999]?.text).toHaveLength(2_000);
    expect(book.sections[7_999]?.notes).toHaveLength(20);
    expect(gap).toBeLessThan(200);
  });

  it('refuses a result in parts over the output cap, all parts counted', async () => {
    const error = await failure(pool.run('bookInParts', [600, 1_000], { maxOldGenerationMb: 512 }));
    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(error.message).toMatch(/超过 1 MB 的上限/);
  });
});
