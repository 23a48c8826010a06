import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';

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
