import type { TRole } from '../../../shared/auth.ts';
import type { TChannel } from '../../../shared/notifications.ts';
import type { Db } from '../../db/database.ts';

/**
 * What supervision needs from the notification centre, and nothing more. Supervision decides who hears what and when;
 * the notifications module implements this port (`createNotifier`) and knows no supervision rule. Wired in `main.ts`
 * and the test app through `AppDeps.notify`.
 */
export interface Recipient {
  id: number;
  displayName: string;
  email: string | null;
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

export interface NotifyPort {
  /** Active users holding one of `roles`, optionally only those of `unitIds`; each once. */
  recipients(db: Db, roles: readonly TRole[], unitIds?: readonly number[]): Promise<Recipient[]>;
  /** In-app notifications, inside the caller's transaction; returns the users newly notified. */
  inApp(db: Db, now: string, recipients: readonly Recipient[], a: Announcement): Promise<Recipient[]>;
  /** E-mail and group robots, after the caller's transaction commits; failures are recorded, never thrown. */
  outbound(a: Announcement, recipients: readonly Recipient[]): Promise<DeliveryOutcome[]>;
}

/** The unit's own people: its 联络员 and its head. */
export function unitMembers(notify: NotifyPort, db: Db, unitIds: readonly number[]): Promise<Recipient[]> {
  return notify.recipients(db, ['unit_staff', 'unit_head'], unitIds);
}
