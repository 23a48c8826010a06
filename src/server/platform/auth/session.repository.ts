import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { SessionTable } from '../../db/schema.ts';

export type SessionRow = Selectable<SessionTable>;

export async function insertSession(
  db: Db,
  s: { id: string; userId: number; csrfToken: string; createdAt: string; expiresAt: string; ip: string | null; userAgent: string | null },
): Promise<void> {
  await db
    .insertInto('session')
    .values({
      id: s.id,
      user_id: s.userId,
      csrf_token: s.csrfToken,
      created_at: s.createdAt,
      expires_at: s.expiresAt,
      ip: s.ip,
      user_agent: s.userAgent,
    })
    .execute();
}

/** The session, if it exists and has not expired. Whether its account may still sign in is for the caller to check. */
export async function findLiveSession(db: Db, id: string, nowIso: string): Promise<SessionRow | undefined> {
  return db.selectFrom('session').selectAll().where('id', '=', id).where('expires_at', '>', nowIso).executeTakeFirst();
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
