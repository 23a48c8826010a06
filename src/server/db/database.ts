import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { CachedSqliteDialect } from './sqlite-driver.ts';
import { startWalCheckpointer } from './wal-checkpointer.ts';

export type Db = Kysely<Database>;
export type Dialect = 'sqlite' | 'postgres';

export interface DbHandle {
  db: Db;
  dialect: Dialect;
  /** The raw SQLite connection (for online backup); `null` on PostgreSQL. */
  sqlite: SQLite.Database | null;
  close(): Promise<void>;
}

export type DbTarget =
  | { kind: 'sqlite'; file: string; onSlowStatement?: (sql: string, ms: number) => void }
  | { kind: 'postgres'; url: string; schema?: string };

/** The main connection's page cache, KiB (`cache_size`, negative in the pragma); see `openDatabase`. */
const MAIN_CACHE_KIB = 2000;

/** Bytes the SQLite write-ahead log is cut back to when it starts over. */
const JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024;

/**
 * Opens the database. SQLite runs in WAL mode with foreign keys on, through a driver that reuses prepared statements
 * (db/sqlite-driver.ts), with its checkpoints in a worker thread (db/wal-checkpointer.ts); PostgreSQL may be pinned to
 * a schema (tests).
 */
export function openDatabase(target: DbTarget): DbHandle {
  if (target.kind === 'sqlite') {
    if (target.file !== ':memory:') fs.mkdirSync(path.dirname(target.file), { recursive: true });
    const sqlite = new SQLite(target.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    // No busy timeout: SQLite's would sleep the event loop while another connection holds the write lock; the driver
    // waits for it on timers instead, for as long (db/sqlite-driver.ts).
    sqlite.pragma('busy_timeout = 0');
    sqlite.pragma('synchronous = NORMAL');
    // A transaction's changed pages go to the log as its cache fills, and the rest at its commit, all on the event
    // loop. With better-sqlite3's 16 MB cache a book's ingest wrote its 2–9 MB of pages in one burst at the commit
    // (1,000–4,500 writes, 100–160 ms at 303 M characters). With SQLite's own 2 MB the pages go out a few at a time as
    // the sliced statements fill the cache (ingest-book.ts); the commit writes the last 2 MB and rewrites the checksums
    // of the frames written before it (a read and a 24-byte write each), about half the time. Pages read back come
    // from the operating system's cache.
    sqlite.pragma(`cache_size = ${-MAIN_CACHE_KIB}`);
    // Checkpoints run in a thread of their own, not in the commit that crosses 1,000 pages (wal-checkpointer.ts); the
    // log file is cut back to 64 MB once it has been copied.
    const checkpointer =
      target.file === ':memory:' ? null : startWalCheckpointer(target.file, { journalSizeLimit: JOURNAL_SIZE_LIMIT });
    if (checkpointer) {
      sqlite.pragma('wal_autocheckpoint = 0');
      sqlite.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
    }
    const db = new Kysely<Database>({
      dialect: new CachedSqliteDialect(sqlite, { onSlow: target.onSlowStatement, busyTimeoutMs: 5000 }),
    });
    return {
      db,
      dialect: 'sqlite',
      sqlite,
      close: async () => {
        await checkpointer?.close();
        await db.destroy();
      },
    };
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: 10,
    ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', sqlite: null, close: () => db.destroy() };
}

/**
 * A second connection to the server's SQLite file, for a worker thread that writes (the gazetteer's book rows,
 * `book-rows-writer.ts`): the pragmas of the server's connection, except that it keeps better-sqlite3's 16 MB page cache (a
 * commit's burst of writes to the log holds no event loop there) and that it waits for the write lock up to `busyTimeoutMs` (another writer: the server's connection, the checkpointer's log restart, a
 * `bin/fangzhi` command). Checkpoints stay with the server's checkpointer thread.
 */
export function openSqliteWriterConnection(file: string, options: { busyTimeoutMs: number }): DbHandle {
  const sqlite = new SQLite(file);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 0');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('wal_autocheckpoint = 0');
  sqlite.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
  const db = new Kysely<Database>({
    dialect: new CachedSqliteDialect(sqlite, { busyTimeoutMs: options.busyTimeoutMs }),
  });
  return { db, dialect: 'sqlite', sqlite, close: () => db.destroy() };
}

/** True when an error is a unique-constraint violation, on either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown };
  return e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e.code === '23505';
}

/** True when an error is a foreign-key violation, on either dialect. */
export function isForeignKeyViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; message?: unknown };
  return (
    e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' ||
    e.code === '23503' ||
    // better-sqlite3 reports some deferred foreign-key failures with the generic SQLITE_CONSTRAINT code.
    (typeof e.message === 'string' && /FOREIGN KEY constraint failed/i.test(e.message))
  );
}

/**
 * Gives an SQLite file's free pages back to the disk when they are over an eighth of it (a migration that moved or
 * shrank data — 0025 leaves 23 % of a 100 M-character file free —, many deleted books): VACUUM rewrites the file, so only `bin/fangzhi migrate` does this, never a running server.
 * Returns the file's size before and after, or null when nothing was done (PostgreSQL, an in-memory database, or few
 * free pages: SQLite reuses them anyway).
 */
export function compactSqlite(handle: DbHandle): { before: number; after: number } | null {
  const sqlite = handle.sqlite;
  if (!sqlite || sqlite.memory) return null;
  const pages = Number(sqlite.pragma('page_count', { simple: true }));
  const free = Number(sqlite.pragma('freelist_count', { simple: true }));
  if (free < 1024 || free * 8 < pages) return null;
  const size = Number(sqlite.pragma('page_size', { simple: true }));
  // A command's own connection, outside the driver: it may wait for the checkpointer's lock in place.
  sqlite.pragma('busy_timeout = 5000');
  try {
    sqlite.exec('VACUUM');
  } finally {
    sqlite.pragma('busy_timeout = 0');
  }
  return { before: pages * size, after: Number(sqlite.pragma('page_count', { simple: true })) * size };
}
