import type { Db } from '../../db/database.ts';

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

/** The session with its user, if the session exists and has not expired. */
export async function findLiveSession(db: Db, id: string, nowIso: string) {
  return db
    .selectFrom('session')
    .innerJoin('app_user', 'app_user.id', 'session.user_id')
    .select(['session.id', 'session.csrf_token', 'session.expires_at', 'app_user.id as user_id', 'app_user.is_disabled'])
    .where('session.id', '=', id)
    .where('session.expires_at', '>', nowIso)
    .executeTakeFirst();
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
