import type { TChannel } from '../../../shared/notifications.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Logger } from '../../platform/logger.ts';
import { enabledChannels, sendDingtalk, sendEmail, sendWecom } from './channels.ts';
import { loadNotificationSettings } from './notification-settings.ts';
import type { Recipient } from './recipients.ts';
import type { OutboundMessage } from './robot-payloads.ts';

export interface Announcement {
  kind: string;
  title: string;
  /** Sentences, one per line: the in-app body joins them, robots quote them. */
  lines: string[];
  /** Site-relative link, e.g. `/supervision/tasks/21`. */
  link: string | null;
  /** Same key, same person → notified once, however often the caller runs (the table's unique key enforces it). */
  dedupeKey: string;
}

/**
 * In-app notifications for each recipient, skipping anyone who already has this key. Returns the users newly notified.
 * Call it inside the transaction of the change it announces.
 */
export async function notifyInApp(db: Db, now: string, recipients: readonly Recipient[], a: Announcement): Promise<Recipient[]> {
  const fresh: Recipient[] = [];
  for (const r of recipients) {
    const inserted = await db
      .insertInto('notification')
      .values({ user_id: r.id, kind: a.kind, title: a.title, body: a.lines.join('\n'), link: a.link, dedupe_key: a.dedupeKey, created_at: now })
      .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) fresh.push(r);
  }
  return fresh;
}

export interface DeliveryOutcome {
  channel: TChannel;
  recipient: string;
  status: 'sent' | 'failed';
  error?: string;
}

/** Claims (channel, key, recipient) before sending, so two runs — or two servers — never send the same message twice. */
async function claim(db: Db, now: string, channel: TChannel, key: string, recipient: string, message: OutboundMessage): Promise<number | null> {
  const row = await db
    .insertInto('delivery')
    .values({ channel, dedupe_key: key, recipient, payload_json: JSON.stringify(message), status: 'pending', error: null, created_at: now })
    .onConflict((oc) => oc.columns(['channel', 'dedupe_key', 'recipient']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Sends the announcement on every channel the administrator switched on: one e-mail per recipient address, one robot
 * message per group. Each is attempted once per key and its outcome recorded in `delivery`; a failure is logged and
 * recorded, never thrown (the in-app notification is already saved). Call it after the transaction commits.
 */
export async function deliverOutbound(
  deps: { db: Db; clock: Clock; logger: Logger },
  a: Announcement,
  recipients: readonly Recipient[],
): Promise<DeliveryOutcome[]> {
  const settings = await loadNotificationSettings(deps.db);
  const channels = enabledChannels(settings);
  if (channels.length === 0) return [];
  const message: OutboundMessage = { title: a.title, lines: a.lines, link: a.link && settings.siteUrl ? `${settings.siteUrl}${a.link}` : null };
  const now = deps.clock.now().toISOString();
  const jobs: { channel: TChannel; recipient: string; send: () => Promise<void> }[] = [];
  if (channels.includes('email')) {
    const addresses = [...new Set(recipients.map((r) => r.email?.trim()).filter((e): e is string => !!e))];
    for (const to of addresses) jobs.push({ channel: 'email', recipient: to, send: () => sendEmail(settings.smtp, to, message) });
  }
  if (channels.includes('wecom')) jobs.push({ channel: 'wecom', recipient: 'group', send: () => sendWecom(settings.wecom, message) });
  if (channels.includes('dingtalk')) {
    jobs.push({ channel: 'dingtalk', recipient: 'group', send: () => sendDingtalk(settings.dingtalk, message, deps.clock.now().getTime()) });
  }
  const outcomes: DeliveryOutcome[] = [];
  for (const job of jobs) {
    const id = await claim(deps.db, now, job.channel, a.dedupeKey, job.recipient, message);
    if (id === null) continue;
    try {
      await job.send();
      await deps.db.updateTable('delivery').set({ status: 'sent' }).where('id', '=', id).execute();
      outcomes.push({ channel: job.channel, recipient: job.recipient, status: 'sent' });
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      deps.logger.warn({ channel: job.channel, key: a.dedupeKey, err: text }, 'delivery failed');
      await deps.db.updateTable('delivery').set({ status: 'failed', error: text.slice(0, 1000) }).where('id', '=', id).execute();
      outcomes.push({ channel: job.channel, recipient: job.recipient, status: 'failed', error: text });
    }
  }
  return outcomes;
}
