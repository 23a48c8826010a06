import type { TRole } from '../../../shared/auth.ts';
import type { Db } from '../../db/database.ts';
import type { Announcement, DeliveryOutcome, Recipient } from '../notifications/dispatch.ts';

/**
 * What supervision needs from the notification centre, and nothing more. Supervision decides who hears what and when;
 * the notifications module implements this port (`createNotifier`) and knows no supervision rule. Wired in `main.ts`
 * and the test app through `AppDeps.notify`.
 */
// The message vocabulary is the notification centre's own; supervision speaks it through this port.
export type { Announcement, DeliveryOutcome, Recipient };

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
