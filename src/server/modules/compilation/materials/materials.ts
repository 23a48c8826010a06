import { AppError } from '../../../../shared/errors.ts';
import {
  CLASSIFICATION_LABELS,
  formatSourceCitation,
  parseFuzzyDate,
  SOURCE_FIELDS,
  SOURCE_KIND_LABELS,
  ZCardInput,
  ZCardQuery,
  ZSourceInput,
  type TCard,
  type TCardInput,
  type TCardQuery,
  type TClassification,
  type TMaterials,
  type TSource,
  type TSourceInput,
  type TSourceKind,
} from '../../../../shared/compilation-sources.ts';
import type { Db } from '../../../db/database.ts';
import type { Principal } from '../../../platform/auth/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import { recordAudit } from '../../../platform/audit/audit.service.ts';
import type { GazetteerDeps } from '../../gazetteer/read-books.ts';
import { actorName } from '../project-access.ts';
import { validate } from '../validate.ts';
import { resolveGazetteerPassage } from './gazetteer-source.ts';
import { orderEntries } from './card-order.ts';
import {
  assertLinksNodes,
  assertMayClassify,
  canEditCard,
  canEditSource,
  canSeeCard,
  canSeeSource,
  isMaterialsEditor,
  loadMaterialsScope,
  type MaterialsScope,
} from './materials-access.ts';
import {
  countCardsOfSource,
  deleteCardRow,
  deleteContradictionRow,
  deleteSourceRow,
  findCardNodeLinks,
  findCardRow,
  findCardRows,
  findContradictionCards,
  findContradictionRows,
  findSourceRow,
  findSourceRows,
  insertCard,
  insertSource,
  replaceCardNodes,
  updateCardRow,
  updateSourceRow,
  type CardNodeLink,
  type CardRow,
  type SourceRow,
} from './materials.repository.ts';

/** 资料: sources and excerpt cards of a project — list with filters, register a source, enter and edit cards. */

type Deps = { db: Db; clock: Clock };
type TSourceInputParsed = ReturnType<typeof ZSourceInput.parse>;

export function presentSource(row: SourceRow, cardCount: number, canEdit: boolean): TSource {
  return {
    id: row.id,
    projectId: row.project_id,
    kind: row.kind as TSourceKind,
    title: row.title,
    classification: row.classification as TClassification,
    fields: JSON.parse(row.fields_json) as Record<string, string>,
    citation: row.citation,
    book:
      row.book_id !== null && row.section_ordinal !== null
        ? { bookId: row.book_id, ordinal: row.section_ordinal, permalink: row.permalink ?? '', locator: row.locator }
        : null,
    note: row.note,
    cardCount,
    canEdit,
    createdByName: row.created_by_name,
    createdAt: row.created_at,
  };
}

/** Everything the materials views need, read once: the scope, the visible sources, cards and their links. */
export interface MaterialsView {
  scope: MaterialsScope;
  sources: Map<number, SourceRow>;
  cards: CardRow[];
  links: CardNodeLink[];
  openByCard: Map<number, number>;
  hidden: number;
}

export async function loadMaterialsView(db: Db, scope: MaterialsScope): Promise<MaterialsView> {
  const projectId = scope.access.project.id;
  const [sourceRows, cardRows, links, contradictions, contradictionCards] = await Promise.all([
    findSourceRows(db, projectId),
    findCardRows(db, projectId),
    findCardNodeLinks(db, projectId),
    findContradictionRows(db, projectId),
    findContradictionCards(db, projectId),
  ]);
  const allSources = new Map(sourceRows.map((s) => [s.id, s]));
  // Time order, undated cards last (databases disagree on where NULL sorts).
  const cards = orderEntries(
    cardRows
      .filter((c) => canSeeCard(scope, c, allSources.get(c.source_id)!, links))
      .map((row) => ({ id: row.id, position: null, timeSort: row.time_sort, row })),
  ).map((e) => e.row);
  const cardSources = new Set(cards.map((c) => c.source_id));
  const sources = new Map(sourceRows.filter((s) => canSeeSource(scope, s, cardSources)).map((s) => [s.id, s]));
  const open = new Set(contradictions.filter((c) => c.status === 'open').map((c) => c.id));
  const openByCard = new Map<number, number>();
  for (const cc of contradictionCards)
    if (open.has(cc.contradiction_id)) openByCard.set(cc.card_id, (openByCard.get(cc.card_id) ?? 0) + 1);
  return { scope, sources, cards, links, openByCard, hidden: cardRows.length - cards.length };
}

