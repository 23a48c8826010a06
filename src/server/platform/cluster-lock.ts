/**
 * Work that must run once per cluster, not once per server (reminders): on PostgreSQL the run holds a session-level
 * advisory lock (`pg_try_advisory_lock`) on a connection of its own; a server that finds it taken skips this run — the
 * holder is doing the work. On SQLite there is one server per database, so it simply runs.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Db } from '../db/database.ts';

/** The class half of every advisory lock key Fangzhi takes (issue 15); the object half is a hash of the job's name. */
const LOCK_CLASS = 15;

function nameKey(name: string): number {
  let h = 0x811c9dc5;
  for (const ch of name) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

export type RunOncePerCluster = <T>(
  name: string,
  job: () => Promise<T>,
) => Promise<{ ran: true; value: T } | { ran: false }>;

/** Runs `job` in this process, unconditionally (one server: SQLite, tests). */
export const runHere: RunOncePerCluster = async (_name, job) => ({ ran: true, value: await job() });

/** Runs `job` unless another process of the cluster is running the job of the same name right now. */
export async function runOncePerCluster<T>(
  db: Db,
  name: string,
  job: () => Promise<T>,
): Promise<{ ran: true; value: T } | { ran: false }> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return { ran: true, value: await job() };
  const key = nameKey(name);
  return db.connection().execute(async (conn) => {
    const got = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${LOCK_CLASS}, ${key}) as locked`.execute(
      conn,
    );
    if (!got.rows[0]?.locked) return { ran: false as const };
    try {
      return { ran: true as const, value: await job() };
    } finally {
      await sql`select pg_advisory_unlock(${LOCK_CLASS}, ${key})`.execute(conn);
    }
  });
}
