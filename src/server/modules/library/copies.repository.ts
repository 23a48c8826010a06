import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { HoldingCopyTable } from '../../db/schema.ts';

export type CopyRow = Selectable<HoldingCopyTable>;
export type CopyInsert = Omit<Insertable<HoldingCopyTable>, 'id'>;

export async function insertCopies(db: Db, rows: readonly CopyInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('holding_copy')
      .values(rows.slice(i, i + 200))
      .execute();
}

export async function findCopiesOfRecord(
  db: Db,
  recordId: number,
  unitIds: readonly number[] | null,
): Promise<CopyRow[]> {
  let q = db.selectFrom('holding_copy').selectAll().where('record_id', '=', recordId);
  if (unitIds) q = q.where('unit_id', 'in', unitIds.length ? [...unitIds] : [-1]);
  return q.orderBy('id').execute();
}

export async function findCopiesOfRecords(db: Db, recordIds: readonly number[]): Promise<CopyRow[]> {
  if (recordIds.length === 0) return [];
  return db
    .selectFrom('holding_copy')
    .selectAll()
    .where('record_id', 'in', [...recordIds])
    .orderBy('id')
    .execute();
}

export async function findCopyById(db: Db, id: number): Promise<CopyRow | undefined> {
  return db.selectFrom('holding_copy').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findExistingBarcodes(db: Db, barcodes: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < barcodes.length; i += 500) {
    const rows = await db
      .selectFrom('holding_copy')
      .select('barcode')
      .where('barcode', 'in', barcodes.slice(i, i + 500))
      .execute();
    for (const r of rows) out.add(r.barcode);
  }
  return out;
}

export async function updateCopy(
  db: Db,
  id: number,
  set: Partial<Pick<CopyRow, 'location' | 'status'>>,
): Promise<void> {
  await db.updateTable('holding_copy').set(set).where('id', '=', id).execute();
}

export async function deleteCopy(db: Db, id: number): Promise<void> {
  await db.deleteFrom('holding_copy').where('id', '=', id).execute();
}

/** Copies counted per record and holding unit (withdrawn and lost copies are no longer held). */
export async function countCopiesByRecordAndUnit(
  db: Db,
  recordIds: readonly number[] | null,
): Promise<{ record_id: number; unit_id: number; n: number }[]> {
  let q = db
    .selectFrom('holding_copy')
    .select(['record_id', 'unit_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('status', 'not in', ['剔除', '遗失'])
    .groupBy(['record_id', 'unit_id']);
  if (recordIds) q = q.where('record_id', 'in', recordIds.length ? [...recordIds] : [-1]);
  return (await q.execute()).map((r) => ({ record_id: r.record_id, unit_id: r.unit_id, n: Number(r.n) }));
}

/**
 * Copies, optionally of some units, of one record type, of one acquisition method, or acquired within [from, to].
 * Withdrawn and lost copies are not held; `includeGone` counts them (they were still acquired that year).
 */
export async function countCopies(
  db: Db,
  f: {
    unitIds: readonly number[] | null;
    type?: string | undefined;
    from?: string;
    to?: string;
    acquisition?: string;
    includeGone?: boolean;
  },
): Promise<number> {
  let q = db
    .selectFrom('holding_copy')
    .innerJoin('holding_record', 'holding_record.id', 'holding_copy.record_id')
    .select((eb) => eb.fn.countAll<string | number>().as('n'));
  if (!f.includeGone) q = q.where('holding_copy.status', 'not in', ['剔除', '遗失']);
  if (f.acquisition) q = q.where('holding_copy.acquisition', '=', f.acquisition);
  if (f.unitIds) q = q.where('holding_copy.unit_id', 'in', f.unitIds.length ? [...f.unitIds] : [-1]);
  if (f.type) q = q.where('holding_record.type', '=', f.type);
  if (f.from) q = q.where('holding_copy.acquired_on', '>=', f.from);
  if (f.to) q = q.where('holding_copy.acquired_on', '<=', f.to);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function countCopiesByType(
  db: Db,
  unitIds: readonly number[] | null,
): Promise<{ type: string; n: number }[]> {
  let q = db
    .selectFrom('holding_copy')
    .innerJoin('holding_record', 'holding_record.id', 'holding_copy.record_id')
    .select(['holding_record.type', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('holding_copy.status', 'not in', ['剔除', '遗失'])
    .groupBy('holding_record.type');
  if (unitIds) q = q.where('holding_copy.unit_id', 'in', unitIds.length ? [...unitIds] : [-1]);
  return (await q.execute()).map((r) => ({ type: r.type, n: Number(r.n) }));
}

export async function deleteCopiesOfImport(db: Db, importId: number): Promise<number> {
  const res = await db.deleteFrom('holding_copy').where('import_id', '=', importId).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** Copies of an import's records that arrived later by other means (orders, distribution): they block a roll-back. */
export async function countForeignCopiesOfImport(db: Db, importId: number): Promise<number> {
  const { n } = await db
    .selectFrom('holding_copy')
    .innerJoin('holding_record', 'holding_record.id', 'holding_copy.record_id')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('holding_record.import_id', '=', importId)
    .where((eb) => eb.or([eb('holding_copy.import_id', 'is', null), eb('holding_copy.import_id', '!=', importId)]))
    .executeTakeFirstOrThrow();
  return Number(n);
}