export function presentCard(view: MaterialsView, card: CardRow): TCard {
  const source = view.sources.get(card.source_id)!;
  return {
    id: card.id,
    projectId: card.project_id,
    sourceId: card.source_id,
    sourceTitle: source.title,
    sourceKind: source.kind as TSourceKind,
    classification: source.classification as TClassification,
    citation: source.citation,
    text: card.text,
    time: card.time_text,
    timeSort: card.time_sort,
    place: card.place,
    subject: card.subject,
    locator: card.locator,
    nodes: view.links
      .filter((l) => l.card_id === card.id)
      .map((l) => ({ id: l.node_id, title: view.scope.nodes.get(l.node_id)?.title ?? '' }))
      .filter((n) => view.scope.ownNodeIds === null || view.scope.ownNodeIds.has(n.id)),
    openContradictions: view.openByCard.get(card.id) ?? 0,
    canEdit: canEditCard(view.scope, card),
    createdByName: card.created_by_name,
    createdAt: card.created_at,
  };
}

function timeBound(raw: string | undefined, what: string): string | null {
  if (!raw) return null;
  const t = parseFuzzyDate(raw);
  if (!t)
    throw new AppError(
      'VALIDATION_FAILED',
      `${what}“${raw}”不是可识别的时间，请写成 1985年、1985年春、1985年3月或 1985年3月5日。`,
    );
  return t.sort;
}

/** Sources and cards the principal may see, cards filtered by node, source, subject, words and time range. */
export async function listMaterials(
  deps: { db: Db },
  principal: Principal,
  projectId: number,
  rawQuery: TCardQuery = {},
): Promise<TMaterials> {
  const q = validate(ZCardQuery, rawQuery);
  const scope = await loadMaterialsScope(deps.db, principal, projectId, 'read');
  const view = await loadMaterialsView(deps.db, scope);
  const from = timeBound(q.from, '起始时间');
  let to = timeBound(q.to, '截止时间');
  // 至 1985年 includes all of 1985: an unknown month or day reaches to its end.
  if (to) to = to.replace(/-00-00$/, '-99-99').replace(/-00$/, '-99');
  const cards = view.cards.filter(
    (c) =>
      (q.nodeId === undefined || view.links.some((l) => l.card_id === c.id && l.node_id === q.nodeId)) &&
      (q.sourceId === undefined || c.source_id === q.sourceId) &&
      (!q.subject || (c.subject ?? '').includes(q.subject)) &&
      (!q.q || c.text.includes(q.q) || (c.place ?? '').includes(q.q) || (c.subject ?? '').includes(q.q)) &&
      (!from || (c.time_sort !== null && c.time_sort >= from)) &&
      (!to || (c.time_sort !== null && c.time_sort <= to)),
  );
  const counts = new Map<number, number>();
  for (const c of view.cards) counts.set(c.source_id, (counts.get(c.source_id) ?? 0) + 1);
  return {
    sources: [...view.sources.values()].map((s) => presentSource(s, counts.get(s.id) ?? 0, canEditSource(scope, s))),
    cards: cards.map((c) => presentCard(view, c)),
    seesClassified: scope.seesClassified,
    hidden: view.hidden,
    canWrite: scope.access.actor === null || scope.access.roles.length > 0 || isMaterialsEditor(scope),
    canResolve: isMaterialsEditor(scope),
  };
}

type SourceDeps = Deps & Pick<GazetteerDeps, 'search'>;

