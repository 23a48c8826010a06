import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.ts';
import { TEST_DIALECTS } from '../../test/test-db.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import {
  claimDelivery,
  findDeliveries,
  findNotificationOf,
  findNotificationsOf,
  findSetting,
  finishDelivery,
  insertNotificationOnce,
  markAllReadOf,
  markNotificationReadRow,
  saveSetting,
} from './notifications.repository.ts';

/** The notification tables on each dialect: once per (user, key), once per (channel, key, recipient), settings upserted. */
describe.each(TEST_DIALECTS)('notifications repository (%s)', (dialect) => {
  let t: TestApp;
  let db: Db;
  let alice: number;
  let bob: number;
  const at = (minute: number) => `2024-05-10T08:${String(minute).padStart(2, '0')}:00.000Z`;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    db = t.deps.db;
    const admin = await t.signIn('root', ['admin']);
    const create = async (username: string) =>
      (
        await admin.json<{ id: number }>('POST', '/api/users', {
          username,
          displayName: username,
          password: 'long-enough-1',
          roles: ['supervisor'],
        })
      ).body.id;
    alice = await create('alice');
    bob = await create('bob');
  });
  afterAll(async () => t.close());

  it('inserts a key once per user, pages newest first, counts unread, marks read', async () => {
    const note = (user: number, key: string, minute: number) => ({
      user_id: user,
      kind: 'chase',
      title: key,
      body: '正文',
      link: null,
      dedupe_key: key,
      created_at: at(minute),
    });
    const first = await insertNotificationOnce(db, note(alice, 'k1', 1));
    expect(first).not.toBeNull();
    expect(await insertNotificationOnce(db, note(alice, 'k1', 2))).toBeNull();
    expect(await insertNotificationOnce(db, note(bob, 'k1', 2))).not.toBeNull();
    await insertNotificationOnce(db, note(alice, 'k2', 3));
    const page = await findNotificationsOf(db, alice, { unreadOnly: false, limit: 10, offset: 0 });
    expect(page).toMatchObject({ total: 2, unread: 2 });
    expect(page.rows.map((r) => r.dedupe_key)).toEqual(['k2', 'k1']);
    await markNotificationReadRow(db, first!, at(4));
    expect(
      (await findNotificationsOf(db, alice, { unreadOnly: true, limit: 10, offset: 0 })).rows.map((r) => r.dedupe_key),
    ).toEqual(['k2']);
    expect(await findNotificationOf(db, bob, first!)).toBeUndefined();
    expect(await markAllReadOf(db, alice, at(5))).toBe(1);
    expect(await markAllReadOf(db, alice, at(6))).toBe(0);
    expect((await findNotificationsOf(db, bob, { unreadOnly: false, limit: 1, offset: 0 })).unread).toBe(1);
  });

  it('claims a delivery once and records its outcome; upserts a setting', async () => {
    const claim = {
      channel: 'email',
      dedupe_key: 'chase:1',
      recipient: 'a@example.org',
      payload_json: '{}',
      status: 'pending',
      error: null,
      created_at: at(1),
    };
    const id = await claimDelivery(db, claim);
    expect(id).not.toBeNull();
    expect(await claimDelivery(db, claim)).toBeNull();
    expect(await claimDelivery(db, { ...claim, channel: 'wecom', recipient: 'group' })).not.toBeNull();
    await finishDelivery(db, id!, { status: 'failed', error: '连接失败' });
    expect(
      await db.selectFrom('delivery').select(['status', 'error']).where('id', '=', id!).executeTakeFirstOrThrow(),
    ).toEqual({ status: 'failed', error: '连接失败' });
    expect((await findDeliveries(db)).map((d) => [d.channel, d.recipient, d.status, d.error])).toEqual([
      ['email', 'a@example.org', 'failed', '连接失败'],
      ['wecom', 'group', 'pending', null],
    ]);
    expect((await findDeliveries(db, { channel: 'wecom' })).map((d) => d.id)).not.toContain(id);
    expect(await findDeliveries(db, { channel: 'dingtalk' })).toEqual([]);

    await saveSetting(db, 'notifications', '{"a":1}', at(1));
    await saveSetting(db, 'notifications', '{"a":2}', at(2));
    expect(await findSetting(db, 'notifications')).toEqual({
      key: 'notifications',
      value_json: '{"a":2}',
      updated_at: at(2),
    });
  });
});
