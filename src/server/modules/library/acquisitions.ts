import { AppError } from '../../../shared/errors.ts';
import {
  ZFundInput,
  ZOrderInput,
  ZReceiveInput,
  type TFund,
  type TFundInput,
  type TOrder,
  type TOrderInput,
  type TReceiveInput,
} from '../../../shared/library.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { authorize } from '../../platform/policy.ts';
import {
  findClaimsOfOrders,
  findFund,
  findFundByName,
  findFunds,
  findOrder,
  findOrdersOfFunds,
  insertClaim,
  insertFund,
  insertOrder,
  insertReceipt,
  updateOrderReceipt,
  type FundRow,
  type OrderRow,
} from './acquisitions.repository.ts';
import { userIdOf } from './audit-actor.ts';
import { findExistingBarcodes, insertCopies } from './copies.repository.ts';
import { checkOrderAgainstFund, fundState } from './fund-state.ts';
import {
  actingUnitId,
  assertActsFor,
  assertProvince,
  resolveOfficeScope,
  unitName,
  visibleUnitIds,
  type OfficeScope,
} from './office-access.ts';
import { findRecordById, findRecordsByIds } from './records.repository.ts';

type Deps = { db: Db; clock: Clock };
const ordered = (orders: readonly OrderRow[]) =>
  orders.filter((o) => o.status !== 'cancelled').reduce((n, o) => n + o.quantity * o.unit_price, 0);
const received = (orders: readonly OrderRow[]) => orders.reduce((n, o) => n + o.received_quantity * o.unit_price, 0);

function toFund(f: FundRow, orders: readonly OrderRow[], scope: OfficeScope): TFund {
  const mine = orders.filter((o) => o.fund_id === f.id);
  const committed = ordered(mine);
  const { percent, state } = fundState(f.amount, committed, f.warn_percent, f.stop_percent);
  return {
    id: f.id,
    unitId: f.unit_id,
    unitName: unitName(scope, f.unit_id),
    year: f.year,
    name: f.name,
    amount: f.amount,
    warnPercent: f.warn_percent,
    stopPercent: f.stop_percent,
    committed,
    spent: received(mine),
    percentCommitted: percent,
    state,
  };
}

async function toOrders(
  db: Db,
  scope: OfficeScope,
  orders: readonly OrderRow[],
  funds: readonly FundRow[],
  today: string,
  warning: string | null = null,
): Promise<TOrder[]> {
  const records = await findRecordsByIds(db, [...new Set(orders.map((o) => o.record_id))]);
  const claims = await findClaimsOfOrders(
    db,
    orders.map((o) => o.id),
  );
  return orders.map((o) => {
    const fund = funds.find((f) => f.id === o.fund_id)!;
    return {
      id: o.id,
      fundId: o.fund_id,
      fundName: fund.name,
      unitId: fund.unit_id,
      unitName: unitName(scope, fund.unit_id),
      recordId: o.record_id,
      title: records.find((r) => r.id === o.record_id)?.title ?? '',
      vendor: o.vendor,
      quantity: o.quantity,
      unitPrice: o.unit_price,
      orderedOn: o.ordered_on,
      expectedBy: o.expected_by,
      receivedQuantity: o.received_quantity,
      status: o.status as TOrder['status'],
      isLate: (o.status === 'open' || o.status === 'partial') && o.expected_by < today,
      claims: claims.filter((c) => c.order_id === o.id).map((c) => ({ note: c.note, createdAt: c.created_at })),
      warning,
    };
  });
}

export async function listFunds(deps: Deps, principal: Principal, year: number | null): Promise<TFund[]> {
  authorize(principal, 'acquisition.read');
  const scope = await resolveOfficeScope(deps.db, principal);
  const funds = await findFunds(deps.db, year, visibleUnitIds(scope));
  const orders = await findOrdersOfFunds(
    deps.db,
    funds.map((f) => f.id),
  );
  return funds.map((f) => toFund(f, orders, scope));
}

