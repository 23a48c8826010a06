import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { DistributionTable, ShipmentTable } from '../../db/schema.ts';

export type DistributionRow = Selectable<DistributionTable>;
export type ShipmentRow = Selectable<ShipmentTable>;

export async function insertDistribution(db: Db, v: Omit<Insertable<DistributionTable>, 'id'>): Promise<number> {
  return (await db.insertInto('distribution').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertShipments(db: Db, rows: readonly Omit<Insertable<ShipmentTable>, 'id'>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('shipment')
      .values(rows.slice(i, i + 200))
      .execute();
}

export async function findDistribution(db: Db, id: number): Promise<DistributionRow | undefined> {
  return db.selectFrom('distribution').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findDistributions(db: Db, ids: readonly number[] | null): Promise<DistributionRow[]> {
  let q = db.selectFrom('distribution').selectAll();
  if (ids) q = q.where('id', 'in', ids.length ? [...ids] : [-1]);
  return q.orderBy('id', 'desc').execute();
}

export async function findShipments(
  db: Db,
  f: { distributionIds?: readonly number[]; unitIds?: readonly number[] | null },
): Promise<ShipmentRow[]> {
  let q = db.selectFrom('shipment').selectAll();
  if (f.distributionIds) q = q.where('distribution_id', 'in', f.distributionIds.length ? [...f.distributionIds] : [-1]);
  if (f.unitIds) q = q.where('unit_id', 'in', f.unitIds.length ? [...f.unitIds] : [-1]);
  return q.orderBy('id').execute();
}

export async function findShipment(db: Db, id: number): Promise<ShipmentRow | undefined> {
  return db.selectFrom('shipment').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function answerShipment(
  db: Db,
  id: number,
  v: Pick<ShipmentRow, 'status' | 'received_quantity' | 'note' | 'answered_by' | 'answered_at'>,
): Promise<void> {
  await db.updateTable('shipment').set(v).where('id', '=', id).where('status', '=', 'sent').execute();
}

export async function markReminded(db: Db, ids: readonly number[], now: string): Promise<void> {
  if (ids.length)
    await db
      .updateTable('shipment')
      .set({ reminded_at: now })
      .where('id', 'in', [...ids])
      .execute();
}
