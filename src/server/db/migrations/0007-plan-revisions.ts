import type { Kysely } from 'kysely';

// Frozen in time: this file imports no application code and must never change once released.

/**
 * A revised plan never deletes a task that has history: the task is archived (已撤销) and keeps its reports,
 * milestones, chases and timeline. Its number is freed for the revision (`number` becomes `3（已撤销）`) and kept
 * in `archived_number`. `leaders_json` holds the 责任领导 a document names — people, not units.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('task').addColumn('archived_at', 'text').execute();
  await db.schema.alterTable('task').addColumn('archived_number', 'text').execute();
  await db.schema
    .alterTable('task')
    .addColumn('leaders_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const c of ['leaders_json', 'archived_number', 'archived_at'])
    await db.schema.alterTable('task').dropColumn(c).execute();
}
