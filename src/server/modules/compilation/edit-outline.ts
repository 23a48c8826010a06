import { AppError } from '../../../shared/errors.ts';
import {
  ZNodeCreate,
  ZNodeMove,
  ZNodePatch,
  levelsOf,
  type TNodeCreate,
  type TNodeLevel,
  type TNodeMove,
  type TNodePatch,
  type TOutline,
} from '../../../shared/compilation.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { findUnitById } from '../org/org.repository.ts';
import { findUserById } from '../users/users.repository.ts';
import { countVersionsOfNodes } from './draft.repository.ts';
import { getOutline } from './get-outline.ts';
import { beginStructuralChange, recordOutlineEdit } from './outline-history.ts';
import {
  deleteNodeRow,
  findNodeRow,
  findNodeRows,
  insertNode,
  updateNodeRow,
  writeSiblingOrder,
  type NodeRow,
} from './outline.repository.ts';
import { childLevel, subtreeIds } from './outline/outline-tree.ts';
import { loadProject, type ProjectAccess } from './project-access.ts';
import { findMemberRowsOfUser, insertMember } from './project.repository.ts';
import { validate } from './validate.ts';

type Deps = { db: Db; clock: Clock };

export async function loadNodeOf(trx: Db, projectId: number, nodeId: number): Promise<NodeRow> {
  const node = await findNodeRow(trx, nodeId);
  if (!node || node.project_id !== projectId)
    throw new AppError('NOT_FOUND', `篇目 ${nodeId} 不在本项目中，请刷新页面后重试。`);
  return node;
}

/** Sibling ids under `parentId` in order, with `id` placed before `beforeId` (or at the end). */
export function placeAmong(
  rows: readonly NodeRow[],
  parentId: number | null,
  id: number,
  beforeId: number | null | undefined,
): number[] {
  const siblings = rows
    .filter((r) => r.parent_id === parentId && r.id !== id)
    .sort((a, b) => a.sort_order - b.sort_order || a.id - b.id)
    .map((r) => r.id);
  const at = beforeId ? siblings.indexOf(beforeId) : -1;
  if (beforeId && at < 0) throw new AppError('VALIDATION_FAILED', '插入位置的参照篇目不在同一上级之下，请刷新后重试。');
  siblings.splice(at < 0 ? siblings.length : at, 0, id);
  return siblings;
}

function checkLevel(access: ProjectAccess, level: TNodeLevel): void {
  const kind = access.project.kind as Parameters<typeof levelsOf>[0];
  if (!levelsOf(kind).includes(level))
    throw new AppError(
      'VALIDATION_FAILED',
      `${kind === 'yearbook' ? '年鉴' : '志书'}的层级应为：${levelsOf(kind).join('、')}。`,
    );
}

export async function addNode(
  deps: Deps,
  principal: Principal,
  projectId: number,
  raw: TNodeCreate,
): Promise<TOutline> {
  const input = validate(ZNodeCreate, raw);
  await deps.db.transaction().execute(async (trx) => {
    const access = await loadProject(trx, principal, projectId, 'editOutline');
    const now = deps.clock.now().toISOString();
    await beginStructuralChange(trx, access, now);
    const parent = input.parentId ? await loadNodeOf(trx, projectId, input.parentId) : null;
    const rows = await findNodeRows(trx, projectId);
    const kind = access.project.kind as Parameters<typeof levelsOf>[0];
    const topLevel = rows.find((r) => r.parent_id === null && r.matter === 'body')?.level ?? null;
    const level =
      input.level ??
      (parent ? childLevel(kind, parent.level) : ((topLevel as TNodeLevel | null) ?? childLevel(kind, null, false)));
    checkLevel(access, level);
    const id = await insertNode(trx, {
      project_id: projectId,
      parent_id: parent?.id ?? null,
      sort_order: 0,
      level,
      title: input.title,
      genre: input.genre ?? (level === '条目' ? '记' : '志'),
      matter: input.matter ?? parent?.matter ?? 'body',
      owner_unit_id: parent?.owner_unit_id ?? null,
      writer_id: null,
      word_budget: null,
      status: 'planned',
      approved_at: null,
      carried_from_id: null,
      is_carried: 0,
      created_at: now,
      updated_at: now,
    });
    await writeSiblingOrder(
      trx,
      parent?.id ?? null,
      placeAmong(
        [...rows, { id, parent_id: parent?.id ?? null, sort_order: Number.MAX_SAFE_INTEGER } as NodeRow],
        parent?.id ?? null,
        id,
        input.beforeId,
      ),
      now,
    );
    await recordOutlineEdit(
      trx,
      deps.clock,
      access,
      now,
      {
        nodeId: id,
        kind: 'add',
        summary: `新增${level}“${input.title}”${parent ? `（在“${parent.title}”下）` : ''}`,
      },
      {
        action: 'compile.node.add',
        entityType: 'compile_node',
        entityId: id,
        summary: `《${access.project.title}》新增篇目“${input.title}”`,
      },
    );
  });
  return getOutline(deps, principal, projectId);
}

