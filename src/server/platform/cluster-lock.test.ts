import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../db/database.ts';
import { runOncePerCluster } from './cluster-lock.ts';

const URL = process.env.TEST_DATABASE_URL;

/** Issue 15: reminders run once per cluster. Two connection pools stand for two servers on one PostgreSQL. */
describe.skipIf(!URL)('runOncePerCluster on PostgreSQL', () => {
  let a: DbHandle;
  let b: DbHandle;
  beforeAll(() => {
    a = openDatabase({ kind: 'postgres', url: URL! });
    b = openDatabase({ kind: 'postgres', url: URL! });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('a second server skips the job while the first runs it, and runs it once the first is done', async () => {
    const name = `cluster-lock-test-${process.pid}`;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = runOncePerCluster(a.db, name, async () => {
      await gate;
      return 'a';
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(await runOncePerCluster(b.db, name, () => Promise.resolve('b'))).toEqual({ ran: false });
    // Another job's name is another lock.
    expect(await runOncePerCluster(b.db, `${name}-other`, () => Promise.resolve('c'))).toEqual({
      ran: true,
      value: 'c',
    });
    release();
    expect(await first).toEqual({ ran: true, value: 'a' });
    expect(await runOncePerCluster(b.db, name, () => Promise.resolve('b'))).toEqual({ ran: true, value: 'b' });
  });

  it('a job that throws releases the lock', async () => {
    const name = `cluster-lock-throw-${process.pid}`;
    await expect(runOncePerCluster(a.db, name, () => Promise.reject(new Error('失败')))).rejects.toThrow('失败');
    expect(await runOncePerCluster(b.db, name, () => Promise.resolve(1))).toEqual({ ran: true, value: 1 });
  });
});

describe('runOncePerCluster on SQLite', () => {
  it('simply runs the job (one server per SQLite database)', async () => {
    const h = openDatabase({ kind: 'sqlite', file: ':memory:' });
    expect(await runOncePerCluster(h.db, 'x', () => Promise.resolve(7))).toEqual({ ran: true, value: 7 });
    await h.close();
  });
});
