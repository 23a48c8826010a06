import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { HoldingImportTable } from '../../db/schema.ts';

export type ImportRow = Selectable<HoldingImportTable>;

export async function insertImport(
  db: Db,
  v: Omit<Selectable<HoldingImportTable>, 'id' | 'rolled_back_at'>,
): Promise<number> {
  const { id } = await db
    .insertInto('holding_import')
    .values({ ...v, rolled_back_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

const base = (db: Db) => db.selectFrom('holding_import').selectAll();

export async function findImportById(db: Db, id: number): Promise<ImportRow | undefined> {
  return base(db).where('id', '=', id).executeTakeFirst();
}

export async function findImports(db: Db, unitIds: readonly number[] | null): Promise<ImportRow[]> {
  let q = base(db);
  if (unitIds) q = q.where('unit_id', 'in', unitIds.length ? [...unitIds] : [-1]);
  return q.orderBy('id', 'desc').limit(100).execute();
}

export async function markRolledBack(db: Db, id: number, now: string): Promise<void> {
  await db.updateTable('holding_import').set({ rolled_back_at: now }).where('id', '=', id).execute();
}
