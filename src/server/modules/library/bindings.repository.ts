import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { LibraryIndicatorBindingTable } from '../../db/schema.ts';

export type BindingRow = Selectable<LibraryIndicatorBindingTable>;

export async function upsertBinding(db: Db, v: BindingRow): Promise<void> {
  await db.deleteFrom('library_indicator_binding').where('indicator_id', '=', v.indicator_id).execute();
  await db.insertInto('library_indicator_binding').values(v).execute();
}

export async function deleteBinding(db: Db, indicatorId: number): Promise<number> {
  return Number(
    (await db.deleteFrom('library_indicator_binding').where('indicator_id', '=', indicatorId).executeTakeFirst())
      .numDeletedRows,
  );
}

export async function findBindings(db: Db, indicatorIds: readonly number[] | null): Promise<BindingRow[]> {
  let q = db.selectFrom('library_indicator_binding').selectAll();
  if (indicatorIds) q = q.where('indicator_id', 'in', indicatorIds.length ? [...indicatorIds] : [-1]);
  return q.orderBy('indicator_id').execute();
}