/** Title and level change the structure (the approval gate); 体裁, owner unit, writer and budget are editorial assignments. */
export async function updateNode(
  deps: Deps,
  principal: Principal,
  projectId: number,
  nodeId: number,
  raw: TNodePatch,
): Promise<TOutline> {
  const patch = validate(ZNodePatch, raw);
  await deps.db.transaction().execute(async (trx) => {
    const access = await loadProject(trx, principal, projectId, 'editOutline');
    const node = await loadNodeOf(trx, projectId, nodeId);
    const now = deps.clock.now().toISOString();
    const structural =
      (patch.title !== undefined && patch.title !== node.title) ||
      (patch.level !== undefined && patch.level !== node.level);
    if (structural) await beginStructuralChange(trx, access, now);
    if (patch.level) checkLevel(access, patch.level);
    if (patch.ownerUnitId) {
      if (!(await findUnitById(trx, patch.ownerUnitId)))
        throw new AppError('VALIDATION_FAILED', '所选承编单位不存在，请刷新后重新选择。');
    }
    if (patch.writerId) {
      const writer = await findUserById(trx, patch.writerId);
      if (!writer || writer.is_disabled)
        throw new AppError('VALIDATION_FAILED', '所选撰稿人不存在或已停用，请重新选择。');
      // The writer of a node is a 撰稿人 of the project: they can then open it.
      const roles = await findMemberRowsOfUser(trx, projectId, writer.id);
      if (!roles.some((r) => r.role === 'writer'))
        await insertMember(trx, {
          project_id: projectId,
          user_id: writer.id,
          role: 'writer',
          unit_id: writer.unit_id,
          created_at: now,
        });
    }
    await updateNodeRow(trx, nodeId, {
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.level !== undefined ? { level: patch.level } : {}),
      ...(patch.genre !== undefined ? { genre: patch.genre } : {}),
      ...(patch.matter !== undefined ? { matter: patch.matter } : {}),
      ...(patch.ownerUnitId !== undefined ? { owner_unit_id: patch.ownerUnitId } : {}),
      ...(patch.writerId !== undefined ? { writer_id: patch.writerId } : {}),
      ...(patch.wordBudget !== undefined ? { word_budget: patch.wordBudget } : {}),
      ...(structural ? { approved_at: null } : {}),
      is_carried: 0,
      updated_at: now,
    });
    const changes = Object.keys(patch).map(
      (k) =>
        ({
          title: '标题',
          level: '层级',
          genre: '体裁',
          matter: '位置',
          ownerUnitId: '承编单位',
          writerId: '撰稿人',
          wordBudget: '字数预算',
        })[k as keyof TNodePatch],
    );
    await recordOutlineEdit(
      trx,
      deps.clock,
      access,
      now,
      {
        nodeId,
        kind: structural ? 'rename' : 'assign',
        summary:
          patch.title && patch.title !== node.title
            ? `“${node.title}”改名为“${patch.title}”`
            : `修改“${node.title}”的${changes.join('、')}`,
        detail: {
          before: {
            title: node.title,
            level: node.level,
            ownerUnitId: node.owner_unit_id,
            writerId: node.writer_id,
            wordBudget: node.word_budget,
          },
          after: patch,
        },
      },
      {
        action: 'compile.node.update',
        entityType: 'compile_node',
        entityId: nodeId,
        summary: `《${access.project.title}》修改篇目“${node.title}”`,
        after: patch,
      },
    );
  });
  return getOutline(deps, principal, projectId);
}

