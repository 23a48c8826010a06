import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { CompileDraftVersionTable } from '../../db/schema.ts';

/** SQL for `compile_draft_version`: insert and read only — versions are never changed. */

export type DraftVersionRow = Selectable<CompileDraftVersionTable>;

export async function insertDraftVersion(db: Db, values: Insertable<CompileDraftVersionTable>): Promise<number> {
  const { id } = await db.insertInto('compile_draft_version').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function findVersionRows(db: Db, nodeId: number): Promise<DraftVersionRow[]> {
  return db
    .selectFrom('compile_draft_version')
    .selectAll()
    .where('node_id', '=', nodeId)
    .orderBy('version', 'desc')
    .execute();
}

export function findVersionRow(db: Db, id: number): Promise<DraftVersionRow | undefined> {
  return db.selectFrom('compile_draft_version').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findLatestVersionRow(db: Db, nodeId: number): Promise<DraftVersionRow | undefined> {
  return db
    .selectFrom('compile_draft_version')
    .selectAll()
    .where('node_id', '=', nodeId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The latest version of every node of a project that has one. */
export async function findLatestVersionsOfProject(db: Db, projectId: number): Promise<DraftVersionRow[]> {
  return db
    .selectFrom('compile_draft_version as v')
    .selectAll('v')
    .where('v.node_id', 'in', (eb) => eb.selectFrom('compile_node').select('id').where('project_id', '=', projectId))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('compile_draft_version as w')
            .select('w.id')
            .whereRef('w.node_id', '=', 'v.node_id')
            .whereRef('w.version', '>', 'v.version'),
        ),
      ),
    )
    .execute();
}

export async function countVersionsOfNodes(db: Db, nodeIds: readonly number[]): Promise<number> {
  if (nodeIds.length === 0) return 0;
  const row = await db
    .selectFrom('compile_draft_version')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('node_id', 'in', [...nodeIds])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
