import type { Db } from '../../db/database.ts';
import { notifyInApp, type Recipient } from '../notifications/dispatch.ts';
import { loadPeople } from './present.ts';

/** In-app notices of the review (invitations, new deadlines, decisions to sign), through the notification centre. */
export async function notifyUsers(
  db: Db,
  now: string,
  userIds: readonly number[],
  a: { kind: string; title: string; lines: string[]; link: string; dedupeKey: string },
): Promise<void> {
  const people = await loadPeople(db, userIds);
  const recipients: Recipient[] = [...people.entries()]
    .filter(([, p]) => !p.disabled)
    .map(([id, p]) => ({ id, displayName: p.displayName, email: p.email }));
  if (recipients.length) await notifyInApp(db, now, recipients, a);
}
