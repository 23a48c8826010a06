import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { CompileAssignmentTable } from '../../db/schema.ts';

/** SQL for `compile_assignment`. */

export type AssignmentRow = Selectable<CompileAssignmentTable>;

export async function insertAssignment(db: Db, values: Insertable<CompileAssignmentTable>): Promise<number> {
  const { id } = await db.insertInto('compile_assignment').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function findAssignmentRow(db: Db, id: number): Promise<AssignmentRow | undefined> {
  return db.selectFrom('compile_assignment').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findAssignmentsOfProject(db: Db, projectId: number): Promise<AssignmentRow[]> {
  return db
    .selectFrom('compile_assignment')
    .selectAll()
    .where('node_id', 'in', (eb) => eb.selectFrom('compile_node').select('id').where('project_id', '=', projectId))
    .orderBy('due_date')
    .orderBy('id')
    .execute();
}

/** Open assignments of a user or of any of the units, across projects, with their project. */
export function findOpenAssignmentsFor(
  db: Db,
  userId: number,
  unitIds: readonly number[],
): Promise<(AssignmentRow & { project_id: number })[]> {
  return db
    .selectFrom('compile_assignment')
    .innerJoin('compile_node', 'compile_node.id', 'compile_assignment.node_id')
    .selectAll('compile_assignment')
    .select('compile_node.project_id')
    .where('compile_assignment.done_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('compile_assignment.user_id', '=', userId),
        ...(unitIds.length ? [eb('compile_assignment.unit_id', 'in', [...unitIds])] : []),
      ]),
    )
    .orderBy('compile_assignment.due_date')
    .execute();
}

/** Open assignments due on or before `date` (for reminders), with their project. */
export function findOpenAssignmentsDueBy(db: Db, date: string): Promise<(AssignmentRow & { project_id: number })[]> {
  return db
    .selectFrom('compile_assignment')
    .innerJoin('compile_node', 'compile_node.id', 'compile_assignment.node_id')
    .selectAll('compile_assignment')
    .select('compile_node.project_id')
    .where('compile_assignment.done_at', 'is', null)
    .where('compile_assignment.due_date', '<=', date)
    .execute();
}

export async function markAssignmentDone(db: Db, id: number, at: string | null): Promise<void> {
  await db.updateTable('compile_assignment').set({ done_at: at }).where('id', '=', id).execute();
}

export async function deleteAssignmentRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('compile_assignment').where('id', '=', id).execute();
}
