import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { TaskEventTable } from '../../db/schema.ts';

/** `task_event`: the task's timeline, append-only. */
export type TaskEventRow = Selectable<TaskEventTable>;

export async function insertTaskEvent(db: Db, row: Insertable<TaskEventTable>): Promise<void> {
  await db.insertInto('task_event').values(row).execute();
}

export async function findTaskEvents(db: Db, taskId: number): Promise<TaskEventRow[]> {
  return db.selectFrom('task_event').selectAll().where('task_id', '=', taskId).orderBy('occurred_at').orderBy('id').execute();
}