/** Reorders a node among its siblings or moves it under another parent (never under itself). */
export async function moveNode(
  deps: Deps,
  principal: Principal,
  projectId: number,
  nodeId: number,
  raw: TNodeMove,
): Promise<TOutline> {
  const input = validate(ZNodeMove, raw);
  await deps.db.transaction().execute(async (trx) => {
    const access = await loadProject(trx, principal, projectId, 'editOutline');
    const node = await loadNodeOf(trx, projectId, nodeId);
    const now = deps.clock.now().toISOString();
    await beginStructuralChange(trx, access, now);
    const rows = await findNodeRows(trx, projectId);
    const parent = input.parentId ? await loadNodeOf(trx, projectId, input.parentId) : null;
    if (parent && subtreeIds(rows, nodeId).has(parent.id))
      throw new AppError('VALIDATION_FAILED', `不能把“${node.title}”移到它自己或它的下级之下。`);
    await writeSiblingOrder(trx, parent?.id ?? null, placeAmong(rows, parent?.id ?? null, nodeId, input.beforeId), now);
    if (node.parent_id !== (parent?.id ?? null)) {
      await writeSiblingOrder(
        trx,
        node.parent_id,
        rows
          .filter((r) => r.parent_id === node.parent_id && r.id !== nodeId)
          .sort((a, b) => a.sort_order - b.sort_order)
          .map((r) => r.id),
        now,
      );
    }
    await updateNodeRow(trx, nodeId, { approved_at: null, updated_at: now });
    await recordOutlineEdit(
      trx,
      deps.clock,
      access,
      now,
      {
        nodeId,
        kind: 'move',
        summary: `移动“${node.title}”${parent ? `到“${parent.title}”下` : '到第一层'}`,
        detail: { fromParentId: node.parent_id, toParentId: parent?.id ?? null },
      },
      {
        action: 'compile.node.move',
        entityType: 'compile_node',
        entityId: nodeId,
        summary: `《${access.project.title}》移动篇目“${node.title}”`,
      },
    );
  });
  return getOutline(deps, principal, projectId);
}

/** Removes a node and what is under it, unless any of it has drafts (merge it into another node instead). */
export async function deleteNode(
  deps: Deps,
  principal: Principal,
  projectId: number,
  nodeId: number,
): Promise<TOutline> {
  await deps.db.transaction().execute(async (trx) => {
    const access = await loadProject(trx, principal, projectId, 'editOutline');
    const node = await loadNodeOf(trx, projectId, nodeId);
    const now = deps.clock.now().toISOString();
    await beginStructuralChange(trx, access, now);
    const rows = await findNodeRows(trx, projectId);
    const ids = subtreeIds(rows, nodeId);
    if ((await countVersionsOfNodes(trx, [...ids])) > 0)
      throw new AppError('CONFLICT', `“${node.title}”或其下级已有稿件，不能删除；如需调整，请把它合并到其他篇目。`);
    await deleteNodeRow(trx, nodeId);
    await writeSiblingOrder(
      trx,
      node.parent_id,
      rows
        .filter((r) => r.parent_id === node.parent_id && r.id !== nodeId)
        .sort((a, b) => a.sort_order - b.sort_order)
        .map((r) => r.id),
      now,
    );
    await recordOutlineEdit(
      trx,
      deps.clock,
      access,
      now,
      {
        nodeId,
        kind: 'delete',
        summary: `删除“${node.title}”${ids.size > 1 ? `及其下 ${ids.size - 1} 条` : ''}`,
        detail: { title: node.title, count: ids.size },
      },
      {
        action: 'compile.node.delete',
        entityType: 'compile_node',
        entityId: nodeId,
        summary: `《${access.project.title}》删除篇目“${node.title}”`,
      },
    );
  });
  return getOutline(deps, principal, projectId);
}