/** The columns of a source from its input: the same rules for registering and for editing. */
async function sourceValues(deps: SourceDeps, principal: Principal, scope: MaterialsScope, input: TSourceInputParsed) {
  assertMayClassify(scope, input.classification);
  const fields: Record<string, string> = {};
  for (const f of SOURCE_FIELDS[input.kind])
    if (input.fields[f.key]?.trim()) fields[f.key] = input.fields[f.key]!.trim();
  let book: Awaited<ReturnType<typeof resolveGazetteerPassage>> | null = null;
  if (input.permalink) {
    if (input.kind !== 'gazetteer')
      throw new AppError('VALIDATION_FAILED', '只有“旧志/年鉴”类资料可以引用省情数据库的永久链接；网页请填写 URL。');
    book = await resolveGazetteerPassage(deps, principal, input.permalink);
    fields.bookTitle = book.bookTitle;
    if (!fields.juan && book.locator) fields.juan = book.locator;
  }
  const missing = SOURCE_FIELDS[input.kind].filter((f) => f.required && !fields[f.key]).map((f) => f.label);
  if (missing.length)
    throw new AppError(
      'VALIDATION_FAILED',
      `${SOURCE_KIND_LABELS[input.kind]}类资料须著录${missing.join('、')}，请补全后再保存${input.kind === 'gazetteer' ? '（省情数据库中的书可直接粘贴永久链接）' : ''}。`,
    );
  if (input.kind === 'web' && !/^https?:\/\//i.test(fields.url ?? ''))
    throw new AppError('VALIDATION_FAILED', '网页资料的 URL 应以 http:// 或 https:// 开头。');
  const title = input.title || (input.kind === 'gazetteer' ? (fields.bookTitle ?? '') : '');
  if (!title) throw new AppError('VALIDATION_FAILED', '请填写资料题名（如档案案卷题名、文件标题、文章标题）。');
  return {
    kind: input.kind,
    title,
    classification: input.classification,
    fields_json: JSON.stringify(fields),
    citation: book ? book.citation : formatSourceCitation({ kind: input.kind, title, fields }),
    book_id: book?.bookId ?? null,
    section_ordinal: book?.ordinal ?? null,
    permalink: book?.permalink ?? null,
    locator: book?.locator ?? null,
    note: input.note || null,
  };
}

/** Registers a source; a 旧志/年鉴 cited by permalink is resolved and cited by the gazetteer. */
export async function createSource(
  deps: SourceDeps,
  principal: Principal,
  projectId: number,
  raw: TSourceInput,
): Promise<TSource> {
  const input = validate(ZSourceInput, raw);
  const scope = await loadMaterialsScope(deps.db, principal, projectId, 'write');
  const values = await sourceValues(deps, principal, scope, input);
  const now = deps.clock.now().toISOString();
  const id = await deps.db.transaction().execute(async (trx) => {
    const sourceId = await insertSource(trx, {
      project_id: projectId,
      ...values,
      unit_id: scope.access.actor?.unitId ?? null,
      created_by: scope.access.actor?.userId ?? null,
      created_by_name: actorName(principal),
      created_at: now,
    });
    await recordAudit(trx, deps.clock, principal, {
      action: 'materials.source_create',
      entityType: 'compile_source',
      entityId: sourceId,
      summary: `《${scope.access.project.title}》登记资料来源（${SOURCE_KIND_LABELS[input.kind]}，${CLASSIFICATION_LABELS[input.classification]}）：${values.title}`,
    });
    return sourceId;
  });
  return presentSource((await findSourceRow(deps.db, id))!, 0, true);
}

/** A source the principal sees (as the listing shows it) and may change: editors, or whoever (or whose unit) filed it. */
async function loadEditableSource(db: Db, scope: MaterialsScope, sourceId: number): Promise<SourceRow> {
  const source = await loadSourceFor(db, scope, sourceId);
  if (!canEditSource(scope, source))
    throw new AppError(
      'FORBIDDEN',
      `资料来源“${source.title}”由${source.created_by_name}登记，只有登记者所在单位或主编、总纂、分纂可以修改或删除。`,
    );
  return source;
}

/** Edits a source under the same rules as registering it; its cards keep pointing at it and cite it anew. */
export async function updateSource(
  deps: SourceDeps,
  principal: Principal,
  projectId: number,
  sourceId: number,
  raw: TSourceInput,
): Promise<TSource> {
  const input = validate(ZSourceInput, raw);
  const scope = await loadMaterialsScope(deps.db, principal, projectId, 'write');
  await loadEditableSource(deps.db, scope, sourceId);
  const values = await sourceValues(deps, principal, scope, input);
  await deps.db.transaction().execute(async (trx) => {
    const before = await loadEditableSource(trx, scope, sourceId);
    await updateSourceRow(trx, before.id, values);
    await recordAudit(trx, deps.clock, principal, {
      action: 'materials.source_update',
      entityType: 'compile_source',
      entityId: before.id,
      summary: `《${scope.access.project.title}》修改资料来源（${SOURCE_KIND_LABELS[input.kind]}，${CLASSIFICATION_LABELS[input.classification]}）：${before.title}${before.title === values.title ? '' : ` → ${values.title}`}`,
    });
  });
  return presentSource((await findSourceRow(deps.db, sourceId))!, await countCardsOfSource(deps.db, sourceId), true);
}

/** Deletes a source no card is drawn from; with cards it is refused, naming how many (hidden ones included). */
export async function deleteSource(
  deps: Deps,
  principal: Principal,
  projectId: number,
  sourceId: number,
): Promise<void> {
  const scope = await loadMaterialsScope(deps.db, principal, projectId, 'write');
  await deps.db.transaction().execute(async (trx) => {
    const source = await loadEditableSource(trx, scope, sourceId);
    const n = await countCardsOfSource(trx, source.id);
    if (n > 0)
      throw new AppError(
        'CONFLICT',
        `资料来源“${source.title}”还有 ${n} 张摘录卡片引用，不能删除。请先删除这些卡片或把它们改为出自其他来源，再删除此来源。`,
      );
    await deleteSourceRow(trx, source.id);
    await recordAudit(trx, deps.clock, principal, {
      action: 'materials.source_delete',
      entityType: 'compile_source',
      entityId: source.id,
      summary: `《${scope.access.project.title}》删除资料来源（${SOURCE_KIND_LABELS[source.kind as TSourceKind]}）：${source.title}`,
    });
  });
}

function cardValues(input: ReturnType<typeof ZCardInput.parse>) {
  const time = input.time ? parseFuzzyDate(input.time) : null;
  if (input.time && !time)
    throw new AppError(
      'VALIDATION_FAILED',
      `时间“${input.time}”无法识别，请写成 1985年、1985年春、1985年3月、1985年3月上旬或 1985年3月5日（不详可留空）。`,
    );
  return {
    text: input.text,
    time_text: time ? time.label : null,
    time_sort: time ? time.sort : null,
    place: input.place || null,
    subject: input.subject || null,
    locator: input.locator || null,
  };
}

/** A source as the listing shows it: anything else (another project's, above one's 密级, or for a unit contact one
 *  they neither filed nor draw a visible card from) is unknown, even to someone who knows its id. */
async function loadSourceFor(db: Db, scope: MaterialsScope, sourceId: number): Promise<SourceRow> {
  const source = (await loadMaterialsView(db, scope)).sources.get(sourceId);
  if (!source) throw new AppError('NOT_FOUND', `资料来源 ${sourceId} 不在本项目中，请重新选择。`);
  return source;
}

async function readCard(db: Db, scope: MaterialsScope, cardId: number): Promise<TCard> {
  const view = await loadMaterialsView(db, scope);
  const card = view.cards.find((c) => c.id === cardId);
  if (!card) throw new AppError('NOT_FOUND', `卡片 ${cardId} 不存在或您无权查看。`);
  return presentCard(view, card);
}

/** Enters an excerpt card from a source, linked to the nodes it serves. */
export async function createCard(deps: Deps, principal: Principal, projectId: number, raw: TCardInput): Promise<TCard> {
  const input = validate(ZCardInput, raw);
  const scope = await loadMaterialsScope(deps.db, principal, projectId, 'write');
  const id = await deps.db.transaction().execute(async (trx) => {
    const source = await loadSourceFor(trx, scope, input.sourceId);
    assertLinksNodes(scope, input.nodeIds);
    const now = deps.clock.now().toISOString();
    const cardId = await insertCard(trx, {
      project_id: projectId,
      source_id: source.id,
      ...cardValues(input),
      unit_id: scope.access.actor?.unitId ?? null,
      created_by: scope.access.actor?.userId ?? null,
      created_by_name: actorName(principal),
      created_at: now,
      updated_at: now,
    });
    await replaceCardNodes(trx, cardId, input.nodeIds);
    await recordAudit(trx, deps.clock, principal, {
      action: 'materials.card_create',
      entityType: 'compile_card',
      entityId: cardId,
      summary: `《${scope.access.project.title}》摘录卡片 #${cardId}（出自：${source.title}）`,
    });
    return cardId;
  });
  return readCard(deps.db, scope, id);
}

async function loadEditableCard(db: Db, scope: MaterialsScope, cardId: number): Promise<CardRow> {
  const card = await findCardRow(db, cardId);
  if (!card || card.project_id !== scope.access.project.id)
    throw new AppError('NOT_FOUND', `卡片 ${cardId} 不在本项目中。`);
  const source = (await findSourceRow(db, card.source_id))!;
  const links = (await findCardNodeLinks(db, scope.access.project.id)).filter((l) => l.card_id === cardId);
  if (!canSeeCard(scope, card, source, links)) throw new AppError('NOT_FOUND', `卡片 ${cardId} 不存在或您无权查看。`);
  if (!canEditCard(scope, card))
    throw new AppError(
      'FORBIDDEN',
      `卡片 #${cardId} 由${card.created_by_name}录入，只有录入者所在单位或主编、总纂、分纂可以修改。`,
    );
  return card;
}

export async function updateCard(
  deps: Deps,
  principal: Principal,
  projectId: number,
  cardId: number,
  raw: TCardInput,
): Promise<TCard> {
  const input = validate(ZCardInput, raw);
  const scope = await loadMaterialsScope(deps.db, principal, projectId, 'write');
  await deps.db.transaction().execute(async (trx) => {
    const card = await loadEditableCard(trx, scope, cardId);
    const source = await loadSourceFor(trx, scope, input.sourceId);
    assertLinksNodes(scope, input.nodeIds);
    // A unit contact keeps the links to nodes they do not see.
    const hiddenLinks =
      scope.ownNodeIds === null
        ? []
        : (await findCardNodeLinks(trx, projectId))
            .filter((l) => l.card_id === cardId && !scope.ownNodeIds!.has(l.node_id))
            .map((l) => l.node_id);
    await updateCardRow(trx, card.id, {
      source_id: source.id,
      ...cardValues(input),
      updated_at: deps.clock.now().toISOString(),
    });
    await replaceCardNodes(trx, card.id, [...input.nodeIds, ...hiddenLinks]);
    await recordAudit(trx, deps.clock, principal, {
      action: 'materials.card_update',
      entityType: 'compile_card',
      entityId: card.id,
      summary: `《${scope.access.project.title}》修改摘录卡片 #${card.id}`,
    });
  });
  return readCard(deps.db, scope, cardId);
}

/**
 * Deletes a card. A contradiction it belongs to that is left with fewer than two cards is removed with it (a
 * contradiction needs two sides); deleting the card an editor chose when resolving a contradiction is refused, since
 * the decision would lose its evidence — the editor must first record the contradiction anew or keep the card.
 */
export async function deleteCard(deps: Deps, principal: Principal, projectId: number, cardId: number): Promise<void> {
  const scope = await loadMaterialsScope(deps.db, principal, projectId, 'write');
  await deps.db.transaction().execute(async (trx) => {
    const card = await loadEditableCard(trx, scope, cardId);
    const [rows, members] = await Promise.all([
      findContradictionRows(trx, projectId),
      findContradictionCards(trx, projectId),
    ]);
    const chosen = rows.filter((r) => r.status === 'resolved' && r.chosen_card_id === card.id);
    if (chosen.length)
      throw new AppError(
        'CONFLICT',
        `卡片 #${card.id} 是资料矛盾${chosen.map((r) => `“${r.fact}”`).join('、')}裁定时采信的卡片，不能删除；如需更正，请修改卡片内容。`,
      );
    const orphaned = rows.filter((r) => {
      const ids = members.filter((m) => m.contradiction_id === r.id).map((m) => m.card_id);
      return ids.includes(card.id) && ids.length - 1 < 2;
    });
    for (const r of orphaned) await deleteContradictionRow(trx, r.id);
    await deleteCardRow(trx, card.id);
    await recordAudit(trx, deps.clock, principal, {
      action: 'materials.card_delete',
      entityType: 'compile_card',
      entityId: card.id,
      summary: `《${scope.access.project.title}》删除摘录卡片 #${card.id}：${card.text.slice(0, 30)}${orphaned.length ? `；只剩一张卡片的资料矛盾${orphaned.map((r) => `“${r.fact}”`).join('、')}随之撤销` : ''}`,
    });
  });
}
