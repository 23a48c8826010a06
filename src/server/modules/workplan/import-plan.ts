import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/errors.ts';
import {
  ZImportPlanRequest,
  type TImportPlanRequest,
  type TImportPlanResponse,
  type TPlanDiff,
  type TRevisionEntry,
  type TUnitRef,
} from '../../../shared/workplan.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import type { TaskHistoryPort } from './task-history-port.ts';
import { isSystemActor, type Principal } from '../../platform/auth/actor.ts';
import { authorize } from '../../platform/policy.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { findUnitById, findUnits, insertUnit } from '../org/org.repository.ts';
import { matchUnitName } from './parse/match-units.ts';
import { diffPlans, faceOfInput } from './plan-diff.ts';
import { loadSavedTaskFaces } from './find-plans.ts';
import { loadUnitDirectory, readPlanSource, type PlanSource } from './preview-plan.ts';
import {
  archiveTasks,
  deleteEmptySections,
  deleteTasks,
  findLatestPlanSource,
  findPlanByYearTitle,
  insertPlan,
  insertPlanSource,
  parkTaskNumbers,
  updatePlanRow,
  upsertSections,
  writeTask,
  type ResolvedTask,
} from './workplan.repository.ts';

export interface ImportDeps {
  db: Db;
  clock: Clock;
  taskHistory: TaskHistoryPort;
}

function assertConsistent(request: TImportPlanRequest): void {
  const numbers = new Set<string>();
  const yearStart = `${request.plan.year}-01-01`;
  for (const section of request.sections) {
    for (const task of section.tasks) {
      if (numbers.has(task.number)) {
        throw new AppError('VALIDATION_FAILED', `任务编号“${task.number}”重复出现，请修改编号后再确认。`, [
          { path: 'number', message: '编号重复' },
        ]);
      }
      numbers.add(task.number);
      if (task.deadline.date < yearStart) {
        throw new AppError(
          'VALIDATION_FAILED',
          `第 ${task.number} 项的完成时限 ${task.deadline.date} 早于工作要点年度（${request.plan.year} 年），请更正。`,
        );
      }
    }
  }
  if (request.sections.every((s) => s.tasks.length === 0)) {
    throw new AppError('VALIDATION_FAILED', '没有任何任务，无法保存。请确认文件是工作要点正文。');
  }
}

/**
 * Resolves every unit reference to a unit id (or null for a collective such as 其他处室、单位). Names the directory
 * does not know stop the import — unless `createUnknownUnits`, which creates them under the committee. Nothing is guessed.
 */
async function resolveUnits(
  db: Db,
  request: TImportPlanRequest,
  now: string,
): Promise<{ resolve: (ref: TUnitRef) => number | null; created: string[] }> {
  const directory = await loadUnitDirectory(db);
  const byName = new Map<string, number | null>();
  const unknown: string[] = [];
  for (const ref of request.sections.flatMap((s) => s.tasks.flatMap((t) => [...t.leadUnits, ...t.supportUnits]))) {
    if (ref.unitId !== null) {
      if (!(await findUnitById(db, ref.unitId))) {
        throw new AppError('VALIDATION_FAILED', `“${ref.name}”对应的单位（ID ${ref.unitId}）不存在，请重新选择。`);
      }
      continue;
    }
    if (byName.has(ref.name)) continue;
    const match = matchUnitName(ref.name, directory);
    if (match.kind === 'matched') byName.set(ref.name, match.unitId);
    else if (match.kind === 'collective') byName.set(ref.name, null);
    else if (!unknown.includes(ref.name)) unknown.push(ref.name);
  }
  const created: string[] = [];
  if (unknown.length > 0) {
    if (!request.createUnknownUnits) {
      throw new AppError(
        'VALIDATION_FAILED',
        `以下单位不在组织机构中：${unknown.join('、')}。请在预览中把它们对应到已有单位，或选择“新建这些单位”后再确认。`,
        unknown.map((name) => ({ path: 'units', message: name })),
      );
    }
    const committee = (await findUnits(db)).find((u) => u.kind === 'committee') ?? null;
    for (const name of unknown) {
      const id = await insertUnit(
        db,
        {
          name,
          kind: 'department',
          parentId: committee?.id ?? null,
          divisionCode: null,
          managedById: null,
          sortOrder: 100000,
          isActive: true,
          note: '导入工作要点时新建',
        },
        now,
      );
      byName.set(name, id);
      created.push(name);
    }
  }
  return { resolve: (ref) => (ref.unitId !== null ? ref.unitId : (byName.get(ref.name) ?? null)), created };
}

