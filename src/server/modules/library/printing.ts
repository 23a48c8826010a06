import { AppError } from '../../../shared/errors.ts';
import {
  ZPrintEventInput,
  ZPrintJobInput,
  type TPrintEventInput,
  type TPrintJob,
  type TPrintJobInput,
} from '../../../shared/library.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { authorize } from '../../platform/policy.ts';
import { userIdOf } from './audit-actor.ts';
import { assertProvince, resolveOfficeScope } from './office-access.ts';
import {
  findPrintEvent,
  findPrintEvents,
  findPrintJob,
  findPrintJobs,
  insertPrintEvent,
  insertPrintJob,
  resolvePrintEvent,
  setPrintJobStatus,
  type PrintEventRow,
  type PrintJobRow,
} from './printing.repository.ts';
import { findRecordById } from './records.repository.ts';

type Deps = { db: Db; clock: Clock };

function toJob(j: PrintJobRow, events: readonly PrintEventRow[], today: string): TPrintJob {
  const mine = events.filter((e) => e.job_id === j.id);
  const delivered = mine.filter((e) => e.kind === 'delivery').reduce((n, e) => n + (e.quantity ?? 0), 0);
  return {
    id: j.id,
    title: j.title,
    recordId: j.record_id,
    quantity: j.quantity,
    specs: JSON.parse(j.specs_json) as Record<string, string>,
    supplier: j.supplier,
    procurementRef: j.procurement_ref,
    unitPrice: j.unit_price,
    amount: Math.round(j.quantity * j.unit_price * 100) / 100,
    dueDate: j.due_date,
    status: j.status as TPrintJob['status'],
    delivered,
    isLate: delivered < j.quantity && j.due_date < today,
    openFindings: mine.filter((e) => e.kind === 'finding' && !e.resolved_at).length,
    events: mine.map((e) => ({
      id: e.id,
      kind: e.kind,
      round: e.round,
      quantity: e.quantity,
      severity: e.severity,
      clause: e.clause,
      text: e.text,
      onDate: e.on_date,
      resolvedAt: e.resolved_at,
    })),
  };
}

async function guard(deps: Deps, principal: Principal, action: 'printing.read' | 'printing.manage') {
  authorize(principal, action);
  assertProvince(await resolveOfficeScope(deps.db, principal), '印刷采购与质量管理');
}

export async function listPrintJobs(deps: Deps, principal: Principal): Promise<TPrintJob[]> {
  await guard(deps, principal, 'printing.read');
  const jobs = await findPrintJobs(deps.db);
  const events = await findPrintEvents(
    deps.db,
    jobs.map((j) => j.id),
  );
  const today = deps.clock.now().toISOString().slice(0, 10);
  return jobs.map((j) => toJob(j, events, today));
}

async function getJob(deps: Deps, id: number): Promise<TPrintJob> {
  const j = await findPrintJob(deps.db, id);
  if (!j) throw new AppError('NOT_FOUND', '该印刷任务不存在。');
  return toJob(j, await findPrintEvents(deps.db, [id]), deps.clock.now().toISOString().slice(0, 10));
}

/** 印刷任务: what is printed, how many, to which specification, by which printer (from the procurement platform), at what price. */
export async function createPrintJob(deps: Deps, principal: Principal, input: TPrintJobInput): Promise<TPrintJob> {
  await guard(deps, principal, 'printing.manage');
  const v = ZPrintJobInput.parse(input);
  if (v.recordId && !(await findRecordById(deps.db, v.recordId))) throw new AppError('NOT_FOUND', '所选书目不存在。');
  const now = deps.clock.now().toISOString();
  const id = await deps.db.transaction().execute(async (trx) => {
    const id = await insertPrintJob(trx, {
      title: v.title,
      record_id: v.recordId,
      quantity: v.quantity,
      specs_json: JSON.stringify(v.specs),
      supplier: v.supplier,
      procurement_ref: v.procurementRef,
      unit_price: v.unitPrice,
      due_date: v.dueDate,
      status: 'proofing',
      created_by: userIdOf(principal),
      created_at: now,
    });
    await recordAudit(trx, deps.clock, principal, {
      action: 'printing.create',
      entityType: 'print_job',
      entityId: id,
      summary: `印刷《${v.title}》${v.quantity} 册，${v.supplier}`,
      after: v,
    });
    return id;
  });
  return getJob(deps, id);
}

/**
 * 校样 rounds (numbered), deliveries (a job is 已交付 once the full quantity arrived) and quality findings against a
 * contract clause. Nothing is recorded on an accepted job.
 */
