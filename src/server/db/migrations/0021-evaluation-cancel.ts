import type { Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must never change once released.

/** A 评审 campaign cancelled by those who manage it: when, and the reason they gave (both null while it runs). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('evaluation_campaign').addColumn('cancelled_at', 'text').execute();
  await db.schema.alterTable('evaluation_campaign').addColumn('cancel_reason', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('evaluation_campaign').dropColumn('cancel_reason').execute();
  await db.schema.alterTable('evaluation_campaign').dropColumn('cancelled_at').execute();
}
