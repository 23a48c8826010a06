import { AppError } from '../../../shared/errors.ts';
import type { TNotificationPage } from '../../../shared/notifications.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { authorize } from '../../platform/policy.ts';

/** The signed-in user's own notifications, newest first, with the unread count the header badge shows. */
export async function listMyNotifications(
  deps: { db: Db },
  actor: Actor,
  query: { unreadOnly?: 'true' | 'false'; page: number; pageSize: number },
): Promise<TNotificationPage> {
  authorize(actor, 'notification.read');
  let q = deps.db.selectFrom('notification').where('user_id', '=', actor.userId);
  if (query.unreadOnly === 'true') q = q.where('read_at', 'is', null);
  const [total, unread, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
    deps.db
      .selectFrom('notification')
      .where('user_id', '=', actor.userId)
      .where('read_at', 'is', null)
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow(),
    q
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
  ]);
  return {
    total: Number(total.n),
    unread: Number(unread.n),
    items: rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, body: r.body, link: r.link, createdAt: r.created_at, readAt: r.read_at })),
  };
}

/** Marks one of the actor's notifications read; someone else's is "not found", never "forbidden" (no probing). */
export async function markNotificationRead(deps: { db: Db; clock: Clock }, actor: Actor, id: number): Promise<void> {
  authorize(actor, 'notification.read');
  const row = await deps.db.selectFrom('notification').select(['id', 'read_at']).where('id', '=', id).where('user_id', '=', actor.userId).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', '该通知不存在或已被删除。');
  if (row.read_at) return;
  await deps.db.updateTable('notification').set({ read_at: deps.clock.now().toISOString() }).where('id', '=', id).execute();
}

export async function markAllNotificationsRead(deps: { db: Db; clock: Clock }, actor: Actor): Promise<{ marked: number }> {
  authorize(actor, 'notification.read');
  const result = await deps.db
    .updateTable('notification')
    .set({ read_at: deps.clock.now().toISOString() })
    .where('user_id', '=', actor.userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return { marked: Number(result.numUpdatedRows) };
}
