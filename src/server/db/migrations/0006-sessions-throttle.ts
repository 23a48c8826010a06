import type { Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must never change once released.

/**
 * Sessions end after idle time (`last_seen_at`), and failed sign-ins are counted in the database (`login_throttle`),
 * per address, per account, per pair and overall, so every server process sees the same counts and a restart does
 * not reset them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('session').addColumn('last_seen_at', 'text').execute();
  await db
    .updateTable('session')
    .set((eb: any) => ({ last_seen_at: eb.ref('created_at') }))
    .execute();
  await db.schema
    .createTable('login_throttle')
    .addColumn('scope_key', 'text', (c) => c.primaryKey())
    .addColumn('window_started_at', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_throttle').ifExists().execute();
  await db.schema.alterTable('session').dropColumn('last_seen_at').execute();
}
