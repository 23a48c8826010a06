import { AppError } from '../../../shared/errors.ts';
import {
  ZOutlineImport,
  levelsOf,
  type TOutline,
  type TOutlineImport,
  type TOutlinePreview,
  type TParsedHeading,
  type TProjectKind,
} from '../../../shared/compilation.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { findUnits } from '../org/org.repository.ts';
import { countVersionsOfNodes } from './draft.repository.ts';
import { getOutline } from './get-outline.ts';
import { beginStructuralChange, recordOutlineChange } from './outline-history.ts';
import { deleteProjectNodes, findNodeRows, insertNode } from './outline.repository.ts';
import { countHeadings } from './outline/parse-outline.ts';
import { previewOutlineFile } from './outline/read-outline-file.ts';
import { loadProject } from './project-access.ts';
import { validate } from './validate.ts';

type Deps = { db: Db; clock: Clock };

/** Parses an uploaded outline for the preview; nothing is saved. */
export async function previewOutlineImport(
  deps: { db: Db },
  principal: Principal,
  projectId: number,
  bytes: Uint8Array,
  fileName: string,
): Promise<TOutlinePreview> {
  const { project } = await loadProject(deps.db, principal, projectId, 'editOutline');
  return previewOutlineFile(bytes, fileName, project.kind as TProjectKind);
}

/**
 * Saves a confirmed outline: `replace` swaps the whole tree (refused once any node has a draft), `append` adds it after
 * the existing nodes. 承编单位 names from a table are matched to the unit directory by exact name or alias.
 */
export async function importOutline(
  deps: Deps,
  principal: Principal,
  projectId: number,
  raw: TOutlineImport,
): Promise<TOutline> {
  const input = validate(ZOutlineImport, raw);
  await deps.db.transaction().execute(async (trx) => {
    const access = await loadProject(trx, principal, projectId, 'editOutline');
    const now = deps.clock.now().toISOString();
    await beginStructuralChange(trx, access, now);
    const existing = await findNodeRows(trx, projectId);
    if (input.mode === 'replace' && existing.length > 0) {
      if (
        (await countVersionsOfNodes(
          trx,
          existing.map((r) => r.id),
        )) > 0
      )
        throw new AppError('CONFLICT', '本项目已有稿件，不能整体替换篇目；请选择“追加”，或在篇目树中逐条调整。');
      await deleteProjectNodes(trx, projectId);
    }
    const allowed = levelsOf(access.project.kind as TProjectKind);
    const units = await findUnits(trx);
    const unitByName = new Map<string, number>();
    for (const u of units) for (const n of [u.name, ...u.aliases]) unitByName.set(n, u.id);
    const unmatched = new Set<string>();
    let order = input.mode === 'append' ? existing.filter((r) => r.parent_id === null).length : 0;
    const save = async (hs: readonly TParsedHeading[], parentId: number | null, depth: number) => {
      for (const [i, h] of hs.entries()) {
        const level = allowed.includes(h.level)
          ? h.level
          : (allowed[Math.min(depth, allowed.length) - 1] ?? allowed[0]!);
        const unitId = h.ownerUnitName ? (unitByName.get(h.ownerUnitName) ?? null) : null;
        if (h.ownerUnitName && unitId === null) unmatched.add(h.ownerUnitName);
        const id = await insertNode(trx, {
          project_id: projectId,
          parent_id: parentId,
          sort_order: parentId === null ? order++ : i,
          level,
          title: h.title,
          genre: h.genre,
          matter: h.matter,
          owner_unit_id: unitId,
          writer_id: null,
          word_budget: h.wordBudget,
          status: 'planned',
          approved_at: null,
          carried_from_id: null,
          is_carried: 0,
          created_at: now,
          updated_at: now,
        });
        await save(h.children, id, depth + 1);
      }
    };
    await save(input.headings, null, 1);
    const count = countHeadings(input.headings);
    await recordOutlineChange(trx, access, now, {
      nodeId: null,
      kind: 'import',
      summary: `${input.mode === 'replace' ? '导入' : '追加导入'}篇目 ${count} 条${unmatched.size ? `；承编单位未匹配：${[...unmatched].slice(0, 5).join('、')}${unmatched.size > 5 ? ' 等' : ''}` : ''}`,
      detail: { count, mode: input.mode, unmatchedUnits: [...unmatched] },
    });
    await recordAudit(trx, deps.clock, principal, {
      action: 'compile.outline.import',
      entityType: 'compile_project',
      entityId: projectId,
      summary: `《${access.project.title}》导入篇目 ${count} 条`,
      after: { count, mode: input.mode },
    });
  });
  return getOutline(deps, principal, projectId);
}
