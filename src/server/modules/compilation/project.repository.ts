import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { CompileMemberTable, CompileProjectTable } from '../../db/schema.ts';

/** SQL for `compile_project` and `compile_member`. */

export type ProjectRow = Selectable<CompileProjectTable>;
export type MemberRow = Selectable<CompileMemberTable>;

export async function insertProject(db: Db, values: Insertable<CompileProjectTable>): Promise<number> {
  const { id } = await db.insertInto('compile_project').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function findProjectRow(db: Db, id: number): Promise<ProjectRow | undefined> {
  return db.selectFrom('compile_project').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findProjectRows(db: Db): Promise<ProjectRow[]> {
  return db.selectFrom('compile_project').selectAll().orderBy('id', 'desc').execute();
}

/** Projects the user is a member of, or that belong to the unit. */
export function findProjectRowsFor(db: Db, userId: number, unitId: number | null): Promise<ProjectRow[]> {
  return db
    .selectFrom('compile_project')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('id', 'in', eb.selectFrom('compile_member').select('project_id').where('user_id', '=', userId)),
        ...(unitId === null
          ? []
          : [
              eb('owner_unit_id', '=', unitId),
              eb(
                'id',
                'in',
                eb
                  .selectFrom('compile_member')
                  .select('project_id')
                  .where('unit_id', '=', unitId)
                  .where('role', '=', 'unit_liaison'),
              ),
            ]),
      ]),
    )
    .orderBy('id', 'desc')
    .execute();
}

export function findProjectRowsByTask(db: Db, taskId: number): Promise<ProjectRow[]> {
  return db.selectFrom('compile_project').selectAll().where('task_id', '=', taskId).orderBy('id').execute();
}

export async function updateProjectRow(db: Db, id: number, values: Updateable<CompileProjectTable>): Promise<void> {
  await db.updateTable('compile_project').set(values).where('id', '=', id).execute();
}

export function findMemberRows(db: Db, projectId: number): Promise<MemberRow[]> {
  return db.selectFrom('compile_member').selectAll().where('project_id', '=', projectId).orderBy('id').execute();
}

export function findMemberRowsOfUser(db: Db, projectId: number, userId: number): Promise<MemberRow[]> {
  return db
    .selectFrom('compile_member')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('user_id', '=', userId)
    .execute();
}

export function findMemberRow(db: Db, id: number): Promise<MemberRow | undefined> {
  return db.selectFrom('compile_member').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertMember(db: Db, values: Insertable<CompileMemberTable>): Promise<number> {
  const { id } = await db.insertInto('compile_member').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function deleteMemberRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('compile_member').where('id', '=', id).execute();
}

export async function countNodes(db: Db, projectIds: readonly number[]): Promise<Map<number, number>> {
  if (projectIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('compile_node')
    .select(['project_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('project_id', 'in', [...projectIds])
    .groupBy('project_id')
    .execute();
  return new Map(rows.map((r) => [r.project_id, Number(r.n)]));
}

/** The latest volume of a yearbook series with this title stem, before `year`. */
export function findYearbookBefore(db: Db, year: number): Promise<ProjectRow[]> {
  return db
    .selectFrom('compile_project')
    .selectAll()
    .where('kind', '=', 'yearbook')
    .where('year', '<', year)
    .orderBy('year', 'desc')
    .execute();
}
