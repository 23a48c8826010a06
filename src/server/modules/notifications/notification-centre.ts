import { AppError } from '../../../shared/errors.ts';
import type { TNotificationPage } from '../../../shared/notifications.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { authorize } from '../../platform/policy.ts';
import {
  findNotificationOf,
  findNotificationsOf,
  markAllReadOf,
  markNotificationReadRow,
} from './notifications.repository.ts';

/** The signed-in user's own notifications, newest first, with the unread count the header badge shows. */
export async function listMyNotifications(
  deps: { db: Db },
  actor: Actor,
  query: { unreadOnly?: 'true' | 'false'; page: number; pageSize: number },
): Promise<TNotificationPage> {
  authorize(actor, 'notification.read');
  const { total, unread, rows } = await findNotificationsOf(deps.db, actor.userId, {
    unreadOnly: query.unreadOnly === 'true',
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    total,
    unread,
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      link: r.link,
      createdAt: r.created_at,
      readAt: r.read_at,
    })),
  };
}

/** Marks one of the actor's notifications read; someone else's is "not found", never "forbidden" (no probing). */
export async function markNotificationRead(deps: { db: Db; clock: Clock }, actor: Actor, id: number): Promise<void> {
  authorize(actor, 'notification.read');
  const row = await findNotificationOf(deps.db, actor.userId, id);
  if (!row) throw new AppError('NOT_FOUND', '该通知不存在或已被删除。');
  if (row.read_at) return;
  await markNotificationReadRow(deps.db, id, deps.clock.now().toISOString());
}

export async function markAllNotificationsRead(
  deps: { db: Db; clock: Clock },
  actor: Actor,
): Promise<{ marked: number }> {
  authorize(actor, 'notification.read');
  return { marked: await markAllReadOf(deps.db, actor.userId, deps.clock.now().toISOString()) };
}