export async function recordPrintEvent(
  deps: Deps,
  principal: Principal,
  jobId: number,
  input: TPrintEventInput,
): Promise<TPrintJob> {
  await guard(deps, principal, 'printing.manage');
  const v = ZPrintEventInput.parse(input);
  const job = await getJob(deps, jobId);
  if (job.status === 'accepted') throw new AppError('CONFLICT', '该印刷任务已验收，不能再登记。');
  if (v.kind === 'delivery' && job.delivered + v.quantity > job.quantity)
    throw new AppError(
      'VALIDATION_FAILED',
      `已交付 ${job.delivered} 册，本次 ${v.quantity} 册超过印数 ${job.quantity} 册。`,
    );
  if (v.kind === 'proof' && job.status !== 'proofing')
    throw new AppError('CONFLICT', '已开印，不能再登记校样；质量问题请登记为质量问题。');
  const now = deps.clock.now().toISOString();
  const round = v.kind === 'proof' ? job.events.filter((e) => e.kind === 'proof').length + 1 : null;
  await deps.db.transaction().execute(async (trx) => {
    await insertPrintEvent(trx, {
      job_id: jobId,
      kind: v.kind,
      round,
      quantity: v.kind === 'delivery' ? v.quantity : null,
      severity: v.kind === 'finding' ? v.severity : null,
      clause: v.kind === 'finding' ? v.clause : null,
      text: v.text,
      on_date: v.onDate,
      resolved_at: null,
      created_by: userIdOf(principal),
      created_at: now,
    });
    if (v.kind === 'delivery')
      await setPrintJobStatus(trx, jobId, job.delivered + v.quantity >= job.quantity ? 'delivered' : 'printing');
    const what =
      v.kind === 'proof'
        ? `第 ${round} 校：${v.text}`
        : v.kind === 'delivery'
          ? `交付 ${v.quantity} 册`
          : `质量问题（${v.severity}，${v.clause}）：${v.text}`;
    await recordAudit(trx, deps.clock, principal, {
      action: `printing.${v.kind}`,
      entityType: 'print_job',
      entityId: jobId,
      summary: `《${job.title}》${what}`,
    });
  });
  return getJob(deps, jobId);
}

/** 付印: proofs are done, printing starts. */
export async function approveForPress(deps: Deps, principal: Principal, jobId: number): Promise<TPrintJob> {
  await guard(deps, principal, 'printing.manage');
  const job = await getJob(deps, jobId);
  if (job.status !== 'proofing') throw new AppError('CONFLICT', '只有校样中的任务可以付印。');
  if (!job.events.some((e) => e.kind === 'proof')) throw new AppError('CONFLICT', '还没有登记任何校样，请先完成校对。');
  await deps.db.transaction().execute(async (trx) => {
    await setPrintJobStatus(trx, jobId, 'printing');
    await recordAudit(trx, deps.clock, principal, {
      action: 'printing.press',
      entityType: 'print_job',
      entityId: jobId,
      summary: `《${job.title}》付印`,
    });
  });
  return getJob(deps, jobId);
}

export async function resolveFinding(deps: Deps, principal: Principal, eventId: number): Promise<TPrintJob> {
  await guard(deps, principal, 'printing.manage');
  const e = await findPrintEvent(deps.db, eventId);
  if (!e || e.kind !== 'finding') throw new AppError('NOT_FOUND', '该质量问题不存在。');
  if (e.resolved_at) throw new AppError('CONFLICT', '该质量问题已处理。');
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await resolvePrintEvent(trx, eventId, now);
    await recordAudit(trx, deps.clock, principal, {
      action: 'printing.resolve',
      entityType: 'print_job',
      entityId: e.job_id,
      summary: `质量问题已处理：${e.text}`,
    });
  });
  return getJob(deps, e.job_id);
}

/** 验收: the full quantity delivered and every quality finding dealt with. */
export async function acceptPrintJob(deps: Deps, principal: Principal, jobId: number): Promise<TPrintJob> {
  await guard(deps, principal, 'printing.manage');
  const job = await getJob(deps, jobId);
  if (job.status !== 'delivered')
    throw new AppError('CONFLICT', `已交付 ${job.delivered}/${job.quantity} 册，全部交付后才能验收。`);
  if (job.openFindings > 0) throw new AppError('CONFLICT', `还有 ${job.openFindings} 个质量问题未处理，处理后再验收。`);
  await deps.db.transaction().execute(async (trx) => {
    await setPrintJobStatus(trx, jobId, 'accepted');
    await recordAudit(trx, deps.clock, principal, {
      action: 'printing.accept',
      entityType: 'print_job',
      entityId: jobId,
      summary: `《${job.title}》印刷验收`,
    });
  });
  return getJob(deps, jobId);
}
