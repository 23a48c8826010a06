import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { CachedSqliteDialect } from './sqlite-driver.ts';
import { longestLoopGap } from '../test/loop-gap.ts';

interface T {
  item: { id: number; name: string };
}

function open(onSlow?: (sql: string, ms: number) => void) {
  const raw = new SQLite(':memory:');
  raw.exec('CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
  let prepared = 0;
  const prepare = raw.prepare.bind(raw);
  raw.prepare = ((text: string) => {
    prepared++;
    return prepare(text);
  }) as typeof raw.prepare;
  const db = new Kysely<T>({ dialect: new CachedSqliteDialect(raw, { statementCacheSize: 2, slowMs: 0, onSlow }) });
  return { db, prepared: () => prepared };
}

describe('CachedSqliteDialect', () => {
  it('prepares a query text once and binds new parameters each time', async () => {
    const { db, prepared } = open();
    for (let i = 1; i <= 50; i++)
      await db
        .insertInto('item')
        .values({ id: i, name: `条目${i}` })
        .execute();
    const names = [];
    for (const id of [3, 7, 50])
      names.push((await db.selectFrom('item').select('name').where('id', '=', id).executeTakeFirst())?.name);
    expect(names).toEqual(['条目3', '条目7', '条目50']);
    expect(prepared()).toBe(2);
    await db.destroy();
  });

  it('keeps at most the configured number of statements and still answers the dropped ones', async () => {
    const { db, prepared } = open();
    await db.insertInto('item').values({ id: 1, name: '甲' }).execute();
    const queries = [
      () => db.selectFrom('item').select('name').execute(),
      () => db.selectFrom('item').select('id').execute(),
      () => db.selectFrom('item').selectAll().execute(),
    ];
    for (let round = 0; round < 2; round++) for (const q of queries) expect(await q()).toHaveLength(1);
    expect(prepared()).toBe(1 + 6); // the insert, then every select again: a cache of 2 cycling through 3 texts
    await db.destroy();
  });

  it('runs queries in arrival order and keeps a transaction whole while others wait', async () => {
    const { db } = open();
    const order: string[] = [];
    const trx = db.transaction().execute(async (t) => {
      await t.insertInto('item').values({ id: 1, name: '甲' }).execute();
      await new Promise((r) => setTimeout(r, 20));
      await t.insertInto('item').values({ id: 2, name: '乙' }).execute();
      order.push('transaction');
    });
    const reads = [1, 2, 3].map((n) =>
      db
        .selectFrom('item')
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow()
        .then((r) => order.push(`read${n}:${r.n}`)),
    );
    await Promise.all([trx, ...reads]);
    expect(order).toEqual(['transaction', 'read1:2', 'read2:2', 'read3:2']);
    await expect(
      db.transaction().execute(async (t) => {
        await t.insertInto('item').values({ id: 3, name: '丙' }).execute();
        await t.insertInto('item').values({ id: 1, name: '重复' }).execute();
      }),
    ).rejects.toThrow(/UNIQUE/);
    expect(await db.selectFrom('item').select('id').orderBy('id').execute()).toEqual([{ id: 1 }, { id: 2 }]);
    await db.destroy();
  });

  it('takes the write lock when a transaction begins, so a commit elsewhere between its read and its write cannot fail it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fangzhi-begin-'));
    const file = path.join(dir, 'db.sqlite');
    const raw = new SQLite(file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('busy_timeout = 5000');
    raw.exec('CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
    const db = new Kysely<T>({ dialect: new CachedSqliteDialect(raw) });
    // Another connection, as the WAL checkpointer's: it writes only when the lock is free at once.
    const other = new SQLite(file);
    other.pragma('busy_timeout = 0');
    let otherWrote = true;
    await db.transaction().execute(async (trx) => {
      await trx.selectFrom('item').selectAll().execute();
      try {
        other.exec('BEGIN IMMEDIATE; PRAGMA user_version = 7; COMMIT');
      } catch {
        otherWrote = false;
      }
      await trx.insertInto('item').values({ id: 1, name: '长白山' }).execute();
    });
    expect(otherWrote).toBe(false);
    expect(await db.selectFrom('item').select('name').execute()).toEqual([{ name: '长白山' }]);
    other.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('another connection holding the write lock', () => {
    function openFile(busyTimeoutMs: number) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'fangzhi-busy-'));
      const file = path.join(dir, 'db.sqlite');
      const raw = new SQLite(file);
      raw.pragma('journal_mode = WAL');
      raw.pragma('busy_timeout = 0');
      raw.exec('CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
      const db = new Kysely<T>({ dialect: new CachedSqliteDialect(raw, { busyTimeoutMs }) });
      const other = new SQLite(file);
      const done = async () => {
        other.close();
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      };
      return { db, other, done };
    }

    it('waits for it on timers, so the event loop turns meanwhile, then runs the transaction and the autocommit write', async () => {
      const { db, other, done } = openFile(5000);
      other.exec('BEGIN IMMEDIATE');
      setTimeout(() => other.exec('COMMIT'), 150);
      const started = performance.now();
      const { gap, result } = await longestLoopGap(
        db.transaction().execute(async (trx) => {
          await trx.insertInto('item').values({ id: 1, name: '长白山' }).execute();
        }),
      );
      expect(result.status).toBe('fulfilled');
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
      // Under SQLite's own busy timeout no timer could fire (and this one releases the lock): a gap of 5 s.
      expect(gap).toBeLessThan(1_000);

      other.exec('BEGIN IMMEDIATE');
      setTimeout(() => other.exec('COMMIT'), 100);
      const write = await longestLoopGap(db.insertInto('item').values({ id: 2, name: '松花江' }).execute());
      expect(write.result.status).toBe('fulfilled');
      expect(write.gap).toBeLessThan(1_000);
      expect(await db.selectFrom('item').select('name').orderBy('id').execute()).toEqual([
        { name: '长白山' },
        { name: '松花江' },
      ]);
      await done();
    });

    it('gives up after busyTimeoutMs with SQLite error, having written nothing', async () => {
      const { db, other, done } = openFile(200);
      other.exec('BEGIN IMMEDIATE');
      const started = performance.now();
      await expect(
        db.transaction().execute(async (trx) => {
          await trx.insertInto('item').values({ id: 1, name: '长白山' }).execute();
        }),
      ).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
      expect(performance.now() - started).toBeGreaterThanOrEqual(190);
      await expect(db.insertInto('item').values({ id: 2, name: '松花江' }).execute()).rejects.toMatchObject({
        code: 'SQLITE_BUSY',
      });
      other.exec('COMMIT');
      expect(await db.selectFrom('item').selectAll().execute()).toEqual([]);
      await done();
    });

    it('does not run again a statement that failed for another reason', async () => {
      const raw = new SQLite(':memory:');
      let prepared = 0;
      const prepare = raw.prepare.bind(raw);
      raw.prepare = ((text: string) => {
        prepared++;
        return prepare(text);
      }) as typeof raw.prepare;
      const db = new Kysely<T>({ dialect: new CachedSqliteDialect(raw, { busyTimeoutMs: 5000 }) });
      await expect(sql`select * from missing_table`.execute(db)).rejects.toThrow(/no such table/);
      expect(prepared).toBe(1);
      await db.destroy();
    });
  });

  it('reports statements slower than the threshold', async () => {
    const slow: string[] = [];
    const { db } = open((text) => slow.push(text));
    await db.selectFrom('item').selectAll().execute();
    expect(slow).toEqual(['select * from "item"']);
    await db.destroy();
  });
});

describe('the server process', () => {
  it('keeps the native JSON and Array methods (pdfjs and its polyfills load only in parser children)', () => {
    const root = path.resolve(import.meta.dirname, '../../..');
    const script = `
      const s = JSON.stringify, p = JSON.parse, push = Array.prototype.push;
      await import(${JSON.stringify(path.join(root, 'src/server/main.ts'))});
      console.log(JSON.stringify([JSON.stringify === s, JSON.parse === p, Array.prototype.push === push]));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('[true,true,true]');
  }, 60_000);
});