/** `新增 1 项，修改 2 项，重新编号 3 项，撤销 1 项（保留历史），删除 0 项` — for the audit log and the CLI. */
export function describeRevision(diff: TPlanDiff): string {
  const count = (status: TRevisionEntry['status'], outcome?: 'archive' | 'delete'): number =>
    diff.entries.filter((e) => e.status === status && (outcome === undefined || e.outcome === outcome)).length;
  return (
    `新增 ${count('new')} 项，修改 ${count('changed')} 项，重新编号 ${count('renumbered')} 项，未变 ${count('kept')} 项，` +
    `撤销 ${count('dropped', 'archive')} 项（保留其填报等历史），删除 ${count('dropped', 'delete')} 项`
  );
}

/** Nothing is archived or deleted unless the preview named it and the person confirmed it. */
function assertDropsConfirmed(diff: TPlanDiff, confirmed: readonly number[]): void {
  const unconfirmed = diff.entries.filter(
    (e) => e.status === 'dropped' && e.taskId !== null && !confirmed.includes(e.taskId),
  );
  if (unconfirmed.length === 0) return;
  throw new AppError(
    'CONFLICT',
    `修订版去掉了以下任务：${unconfirmed.map((e) => `第 ${e.previousNumber} 项“${e.text.slice(0, 20)}”`).join('；')}。` +
      '有填报、节点、催办或延期记录的任务将标为“已撤销”并保留历史，其余将删除。请在预览中核对并确认后再导入。',
    unconfirmed.map((e) => ({ path: 'confirmedDrops', message: String(e.taskId) })),
  );
}

/**
 * Saves a checked plan in one transaction: a new plan, or a new revision of the plan with the same year and title.
 * Authorised before the source is read, so a refused user costs no parsing.
 */
export async function importPlan(
  deps: ImportDeps,
  actor: Principal,
  request: TImportPlanRequest,
  source: PlanSource,
): Promise<TImportPlanResponse> {
  authorize(actor, 'plan.import');
  return savePlan(deps, actor, request, source);
}

