import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compactSqlite, openDatabase, type DbHandle } from './database.ts';

describe('compactSqlite', () => {
  let dir: string | null = null;
  let handle: DbHandle | null = null;
  afterEach(async () => {
    await handle?.close();
    handle = null;
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('gives free pages back once they are over an eighth of the file, and leaves a file with fewer alone', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fangzhi-compact-'));
    handle = openDatabase({ kind: 'sqlite', file: path.join(dir, 'a.sqlite') });
    const sqlite = handle.sqlite!;
    sqlite.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB NOT NULL)');
    const insert = sqlite.prepare('INSERT INTO t (b) VALUES (?)');
    sqlite.transaction(() => {
      for (let i = 0; i < 20_000; i++) insert.run(Buffer.alloc(3_000, i % 251));
    })();
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const pages = Number(sqlite.pragma('page_count', { simple: true }));
    // A tenth deleted: over 1,024 free pages, but under an eighth of the file.
    sqlite.exec('DELETE FROM t WHERE id % 10 = 0');
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const free = Number(sqlite.pragma('freelist_count', { simple: true }));
    expect(free).toBeGreaterThan(1024);
    expect(free * 8).toBeLessThan(pages);
    expect(compactSqlite(handle)).toBeNull();
    // Another tenth: now over an eighth.
    sqlite.exec('DELETE FROM t WHERE id % 10 = 1');
    const size = Number(sqlite.pragma('page_size', { simple: true }));
    const done = compactSqlite(handle);
    expect(done?.before).toBe(pages * size);
    expect(done!.after).toBeLessThan(pages * size * 0.85);
    expect(Number(sqlite.pragma('freelist_count', { simple: true }))).toBe(0);
    expect(sqlite.prepare('SELECT count(*) FROM t').pluck().get()).toBe(16_000);
  });
});
