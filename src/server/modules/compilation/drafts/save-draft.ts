import { AppError } from '../../../../shared/errors.ts';
import { ZDraftSave, type TDraftSave, type TNodeDrafts, type TNodeStatus } from '../../../../shared/compilation.ts';
import type { Db } from '../../../db/database.ts';
import { isUniqueViolation } from '../../../db/database.ts';
import type { Principal } from '../../../platform/auth/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import { recordAudit } from '../../../platform/audit/audit.service.ts';
import { findLatestVersionRow, findVersionRow, findVersionRows, insertDraftVersion } from '../draft.repository.ts';
import { loadNodeOf } from '../edit-outline.ts';
import { updateNodeRow, type NodeRow } from '../outline.repository.ts';
import {
  actorName,
  assertWritesNode,
  canEditOutline,
  canWriteNodeIn,
  isOwnNodeIn,
  loadProject,
  seesOnlyOwnNodes,
  type ProjectAccess,
} from '../project-access.ts';
import { validate } from '../validate.ts';
import { countChars, htmlToPlainText, sanitizeDraftHtml } from './draft-html.ts';
import { presentVersion, presentVersionSummary } from './present-draft.ts';
import { problemsOfNode } from '../check-project.ts';

type Deps = { db: Db; clock: Clock };

/** Editors (主编 … 分纂) editing a node make it 已编辑; a writer or unit contact saving makes it 已有初稿. */
function isEditor(access: ProjectAccess): boolean {
  return canEditOutline(access) || access.roles.includes('section_editor');
}

/** The drafting gate: a node must be in an approved outline revision. */
export function assertDraftable(node: NodeRow): void {
  if (node.approved_at === null)
    throw new AppError('CONFLICT', `“${node.title}”所在的篇目尚未批准（或批准后有调整），请主编批准篇目后再撰稿。`);
}

export async function loadReadableNode(
  db: Db,
  principal: Principal,
  projectId: number,
  nodeId: number,
): Promise<{ access: ProjectAccess; node: NodeRow }> {
  const access = await loadProject(db, principal, projectId, 'read');
  const node = await loadNodeOf(db, projectId, nodeId);
  if (seesOnlyOwnNodes(access) && !(await isOwnNodeIn(db, access, node)))
    throw new AppError('FORBIDDEN', `“${node.title}”不是分配给您或您所在单位的篇目。`);
  return { access, node };
}