async function savePlan(
  deps: ImportDeps,
  actor: Principal,
  request: TImportPlanRequest,
  source: PlanSource,
): Promise<TImportPlanResponse> {
  assertConsistent(request);
  const read = await readPlanSource(source);
  const now = deps.clock.now().toISOString();
  const planValues = { ...request.plan };
  return deps.db.transaction().execute(async (trx) => {
    const { resolve, created: createdUnits } = await resolveUnits(trx, request, now);
    const existing = await findPlanByYearTitle(trx, request.plan.year, request.plan.title);
    const revised = request.sections.flatMap((s) => s.tasks.map(faceOfInput));
    const diff = existing ? diffPlans(await loadSavedTaskFaces(trx, existing.id, deps.taskHistory), revised) : null;
    if (diff) assertDropsConfirmed(diff, request.confirmedDrops);
    const sha256 = createHash('sha256').update(read.bytes).digest('hex');
    if (existing && diff && diff.added.length + diff.removed.length + diff.changed.length === 0) {
      const latest = await findLatestPlanSource(trx, existing.id);
      if (latest?.sha256 === sha256 && createdUnits.length === 0) {
        return {
          planId: existing.id,
          revision: existing.revision,
          created: false,
          unchanged: true,
          diff,
          createdUnits,
        };
      }
    }
    let planId: number;
    let revision: number;
    if (existing) {
      planId = existing.id;
      revision = existing.revision + 1;
      await updatePlanRow(trx, planId, planValues, revision, now);
    } else {
      planId = await insertPlan(trx, planValues, isSystemActor(actor) ? null : actor.userId, now);
      revision = 1;
    }
    await insertPlanSource(trx, {
      planId,
      revision,
      fileName: read.fileName,
      format: read.format,
      sha256,
      content: read.bytes,
      now,
    });
    const sectionIds = await upsertSections(trx, planId, request.sections);
    const entries = diff?.entries ?? [];
    const dropped = entries.filter((e) => e.status === 'dropped' && e.taskId !== null);
    const archived = dropped.filter((e) => e.outcome === 'archive').map((e) => e.taskId!);
    const deleted = dropped.filter((e) => e.outcome === 'delete').map((e) => e.taskId!);
    await archiveTasks(trx, archived, now);
    await deleteTasks(trx, deleted);
    // Matched tasks keep their ids (and so their reports) whatever their new number; numbers are freed first.
    const keptIds = entries.filter((e) => e.status !== 'dropped' && e.status !== 'new' && e.taskId !== null);
    await parkTaskNumbers(
      trx,
      keptIds.map((e) => e.taskId!),
    );
    const idOfNumber = new Map(keptIds.map((e) => [e.number!, e.taskId!]));
    let order = 0;
    for (const section of request.sections) {
      for (const task of section.tasks) {
        const resolved: ResolvedTask = {
          ...task,
          units: [
            ...task.leadUnits.map((u) => ({ name: u.name, unitId: resolve(u), role: 'lead' as const })),
            ...task.supportUnits.map((u) => ({ name: u.name, unitId: resolve(u), role: 'support' as const })),
          ],
        };
        await writeTask(
          trx,
          planId,
          sectionIds.get(section.ordinal)!,
          (order += 1),
          resolved,
          idOfNumber.get(task.number) ?? null,
          now,
        );
      }
    }
    await deleteEmptySections(trx, planId, [...sectionIds.values()]);
    await recordAudit(trx, deps.clock, actor, {
      action: existing ? 'plan.revise' : 'plan.import',
      entityType: 'plan',
      entityId: planId,
      summary: existing
        ? `导入《${request.plan.title}》修订版（第 ${revision} 版）：${describeRevision(diff!)}`
        : `导入《${request.plan.title}》：${request.sections.length} 个部分，${revised.length} 项任务`,
      after: { year: request.plan.year, sourceFile: read.fileName, tasks: revised.length, diff, createdUnits },
    });
    return { planId, revision, created: !existing, unchanged: false, diff, createdUnits };
  });
}

/** The confirmed table of an upload (the multipart field `plan`, a JSON string), checked against the shared schema. */
function readPlanField(field: unknown): TImportPlanRequest {
  if (typeof field !== 'string') throw new AppError('BAD_REQUEST', '缺少已确认的任务表（plan 字段）。');
  let raw: unknown;
  try {
    raw = JSON.parse(field);
  } catch {
    throw new AppError('BAD_REQUEST', '任务表（plan 字段）不是有效的 JSON。');
  }
  const parsed = ZImportPlanRequest.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError(
      'VALIDATION_FAILED',
      `${first?.message ?? '任务表有误'}${first?.path.length ? `（位置：${first.path.join('.')}）` : ''}`,
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return parsed.data;
}

/** The web upload: the document and its confirmed table (`plan` field), refused before either is read if not allowed. */
export async function importUploadedPlan(
  deps: ImportDeps,
  actor: Principal,
  planField: unknown,
  source: PlanSource,
): Promise<TImportPlanResponse> {
  authorize(actor, 'plan.import');
  return savePlan(deps, actor, readPlanField(planField), source);
}
