import { mkdtempSync, rmSync, statSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compactSqlite, openDatabase, type DbHandle } from './database.ts';
import { longestLoopGap } from '../test/loop-gap.ts';

let dir: string | null = null;
let handle: DbHandle | null = null;
afterEach(async () => {
  await handle?.close();
  handle = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('compactSqlite', () => {
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

describe('openDatabase on SQLite', () => {
  it('waits for another connection’s write lock without holding the event loop', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fangzhi-lock-'));
    const file = path.join(dir, 'a.sqlite');
    handle = openDatabase({ kind: 'sqlite', file });
    await sql`CREATE TABLE t (id INTEGER PRIMARY KEY)`.execute(handle.db);
    // A `bin/fangzhi` command, or the WAL checkpointer restarting the log, holding the lock for 150 ms.
    const other = new SQLite(file);
    other.exec('BEGIN IMMEDIATE');
    // The lock is released by a timer on this same event loop: a wait that held the loop (SQLite's own 5 s busy
    // timeout) shows a gap of seconds.
    const events: string[] = [];
    setTimeout(() => {
      other.exec('COMMIT');
      events.push('released');
    }, 150);
    const { gap, result } = await longestLoopGap(
      handle.db.transaction().execute((trx) => sql`INSERT INTO t (id) VALUES (1)`.execute(trx)),
    );
    events.push('inserted');
    other.close();
    expect(result.status).toBe('fulfilled');
    expect(events).toEqual(['released', 'inserted']);
    expect(gap).toBeLessThan(1_000);
    expect((await sql<{ n: number }>`SELECT count(*) AS n FROM t`.execute(handle.db)).rows[0]?.n).toBe(1);
  });
});

describe('the main SQLite connection', () => {
  it('writes a large transaction to the log as it goes, not all at its commit', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fangzhi-spill-'));
    const file = path.join(dir, 'a.sqlite');
    handle = openDatabase({ kind: 'sqlite', file });
    const sqlite = handle.sqlite!;
    sqlite.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB NOT NULL)');
    const insert = sqlite.prepare('INSERT INTO t (b) VALUES (?)');
    let logBeforeCommit = 0;
    sqlite.transaction(() => {
      // 8 MB, as a long book's pieces are: with a 16 MB cache none of it would reach the log before the commit.
      for (let i = 0; i < 2_000; i++) insert.run(Buffer.alloc(4_000, i % 251));
      logBeforeCommit = statSync(`${file}-wal`).size;
    })();
    expect(logBeforeCommit).toBeGreaterThan(4 * 1024 * 1024);
    expect(sqlite.prepare('SELECT count(*) FROM t').pluck().get()).toBe(2_000);
  });
});
