import { AppError } from '../../../shared/errors.ts';
import {
  ZDistributionInput,
  ZReceiptInput,
  type TCoverage,
  type TDistribution,
  type TDistributionInput,
  type TReceiptInput,
  type TShipment,
} from '../../../shared/library.ts';
import type { Db } from '../../db/database.ts';
import { isSystemActor, type Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { authorize } from '../../platform/policy.ts';
import { notifyInApp } from '../notifications/dispatch.ts';
import { findRecipients } from '../notifications/dispatch.ts';
import { userIdOf } from './audit-actor.ts';
import { insertCopies } from './copies.repository.ts';
import { planShipments } from './distribution-formula.ts';
import {
  answerShipment,
  findDistribution,
  findDistributions,
  findShipment,
  findShipments,
  insertDistribution,
  insertShipments,
  markReminded,
  type DistributionRow,
  type ShipmentRow,
} from './distribution.repository.ts';
import {
  actingUnitId,
  assertProvince,
  assertSeesUnit,
  resolveOfficeScope,
  unitName,
  visibleUnitIds,
  type OfficeScope,
} from './office-access.ts';
import { writePackingLists } from './packing-list-xlsx.ts';
import { findIssueById, findRecordById } from './records.repository.ts';
import { hyphenateIsbn } from './isbn.ts';

type Deps = { db: Db; clock: Clock };
const LINK = '/holdings/office';
type Recipients = Awaited<ReturnType<typeof findRecipients>>;
/** Who at a receiving unit is told: a city or county office's users, or a department's 联络员 and head. */
const officeMembers = (db: Db, unitId: number) =>
  findRecipients(db, ['local_staff', 'unit_staff', 'unit_head'], [unitId]);

function toShipment(s: ShipmentRow, d: DistributionRow, scope: OfficeScope): TShipment {
  return {
    id: s.id,
    distributionId: s.distribution_id,
    title: d.title,
    unitId: s.unit_id,
    unitName: unitName(scope, s.unit_id),
    quantity: s.quantity,
    status: s.status as TShipment['status'],
    receivedQuantity: s.received_quantity,
    note: s.note,
    answeredAt: s.answered_at,
    remindedAt: s.reminded_at,
    sentAt: d.created_at,
  };
}

function toDistribution(d: DistributionRow, shipments: readonly ShipmentRow[], scope: OfficeScope): TDistribution {
  const mine = shipments.filter((s) => s.distribution_id === d.id);
  return {
    id: d.id,
    recordId: d.record_id,
    issueId: d.issue_id,
    title: d.title,
    formula: JSON.parse(d.formula_json) as TDistribution['formula'],
    senderName: unitName(scope, d.sender_unit_id),
    createdAt: d.created_at,
    shipments: mine.map((s) => toShipment(s, d, scope)),
    totals: {
      offices: mine.length,
      copies: mine.reduce((n, s) => n + s.quantity, 0),
      confirmed: mine.filter((s) => s.status === 'confirmed').length,
      discrepancy: mine.filter((s) => s.status === 'discrepancy').length,
      pending: mine.filter((s) => s.status === 'sent').length,
    },
  };
}

/**
 * 配送: a title (or one journal issue) goes to offices by formula, one shipment each; every receiving office is told
 * in the app. Nothing is held by the receivers until they confirm.
 */
export async function createDistribution(
  deps: Deps,
  principal: Principal,
  input: TDistributionInput,
): Promise<TDistribution> {
  authorize(principal, 'distribution.manage');
  const scope = await resolveOfficeScope(deps.db, principal);
  assertProvince(scope, '配送');
  const v = ZDistributionInput.parse(input);
  const record = await findRecordById(deps.db, v.recordId);
  if (!record) throw new AppError('NOT_FOUND', '所选书目不存在，请先著录。');
  let title = record.title;
  if (v.issueId) {
    const issue = await findIssueById(deps.db, v.issueId);
    if (!issue || issue.record_id !== record.id) throw new AppError('VALIDATION_FAILED', '所选期号不属于这种期刊。');
    title = `${record.title} ${issue.year} 年${issue.label}`;
  } else if (record.type === '期刊') {
    throw new AppError('VALIDATION_FAILED', `《${record.title}》是期刊，请选择配送的期号。`);
  }
  const sender = actingUnitId(scope);
  const unknown = (v.unitIds ?? []).filter((id) => !scope.units.has(id));
  if (unknown.length) throw new AppError('VALIDATION_FAILED', `单位编号 ${unknown.join('、')} 不存在。`);
  const plan = planShipments([...scope.units.values()], v.formula, v.unitIds, sender);
  if (plan.length === 0)
    throw new AppError(
      'VALIDATION_FAILED',
      '按所填册数没有任何单位收到配送：请为市（州）、县（市、区）或委内处室填写每单位册数，或检查所选单位。',
    );
  const now = deps.clock.now().toISOString();
  const members = new Map<number, Recipients>();
  for (const p of plan) members.set(p.unitId, await officeMembers(deps.db, p.unitId));
  const id = await deps.db.transaction().execute(async (trx) => {
    const id = await insertDistribution(trx, {
      record_id: record.id,
      issue_id: v.issueId,
      title,
      formula_json: JSON.stringify(v.formula),
      sender_unit_id: sender,
      created_by: userIdOf(principal),
      created_at: now,
    });
    await insertShipments(
      trx,
      plan.map((p) => ({
        distribution_id: id,
        unit_id: p.unitId,
        quantity: p.quantity,
        status: 'sent',
        received_quantity: null,
        note: null,
        answered_by: null,
        answered_at: null,
        reminded_at: null,
      })),
    );
    for (const p of plan) {
      await notifyInApp(trx, now, members.get(p.unitId) ?? [], {
        kind: 'distribution',
        title: `配送：《${title}》${p.quantity} 册`,
        lines: [
          `${unitName(scope, sender)}向本单位配送《${title}》${p.quantity} 册。`,
          '收到后请在“方志馆 → 本单位”确认签收；如有缺损请填写实收册数和说明。',
        ],
        link: LINK,
        dedupeKey: `distribution:${id}:unit:${p.unitId}`,
      });
    }
    await recordAudit(trx, deps.clock, principal, {
      action: 'distribution.create',
      entityType: 'distribution',
      entityId: id,
      summary: `配送《${title}》：${plan.length} 个单位，共 ${plan.reduce((n, p) => n + p.quantity, 0)} 册`,
      after: v,
    });
    return id;
  });
  return getDistribution(deps, principal, id);
}

export async function listDistributions(deps: Deps, principal: Principal): Promise<TDistribution[]> {
  authorize(principal, 'distribution.read');
  const scope = await resolveOfficeScope(deps.db, principal);
  const shipments = await findShipments(deps.db, { unitIds: visibleUnitIds(scope) });
  const distributions = await findDistributions(
    deps.db,
    scope.level === 'province' ? null : [...new Set(shipments.map((s) => s.distribution_id))],
  );
  return distributions.map((d) => toDistribution(d, shipments, scope));
}

export async function getDistribution(deps: Deps, principal: Principal, id: number): Promise<TDistribution> {
  authorize(principal, 'distribution.read');
  const scope = await resolveOfficeScope(deps.db, principal);
  const d = await findDistribution(deps.db, id);
  if (!d) throw new AppError('NOT_FOUND', '该配送不存在。');
  const shipments = await findShipments(deps.db, { distributionIds: [id], unitIds: visibleUnitIds(scope) });
  if (scope.level !== 'province' && shipments.length === 0)
    throw new AppError('FORBIDDEN', '这次配送没有发往您所在机构或其所辖单位。');
  return toDistribution(d, shipments, scope);
}

/** Shipments to the actor's own office (what was sent to them), newest first. */
export async function myShipments(deps: Deps, principal: Principal): Promise<TShipment[]> {
  authorize(principal, 'distribution.read');
  const scope = await resolveOfficeScope(deps.db, principal);
  if (scope.unitId === null) return [];
  const shipments = await findShipments(deps.db, { unitIds: [scope.unitId] });
  const distributions = await findDistributions(deps.db, [...new Set(shipments.map((s) => s.distribution_id))]);
  return shipments
    .map((s) =>
      toShipment(
        s,
        distributions.find((d) => d.id === s.distribution_id)!,
        scope,
      ),
    )
    .reverse();
}

/**
 * 签收: the receiving office itself (nobody on its behalf) confirms what arrived. The full quantity is a confirmation;
 * less (or more) is a discrepancy and needs a note. What arrived becomes that office's holdings (入藏方式 配送).
 */
export async function answerShipmentReceipt(
  deps: Deps,
  principal: Principal,
  shipmentId: number,
  input: TReceiptInput,
): Promise<TShipment> {
  authorize(principal, 'distribution.receive');
  const scope = await resolveOfficeScope(deps.db, principal);
  const v = ZReceiptInput.parse(input);
  const s = await findShipment(deps.db, shipmentId);
  if (!s) throw new AppError('NOT_FOUND', '该配送单不存在。');
  if (isSystemActor(principal) || scope.unitId !== s.unit_id)
    throw new AppError('FORBIDDEN', `这批书发往“${unitName(scope, s.unit_id)}”，只能由该单位签收。`);
  if (s.status !== 'sent') throw new AppError('CONFLICT', '这批书已经签收过，不能重复签收。');
  const status = v.receivedQuantity === s.quantity ? 'confirmed' : 'discrepancy';
  if (status === 'discrepancy' && !v.note)
    throw new AppError(
      'VALIDATION_FAILED',
      `实收 ${v.receivedQuantity} 册与配送 ${s.quantity} 册不符，请在说明中写明缺少、破损或多出的情况。`,
    );
  const d = (await findDistribution(deps.db, s.distribution_id))!;
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await answerShipment(trx, s.id, {
      status,
      received_quantity: v.receivedQuantity,
      note: v.note,
      answered_by: userIdOf(principal),
      answered_at: now,
    });
    await insertCopies(
      trx,
      Array.from({ length: v.receivedQuantity }, (_, i) => ({
        record_id: d.record_id,
        issue_id: d.issue_id,
        unit_id: s.unit_id,
        barcode: `S${s.id}-${i + 1}`,
        location: v.location,
        status: '在架',
        acquisition: '配送',
        acquired_on: now.slice(0, 10),
        import_id: null,
        order_id: null,
        shipment_id: s.id,
        created_at: now,
      })),
    );
    const what =
      status === 'confirmed'
        ? `签收《${d.title}》${v.receivedQuantity} 册`
        : `报告《${d.title}》到货差异：应到 ${s.quantity} 册，实收 ${v.receivedQuantity} 册（${v.note}）`;
    await recordAudit(trx, deps.clock, principal, {
      action: status === 'confirmed' ? 'distribution.confirm' : 'distribution.discrepancy',
      entityType: 'shipment',
      entityId: s.id,
      summary: `${unitName(scope, s.unit_id)}${what}`,
      after: v,
    });
  });
  return toShipment((await findShipment(deps.db, s.id))!, d, scope);
}

