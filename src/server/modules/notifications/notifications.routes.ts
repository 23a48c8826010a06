import { Hono } from 'hono';
import { ZNotificationQuery, ZNotificationSettingsInput, ZTestMessageRequest } from '../../../shared/notifications.ts';
import type { AppDeps } from '../../deps.ts';
import { readIdParam, readJson, readQuery, requireActor, type AppEnv } from '../../http/context.ts';
import { authorize } from '../../platform/policy.ts';
import { getChannelSettings, sendTestMessage, updateChannelSettings } from './configure-channels.ts';
import { listMyNotifications, markAllNotificationsRead, markNotificationRead } from './notification-centre.ts';
import { runReminders } from './reminders.ts';

/** /api/notifications: the signed-in user's notification centre, and running the reminders on demand. */
export function notificationsRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json(await listMyNotifications(deps, requireActor(c), readQuery(c, ZNotificationQuery))))
    .post('/read-all', async (c) => c.json(await markAllNotificationsRead(deps, requireActor(c))))
    .post('/reminders/run', async (c) => {
      authorize(requireActor(c), 'reminder.run');
      return c.json(await runReminders(deps, deps.clock.now().toISOString().slice(0, 10)));
    })
    .post('/:id/read', async (c) => {
      await markNotificationRead(deps, requireActor(c), readIdParam(c));
      return c.json({ ok: true });
    });
}

/** /api/settings/notifications: the outbound channels, administrators only. */
export function notificationSettingsRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json(await getChannelSettings(deps, requireActor(c))))
    .put('/', async (c) => {
      const actor = requireActor(c);
      authorize(actor, 'notification.configure');
      return c.json(await updateChannelSettings(deps, actor, await readJson(c, ZNotificationSettingsInput)));
    })
    .post('/test', async (c) => {
      const actor = requireActor(c);
      authorize(actor, 'notification.configure');
      return c.json(await sendTestMessage(deps, actor, await readJson(c, ZTestMessageRequest)));
    });
}
