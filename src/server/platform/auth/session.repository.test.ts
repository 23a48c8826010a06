import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/database.ts';
import { createTestDatabase, TEST_DIALECTS } from '../../test/test-db.ts';
import { insertUser } from '../../modules/users/users.repository.ts';
import {
  deleteExpiredSessions,
  deleteSession,
  deleteSessionsOfUser,
  findLiveSession,
  insertSession,
  touchSession,
} from './session.repository.ts';

const session = (id: string, userId: number, expiresAt: string) => ({
  id,
  userId,
  csrfToken: `csrf-${id}`,
  createdAt: '2023-04-01T08:00:00.000Z',
  expiresAt,
  lastSeenAt: '2023-04-01T08:00:00.000Z',
  ip: '127.0.0.1',
  userAgent: 'test',
});

/** An idle cutoff before every session was last seen: only expiry decides. */
const NO_IDLE_LIMIT = '2000-01-01T00:00:00.000Z';

describe.each(TEST_DIALECTS)('session repository (%s)', (dialect) => {
  let h: DbHandle;
  let userId: number;
  let otherId: number;
  beforeEach(async () => {
    h = await createTestDatabase(dialect);
    const base = { passwordHash: 'x', unitId: null, roles: [], now: '2023-04-01T08:00:00.000Z' };
    userId = await insertUser(h.db, { ...base, username: 'a', displayName: '甲' });
    otherId = await insertUser(h.db, { ...base, username: 'b', displayName: '乙' });
  });
  afterEach(async () => h.close());

  it('finds a session only until it expires', async () => {
    await insertSession(h.db, session('s1', userId, '2023-04-01T20:00:00.000Z'));
    expect(await findLiveSession(h.db, 's1', '2023-04-01T19:59:59.999Z', NO_IDLE_LIMIT)).toMatchObject({
      id: 's1',
      user_id: userId,
      csrf_token: 'csrf-s1',
    });
    expect(await findLiveSession(h.db, 's1', '2023-04-01T20:00:00.000Z', NO_IDLE_LIMIT)).toBeUndefined();
    expect(await findLiveSession(h.db, 'nope', '2023-04-01T09:00:00.000Z', NO_IDLE_LIMIT)).toBeUndefined();
  });

  it('ends a session unused since the idle cutoff, and keeps it while it is used', async () => {
    await insertSession(h.db, session('s1', userId, '2023-04-02T08:00:00.000Z'));
    expect(await findLiveSession(h.db, 's1', '2023-04-01T08:30:00.000Z', '2023-04-01T07:30:00.000Z')).toBeDefined();
    expect(await findLiveSession(h.db, 's1', '2023-04-01T09:30:00.000Z', '2023-04-01T08:30:00.000Z')).toBeUndefined();
    await touchSession(h.db, 's1', '2023-04-01T09:00:00.000Z');
    expect(await findLiveSession(h.db, 's1', '2023-04-01T09:30:00.000Z', '2023-04-01T08:30:00.000Z')).toBeDefined();
  });

  it('deletes one session, a user’s sessions, and the expired ones', async () => {
    await insertSession(h.db, session('s1', userId, '2023-04-01T10:00:00.000Z'));
    await insertSession(h.db, session('s2', userId, '2023-04-02T10:00:00.000Z'));
    await insertSession(h.db, session('s3', otherId, '2023-04-02T10:00:00.000Z'));
    await insertSession(h.db, session('s4', otherId, '2023-04-02T10:00:00.000Z'));
    const at = '2023-04-01T12:00:00.000Z';
    const live = async () =>
      (
        await Promise.all(
          ['s1', 's2', 's3', 's4'].map((id) => findLiveSession(h.db, id, '2023-04-01T00:00:00.000Z', NO_IDLE_LIMIT)),
        )
      ).map((s) => s?.id ?? null);
    await deleteExpiredSessions(h.db, at);
    expect(await live()).toEqual([null, 's2', 's3', 's4']);
    await deleteSession(h.db, 's3');
    expect(await live()).toEqual([null, 's2', null, 's4']);
    await deleteSessionsOfUser(h.db, userId);
    expect(await live()).toEqual([null, null, null, 's4']);
  });
});
