/**
 * Kysely's SQLite dialect with two changes that matter under load (measured with `npm run load -- --profile`):
 *
 * - **Prepared statements are reused.** Kysely's own driver calls `db.prepare(sql)` for every query; under 100 clients
 *   that was the largest single cost of the server (16 % of its CPU), and every statement object left native memory for
 *   the garbage collector to find. Here the text of a query (its parameters are bound, never part of it) maps to one
 *   prepared statement, kept in a bounded LRU cache.
 * - **The one connection is handed over in arrival order, to one waiter at a time.** Kysely's mutex wakes every waiting
 *   query on each release (all of them but one go back to sleep): with a hundred requests queued, each query cost a
 *   hundred wake-ups.
 *
 * - **The write lock is waited for off the event loop.** A statement that finds another connection holding the write
 *   lock (the WAL checkpointer restarting the log, a `bin/fangzhi` command) used to wait under SQLite's busy timeout,
 *   which sleeps the thread — the event loop — in steps of up to 100 ms, and may oversleep the lock by as much. The
 *   connection is opened without a busy timeout; a statement refused as busy outside a transaction (it did nothing: a
 *   `begin immediate`, a write or read in autocommit) is run again after a timer, for at most `busyTimeoutMs`. Inside a
 *   transaction nothing is retried: `begin immediate` already holds the lock.
 *
 * A statement slower than `slowMs` (a scan, a large transaction's commit) is reported through `onSlow`, so a stall in
 * production has a name in the log.
 */
import type SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  SelectQueryNode,
  SqliteDialect,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

export interface SqliteDriverOptions {
  /** Statements kept prepared (least recently used ones are dropped). */
  statementCacheSize?: number;
  slowMs?: number;
  onSlow?: (sql: string, ms: number) => void;
  /** How long a statement refused as busy is tried again before its error is thrown (as SQLite's busy timeout). */
  busyTimeoutMs?: number;
}

/** SQLITE_BUSY and its extended codes: another connection holds a lock this statement needs. */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A FIFO lock: `release` hands the connection straight to the next waiter. */
class ConnectionQueue {
  #held = false;
  readonly #waiters: (() => void)[] = [];

  acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  release(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#held = false;
  }
}

class CachedStatementConnection implements DatabaseConnection {
  readonly #db: SQLite.Database;
  readonly #cache = new Map<string, SQLite.Statement>();
  readonly #size: number;
  readonly #slowMs: number;
  readonly #onSlow: SqliteDriverOptions['onSlow'];
  readonly #busyTimeoutMs: number;

  constructor(db: SQLite.Database, options: SqliteDriverOptions) {
    this.#db = db;
    this.#size = options.statementCacheSize ?? 500;
    this.#slowMs = options.slowMs ?? 200;
    this.#onSlow = options.onSlow;
    this.#busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  }

  #statement(sql: string): SQLite.Statement {
    const cached = this.#cache.get(sql);
    if (cached && !cached.busy) {
      // Most recently used last: Map keeps insertion order, so the first key is the one to drop.
      this.#cache.delete(sql);
      this.#cache.set(sql, cached);
      return cached;
    }
    const stmt = this.#db.prepare(sql);
    if (!cached) {
      this.#cache.set(sql, stmt);
      if (this.#cache.size > this.#size) this.#cache.delete(this.#cache.keys().next().value as string);
    }
    return stmt;
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    // Outside a transaction a busy statement has done nothing, so it can run again; inside one it cannot be busy.
    const retryable = !this.#db.inTransaction;
    try {
      return Promise.resolve(this.#run<R>(compiledQuery));
    } catch (error) {
      if (retryable && isBusy(error)) return this.#retry<R>(compiledQuery, error);
      return Promise.reject(error);
    }
  }

  /** Runs a statement refused as busy again, after timers of 1, 2, 4 … 16 ms, until `busyTimeoutMs` has passed. */
  async #retry<R>(compiledQuery: CompiledQuery, first: unknown): Promise<QueryResult<R>> {
    const deadline = performance.now() + this.#busyTimeoutMs;
    let last = first;
    for (let delay = 1; performance.now() < deadline; delay = Math.min(delay * 2, 16)) {
      await sleep(delay);
      try {
        return this.#run<R>(compiledQuery);
      } catch (error) {
        if (!isBusy(error)) throw error;
        last = error;
      }
    }
    throw last;
  }

  #run<R>(compiledQuery: CompiledQuery): QueryResult<R> {
    const { sql, parameters } = compiledQuery;
    const started = performance.now();
    try {
      const stmt = this.#statement(sql);
      if (stmt.reader) return { rows: stmt.all(parameters) as R[] };
      const { changes, lastInsertRowid } = stmt.run(parameters);
      return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
    } finally {
      const ms = performance.now() - started;
      if (ms >= this.#slowMs) this.#onSlow?.(sql, ms);
    }
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const { sql, parameters, query } = compiledQuery;
    if (!SelectQueryNode.is(query)) throw new Error('Sqlite driver only supports streaming of select queries');
    // A statement being iterated is busy: a fresh one, so a query run meanwhile can still use the cached one.
    for (const row of this.#db.prepare(sql).iterate(parameters)) yield { rows: [row as R] };
  }
}

class CachedStatementDriver implements Driver {
  readonly #queue = new ConnectionQueue();
  readonly #connection: CachedStatementConnection;
  readonly #db: SQLite.Database;

  constructor(db: SQLite.Database, options: SqliteDriverOptions) {
    this.#db = db;
    this.#connection = new CachedStatementConnection(db, options);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#queue.acquire();
    return this.#connection;
  }

  /**
   * IMMEDIATE: the write lock is taken at the start. A deferred transaction that read first and wrote after a commit of
   * another connection in between (the WAL checkpointer's log restart, a `bin/fangzhi` command) failed at once with
   * "database is locked" (SQLITE_BUSY_SNAPSHOT, which no busy timeout waits out): seen in CI as a 500 on creating a unit
   * right after start. Taken at the start, the lock is waited for like any write's (off the event loop, see above).
   */
  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    this.#queue.release();
  }

  async destroy(): Promise<void> {
    this.#db.close();
  }
}

/** `new SqliteDialect({ database })` with the driver above. */
export class CachedSqliteDialect extends SqliteDialect {
  readonly #db: SQLite.Database;
  readonly #options: SqliteDriverOptions;

  constructor(db: SQLite.Database, options: SqliteDriverOptions = {}) {
    super({ database: db });
    this.#db = db;
    this.#options = options;
  }

  override createDriver(): Driver {
    return new CachedStatementDriver(this.#db, this.#options);
  }
}
