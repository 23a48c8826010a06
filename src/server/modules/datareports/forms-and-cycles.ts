import { AppError } from '../../../shared/errors.ts';
import {
  SUBMISSION_STATUSES,
  ZCycleInput,
  ZFormDefinition,
  ZFormInput,
  type TCycle,
  type TCycleDetail,
  type TCycleInput,
  type TForm,
  type TFormInput,
} from '../../../shared/datareports.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { authorize } from '../../platform/policy.ts';
import { userIdOf } from '../library/audit-actor.ts';
import { assertProvince, resolveOfficeScope, seesUnit } from '../library/office-access.ts';
import {
  findCycleOf,
  findCycles,
  findForm,
  findFormByName,
  findForms,
  findSubmissions,
  insertCycle,
  insertForm,
  updateForm,
  type CycleRow,
  type FormRow,
} from './datareports.repository.ts';
import { definitionOf, loadCycle, reportingOffices, toSubmission } from './report-access.ts';

type Deps = { db: Db; clock: Clock };

const toForm = (r: FormRow): TForm => ({
  id: r.id,
  name: r.name,
  version: r.version,
  definition: ZFormDefinition.parse(JSON.parse(r.definition_json)),
  updatedAt: r.updated_at,
});

export async function listForms(deps: Deps, principal: Principal): Promise<TForm[]> {
  authorize(principal, 'datareport.read');
  return (await findForms(deps.db)).map(toForm);
}

/** A form is data: the province's 资料处 adds or changes fields and checks without code; running cycles keep their copy. */
export async function saveForm(deps: Deps, principal: Principal, id: number | null, input: TFormInput): Promise<TForm> {
  authorize(principal, 'datareport.define');
  assertProvince(await resolveOfficeScope(deps.db, principal), '年报表单的设计');
  const v = ZFormInput.parse(input);
  const now = deps.clock.now().toISOString();
  const same = await findFormByName(deps.db, v.name);
  if (same && same.id !== id) throw new AppError('CONFLICT', `已有名为“${v.name}”的表单，请换一个名称。`);
  const formId = await deps.db.transaction().execute(async (trx) => {
    if (id === null) {
      const newId = await insertForm(trx, {
        name: v.name,
        definition_json: JSON.stringify(v.definition),
        version: 1,
        updated_by: userIdOf(principal),
        created_at: now,
        updated_at: now,
      });
      await recordAudit(trx, deps.clock, principal, {
        action: 'datareport.form_create',
        entityType: 'datareport_form',
        entityId: newId,
        summary: `新建年报表单“${v.name}”（${v.definition.fields.length} 个指标）`,
        after: v,
      });
      return newId;
    }
    const before = await findForm(trx, id);
    if (!before) throw new AppError('NOT_FOUND', '该表单不存在。');
    await updateForm(trx, id, {
      name: v.name,
      definition_json: JSON.stringify(v.definition),
      version: before.version + 1,
      updated_by: userIdOf(principal),
      updated_at: now,
    });
    await recordAudit(trx, deps.clock, principal, {
      action: 'datareport.form_update',
      entityType: 'datareport_form',
      entityId: id,
      summary: `修改年报表单“${v.name}”为第 ${before.version + 1} 版`,
      before: JSON.parse(before.definition_json) as unknown,
      after: v,
    });
    return id;
  });
  return toForm((await findForm(deps.db, formId))!);
}

async function toCycle(
  db: Db,
  cycle: CycleRow,
  scope: Awaited<ReturnType<typeof resolveOfficeScope>>,
): Promise<TCycle> {
  const offices = reportingOffices(scope).filter((u) => seesUnit(scope, u));
  const subs = await findSubmissions(db, [cycle.id], offices);
  const counts = Object.fromEntries(SUBMISSION_STATUSES.map((s) => [s, 0]));
  for (const u of offices) {
    const status = subs.find((s) => s.unit_id === u)?.status ?? 'missing';
    counts[status] = (counts[status] ?? 0) + 1;
  }
  return {
    id: cycle.id,
    formId: cycle.form_id,
    year: cycle.year,
    title: cycle.title,
    deadline: cycle.deadline,
    definition: definitionOf(cycle),
    counts,
  };
}

export async function listCycles(deps: Deps, principal: Principal): Promise<TCycle[]> {
  authorize(principal, 'datareport.read');
  const scope = await resolveOfficeScope(deps.db, principal);
  const out: TCycle[] = [];
  for (const c of await findCycles(deps.db)) out.push(await toCycle(deps.db, c, scope));
  return out;
}

export async function createCycle(deps: Deps, principal: Principal, input: TCycleInput): Promise<TCycle> {
  authorize(principal, 'datareport.define');
  const scope = await resolveOfficeScope(deps.db, principal);
  assertProvince(scope, '发布年报任务');
  const v = ZCycleInput.parse(input);
  const form = await findForm(deps.db, v.formId);
  if (!form) throw new AppError('NOT_FOUND', '所选表单不存在。');
  if (await findCycleOf(deps.db, form.id, v.year))
    throw new AppError('CONFLICT', `“${form.name}”已有 ${v.year} 年度的年报任务。`);
  const now = deps.clock.now().toISOString();
  const id = await deps.db.transaction().execute(async (trx) => {
    const id = await insertCycle(trx, {
      form_id: form.id,
      year: v.year,
      title: v.title,
      definition_json: form.definition_json,
      form_version: form.version,
      deadline: v.deadline,
      created_by: userIdOf(principal),
      created_at: now,
    });
    await recordAudit(trx, deps.clock, principal, {
      action: 'datareport.cycle_create',
      entityType: 'datareport_cycle',
      entityId: id,
      summary: `发布 ${v.year} 年度“${v.title}”，截止 ${v.deadline}`,
      after: v,
    });
    return id;
  });
  return toCycle(deps.db, await loadCycle(deps.db, id), scope);
}

/** A cycle with every office the actor sees and where its report stands (未填报 included). */
export async function getCycle(deps: Deps, principal: Principal, id: number): Promise<TCycleDetail> {
  authorize(principal, 'datareport.read');
  const scope = await resolveOfficeScope(deps.db, principal);
  const cycle = await loadCycle(deps.db, id);
  const offices = reportingOffices(scope).filter((u) => seesUnit(scope, u));
  const subs = await findSubmissions(deps.db, [cycle.id], offices);
  const submissions = [];
  for (const u of offices)
    submissions.push(
      await toSubmission(
        deps.db,
        scope,
        cycle,
        u,
        subs.find((s) => s.unit_id === u),
      ),
    );
  return { ...(await toCycle(deps.db, cycle, scope)), submissions };
}