export async function createFund(deps: Deps, principal: Principal, input: TFundInput): Promise<TFund> {
  authorize(principal, 'acquisition.manage');
  const scope = await resolveOfficeScope(deps.db, principal);
  assertProvince(scope, '经费管理');
  const v = ZFundInput.parse(input);
  if (v.warnPercent > v.stopPercent)
    throw new AppError('VALIDATION_FAILED', `预警比例 ${v.warnPercent}% 应不高于停止比例 ${v.stopPercent}%。`);
  const unitId = v.unitId ?? actingUnitId(scope);
  if (await findFundByName(deps.db, unitId, v.year, v.name))
    throw new AppError('CONFLICT', `${v.year} 年已有名为“${v.name}”的经费，请换一个名称。`);
  const now = deps.clock.now().toISOString();
  const id = await deps.db.transaction().execute(async (trx) => {
    const id = await insertFund(trx, {
      unit_id: unitId,
      year: v.year,
      name: v.name,
      amount: v.amount,
      warn_percent: v.warnPercent,
      stop_percent: v.stopPercent,
      created_at: now,
    });
    await recordAudit(trx, deps.clock, principal, {
      action: 'acquisition.fund_create',
      entityType: 'acq_fund',
      entityId: id,
      summary: `设立 ${v.year} 年经费“${v.name}” ${v.amount} 元`,
      after: v,
    });
    return id;
  });
  return toFund((await findFund(deps.db, id))!, [], scope);
}

export async function listOrders(deps: Deps, principal: Principal, year: number | null): Promise<TOrder[]> {
  authorize(principal, 'acquisition.read');
  const scope = await resolveOfficeScope(deps.db, principal);
  const funds = await findFunds(deps.db, year, visibleUnitIds(scope));
  const orders = await findOrdersOfFunds(
    deps.db,
    funds.map((f) => f.id),
  );
  return toOrders(deps.db, scope, orders, funds, deps.clock.now().toISOString().slice(0, 10));
}

/** 订购: refused past the fund's stop percentage; past the warning percentage it goes through with a warning. */
export async function placeOrder(deps: Deps, principal: Principal, input: TOrderInput): Promise<TOrder> {
  authorize(principal, 'acquisition.manage');
  const scope = await resolveOfficeScope(deps.db, principal);
  assertProvince(scope, '订购');
  const v = ZOrderInput.parse(input);
  if (v.expectedBy < v.orderedOn)
    throw new AppError('VALIDATION_FAILED', `预计到货日期 ${v.expectedBy} 早于订购日期 ${v.orderedOn}，请核对。`);
  const fund = await findFund(deps.db, v.fundId);
  if (!fund) throw new AppError('NOT_FOUND', '所选经费不存在。');
  const record = await findRecordById(deps.db, v.recordId);
  if (!record) throw new AppError('NOT_FOUND', '所选书目不存在，请先著录。');
  const orders = await findOrdersOfFunds(deps.db, [fund.id]);
  const check = checkOrderAgainstFund(
    { name: fund.name, amount: fund.amount, warnPercent: fund.warn_percent, stopPercent: fund.stop_percent },
    ordered(orders),
    v.quantity * v.unitPrice,
  );
  if (check.refused) throw new AppError('CONFLICT', check.refused);
  const now = deps.clock.now().toISOString();
  const id = await deps.db.transaction().execute(async (trx) => {
    const id = await insertOrder(trx, {
      fund_id: fund.id,
      record_id: record.id,
      vendor: v.vendor,
      quantity: v.quantity,
      unit_price: v.unitPrice,
      ordered_on: v.orderedOn,
      expected_by: v.expectedBy,
      received_quantity: 0,
      status: 'open',
      created_by: userIdOf(principal),
      created_at: now,
    });
    await recordAudit(trx, deps.clock, principal, {
      action: 'acquisition.order',
      entityType: 'acq_order',
      entityId: id,
      summary: `向${v.vendor}订购《${record.title}》${v.quantity} 册`,
      after: v,
    });
    return id;
  });
  return (
    await toOrders(deps.db, scope, [(await findOrder(deps.db, id))!], [fund], now.slice(0, 10), check.warning)
  )[0]!;
}

