import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { SessionTable } from '../../db/schema.ts';

export type SessionRow = Selectable<SessionTable>;

export async function insertSession(
  db: Db,
  s: {
    id: string;
    userId: number;
    csrfToken: string;
    createdAt: string;
    expiresAt: string;
    lastSeenAt: string;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<void> {
  await db
    .insertInto('session')
    .values({
      id: s.id,
      user_id: s.userId,
      csrf_token: s.csrfToken,
      created_at: s.createdAt,
      expires_at: s.expiresAt,
      last_seen_at: s.lastSeenAt,
      ip: s.ip,
      user_agent: s.userAgent,
    })
    .execute();
}

/**
 * The session, if it exists, has not expired and was used after `idleCutoffIso`. Whether its account may still sign
 * in is for the caller to check (accounts are the users module's).
 */
export async function findLiveSession(
  db: Db,
  id: string,
  nowIso: string,
  idleCutoffIso: string,
): Promise<SessionRow | undefined> {
  return db
    .selectFrom('session')
    .selectAll()
    .where('id', '=', id)
    .where('expires_at', '>', nowIso)
    .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '>', idleCutoffIso)]))
    .executeTakeFirst();
}

export async function touchSession(db: Db, id: string, nowIso: string): Promise<void> {
  await db.updateTable('session').set({ last_seen_at: nowIso }).where('id', '=', id).execute();
}

/** Ends every session of the user except `keepId`; returns how many ended. */
export async function deleteOtherSessionsOfUser(db: Db, userId: number, keepId: string | null): Promise<number> {
  let query = db.deleteFrom('session').where('user_id', '=', userId);
  if (keepId) query = query.where('id', '!=', keepId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Ends every session of every user (after a restore: the sessions in a backup belong to the past). */
export async function deleteAllSessions(db: Db): Promise<number> {
  const result = await db.deleteFrom('session').executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('session').where('id', '=', id).execute();
}

export async function deleteSessionsOfUser(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('session').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Db, nowIso: string): Promise<void> {
  await db.deleteFrom('session').where('expires_at', '<=', nowIso).execute();
}
