import { AppError } from '../../../../shared/errors.ts';
import {
  ZContradictionInput,
  ZContradictionResolve,
  type TContradiction,
  type TContradictionInput,
  type TContradictionResolve,
} from '../../../../shared/compilation-sources.ts';
import type { Db } from '../../../db/database.ts';
import type { Principal } from '../../../platform/auth/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import { recordAudit } from '../../../platform/audit/audit.service.ts';
import { findNodeRows, type NodeRow } from '../outline.repository.ts';
import { actorName } from '../project-access.ts';
import { validate } from '../validate.ts';
import { loadMaterialsView, type MaterialsView } from './materials.ts';
import { isMaterialsEditor, loadMaterialsScope } from './materials-access.ts';
import {
  findCardNodeLinks,
  findContradictionCards,
  findContradictionRow,
  findContradictionRows,
  findOpenContradictionsOfNodes,
  insertContradiction,
  resolveContradictionRow,
} from './materials.repository.ts';

/** 资料矛盾: two or more cards recorded as disagreeing on a fact, resolved by an editor choosing one with a reason. */

type Deps = { db: Db; clock: Clock };

async function present(db: Db, view: MaterialsView): Promise<TContradiction[]> {
  const projectId = view.scope.access.project.id;
  const [rows, members] = await Promise.all([
    findContradictionRows(db, projectId),
    findContradictionCards(db, projectId),
  ]);
  const visible = new Map(view.cards.map((c) => [c.id, c]));
  return rows
    .map((r) => ({ r, ids: members.filter((m) => m.contradiction_id === r.id).map((m) => m.card_id) }))
    .filter(({ ids }) => ids.some((id) => visible.has(id)))
    .map(({ r, ids }) => ({
      id: r.id,
      fact: r.fact,
      note: r.note,
      status: r.status as TContradiction['status'],
      cards: ids.map((id) => {
        const c = visible.get(id);
        const source = c ? view.sources.get(c.source_id) : undefined;
        return c
          ? { id, text: c.text, time: c.time_text, citation: source?.citation ?? '', visible: true }
          : { id, text: '（受限资料，您无权查看）', time: null, citation: '', visible: false };
      }),
      chosenCardId: r.chosen_card_id,
      reason: r.reason,
      createdByName: r.created_by_name,
      createdAt: r.created_at,
      resolvedByName: r.resolved_by_name,
      resolvedAt: r.resolved_at,
    }));
}

export async function listContradictions(
  deps: { db: Db },
  principal: Principal,
  projectId: number,
): Promise<TContradiction[]> {
  const scope = await loadMaterialsScope(deps.db, principal, projectId, 'read');
  return present(deps.db, await loadMaterialsView(deps.db, scope));
}

