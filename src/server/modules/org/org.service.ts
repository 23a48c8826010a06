import { AppError } from '../../../shared/errors.ts';
import {
  UNIT_KINDS,
  type TCreateUnitRequest,
  type TLoadTemplateResponse,
  type TUnit,
  type TUpdateUnitRequest,
} from '../../../shared/org.ts';
import { ZCreateUnitRequest } from '../../../shared/org.ts';
import { isForeignKeyViolation, isUniqueViolation, type Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Actor, Principal } from '../../platform/auth/actor.ts';
import { authorize } from '../../platform/policy.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { buildJilinTemplate } from './jilin-template.ts';
import {
  countChildUnits,
  deleteUnitRow,
  findUnitById,
  findUnits,
  findUnitByDivisionCode,
  findUnitUsingName,
  insertUnit,
  replaceAliases,
  updateUnitRow,
  type UnitRow,
  type UnitValues,
} from './org.repository.ts';

export interface OrgDeps {
  db: Db;
  clock: Clock;
}

/**
 * Who belongs to a unit. Accounts are the users module's, and users needs org (an account's unit), so org is told
 * how to count a unit's members by the composition root (`app.ts`) instead of importing users.
 */
export interface UnitMembership {
  countUsersInUnit(db: Db, unitId: number): Promise<number>;
}

export function presentUnit(row: UnitRow): TUnit {
  return {
    id: row.id,
    name: row.name,
    kind: (UNIT_KINDS as readonly string[]).includes(row.kind) ? (row.kind as TUnit['kind']) : 'external',
    parentId: row.parent_id,
    divisionCode: row.division_code,
    managedById: row.managed_by_id,
    aliases: row.aliases,
    sortOrder: row.sort_order,
    isActive: row.is_active === 1,
    note: row.note,
  };
}

export async function listUnits(deps: OrgDeps, actor: Principal): Promise<TUnit[]> {
  authorize(actor, 'unit.read');
  return (await findUnits(deps.db)).map(presentUnit);
}

/** Names and aliases share one namespace: a document's 省方志委 must point at exactly one unit. */
async function assertNamesFree(db: Db, names: readonly string[], selfId: number | null): Promise<void> {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new AppError('VALIDATION_FAILED', `“${name}”重复填写了，请删除重复的名称或简称。`);
    seen.add(name);
    const owner = await findUnitUsingName(db, name);
    if (owner && owner.id !== selfId) {
      throw new AppError('CONFLICT', `“${name}”已是单位“${owner.name}”的名称或简称，请换一个名称。`, [
        { path: 'name', message: '名称或简称已被使用' },
      ]);
    }
  }
}

async function assertRelations(db: Db, v: UnitValues, selfId: number | null): Promise<void> {
  for (const [field, id, label] of [
    ['parentId', v.parentId, '上级单位'],
    ['managedById', v.managedById, '管理单位'],
  ] as const) {
    if (id === null) continue;
    if (id === selfId)
      throw new AppError('VALIDATION_FAILED', `${label}不能是本单位自己。`, [{ path: field, message: '不能选择自己' }]);
    if (!(await findUnitById(db, id))) {
      throw new AppError('VALIDATION_FAILED', `所选${label}（ID ${id}）不存在，请重新选择。`, [
        { path: field, message: '单位不存在' },
      ]);
    }
  }
  if (selfId !== null && v.parentId !== null) {
    // Walk up from the new parent: meeting ourselves would make a cycle in the tree.
    const all = new Map((await findUnits(db)).map((u) => [u.id, u.parent_id]));
    for (let cursor: number | null | undefined = v.parentId; cursor != null; cursor = all.get(cursor)) {
      if (cursor === selfId) throw new AppError('VALIDATION_FAILED', '不能把单位移到它自己的下级单位之下。');
    }
  }
}

function conflictOnUnique(error: unknown, v: { name: string; divisionCode: string | null }): never {
  if (isUniqueViolation(error)) {
    throw new AppError(
      'CONFLICT',
      `单位名称“${v.name}”${v.divisionCode ? `或行政区划代码 ${v.divisionCode}` : ''}已存在，请检查后修改。`,
    );
  }
  throw error;
}

export async function createUnit(deps: OrgDeps, actor: Actor, input: TCreateUnitRequest): Promise<TUnit> {
  authorize(actor, 'unit.manage');
  const req = ZCreateUnitRequest.parse(input);
  const values: UnitValues = { ...req, isActive: true };
  const now = deps.clock.now().toISOString();
  try {
    return await deps.db.transaction().execute(async (trx) => {
      await assertNamesFree(trx, [req.name, ...req.aliases], null);
      await assertRelations(trx, values, null);
      const id = await insertUnit(trx, values, now);
      await replaceAliases(trx, id, req.aliases);
      const unit = presentUnit((await findUnitById(trx, id))!);
      await recordAudit(trx, deps.clock, actor, {
        action: 'unit.create',
        entityType: 'unit',
        entityId: id,
        summary: `创建单位“${unit.name}”`,
        after: unit,
      });
      return unit;
    });
  } catch (error) {
    return conflictOnUnique(error, values);
  }
}

