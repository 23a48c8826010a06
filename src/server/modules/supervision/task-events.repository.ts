import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { TaskEventTable } from '../../db/schema.ts';

/** `task_event`: the task's timeline, append-only. */
export type TaskEventRow = Selectable<TaskEventTable>;

/** Inserts one event; answers its id (a notification about it is keyed by it, so each step is told once). */
export async function insertTaskEvent(db: Db, row: Insertable<TaskEventTable>): Promise<number> {
  const inserted = await db.insertInto('task_event').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function findTaskEvents(db: Db, taskId: number): Promise<TaskEventRow[]> {
  return db
    .selectFrom('task_event')
    .selectAll()
    .where('task_id', '=', taskId)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
}

/** The latest events a person caused (their 已办), newest first. */
export async function findEventsByActor(db: Db, actorId: number, limit: number): Promise<TaskEventRow[]> {
  return db
    .selectFrom('task_event')
    .selectAll()
    .where('actor_id', '=', actorId)
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