/** Appends a version (never changes one); used by saving, importing a .docx and restoring. */
export async function appendVersion(
  trx: Db,
  clock: Clock,
  access: ProjectAccess,
  node: NodeRow,
  v: {
    html: string;
    source: 'editor' | 'docx' | 'restore';
    sourceName?: string | null;
    restoredFrom?: number | null;
    note?: string | null;
    baseVersion?: number | null;
  },
): Promise<number> {
  await assertWritesNode(trx, access, node);
  assertDraftable(node);
  const html = sanitizeDraftHtml(v.html);
  const text = htmlToPlainText(html);
  if (!text.trim() && !/<img /.test(html))
    throw new AppError('VALIDATION_FAILED', '稿件没有内容，请填写正文后再保存。');
  const latest = await findLatestVersionRow(trx, node.id);
  if (v.baseVersion !== undefined && v.baseVersion !== null && (latest?.version ?? 0) !== v.baseVersion) {
    throw new AppError(
      'CONFLICT',
      `保存时发现“${node.title}”已有更新的第 ${latest?.version} 版（${latest?.created_by_name}）。请先查看该版本，再在其基础上修改。`,
    );
  }
  const now = clock.now().toISOString();
  const version = (latest?.version ?? 0) + 1;
  let id: number;
  try {
    id = await insertDraftVersion(trx, {
      node_id: node.id,
      version,
      html,
      plain_text: text,
      char_count: countChars(text),
      source: v.source,
      source_name: v.sourceName ?? null,
      restored_from: v.restoredFrom ?? null,
      note: v.note ?? null,
      created_by: access.actor?.userId ?? null,
      created_by_name: actorName(access.principal),
      created_at: now,
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError('CONFLICT', `“${node.title}”刚刚有人保存了新版本，请刷新后再保存。`);
    throw error;
  }
  const status: TNodeStatus =
    isEditor(access) && latest ? 'edited' : node.status === 'edited' || node.status === 'final' ? 'edited' : 'drafted';
  await updateNodeRow(trx, node.id, { status, is_carried: 0, updated_at: now });
  await recordAudit(trx, clock, access.principal, {
    action: 'compile.draft.save',
    entityType: 'compile_node',
    entityId: node.id,
    summary: `《${access.project.title}》“${node.title}”第 ${version} 版（${{ editor: '编辑', docx: '导入 Word', restore: `恢复第 ${v.restoredFrom ?? ''} 号版本` }[v.source]}，${countChars(text)} 字）`,
  });
  return id;
}

export async function getNodeDrafts(
  deps: { db: Db },
  principal: Principal,
  projectId: number,
  nodeId: number,
): Promise<TNodeDrafts> {
  const { access, node } = await loadReadableNode(deps.db, principal, projectId, nodeId);
  const rows = await findVersionRows(deps.db, nodeId);
  return {
    nodeId,
    problems: rows[0] ? await problemsOfNode(deps.db, access, nodeId) : [],
    status: node.status as TNodeStatus,
    canWrite: await canWriteNodeIn(deps.db, access, node),
    canFinalise: isEditor(access),
    approved: node.approved_at !== null,
    latest: rows[0] ? presentVersion(rows[0]) : null,
    versions: rows.map(presentVersionSummary),
  };
}

export async function saveDraft(
  deps: Deps,
  principal: Principal,
  projectId: number,
  nodeId: number,
  raw: TDraftSave,
): Promise<TNodeDrafts> {
  const input = validate(ZDraftSave, raw);
  await deps.db.transaction().execute(async (trx) => {
    const access = await loadProject(trx, principal, projectId, 'write');
    const node = await loadNodeOf(trx, projectId, nodeId);
    await appendVersion(trx, deps.clock, access, node, {
      html: input.html,
      source: 'editor',
      note: input.note,
      baseVersion: input.baseVersion ?? null,
    });
  });
  return getNodeDrafts(deps, principal, projectId, nodeId);
}

/** Restores an old version as a new one: history is never rewritten. */
export async function restoreVersion(
  deps: Deps,
  principal: Principal,
  projectId: number,
  versionId: number,
): Promise<TNodeDrafts> {
  const nodeId = await deps.db.transaction().execute(async (trx) => {
    const access = await loadProject(trx, principal, projectId, 'write');
    const old = await findVersionRow(trx, versionId);
    if (!old) throw new AppError('NOT_FOUND', '该稿件版本不存在。');
    const node = await loadNodeOf(trx, projectId, old.node_id);
    await appendVersion(trx, deps.clock, access, node, {
      html: old.html,
      source: 'restore',
      restoredFrom: old.version,
      note: `恢复自第 ${old.version} 版`,
    });
    return node.id;
  });
  return getNodeDrafts(deps, principal, projectId, nodeId);
}

/** 定稿 and back: editors only. `beforeFinal` adds conditions a node must meet before it is final. */
export async function setNodeStatus(
  deps: Deps,
  principal: Principal,
  projectId: number,
  nodeId: number,
  status: TNodeStatus,
  beforeFinal?: (trx: Db, node: NodeRow) => Promise<void>,
): Promise<TNodeDrafts> {
  await deps.db.transaction().execute(async (trx) => {
    const access = await loadProject(trx, principal, projectId, 'write');
    const node = await loadNodeOf(trx, projectId, nodeId);
    if (!isEditor(access)) throw new AppError('FORBIDDEN', '只有主编、副主编、责任总纂或分纂可以定稿。');
    const latest = await findLatestVersionRow(trx, nodeId);
    if (status !== 'planned' && !latest)
      throw new AppError('CONFLICT', `“${node.title}”还没有稿件，不能标为${status === 'final' ? '定稿' : '已编辑'}。`);
    if (status === 'final' && beforeFinal) await beforeFinal(trx, node);
    await updateNodeRow(trx, nodeId, { status, updated_at: deps.clock.now().toISOString() });
    await recordAudit(trx, deps.clock, principal, {
      action: 'compile.node.status',
      entityType: 'compile_node',
      entityId: nodeId,
      summary: `《${access.project.title}》“${node.title}”标为${{ planned: '未动笔', drafted: '已有初稿', edited: '已编辑', final: '定稿' }[status]}`,
    });
  });
  return getNodeDrafts(deps, principal, projectId, nodeId);
}
