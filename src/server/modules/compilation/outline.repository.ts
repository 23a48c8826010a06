import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { CompileNodeTable, CompileOutlineChangeTable, CompileOutlineRevisionTable } from '../../db/schema.ts';

/** SQL for `compile_node`, `compile_outline_change` and `compile_outline_revision`. */

export type NodeRow = Selectable<CompileNodeTable>;
export type OutlineChangeRow = Selectable<CompileOutlineChangeTable>;
export type RevisionRow = Selectable<CompileOutlineRevisionTable>;
export type NodeValues = Insertable<CompileNodeTable>;

/** Every node of a project, parents before children is not guaranteed: callers build the tree. */
export function findNodeRows(db: Db, projectId: number): Promise<NodeRow[]> {
  return db
    .selectFrom('compile_node')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('parent_id')
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
}

export function findNodeRow(db: Db, id: number): Promise<NodeRow | undefined> {
  return db.selectFrom('compile_node').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertNode(db: Db, values: NodeValues): Promise<number> {
  const { id } = await db.insertInto('compile_node').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateNodeRow(db: Db, id: number, values: Updateable<CompileNodeTable>): Promise<void> {
  await db.updateTable('compile_node').set(values).where('id', '=', id).execute();
}

export async function deleteNodeRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('compile_node').where('id', '=', id).execute();
}

export async function deleteProjectNodes(db: Db, projectId: number): Promise<void> {
  // Children first is not needed: the parent FK cascades.
  await db.deleteFrom('compile_node').where('project_id', '=', projectId).where('parent_id', 'is', null).execute();
}

/** Writes the sibling order of `ids` under `parentId` (0, 1, 2 …). */
export async function writeSiblingOrder(
  db: Db,
  parentId: number | null,
  ids: readonly number[],
  now: string,
): Promise<void> {
  for (const [i, id] of ids.entries())
    await db
      .updateTable('compile_node')
      .set({ parent_id: parentId, sort_order: i, updated_at: now })
      .where('id', '=', id)
      .execute();
}

export async function markNodesApproved(db: Db, projectId: number, now: string): Promise<void> {
  await db
    .updateTable('compile_node')
    .set({ approved_at: now })
    .where('project_id', '=', projectId)
    .where('approved_at', 'is', null)
    .execute();
}

export async function insertOutlineChange(db: Db, values: Insertable<CompileOutlineChangeTable>): Promise<void> {
  await db.insertInto('compile_outline_change').values(values).execute();
}

export function findOutlineChanges(db: Db, projectId: number, limit: number): Promise<OutlineChangeRow[]> {
  return db
    .selectFrom('compile_outline_change')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export function findRevisionRows(db: Db, projectId: number): Promise<RevisionRow[]> {
  return db
    .selectFrom('compile_outline_revision')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('number', 'desc')
    .execute();
}

export function findRevisionRow(db: Db, id: number): Promise<RevisionRow | undefined> {
  return db.selectFrom('compile_outline_revision').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertRevision(db: Db, values: Insertable<CompileOutlineRevisionTable>): Promise<number> {
  const { id } = await db
    .insertInto('compile_outline_revision')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateRevisionRow(
  db: Db,
  id: number,
  values: Updateable<CompileOutlineRevisionTable>,
): Promise<void> {
  await db.updateTable('compile_outline_revision').set(values).where('id', '=', id).execute();
}
