import { AppError } from '../../../shared/errors.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit, type AuditRecord } from '../../platform/audit/audit.service.ts';
import type { Clock } from '../../platform/clock.ts';
import { insertOutlineChange } from './outline.repository.ts';
import { actorName, type ProjectAccess } from './project-access.ts';
import { updateProjectRow } from './project.repository.ts';

/**
 * The approval gate of the outline: a structural change (add, rename, move, split, merge, delete, import) is refused
 * while a revision waits for approval, and after an approval it reopens the outline for editing — nodes added since
 * cannot be drafted until the next revision is approved.
 */
export async function beginStructuralChange(trx: Db, access: ProjectAccess, now: string): Promise<void> {
  if (access.project.outline_state === 'pending') {
    throw new AppError('CONFLICT', '篇目正在报批，暂不能修改结构；请等待主编批准或退回后再修改。');
  }
  if (access.project.outline_state === 'approved') {
    await updateProjectRow(trx, access.project.id, { outline_state: 'editing', updated_at: now });
    access.project.outline_state = 'editing';
  }
}

/** One line of the outline's history, in the same transaction as the change. */
export async function recordOutlineChange(
  trx: Db,
  access: ProjectAccess,
  now: string,
  change: { nodeId: number | null; kind: string; summary: string; detail?: unknown },
): Promise<void> {
  await insertOutlineChange(trx, {
    project_id: access.project.id,
    node_id: change.nodeId,
    kind: change.kind,
    summary: change.summary,
    detail_json: change.detail === undefined ? null : JSON.stringify(change.detail),
    actor_name: actorName(access.principal),
    occurred_at: now,
  });
}

/**
 * An outline edit is recorded twice on purpose, for two readers: the outline's own history (shown beside the tree)
 * and the append-only audit log. One call writes both, in the caller's transaction.
 */
export async function recordOutlineEdit(
  trx: Db,
  clock: Clock,
  access: ProjectAccess,
  now: string,
  change: { nodeId: number | null; kind: string; summary: string; detail?: unknown },
  audit: AuditRecord,
): Promise<void> {
  await recordOutlineChange(trx, access, now, change);
  await recordAudit(trx, clock, access.principal, audit);
}
