import { AppError } from '../../../../shared/errors.ts';
import {
  CLASSIFICATION_LABELS,
  isClassified,
  ZSourceCompilationOrder,
  type TClassification,
  type TSourceCompilation,
  type TSourceCompilationEntry,
  type TSourceCompilationOrder,
} from '../../../../shared/compilation-sources.ts';
import type { Db } from '../../../db/database.ts';
import type { Principal } from '../../../platform/auth/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import { recordAudit } from '../../../platform/audit/audit.service.ts';
import type { BookPart } from '../drafts/book-docx.ts';
import type { NodeRow } from '../outline.repository.ts';
import { canWriteNodeIn } from '../project-access.ts';
import { loadNames } from '../present.ts';
import { validate } from '../validate.ts';
import { loadMaterialsView, presentCard, type MaterialsView } from './materials.ts';
import { loadMaterialsScope, type MaterialsScope } from './materials-access.ts';
import { findOpenContradictionsOfNodes, setCardNodePlace } from './materials.repository.ts';
import { orderEntries } from './card-order.ts';

/**
 * 资料长编 of a node: its cards in time order (cards without a time last), or in the order an editor set, each with
 * the editor's note; exported as a book-format .docx grouped by year.
 */

type Deps = { db: Db; clock: Clock };

function nodeIn(scope: MaterialsScope, nodeId: number): NodeRow {
  const node = scope.nodes.get(nodeId);
  if (!node) throw new AppError('NOT_FOUND', `篇目 ${nodeId} 不在本项目中。`);
  if (scope.ownNodeIds !== null && !scope.ownNodeIds.has(nodeId))
    throw new AppError('FORBIDDEN', `“${node.title}”不是分配给您或您所在单位的篇目。`);
  return node;
}

function entriesOf(view: MaterialsView, nodeId: number): TSourceCompilationEntry[] {
  const links = view.links.filter((l) => l.node_id === nodeId);
  const entries = view.cards
    .map((card) => ({ card, link: links.find((l) => l.card_id === card.id) }))
    .filter((e) => e.link)
    .map(({ card, link }) => ({
      id: card.id,
      timeSort: card.time_sort,
      position: link!.position,
      note: link!.note,
      card,
    }));
  return orderEntries(entries).map((e) => ({ card: presentCard(view, e.card), note: e.note, position: e.position }));
}

export async function getSourceCompilation(
  deps: { db: Db },
  principal: Principal,
  projectId: number,
  nodeId: number,
): Promise<TSourceCompilation> {
  const scope = await loadMaterialsScope(deps.db, principal, projectId, 'read');
  const node = nodeIn(scope, nodeId);
  const view = await loadMaterialsView(deps.db, scope);
  const entries = entriesOf(view, nodeId);
  const open = await findOpenContradictionsOfNodes(deps.db, [nodeId]);
  const visible = new Set(view.cards.map((c) => c.id));
  return {
    nodeId,
    nodeTitle: node.title,
    ordered: entries.some((e) => e.position !== null),
    entries,
    canEdit: await canWriteNodeIn(deps.db, scope.access, node),
    openContradictions: open.map((o) => ({
      id: o.id,
      fact: o.fact,
      cardIds: o.card_ids.filter((id) => visible.has(id)),
    })),
  };
}

