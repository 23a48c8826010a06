import type { TChannel } from '../../../shared/notifications.ts';
import type { TRole } from '../../../shared/auth.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Logger } from '../../platform/logger.ts';
import { findActiveUsersWithRoles } from '../users/users.repository.ts';
import { enabledChannels, sendDingtalk, sendEmail, sendWecom } from './channels.ts';
import { loadNotificationSettings } from './notification-settings.ts';
import { sendSms } from './sms.ts';
import { claimDelivery, finishDelivery, insertNotificationOnce } from './notifications.repository.ts';
import type { OutboundMessage } from './robot-payloads.ts';

/**
 * What other modules may announce, in the notification centre's own words. Supervision's notify port
 * (`modules/supervision/notify-port.ts`) re-exports these shapes and `createNotifier` implements it, so this module
 * imports nothing from supervision and knows no supervision rule.
 */
export interface Recipient {
  id: number;
  displayName: string;
  email: string | null;
  /** Mobile number for SMS; absent where the caller does not know it. */
  phone?: string | null;
}

export interface Announcement {
  kind: string;
  title: string;
  /** Sentences, one per line: the in-app body joins them, robots quote them. */
  lines: string[];
  /** Site-relative link, e.g. `/supervision/tasks/21`. */
  link: string | null;
  /** Same key, same person → notified once, however often the caller runs. */
  dedupeKey: string;
}

export interface DeliveryOutcome {
  channel: TChannel;
  recipient: string;
  status: 'sent' | 'failed';
  error?: string;
}

/** Active users holding one of `roles`, optionally only those of `unitIds`; each user once, in id order. */
export async function findRecipients(
  db: Db,
  roles: readonly TRole[],
  unitIds?: readonly number[],
): Promise<Recipient[]> {
  return (await findActiveUsersWithRoles(db, roles, unitIds)).map((r) => ({
    id: r.id,
    displayName: r.display_name,
    email: r.email,
    phone: r.phone,
  }));
}

/**
 * In-app notifications for each recipient, skipping anyone who already has this key. Returns the users newly notified.
 * Call it inside the transaction of the change it announces.
 */
export async function notifyInApp(
  db: Db,
  now: string,
  recipients: readonly Recipient[],
  a: Announcement,
): Promise<Recipient[]> {
  const fresh: Recipient[] = [];
  for (const r of recipients) {
    const id = await insertNotificationOnce(db, {
      user_id: r.id,
      kind: a.kind,
      title: a.title,
      body: a.lines.join('\n'),
      link: a.link,
      dedupe_key: a.dedupeKey,
      created_at: now,
    });
    if (id !== null) fresh.push(r);
  }
  return fresh;
}

/**
 * Sends the announcement on every channel the administrator switched on: one e-mail per recipient address, one robot
 * message per group. Each is claimed (channel, key, recipient) before sending, so two runs — or two servers — never send
 * the same message twice; its outcome is recorded in `delivery`; a failure is logged and recorded, never thrown (the
 * in-app notification is already saved). Call it after the transaction commits.
 */
export async function deliverOutbound(
  deps: { db: Db; clock: Clock; logger: Logger },
  a: Announcement,
  recipients: readonly Recipient[],
): Promise<DeliveryOutcome[]> {
  const settings = await loadNotificationSettings(deps.db);
  const channels = enabledChannels(settings);
  if (channels.length === 0) return [];
  const message: OutboundMessage = {
    title: a.title,
    lines: a.lines,
    link: a.link && settings.siteUrl ? `${settings.siteUrl}${a.link}` : null,
  };
  const now = deps.clock.now().toISOString();
  const jobs: { channel: TChannel; recipient: string; send: () => Promise<void> }[] = [];
  if (channels.includes('email')) {
    const addresses = [...new Set(recipients.map((r) => r.email?.trim()).filter((e): e is string => !!e))];
    for (const to of addresses)
      jobs.push({ channel: 'email', recipient: to, send: () => sendEmail(settings.smtp, to, message) });
  }
  if (channels.includes('sms')) {
    const phones = [...new Set(recipients.map((r) => r.phone?.trim()).filter((p): p is string => !!p))];
    for (const to of phones)
      jobs.push({
        channel: 'sms',
        recipient: to,
        send: () => sendSms(settings.sms, to, a.title, deps.clock.now()),
      });
  }
  if (channels.includes('wecom'))
    jobs.push({ channel: 'wecom', recipient: 'group', send: () => sendWecom(settings.wecom, message) });
  if (channels.includes('dingtalk')) {
    jobs.push({
      channel: 'dingtalk',
      recipient: 'group',
      send: () => sendDingtalk(settings.dingtalk, message, deps.clock.now().getTime()),
    });
  }
  const outcomes: DeliveryOutcome[] = [];
  for (const job of jobs) {
    const id = await claimDelivery(deps.db, {
      channel: job.channel,
      dedupe_key: a.dedupeKey,
      recipient: job.recipient,
      payload_json: JSON.stringify(message),
      status: 'pending',
      error: null,
      created_at: now,
    });
    if (id === null) continue;
    try {
      await job.send();
      await finishDelivery(deps.db, id, { status: 'sent' });
      outcomes.push({ channel: job.channel, recipient: job.recipient, status: 'sent' });
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      deps.logger.warn({ channel: job.channel, key: a.dedupeKey, err: text }, 'delivery failed');
      await finishDelivery(deps.db, id, { status: 'failed', error: text.slice(0, 1000) });
      outcomes.push({ channel: job.channel, recipient: job.recipient, status: 'failed', error: text });
    }
  }
  return outcomes;
}

/** The notifier other modules receive in their deps (supervision's notify port): in-app, outbound, recipients. */
export function createNotifier(deps: { db: Db; clock: Clock; logger: Logger }) {
  return {
    recipients: findRecipients,
    inApp: notifyInApp,
    outbound: (a: Announcement, recipients: readonly Recipient[]) => deliverOutbound(deps, a, recipients),
  };
}
