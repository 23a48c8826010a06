import { AppError } from '../../../shared/errors.ts';
import { ZNodeMerge, ZNodeSplit, type TNodeSplit, type TOutline } from '../../../shared/compilation.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { countVersionsOfNodes } from './draft.repository.ts';
import { loadNodeOf, placeAmong } from './edit-outline.ts';
import { getOutline } from './get-outline.ts';
import { beginStructuralChange, recordOutlineEdit } from './outline-history.ts';
import { deleteNodeRow, findNodeRows, insertNode, updateNodeRow, writeSiblingOrder } from './outline.repository.ts';
import { loadProject } from './project-access.ts';
import { validate } from './validate.ts';

type Deps = { db: Db; clock: Clock };

/** Splits a node: a new sibling right after it takes the listed children, in the order given. */
export async function splitNode(
  deps: Deps,
  principal: Principal,
  projectId: number,
  nodeId: number,
  raw: TNodeSplit,
): Promise<TOutline> {
  const input = validate(ZNodeSplit, raw);
  await deps.db.transaction().execute(async (trx) => {
    const access = await loadProject(trx, principal, projectId, 'editOutline');
    const node = await loadNodeOf(trx, projectId, nodeId);
    const now = deps.clock.now().toISOString();
    await beginStructuralChange(trx, access, now);
    const rows = await findNodeRows(trx, projectId);
    const children = rows.filter((r) => r.parent_id === nodeId);
    const stray = input.childIds.find((id) => !children.some((c) => c.id === id));
    if (stray !== undefined)
      throw new AppError('VALIDATION_FAILED', `篇目 ${stray} 不是“${node.title}”的下级，不能随拆分移走。`);
    if (new Set(input.childIds).size !== input.childIds.length)
      throw new AppError('VALIDATION_FAILED', '拆分时同一下级只能选一次。');
    const id = await insertNode(trx, {
      project_id: projectId,
      parent_id: node.parent_id,
      sort_order: 0,
      level: node.level,
      title: input.title,
      genre: node.genre,
      matter: node.matter,
      owner_unit_id: node.owner_unit_id,
      writer_id: node.writer_id,
      word_budget: null,
      status: 'planned',
      approved_at: null,
      carried_from_id: null,
      is_carried: 0,
      created_at: now,
      updated_at: now,
    });
    const siblings = rows
      .filter((r) => r.parent_id === node.parent_id)
      .sort((a, b) => a.sort_order - b.sort_order || a.id - b.id);
    const after = siblings[siblings.findIndex((s) => s.id === nodeId) + 1];
    await writeSiblingOrder(
      trx,
      node.parent_id,
      placeAmong(
        [...rows, { ...node, id, sort_order: Number.MAX_SAFE_INTEGER }],
        node.parent_id,
        id,
        after?.id ?? null,
      ),
      now,
    );
    await writeSiblingOrder(trx, id, input.childIds, now);
    await writeSiblingOrder(
      trx,
      nodeId,
      children
        .filter((c) => !input.childIds.includes(c.id))
        .sort((a, b) => a.sort_order - b.sort_order)
        .map((c) => c.id),
      now,
    );
    await updateNodeRow(trx, nodeId, { approved_at: null, updated_at: now });
    await recordOutlineEdit(
      trx,
      deps.clock,
      access,
      now,
      {
        nodeId,
        kind: 'split',
        summary: `拆分“${node.title}”：新增“${input.title}”${input.childIds.length ? `，移入 ${input.childIds.length} 条下级` : ''}`,
        detail: { newNodeId: id, childIds: input.childIds },
      },
      {
        action: 'compile.node.split',
        entityType: 'compile_node',
        entityId: nodeId,
        summary: `《${access.project.title}》拆分篇目“${node.title}”`,
      },
    );
  });
  return getOutline(deps, principal, projectId);
}

/** Merges a sibling into this node: its children follow this node's, and the sibling (with no drafts of its own) goes. */
export async function mergeNode(
  deps: Deps,
  principal: Principal,
  projectId: number,
  nodeId: number,
  raw: unknown,
): Promise<TOutline> {
  const { otherId } = validate(ZNodeMerge, raw);
  await deps.db.transaction().execute(async (trx) => {
    const access = await loadProject(trx, principal, projectId, 'editOutline');
    const node = await loadNodeOf(trx, projectId, nodeId);
    const other = await loadNodeOf(trx, projectId, otherId);
    if (other.id === node.id) throw new AppError('VALIDATION_FAILED', '不能把篇目合并到它自己。');
    if (other.parent_id !== node.parent_id)
      throw new AppError(
        'VALIDATION_FAILED',
        `只能合并同一上级下的篇目：“${other.title}”与“${node.title}”不在同一上级之下。`,
      );
    if ((await countVersionsOfNodes(trx, [other.id])) > 0)
      throw new AppError('CONFLICT', `“${other.title}”已有稿件，不能并入；请先把它的内容移到“${node.title}”的稿件中。`);
    const now = deps.clock.now().toISOString();
    await beginStructuralChange(trx, access, now);
    const rows = await findNodeRows(trx, projectId);
    const mine = rows
      .filter((r) => r.parent_id === nodeId)
      .sort((a, b) => a.sort_order - b.sort_order)
      .map((r) => r.id);
    const theirs = rows
      .filter((r) => r.parent_id === other.id)
      .sort((a, b) => a.sort_order - b.sort_order)
      .map((r) => r.id);
    await writeSiblingOrder(trx, nodeId, [...mine, ...theirs], now);
    await deleteNodeRow(trx, other.id);
    await writeSiblingOrder(
      trx,
      node.parent_id,
      rows
        .filter((r) => r.parent_id === node.parent_id && r.id !== other.id)
        .sort((a, b) => a.sort_order - b.sort_order)
        .map((r) => r.id),
      now,
    );
    await updateNodeRow(trx, nodeId, {
      approved_at: null,
      word_budget:
        node.word_budget === null && other.word_budget === null
          ? null
          : (node.word_budget ?? 0) + (other.word_budget ?? 0),
      updated_at: now,
    });
    await recordOutlineEdit(
      trx,
      deps.clock,
      access,
      now,
      {
        nodeId,
        kind: 'merge',
        summary: `“${other.title}”并入“${node.title}”${theirs.length ? `（带入 ${theirs.length} 条下级）` : ''}`,
        detail: { mergedNodeId: other.id, mergedTitle: other.title },
      },
      {
        action: 'compile.node.merge',
        entityType: 'compile_node',
        entityId: nodeId,
        summary: `《${access.project.title}》合并篇目“${other.title}”入“${node.title}”`,
      },
    );
  });
  return getOutline(deps, principal, projectId);
}
