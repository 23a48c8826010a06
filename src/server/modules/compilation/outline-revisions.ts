import { AppError } from '../../../shared/errors.ts';
import { ZRevisionDecision, type TOutline } from '../../../shared/compilation.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { getOutline } from './get-outline.ts';
import { recordOutlineChange } from './outline-history.ts';
import {
  findNodeRows,
  findRevisionRow,
  findRevisionRows,
  insertRevision,
  markNodesApproved,
  updateRevisionRow,
} from './outline.repository.ts';
import { buildTree, flattenTree } from './outline/outline-tree.ts';
import { actorName, loadProject } from './project-access.ts';
import { updateProjectRow } from './project.repository.ts';
import { validate } from './validate.ts';

type Deps = { db: Db; clock: Clock };

/** Sends the outline as it stands for approval: a numbered revision with a snapshot of the tree. */
export async function submitOutline(deps: Deps, principal: Principal, projectId: number): Promise<TOutline> {
  await deps.db.transaction().execute(async (trx) => {
    const access = await loadProject(trx, principal, projectId, 'editOutline');
    if (access.project.outline_state === 'pending') throw new AppError('CONFLICT', '篇目已在报批中，请等待批准。');
    if (access.project.outline_state === 'approved')
      throw new AppError('CONFLICT', '当前篇目已批准，没有需要报批的修改。');
    const nodes = flattenTree(buildTree(await findNodeRows(trx, projectId)));
    if (nodes.length === 0) throw new AppError('VALIDATION_FAILED', '篇目为空，请先编制或导入篇目再报批。');
    const now = deps.clock.now().toISOString();
    const number = ((await findRevisionRows(trx, projectId))[0]?.number ?? 0) + 1;
    const snapshot = nodes.map((n) => ({
      id: n.row.id,
      parentId: n.row.parent_id,
      depth: n.depth,
      level: n.row.level,
      number: n.number,
      title: n.row.title,
    }));
    await insertRevision(trx, {
      project_id: projectId,
      number,
      status: 'pending',
      snapshot_json: JSON.stringify(snapshot),
      node_count: nodes.length,
      submitted_by: actorName(principal),
      submitted_at: now,
      decided_by: null,
      decided_at: null,
      comment: null,
    });
    await updateProjectRow(trx, projectId, { outline_state: 'pending', updated_at: now });
    await recordOutlineChange(trx, access, now, {
      nodeId: null,
      kind: 'submit',
      summary: `篇目第 ${number} 版报批（${nodes.length} 条）`,
    });
    await recordAudit(trx, deps.clock, principal, {
      action: 'compile.outline.submit',
      entityType: 'compile_project',
      entityId: projectId,
      summary: `《${access.project.title}》篇目第 ${number} 版报批`,
    });
  });
  return getOutline(deps, principal, projectId);
}

/** 主编/副主编 approve (drafting may start on every node) or return the revision with a reason. */
export async function decideOutlineRevision(
  deps: Deps,
  principal: Principal,
  projectId: number,
  revisionId: number,
  raw: unknown,
): Promise<TOutline> {
  const decision = validate(ZRevisionDecision, raw);
  await deps.db.transaction().execute(async (trx) => {
    const access = await loadProject(trx, principal, projectId, 'approveOutline');
    const revision = await findRevisionRow(trx, revisionId);
    if (!revision || revision.project_id !== projectId) throw new AppError('NOT_FOUND', '该篇目版本不存在。');
    if (revision.status !== 'pending')
      throw new AppError('CONFLICT', `篇目第 ${revision.number} 版已处理，不能重复审批。`);
    if (!decision.approve && !decision.comment)
      throw new AppError('VALIDATION_FAILED', '退回篇目时请写明意见，便于修改。');
    const now = deps.clock.now().toISOString();
    await updateRevisionRow(trx, revisionId, {
      status: decision.approve ? 'approved' : 'rejected',
      decided_by: actorName(principal),
      decided_at: now,
      comment: decision.comment,
    });
    await updateProjectRow(trx, projectId, {
      outline_state: decision.approve ? 'approved' : 'editing',
      updated_at: now,
    });
    if (decision.approve) await markNodesApproved(trx, projectId, now);
    await recordOutlineChange(trx, access, now, {
      nodeId: null,
      kind: decision.approve ? 'approve' : 'return',
      summary: `篇目第 ${revision.number} 版${decision.approve ? '批准' : '退回'}${decision.comment ? `：${decision.comment}` : ''}`,
    });
    await recordAudit(trx, deps.clock, principal, {
      action: decision.approve ? 'compile.outline.approve' : 'compile.outline.return',
      entityType: 'compile_project',
      entityId: projectId,
      summary: `《${access.project.title}》篇目第 ${revision.number} 版${decision.approve ? '批准' : '退回'}`,
    });
  });
  return getOutline(deps, principal, projectId);
}