export async function updateUnit(deps: OrgDeps, actor: Actor, id: number, input: TUpdateUnitRequest): Promise<TUnit> {
  authorize(actor, 'unit.manage');
  const now = deps.clock.now().toISOString();
  let values: UnitValues | null = null;
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const row = await findUnitById(trx, id);
      if (!row) throw new AppError('NOT_FOUND', '该单位不存在。');
      const before = presentUnit(row);
      values = {
        name: input.name ?? before.name,
        kind: input.kind ?? before.kind,
        parentId: input.parentId !== undefined ? input.parentId : before.parentId,
        divisionCode: input.divisionCode !== undefined ? input.divisionCode : before.divisionCode,
        managedById: input.managedById !== undefined ? input.managedById : before.managedById,
        sortOrder: input.sortOrder ?? before.sortOrder,
        isActive: input.isActive ?? before.isActive,
        note: input.note !== undefined ? input.note : before.note,
      };
      const aliases = input.aliases ?? before.aliases;
      await assertNamesFree(trx, [values.name, ...aliases], id);
      await assertRelations(trx, values, id);
      await updateUnitRow(trx, id, values, now);
      await replaceAliases(trx, id, aliases);
      const after = presentUnit((await findUnitById(trx, id))!);
      await recordAudit(trx, deps.clock, actor, {
        action: 'unit.update',
        entityType: 'unit',
        entityId: id,
        summary: `修改单位“${after.name}”`,
        before,
        after,
      });
      return after;
    });
  } catch (error) {
    return conflictOnUnique(error, values ?? { name: input.name ?? '', divisionCode: input.divisionCode ?? null });
  }
}

export async function deleteUnit(
  deps: OrgDeps & { membership: UnitMembership },
  actor: Actor,
  id: number,
): Promise<void> {
  authorize(actor, 'unit.manage');
  await deps.db.transaction().execute(async (trx) => {
    const row = await findUnitById(trx, id);
    if (!row) throw new AppError('NOT_FOUND', '该单位不存在。');
    const children = await countChildUnits(trx, id);
    const users = await deps.membership.countUsersInUnit(trx, id);
    if (children > 0 || users > 0) {
      throw new AppError(
        'CONFLICT',
        `单位“${row.name}”下还有${children > 0 ? ` ${children} 个下级单位` : ''}${users > 0 ? ` ${users} 个用户` : ''}，请先移走后再删除；也可以在编辑中将其设为“停用”。`,
      );
    }
    try {
      await deleteUnitRow(trx, id);
    } catch (e) {
      // Tasks, reports, 督办 and extensions keep their unit: deleting it would rewrite history.
      if (isForeignKeyViolation(e)) {
        throw new AppError(
          'CONFLICT',
          `单位“${row.name}”已被工作任务、进展报告或督办记录使用，不能删除。如该单位已撤销或合并，请在编辑中将其设为“停用”，历史记录会保留。`,
        );
      }
      throw e;
    }
    await recordAudit(trx, deps.clock, actor, {
      action: 'unit.delete',
      entityType: 'unit',
      entityId: id,
      summary: `删除单位“${row.name}”`,
      before: presentUnit(row),
    });
  });
}

/** Loads the Jilin template; units whose name is already taken are left as they are (so it can run twice). */
export async function loadJilinTemplate(deps: OrgDeps, actor: Principal): Promise<TLoadTemplateResponse> {
  authorize(actor, 'unit.manage');
  const template = buildJilinTemplate();
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const ids = new Map<string, number>();
    let created = 0;
    let skipped = 0;
    for (const [index, t] of template.entries()) {
      const existing =
        (await findUnitUsingName(trx, t.name)) ??
        (t.divisionCode ? await findUnitByDivisionCode(trx, t.divisionCode) : undefined);
      if (existing) {
        ids.set(t.name, existing.id);
        skipped += 1;
        continue;
      }
      const aliases = [];
      for (const alias of t.aliases) if (!(await findUnitUsingName(trx, alias))) aliases.push(alias);
      const id = await insertUnit(
        trx,
        {
          name: t.name,
          kind: t.kind,
          parentId: t.parent ? (ids.get(t.parent) ?? null) : null,
          divisionCode: t.divisionCode,
          managedById: t.managedBy ? (ids.get(t.managedBy) ?? null) : null,
          sortOrder: (index + 1) * 10,
          isActive: true,
          note: t.note,
        },
        now,
      );
      await replaceAliases(trx, id, aliases);
      ids.set(t.name, id);
      created += 1;
    }
    await recordAudit(trx, deps.clock, actor, {
      action: 'unit.load_template',
      entityType: 'unit',
      summary: `载入吉林省组织机构模板：新建 ${created} 个单位，跳过已存在的 ${skipped} 个`,
      after: { created, skipped },
    });
    return { created, skipped };
  });
}