/** Sets the order and notes of a node's 长编 (the entries given, in that order; an empty list returns to time order). */
export async function orderSourceCompilation(
  deps: Deps,
  principal: Principal,
  projectId: number,
  nodeId: number,
  raw: TSourceCompilationOrder,
): Promise<TSourceCompilation> {
  const input = validate(ZSourceCompilationOrder, raw);
  const scope = await loadMaterialsScope(deps.db, principal, projectId, 'write');
  const node = nodeIn(scope, nodeId);
  if (!(await canWriteNodeIn(deps.db, scope.access, node)))
    throw new AppError('FORBIDDEN', `您不能编排“${node.title}”的资料长编（不是分配给您或您所在单位的篇目）。`);
  await deps.db.transaction().execute(async (trx) => {
    const view = await loadMaterialsView(trx, scope);
    const mine = new Set(view.links.filter((l) => l.node_id === nodeId).map((l) => l.card_id));
    const given = input.entries.map((e) => e.cardId);
    const stray = given.filter((id) => !mine.has(id) || !view.cards.some((c) => c.id === id));
    if (stray.length)
      throw new AppError(
        'VALIDATION_FAILED',
        `卡片 ${stray.map((id) => `#${id}`).join('、')} 不在“${node.title}”的资料长编中，请刷新后再排。`,
      );
    if (new Set(given).size !== given.length)
      throw new AppError('VALIDATION_FAILED', '同一张卡片在长编中只能出现一次。');
    const reorder = given.length > 0;
    for (const cardId of mine) {
      const i = given.indexOf(cardId);
      const entry = input.entries[i];
      const current = view.links.find((l) => l.node_id === nodeId && l.card_id === cardId)!;
      await setCardNodePlace(trx, cardId, nodeId, {
        position: reorder ? (i >= 0 ? i + 1 : given.length + 1) : null,
        note: entry ? entry.note || null : current.note,
      });
    }
    await recordAudit(trx, deps.clock, principal, {
      action: 'materials.compilation_order',
      entityType: 'compile_node',
      entityId: nodeId,
      summary: `《${scope.access.project.title}》“${node.title}”资料长编${reorder ? `编排 ${given.length} 张卡片` : '恢复按时间排序'}`,
    });
  });
  return getSourceCompilation(deps, principal, projectId, nodeId);
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The 长编 as book-format .docx: the node as the part, a chapter per year, each card with its time, text and source. */
export async function exportSourceCompilation(
  deps: { db: Db },
  principal: Principal,
  projectId: number,
  nodeId: number,
): Promise<{ fileName: string; bytes: Uint8Array }> {
  const draft = await getSourceCompilation(deps, principal, projectId, nodeId);
  const scope = await loadMaterialsScope(deps.db, principal, projectId, 'read');
  if (draft.entries.length === 0)
    throw new AppError(
      'VALIDATION_FAILED',
      `“${draft.nodeTitle}”还没有关联摘录卡片，资料长编为空，请先在“资料”页录入卡片。`,
    );
  const groups: { title: string; html: string[] }[] = [];
  for (const e of draft.entries) {
    const year = e.card.timeSort ? `${Number(e.card.timeSort.slice(0, 4))}年` : '时间不详';
    const title = draft.ordered ? (groups.at(-1)?.title ?? year) : year;
    if (groups.at(-1)?.title !== title) groups.push({ title, html: [] });
    const c = e.card;
    const level = c.classification as TClassification;
    groups.at(-1)!.html.push(
      `<p><strong>${escapeHtml(c.time ?? '〔时间不详〕')}</strong>${c.place ? `　${escapeHtml(c.place)}` : ''}${c.subject ? `　〔${escapeHtml(c.subject)}〕` : ''}${isClassified(level) ? `　【${CLASSIFICATION_LABELS[level]}】` : ''}</p>`,
      ...c.text
        .split(/\n+/)
        .filter(Boolean)
        .map((line) => `<p>${escapeHtml(line)}</p>`),
      `<p>（资料卡片 #${c.id}　出处：${escapeHtml(c.citation)}${c.locator ? `，${escapeHtml(c.locator)}` : ''}）</p>`,
      ...(e.note ? [`<blockquote><p>编者按：${escapeHtml(e.note)}</p></blockquote>`] : []),
    );
  }
  const parts: BookPart[] = [
    { depth: 1, level: '资料长编', number: '', title: draft.nodeTitle, html: null },
    ...groups.map((g) => ({ depth: 2, level: '时段', number: '', title: g.title, html: g.html.join('') })),
  ];
  const names = await loadNames(deps.db);
  const { renderBookDocx } = await import('../drafts/book-docx.ts');
  const bytes = await renderBookDocx({
    title: `${scope.access.project.title.replace(/[《》]/g, '')}·${draft.nodeTitle}资料长编`,
    compiler: names.unit(scope.access.project.owner_unit_id),
    year: null,
    yearbook: false,
    parts,
  });
  return { fileName: `${draft.nodeTitle}-资料长编.docx`, bytes };
}