/** 催签收: a notice to every office that has not answered, at most once a day per shipment. */
export async function remindUnconfirmed(
  deps: Deps,
  principal: Principal,
  distributionId: number,
): Promise<{ reminded: number }> {
  authorize(principal, 'distribution.manage');
  const scope = await resolveOfficeScope(deps.db, principal);
  assertProvince(scope, '催签收');
  const d = await findDistribution(deps.db, distributionId);
  if (!d) throw new AppError('NOT_FOUND', '该配送不存在。');
  const pending = (await findShipments(deps.db, { distributionIds: [d.id] })).filter((s) => s.status === 'sent');
  const now = deps.clock.now().toISOString();
  const members = new Map<number, Recipients>();
  for (const s of pending) members.set(s.unit_id, await officeMembers(deps.db, s.unit_id));
  await deps.db.transaction().execute(async (trx) => {
    for (const s of pending) {
      await notifyInApp(trx, now, members.get(s.unit_id) ?? [], {
        kind: 'distribution_reminder',
        title: `请签收：《${d.title}》`,
        lines: [
          `${d.created_at.slice(0, 10)} 配送给本单位的《${d.title}》${s.quantity} 册尚未签收。`,
          '收到后请在“方志馆 → 本单位”确认签收；未收到或有缺损请报告差异。',
        ],
        link: LINK,
        dedupeKey: `shipment:${s.id}:remind:${now.slice(0, 10)}`,
      });
    }
    await markReminded(
      trx,
      pending.map((s) => s.id),
      now,
    );
    await recordAudit(trx, deps.clock, principal, {
      action: 'distribution.remind',
      entityType: 'distribution',
      entityId: d.id,
      summary: `催《${d.title}》签收：${pending.length} 个单位`,
    });
  });
  return { reminded: pending.length };
}

