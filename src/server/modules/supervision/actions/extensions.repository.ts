import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { ExtensionRequestTable } from '../../../db/schema.ts';

/** `extension_request`: 延期申请 by a task's lead unit, decided by a leader. */
export type ExtensionRow = Selectable<ExtensionRequestTable>;

export async function insertExtension(db: Db, row: Insertable<ExtensionRequestTable>): Promise<number> {
  return (await db.insertInto('extension_request').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findExtension(db: Db, id: number): Promise<ExtensionRow | undefined> {
  return db.selectFrom('extension_request').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Requests, newest first; each filter narrows. `taskIds` empty → none. */
export async function findExtensions(
  db: Db,
  filter: { unitId?: number; status?: string; taskIds?: readonly number[] } = {},
): Promise<ExtensionRow[]> {
  if (filter.taskIds?.length === 0) return [];
  let q = db.selectFrom('extension_request').selectAll();
  if (filter.unitId !== undefined) q = q.where('unit_id', '=', filter.unitId);
  if (filter.status !== undefined) q = q.where('status', '=', filter.status);
  if (filter.taskIds) q = q.where('task_id', 'in', [...filter.taskIds]);
  return q.orderBy('requested_at', 'desc').orderBy('id', 'desc').execute();
}

export async function decideExtensionRow(
  db: Db,
  id: number,
  decision: { status: 'approved' | 'refused'; decidedBy: number; decidedAt: string; comment: string | null },
): Promise<void> {
  await db
    .updateTable('extension_request')
    .set({
      status: decision.status,
      decided_by: decision.decidedBy,
      decided_at: decision.decidedAt,
      decision_comment: decision.comment,
    })
    .where('id', '=', id)
    .execute();
}

/** Extension requests per task (read by the plan import, through supervision's `countTaskHistory`). */
export async function countExtensionsByTask(db: Db, taskIds: readonly number[]): Promise<Map<number, number>> {
  if (taskIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('extension_request')
    .select(['task_id', (e) => e.fn.countAll<string | number>().as('n')])
    .where('task_id', 'in', [...taskIds])
    .groupBy('task_id')
    .execute();
  return new Map(rows.map((r) => [r.task_id, Number(r.n)]));
}
