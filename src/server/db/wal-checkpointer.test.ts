import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { openDatabase } from './database.ts';
import { startWalCheckpointer } from './wal-checkpointer.ts';

describe('SQLite checkpoints run in a worker thread, not in a commit on the event loop', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-wal-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('turns the automatic checkpoint off and still copies the log into the database file', async () => {
    const file = path.join(dir, 'main.sqlite');
    const handle = openDatabase({ kind: 'sqlite', file });
    const sqlite = handle.sqlite!;
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    sqlite.exec('create table t (body text not null)');
    const insert = sqlite.prepare('insert into t (body) values (?)');
    // 8 MB in one transaction: past the 1,000 pages at which the commit itself used to checkpoint.
    sqlite.transaction(() => {
      for (let i = 0; i < 200; i++) insert.run('長白山'.repeat(13_000));
    })();
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(8_000_000);
    const started = Date.now();
    while (fs.statSync(file).size < 8_000_000) {
      if (Date.now() - started > 5000) throw new Error('the log was not copied into the database file within 5 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    await handle.close();
    const again = openDatabase({ kind: 'sqlite', file });
    expect(again.sqlite!.prepare('select count(*) as n from t').get()).toEqual({ n: 200 });
    await again.close();
  });
});

describe('the checkpoint thread starts the log over itself', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-wal-restart-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The log header's salts: a connection that starts the log over writes new ones (and syncs the header). */
  const salts = (file: string) => fs.readFileSync(`${file}-wal`).subarray(16, 24).toString('hex');

  it('so that the server connection only ever appends to a log it finds started over', async () => {
    const file = path.join(dir, 'main.sqlite');
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('wal_autocheckpoint = 0');
    sqlite.exec('create table t (body text not null)');
    // Not started by a timer during the test: every round below is asked for.
    const checkpointer = startWalCheckpointer(file, { everyMs: 3_600_000, journalSizeLimit: 1024 * 1024 });
    try {
      const insert = sqlite.prepare('insert into t (body) values (?)');
      const write = () =>
        sqlite.transaction(() => {
          for (let i = 0; i < 20; i++) insert.run('長白山'.repeat(13_000));
        })();
      write();
      for (let round = 0; round < 3; round++) {
        const before = salts(file);
        await checkpointer.checkpoint();
        const restarted = salts(file);
        expect(restarted).not.toBe(before);
        // Cut back to the limit in the same restart, not in the server's next commit.
        expect(fs.statSync(`${file}-wal`).size).toBeLessThanOrEqual(1024 * 1024);
        write();
        expect(salts(file)).toBe(restarted);
      }
      // With nothing written since, the thread leaves its own page in the log: copied, the server's next commit would
      // start the log over.
      await checkpointer.checkpoint();
      const idle = salts(file);
      for (let round = 0; round < 2; round++) {
        await checkpointer.checkpoint();
        expect(salts(file)).toBe(idle);
      }
      write();
      expect(salts(file)).toBe(idle);
    } finally {
      await checkpointer.close();
      sqlite.close();
    }
    const again = new SQLite(file);
    expect(again.prepare('select count(*) as n from t').get()).toEqual({ n: 100 });
    expect(again.pragma('user_version', { simple: true })).toBe(0);
    again.close();
  });
});
