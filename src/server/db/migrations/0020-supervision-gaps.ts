import type { Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must never change once released.

/**
 * Gaps of the 督办 loop (issue 10): a plan's own 督办单 prefix (吉志督〔2024〕3号 instead of 督字〔2024〕3号; null keeps
 * 督字), and a task's own start date (planned progress counts from it; null counts from the plan's issue date).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('plan_supervision').addColumn('doc_prefix', 'text').execute();
  await db.schema.alterTable('task').addColumn('start_date', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('task').dropColumn('start_date').execute();
  await db.schema.alterTable('plan_supervision').dropColumn('doc_prefix').execute();
}
