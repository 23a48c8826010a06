import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { ClosureRequestTable, InstructionReplyTable, InstructionTable, TaskAckTable } from '../../../db/schema.ts';

/** `task_ack`, `closure_request`, `instruction`, `instruction_reply`: the 督办 loop's own rows. */
export type TaskAckRow = Selectable<TaskAckTable>;
export type ClosureRequestRow = Selectable<ClosureRequestTable>;
export type InstructionRow = Selectable<InstructionTable>;
export type InstructionReplyRow = Selectable<InstructionReplyTable>;

export async function findAcksOfTasks(db: Db, taskIds: readonly number[]): Promise<TaskAckRow[]> {
  if (taskIds.length === 0) return [];
  return db
    .selectFrom('task_ack')
    .selectAll()
    .where('task_id', 'in', [...taskIds])
    .orderBy('id')
    .execute();
}

export async function insertAck(db: Db, row: Insertable<TaskAckTable>): Promise<void> {
  await db.insertInto('task_ack').values(row).execute();
}

export async function findClosureRequests(
  db: Db,
  filter: { taskIds?: readonly number[]; status?: string; unitId?: number },
): Promise<ClosureRequestRow[]> {
  let q = db.selectFrom('closure_request').selectAll();
  if (filter.taskIds) {
    if (filter.taskIds.length === 0) return [];
    q = q.where('task_id', 'in', [...filter.taskIds]);
  }
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.unitId !== undefined) q = q.where('unit_id', '=', filter.unitId);
  return q.orderBy('requested_at').orderBy('id').execute();
}

export async function findClosureRequest(db: Db, id: number): Promise<ClosureRequestRow | undefined> {
  return db.selectFrom('closure_request').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertClosureRequest(db: Db, row: Insertable<ClosureRequestTable>): Promise<number> {
  return (await db.insertInto('closure_request').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Decides a pending request; answers false when it was no longer pending (a second click, another supervisor). */
export async function decideClosureRow(
  db: Db,
  id: number,
  d: { status: string; decidedBy: number | null; decidedAt: string; comment: string | null },
): Promise<boolean> {
  const res = await db
    .updateTable('closure_request')
    .set({ status: d.status, decided_by: d.decidedBy, decided_at: d.decidedAt, decision_comment: d.comment })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function findInstructionsOfTasks(db: Db, taskIds: readonly number[]): Promise<InstructionRow[]> {
  if (taskIds.length === 0) return [];
  return db
    .selectFrom('instruction')
    .selectAll()
    .where('task_id', 'in', [...taskIds])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function findInstruction(db: Db, id: number): Promise<InstructionRow | undefined> {
  return db.selectFrom('instruction').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertInstruction(db: Db, row: Insertable<InstructionTable>): Promise<number> {
  return (await db.insertInto('instruction').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findInstructionReplies(
  db: Db,
  instructionIds: readonly number[],
): Promise<InstructionReplyRow[]> {
  if (instructionIds.length === 0) return [];
  return db
    .selectFrom('instruction_reply')
    .selectAll()
    .where('instruction_id', 'in', [...instructionIds])
    .orderBy('id')
    .execute();
}

export async function insertInstructionReply(db: Db, row: Insertable<InstructionReplyTable>): Promise<void> {
  await db.insertInto('instruction_reply').values(row).execute();
}