export async function recordContradiction(
  deps: Deps,
  principal: Principal,
  projectId: number,
  raw: TContradictionInput,
): Promise<TContradiction[]> {
  const input = validate(ZContradictionInput, raw);
  const scope = await loadMaterialsScope(deps.db, principal, projectId, 'write');
  const cardIds = [...new Set(input.cardIds)];
  if (cardIds.length < 2) throw new AppError('VALIDATION_FAILED', '请至少选择两张不同的卡片。');
  await deps.db.transaction().execute(async (trx) => {
    const view = await loadMaterialsView(trx, scope);
    const missing = cardIds.filter((id) => !view.cards.some((c) => c.id === id));
    if (missing.length)
      throw new AppError('NOT_FOUND', `卡片 ${missing.map((id) => `#${id}`).join('、')} 不在本项目中或您无权查看。`);
    const id = await insertContradiction(
      trx,
      {
        project_id: projectId,
        fact: input.fact,
        note: input.note || null,
        status: 'open',
        chosen_card_id: null,
        reason: null,
        created_by: scope.access.actor?.userId ?? null,
        created_by_name: actorName(principal),
        created_at: deps.clock.now().toISOString(),
        resolved_by: null,
        resolved_by_name: null,
        resolved_at: null,
      },
      cardIds,
    );
    await recordAudit(trx, deps.clock, principal, {
      action: 'materials.contradiction_record',
      entityType: 'compile_contradiction',
      entityId: id,
      summary: `《${scope.access.project.title}》记录资料矛盾“${input.fact}”：卡片 ${cardIds.map((c) => `#${c}`).join('、')}`,
    });
  });
  return listContradictions(deps, principal, projectId);
}

export async function resolveContradiction(
  deps: Deps,
  principal: Principal,
  projectId: number,
  contradictionId: number,
  raw: TContradictionResolve,
): Promise<TContradiction[]> {
  const input = validate(ZContradictionResolve, raw);
  const scope = await loadMaterialsScope(deps.db, principal, projectId, 'write');
  if (!isMaterialsEditor(scope)) throw new AppError('FORBIDDEN', '只有主编、副主编、责任总纂或分纂可以裁定资料矛盾。');
  await deps.db.transaction().execute(async (trx) => {
    const row = await findContradictionRow(trx, contradictionId);
    if (!row || row.project_id !== projectId)
      throw new AppError('NOT_FOUND', `资料矛盾 ${contradictionId} 不在本项目中。`);
    if (row.status !== 'open') throw new AppError('CONFLICT', `资料矛盾“${row.fact}”已由${row.resolved_by_name}裁定。`);
    const members = (await findContradictionCards(trx, projectId)).filter((m) => m.contradiction_id === row.id);
    if (!members.some((m) => m.card_id === input.chosenCardId))
      throw new AppError('VALIDATION_FAILED', `卡片 #${input.chosenCardId} 不属于这条矛盾，请从其中选择采信的卡片。`);
    const view = await loadMaterialsView(trx, scope);
    if (!view.cards.some((c) => c.id === input.chosenCardId))
      throw new AppError('FORBIDDEN', '您无权查看所选卡片，不能据以裁定。');
    await resolveContradictionRow(trx, row.id, {
      chosen_card_id: input.chosenCardId,
      reason: input.reason,
      resolved_by: scope.access.actor?.userId ?? null,
      resolved_by_name: actorName(principal),
      resolved_at: deps.clock.now().toISOString(),
    });
    await recordAudit(trx, deps.clock, principal, {
      action: 'materials.contradiction_resolve',
      entityType: 'compile_contradiction',
      entityId: row.id,
      summary: `《${scope.access.project.title}》裁定资料矛盾“${row.fact}”：采信卡片 #${input.chosenCardId}，理由：${input.reason}`,
    });
  });
  return listContradictions(deps, principal, projectId);
}

/**
 * The finalise hook (`setNodeStatus(…, beforeFinal)`): a node whose cards — its own or those of any node under it —
 * are part of an unresolved contradiction cannot be 定稿. The message names the nodes and the card numbers only: whoever
 * finalises may not be cleared for a 秘密 card's text, nor for the fact as its recorder worded it.
 */
export async function assertNoOpenContradictions(trx: Db, node: NodeRow): Promise<void> {
  const rows = await findNodeRows(trx, node.project_id);
  const subtree = new Set([node.id]);
  // Parents before children is not guaranteed by the order: repeat until nothing is added.
  for (let grew = true; grew;) {
    grew = false;
    for (const r of rows)
      if (r.parent_id !== null && subtree.has(r.parent_id) && !subtree.has(r.id)) {
        subtree.add(r.id);
        grew = true;
      }
  }
  const open = await findOpenContradictionsOfNodes(trx, [...subtree]);
  if (open.length === 0) return;
  const links = await findCardNodeLinks(trx, node.project_id);
  const order = rows.map((r) => r.id);
  const lines = open.map((o) => {
    const nodeIds = [
      ...new Set(links.filter((l) => subtree.has(l.node_id) && o.card_ids.includes(l.card_id)).map((l) => l.node_id)),
    ].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    const titles = nodeIds.map((id) => `“${rows.find((r) => r.id === id)!.title}”`).join('、');
    return `${titles}（${o.card_ids.map((id) => `卡片 #${id}`).join(' 与 ')}）`;
  });
  throw new AppError(
    'CONFLICT',
    `“${node.title}”${subtree.size > 1 ? '及其下级篇目' : ''}还有 ${open.length} 处资料矛盾未裁定：${lines.join('；')}。请在“资料”页裁定（选定采信的卡片并写明理由）后再定稿。`,
  );
}