/** 验收: each received volume becomes a copy of the fund's unit (入藏方式 购买), barcoded as given or numbered. */
export async function receiveOrder(
  deps: Deps,
  principal: Principal,
  orderId: number,
  input: TReceiveInput,
): Promise<TOrder> {
  authorize(principal, 'acquisition.manage');
  const scope = await resolveOfficeScope(deps.db, principal);
  const v = ZReceiveInput.parse(input);
  const order = await findOrder(deps.db, orderId);
  if (!order) throw new AppError('NOT_FOUND', '该订单不存在。');
  const fund = (await findFund(deps.db, order.fund_id))!;
  assertActsFor(scope, fund.unit_id);
  if (order.status === 'cancelled' || order.status === 'received')
    throw new AppError('CONFLICT', '该订单已全部到货或已取消，不能再验收。');
  const remaining = order.quantity - order.received_quantity;
  if (v.quantity > remaining)
    throw new AppError('VALIDATION_FAILED', `该订单还有 ${remaining} 册未到，本次验收 ${v.quantity} 册超出订购数量。`);
  if (v.barcodes.length > 0 && v.barcodes.length !== v.quantity)
    throw new AppError('VALIDATION_FAILED', `填写了 ${v.barcodes.length} 个条码号，与到货 ${v.quantity} 册不符。`);
  const barcodes =
    v.barcodes.length > 0
      ? v.barcodes
      : Array.from({ length: v.quantity }, (_, i) => `O${order.id}-${order.received_quantity + i + 1}`);
  const taken = await findExistingBarcodes(deps.db, barcodes);
  if (taken.size > 0 || new Set(barcodes).size !== barcodes.length)
    throw new AppError('CONFLICT', `条码号 ${[...taken].join('、') || '有重复'} 已被使用，请换用其他条码号。`);
  const now = deps.clock.now().toISOString();
  const receivedOn = v.receivedOn ?? now.slice(0, 10);
  const total = order.received_quantity + v.quantity;
  await deps.db.transaction().execute(async (trx) => {
    await insertReceipt(trx, {
      order_id: order.id,
      quantity: v.quantity,
      received_on: receivedOn,
      location: v.location,
      created_by: userIdOf(principal),
      created_at: now,
    });
    await insertCopies(
      trx,
      barcodes.map((barcode) => ({
        record_id: order.record_id,
        issue_id: null,
        unit_id: fund.unit_id,
        barcode,
        location: v.location,
        status: '在架',
        acquisition: '购买',
        acquired_on: receivedOn,
        import_id: null,
        order_id: order.id,
        shipment_id: null,
        created_at: now,
      })),
    );
    await updateOrderReceipt(trx, order.id, total, total >= order.quantity ? 'received' : 'partial');
    await recordAudit(trx, deps.clock, principal, {
      action: 'acquisition.receive',
      entityType: 'acq_order',
      entityId: order.id,
      summary: `订单 ${order.id} 到货验收 ${v.quantity} 册（累计 ${total}/${order.quantity}）`,
      after: { ...v, barcodes },
    });
  });
  return (await toOrders(deps.db, scope, [(await findOrder(deps.db, order.id))!], [fund], now.slice(0, 10)))[0]!;
}

/** 催缺: only for an order past its expected date and not fully received. */
export async function claimOrder(deps: Deps, principal: Principal, orderId: number, note: string): Promise<TOrder> {
  authorize(principal, 'acquisition.manage');
  const scope = await resolveOfficeScope(deps.db, principal);
  const order = await findOrder(deps.db, orderId);
  if (!order) throw new AppError('NOT_FOUND', '该订单不存在。');
  const fund = (await findFund(deps.db, order.fund_id))!;
  assertActsFor(scope, fund.unit_id);
  const now = deps.clock.now().toISOString();
  const today = now.slice(0, 10);
  if (order.status === 'received' || order.status === 'cancelled')
    throw new AppError('CONFLICT', '该订单已全部到货或已取消，无需催缺。');
  if (order.expected_by >= today)
    throw new AppError('CONFLICT', `该订单预计 ${order.expected_by} 到货，尚未逾期，到期后仍未到货再催缺。`);
  await deps.db.transaction().execute(async (trx) => {
    await insertClaim(trx, { order_id: order.id, note, created_by: userIdOf(principal), created_at: now });
    await recordAudit(trx, deps.clock, principal, {
      action: 'acquisition.claim',
      entityType: 'acq_order',
      entityId: order.id,
      summary: `订单 ${order.id} 逾期未到（${order.received_quantity}/${order.quantity}），向${order.vendor}催缺：${note}`,
    });
  });
  return (await toOrders(deps.db, scope, [(await findOrder(deps.db, order.id))!], [fund], today))[0]!;
}