/** 配送覆盖表 over the offices the actor sees. */
export async function distributionCoverage(deps: Deps, principal: Principal): Promise<TCoverage> {
  authorize(principal, 'distribution.read');
  const scope = await resolveOfficeScope(deps.db, principal);
  const shipments = await findShipments(deps.db, { unitIds: visibleUnitIds(scope) });
  const distributions = await findDistributions(deps.db, [...new Set(shipments.map((s) => s.distribution_id))]);
  const officeIds = [...new Set(shipments.map((s) => s.unit_id))].sort(
    (a, b) => (scope.units.get(a)?.sort_order ?? 0) - (scope.units.get(b)?.sort_order ?? 0) || a - b,
  );
  return {
    distributions: distributions.map((d) => ({ id: d.id, title: d.title, createdAt: d.created_at })),
    offices: officeIds.map((id) => ({ id, name: unitName(scope, id) })),
    cells: shipments.map((s) => ({
      distributionId: s.distribution_id,
      unitId: s.unit_id,
      shipmentId: s.id,
      status: s.status as TShipment['status'],
      quantity: s.quantity,
    })),
  };
}

/** 配送清单 .xlsx: one sheet per shipment the actor sees (the sender prints all; an office its own). */
export async function packingLists(
  deps: Deps,
  principal: Principal,
  distributionId: number,
  shipmentId: number | null,
): Promise<{ bytes: Buffer; fileName: string }> {
  authorize(principal, 'distribution.read');
  const scope = await resolveOfficeScope(deps.db, principal);
  const d = await findDistribution(deps.db, distributionId);
  if (!d) throw new AppError('NOT_FOUND', '该配送不存在。');
  let shipments = await findShipments(deps.db, { distributionIds: [d.id], unitIds: visibleUnitIds(scope) });
  if (shipmentId) {
    shipments = shipments.filter((s) => s.id === shipmentId);
    if (shipments.length === 0) throw new AppError('NOT_FOUND', '该配送单不存在或不属于您所在机构。');
  }
  if (shipments.length === 0) throw new AppError('FORBIDDEN', '这次配送没有发往您所在机构或其所辖单位。');
  for (const s of shipments) assertSeesUnit(scope, s.unit_id);
  const record = await findRecordById(deps.db, d.record_id);
  const issue = d.issue_id ? await findIssueById(deps.db, d.issue_id) : undefined;
  const bytes = await writePackingLists(
    shipments.map((s) => ({
      number: `PS-${d.id}-${s.id}`,
      sender: unitName(scope, d.sender_unit_id),
      receiver: unitName(scope, s.unit_id),
      title: record?.title ?? d.title,
      issue: issue ? `${issue.year} 年${issue.label}` : null,
      isbn: record?.isbn ? hyphenateIsbn(record.isbn) : null,
      quantity: s.quantity,
      sentOn: d.created_at.slice(0, 10),
    })),
  );
  return {
    bytes,
    fileName: `配送清单-${d.title}${shipmentId ? `-${unitName(scope, shipments[0]!.unit_id)}` : ''}.xlsx`,
  };
}
