import { Hono } from 'hono';
import { ZNotificationQuery, ZNotificationSettingsInput, ZTestMessageRequest } from '../../../shared/notifications.ts';
import type { AppDeps } from '../../deps.ts';
import { readIdParam, readJson, readQuery, requireActor, type AppEnv } from '../../http/context.ts';
import { getChannelSettings, sendTestMessage, updateChannelSettings } from './configure-channels.ts';
import { listMyNotifications, markAllNotificationsRead, markNotificationRead } from './notification-centre.ts';

/** /api/notifications: the signed-in user's notification centre (running the reminders is supervision's endpoint). */
export function notificationsRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json(await listMyNotifications(deps, requireActor(c), readQuery(c, ZNotificationQuery))))
    .post('/read-all', async (c) => c.json(await markAllNotificationsRead(deps, requireActor(c))))
    .post('/:id/read', async (c) => {
      await markNotificationRead(deps, requireActor(c), readIdParam(c));
      return c.json({ ok: true });
    });
}

/** /api/settings/notifications: the outbound channels, administrators only. */
export function notificationSettingsRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json(await getChannelSettings(deps, requireActor(c))))
    .put('/', async (c) =>
      c.json(await updateChannelSettings(deps, requireActor(c), () => readJson(c, ZNotificationSettingsInput))),
    )
    .post('/test', async (c) =>
      c.json(await sendTestMessage(deps, requireActor(c), () => readJson(c, ZTestMessageRequest))),
    );
}
