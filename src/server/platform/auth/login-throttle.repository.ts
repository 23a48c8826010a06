import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/** The throttle rows of these scopes (missing scopes have no failures). */
export async function findThrottleRows(db: Db, keys: readonly string[]) {
  if (keys.length === 0) return [];
  return db
    .selectFrom('login_throttle')
    .selectAll()
    .where('scope_key', 'in', [...keys])
    .execute();
}

/**
 * Counts one failure in a scope atomically (one statement, so concurrent processes never lose a count): a window that
 * started before `windowCutoff` restarts at 1; reaching `maxFailures` locks the scope until `lockUntil`.
 */
export async function addThrottleFailure(
  db: Db,
  key: string,
  at: { now: string; windowCutoff: string; lockUntil: string; maxFailures: number },
): Promise<void> {
  const expired = sql<boolean>`login_throttle.window_started_at <= ${at.windowCutoff}`;
  const nextFailures = sql<number>`CASE WHEN ${expired} THEN 1 ELSE login_throttle.failures + 1 END`;
  await db
    .insertInto('login_throttle')
    .values({
      scope_key: key,
      window_started_at: at.now,
      failures: 1,
      locked_until: at.maxFailures <= 1 ? at.lockUntil : null,
    })
    .onConflict((oc) =>
      oc.column('scope_key').doUpdateSet({
        failures: nextFailures,
        window_started_at: sql<string>`CASE WHEN ${expired} THEN ${at.now} ELSE login_throttle.window_started_at END`,
        locked_until: sql<
          string | null
        >`CASE WHEN ${nextFailures} >= ${at.maxFailures} THEN ${at.lockUntil} ELSE login_throttle.locked_until END`,
      }),
    )
    .execute();
}

export async function deleteThrottleRows(db: Db, keys: readonly string[]): Promise<void> {
  if (keys.length > 0)
    await db
      .deleteFrom('login_throttle')
      .where('scope_key', 'in', [...keys])
      .execute();
}

/** Drops rows whose window and lock are both over, so the table stays small. */
export async function deleteStaleThrottleRows(db: Db, windowCutoff: string, nowIso: string): Promise<void> {
  await db
    .deleteFrom('login_throttle')
    .where('window_started_at', '<=', windowCutoff)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', nowIso)]))
    .execute();
}
