import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { DeliveryTable, NotificationTable, SettingTable } from '../../db/schema.ts';

/** `notification` (the in-app centre), `delivery` (one row per outbound message sent once) and `setting` (channels). */
export type NotificationRow = Selectable<NotificationTable>;
export type DeliveryRow = Selectable<DeliveryTable>;
export type SettingRow = Selectable<SettingTable>;

/** Inserts unless the user already has this dedupe key; returns the new id, or null when it was already there. */
export async function insertNotificationOnce(db: Db, row: Insertable<NotificationTable>): Promise<number | null> {
  const inserted = await db
    .insertInto('notification')
    .values(row)
    .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id ?? null;
}

/** A page of a user's notifications, newest first, with the total and unread counts. */
export async function findNotificationsOf(
  db: Db,
  userId: number,
  page: { unreadOnly: boolean; limit: number; offset: number },
) {
  let q = db.selectFrom('notification').where('user_id', '=', userId);
  if (page.unreadOnly) q = q.where('read_at', 'is', null);
  const [total, unread, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
    db
      .selectFrom('notification')
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow(),
    q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute(),
  ]);
  return { total: Number(total.n), unread: Number(unread.n), rows };
}

export async function findNotificationOf(db: Db, userId: number, id: number): Promise<NotificationRow | undefined> {
  return db
    .selectFrom('notification')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function markNotificationReadRow(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable('notification').set({ read_at: at }).where('id', '=', id).execute();
}

/** Marks every unread notification of the user read; returns how many. */
export async function markAllReadOf(db: Db, userId: number, at: string): Promise<number> {
  const result = await db
    .updateTable('notification')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Claims (channel, key, recipient) before sending; null when another run already claimed it. */
export async function claimDelivery(db: Db, row: Insertable<DeliveryTable>): Promise<number | null> {
  const inserted = await db
    .insertInto('delivery')
    .values(row)
    .onConflict((oc) => oc.columns(['channel', 'dedupe_key', 'recipient']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id ?? null;
}

export async function finishDelivery(
  db: Db,
  id: number,
  outcome: { status: 'sent' | 'failed'; error?: string },
): Promise<void> {
  await db
    .updateTable('delivery')
    .set({ status: outcome.status, ...(outcome.error !== undefined ? { error: outcome.error } : {}) })
    .where('id', '=', id)
    .execute();
}

/** Deliveries in the order they were claimed, optionally of one channel (e-mail, 企业微信, 钉钉): what was sent and how it went. */
export async function findDeliveries(db: Db, filter: { channel?: string } = {}): Promise<DeliveryRow[]> {
  let q = db.selectFrom('delivery').selectAll();
  if (filter.channel !== undefined) q = q.where('channel', '=', filter.channel);
  return q.orderBy('id').execute();
}

export async function findSetting(db: Db, key: string): Promise<SettingRow | undefined> {
  return db.selectFrom('setting').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function saveSetting(db: Db, key: string, valueJson: string, now: string): Promise<void> {
  await db
    .insertInto('setting')
    .values({ key, value_json: valueJson, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: valueJson, updated_at: now }))
    .execute();
}
