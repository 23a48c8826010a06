import type { Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must never change once released.

/** Each user may have an e-mail address: reminders, chases and escalations are mailed there over SMTP. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('app_user').addColumn('email', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('app_user').dropColumn('email').execute();
}
