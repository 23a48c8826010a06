import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { AcqClaimTable, AcqFundTable, AcqOrderTable } from '../../db/schema.ts';

export type FundRow = Selectable<AcqFundTable>;
export type OrderRow = Selectable<AcqOrderTable>;
export type ClaimRow = Selectable<AcqClaimTable>;

export async function insertFund(db: Db, v: Omit<Insertable<AcqFundTable>, 'id'>): Promise<number> {
  return (await db.insertInto('acq_fund').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findFund(db: Db, id: number): Promise<FundRow | undefined> {
  return db.selectFrom('acq_fund').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findFundByName(db: Db, unitId: number, year: number, name: string): Promise<FundRow | undefined> {
  return db
    .selectFrom('acq_fund')
    .selectAll()
    .where('unit_id', '=', unitId)
    .where('year', '=', year)
    .where('name', '=', name)
    .executeTakeFirst();
}

export async function findFunds(db: Db, year: number | null, unitIds: readonly number[] | null): Promise<FundRow[]> {
  let q = db.selectFrom('acq_fund').selectAll();
  if (year) q = q.where('year', '=', year);
  if (unitIds) q = q.where('unit_id', 'in', unitIds.length ? [...unitIds] : [-1]);
  return q.orderBy('year', 'desc').orderBy('id').execute();
}

export async function insertOrder(db: Db, v: Omit<Insertable<AcqOrderTable>, 'id'>): Promise<number> {
  return (await db.insertInto('acq_order').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findOrder(db: Db, id: number): Promise<OrderRow | undefined> {
  return db.selectFrom('acq_order').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findOrdersOfFunds(db: Db, fundIds: readonly number[]): Promise<OrderRow[]> {
  if (fundIds.length === 0) return [];
  return db
    .selectFrom('acq_order')
    .selectAll()
    .where('fund_id', 'in', [...fundIds])
    .orderBy('id', 'desc')
    .execute();
}

export async function updateOrderReceipt(db: Db, id: number, receivedQuantity: number, status: string): Promise<void> {
  await db.updateTable('acq_order').set({ received_quantity: receivedQuantity, status }).where('id', '=', id).execute();
}

export async function insertReceipt(
  db: Db,
  v: {
    order_id: number;
    quantity: number;
    received_on: string;
    location: string | null;
    created_by: number | null;
    created_at: string;
  },
): Promise<number> {
  return (await db.insertInto('acq_receipt').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertClaim(db: Db, v: Omit<Insertable<AcqClaimTable>, 'id'>): Promise<number> {
  return (await db.insertInto('acq_claim').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findClaimsOfOrders(db: Db, orderIds: readonly number[]): Promise<ClaimRow[]> {
  if (orderIds.length === 0) return [];
  return db
    .selectFrom('acq_claim')
    .selectAll()
    .where('order_id', 'in', [...orderIds])
    .orderBy('id')
    .execute();
}
