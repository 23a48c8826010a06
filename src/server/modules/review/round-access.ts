import { AppError } from '../../../shared/errors.ts';
import type { Db } from '../../db/database.ts';
import { isSystemActor, systemActor, type Actor, type Principal } from '../../platform/auth/actor.ts';
import { authorize, can } from '../../platform/policy.ts';
import { getProject } from '../compilation/get-project.ts';
import { findPanelRows, findRoundRow, type PanelRow, type RoundRow } from './review.repository.ts';

/**
 * The one place that decides who reaches a review round. A panel member reaches the rounds they sit on (an external
 * expert, role `expert`, reaches nothing else: every other module refuses the role); the project's 主编/副主编 (or, for an
 * uploaded manuscript, its unit) manage it; leaders, supervisors and admins read all; whoever may read the project reads
 * what is shown to the writers. A round the principal may not read answers 404, so its existence does not leak.
 */

export type RoundNeed = 'read' | 'manage' | 'opine';

export interface RoundAccess {
  round: RoundRow;
  actor: Actor | null;
  panel: PanelRow[];
  /** The principal's own panel seat, if any. */
  me: PanelRow | null;
  manage: boolean;
  /** Sees opinions kept within the panel (panel, managers, leaders). */
  seesAll: boolean;
}

/** How review reads a frozen 送审稿 or a project once the round's own check has passed. */
export const REVIEW_READER = systemActor('review');

async function projectView(db: Db, actor: Actor, projectId: number) {
  try {
    return await getProject({ db }, actor, projectId);
  } catch (error) {
    if (error instanceof AppError && (error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND')) return null;
    throw error;
  }
}

/** Whether the actor organises reviews of this book: the project's editors, or the uploading unit for a manuscript. */
export async function managesBook(
  db: Db,
  principal: Principal,
  book: Pick<RoundRow, 'project_id' | 'owner_unit_id' | 'created_by'>,
): Promise<boolean> {
  if (isSystemActor(principal)) return true;
  if (!can(principal, 'round.manage')) return false;
  if (book.project_id !== null) return (await projectView(db, principal, book.project_id))?.access.manage ?? false;
  return (
    book.created_by === principal.userId || (book.owner_unit_id !== null && book.owner_unit_id === principal.unitId)
  );
}

export async function accessOf(db: Db, principal: Principal, round: RoundRow): Promise<RoundAccess | null> {
  const actor = isSystemActor(principal) ? null : principal;
  const panel = await findPanelRows(db, round.id);
  const me = actor ? (panel.find((p) => p.user_id === actor.userId) ?? null) : null;
  const manage = await managesBook(db, principal, round);
  const readAll = actor === null || can(actor, 'round.read_all');
  let readable = manage || readAll || me !== null;
  if (!readable && actor && round.project_id !== null)
    readable = (await projectView(db, actor, round.project_id)) !== null;
  if (!readable && actor && round.project_id === null)
    readable = round.owner_unit_id !== null && round.owner_unit_id === actor.unitId;
  if (!readable) return null;
  return { round, actor, panel, me, manage, seesAll: manage || readAll || me !== null };
}

const NOT_FOUND = (id: number) => new AppError('NOT_FOUND', `评审轮次 ${id} 不存在，或您不在其评审组中。`);

/** Loads a round for the principal: 404 when they may not see it, 403 when they may see but not do what they ask. */
export async function loadRound(db: Db, principal: Principal, id: number, need: RoundNeed): Promise<RoundAccess> {
  authorize(principal, need === 'manage' ? 'round.manage' : need === 'opine' ? 'round.opine' : 'round.read');
  const row = await findRoundRow(db, id);
  if (!row) throw NOT_FOUND(id);
  const access = await accessOf(db, principal, row);
  if (!access) throw NOT_FOUND(id);
  if (need === 'manage' && !access.manage)
    throw new AppError(
      'FORBIDDEN',
      row.project_id !== null
        ? '只有本书编纂项目的主编、副主编可以组织评审、答复意见。'
        : '只有上传书稿的单位可以组织这轮评审、答复意见。',
    );
  if (need === 'opine' && !access.me) throw new AppError('FORBIDDEN', '只有本轮评审组成员可以提出意见和签名。');
  return access;
}
