import { AppError } from '../../../shared/errors.ts';
import type { TProjectAccess, TProjectRole } from '../../../shared/compilation.ts';
import type { Db } from '../../db/database.ts';
import { isSystemActor, type Actor, type Principal } from '../../platform/auth/actor.ts';
import { authorize, can, type Action } from '../../platform/policy.ts';
import { findMemberRowsOfUser, findProjectRow, type ProjectRow } from './project.repository.ts';
import { findNodeRow, type NodeRow } from './outline.repository.ts';
import { findAssignmentsOfProject } from './assignment.repository.ts';

/**
 * The one place that decides what a principal may do in a project, on top of the POLICY actions: project roles
 * (主编, 副主编, 责任总纂, 分纂, 撰稿人, 承编单位联络员), the owner unit, and which nodes a unit contact or writer sees.
 * Every compilation use case loads its project through `loadProject` first.
 */

export type ProjectNeed = 'read' | 'manage' | 'editOutline' | 'approveOutline' | 'write';

export interface ProjectAccess {
  project: ProjectRow;
  principal: Principal;
  /** The signed-in user, or null for the command line and jobs. */
  actor: Actor | null;
  roles: TProjectRole[];
  /** Units the actor answers for as 承编单位联络员 (or as a 撰稿人 named for a unit). */
  unitIds: number[];
  /** Nodes with a 供稿/撰稿/审读 assignment to the actor or one of those units. */
  assignedNodeIds: Set<number>;
}

const EDITORS: readonly TProjectRole[] = ['chief_editor', 'deputy_editor'];

function has(access: ProjectAccess, roles: readonly TProjectRole[]): boolean {
  return access.roles.some((r) => roles.includes(r));
}

function isSystem(access: ProjectAccess): boolean {
  return access.actor === null;
}

function allows(access: ProjectAccess, action: Action): boolean {
  return isSystem(access) ? true : can(access.actor!, action);
}

export function canRead(access: ProjectAccess): boolean {
  if (isSystem(access) || allows(access, 'compile.read_all') || access.roles.length > 0) return true;
  return access.actor!.unitId !== null && access.actor!.unitId === access.project.owner_unit_id;
}

/** 编纂方案, roles, task link: 主编 and 副主编 (and the administrator, to repair a project whose editors left). */
export function canManage(access: ProjectAccess): boolean {
  return (
    allows(access, 'compile.write') &&
    (isSystem(access) || has(access, EDITORS) || allows(access, 'compile.administer'))
  );
}

export function canEditOutline(access: ProjectAccess): boolean {
  return canManage(access) || (allows(access, 'compile.write') && has(access, ['general_editor']));
}

export function canApproveOutline(access: ProjectAccess): boolean {
  return allows(access, 'compile.write') && (isSystem(access) || has(access, EDITORS));
}

/** Editors edit every node; a 分纂 too; a 撰稿人 the nodes written by them; a 联络员 the nodes of their unit. */
export function canWriteNode(
  access: ProjectAccess,
  node: Pick<NodeRow, 'id' | 'writer_id' | 'owner_unit_id'>,
): boolean {
  if (!allows(access, 'compile.write')) return false;
  if (canEditOutline(access) || has(access, ['section_editor'])) return true;
  if (has(access, ['writer']) && access.actor && node.writer_id === access.actor.userId) return true;
  return (
    has(access, ['unit_liaison', 'writer']) &&
    ((node.owner_unit_id !== null && access.unitIds.includes(node.owner_unit_id)) ||
      access.assignedNodeIds.has(node.id))
  );
}

/** True when the actor sees only the nodes assigned to them or their unit (a unit contact or a writer, nothing more). */
export function seesOnlyOwnNodes(access: ProjectAccess): boolean {
  if (isSystem(access) || allows(access, 'compile.read_all')) return false;
  if (access.roles.length === 0) return false;
  return access.roles.every((r) => r === 'writer' || r === 'unit_liaison');
}

export function isOwnNode(access: ProjectAccess, node: Pick<NodeRow, 'id' | 'writer_id' | 'owner_unit_id'>): boolean {
  return (
    (access.actor !== null && node.writer_id === access.actor.userId) ||
    (node.owner_unit_id !== null && access.unitIds.includes(node.owner_unit_id)) ||
    access.assignedNodeIds.has(node.id)
  );
}

export function describeAccess(access: ProjectAccess): TProjectAccess {
  return {
    roles: access.roles,
    manage: canManage(access),
    editOutline: canEditOutline(access),
    approveOutline: canApproveOutline(access),
  };
}

const REFUSALS: Record<Exclude<ProjectNeed, 'read'>, string> = {
  manage: '只有本项目的主编、副主编可以修改编纂方案和项目人员。',
  editOutline: '只有本项目的主编、副主编、责任总纂可以修改篇目。',
  approveOutline: '只有本项目的主编、副主编可以批准篇目。',
  write: '您在本项目中没有撰稿或编辑权限，请联系主编分配角色。',
};

/**
 * Loads a project for the principal and refuses (403) what its roles do not allow. The POLICY action is checked first:
 * `compile.read` to look, `compile.write` to change anything.
 */
export async function loadProject(
  db: Db,
  principal: Principal,
  projectId: number,
  need: ProjectNeed,
): Promise<ProjectAccess> {
  authorize(principal, need === 'read' ? 'compile.read' : 'compile.write');
  const project = await findProjectRow(db, projectId);
  if (!project) throw new AppError('NOT_FOUND', `编纂项目 ${projectId} 不存在或已被删除。`);
  const actor = isSystemActor(principal) ? null : principal;
  const members = actor ? await findMemberRowsOfUser(db, projectId, actor.userId) : [];
  const unitIds = [...new Set(members.filter((m) => m.unit_id !== null).map((m) => m.unit_id as number))];
  const assigned = actor
    ? (await findAssignmentsOfProject(db, projectId)).filter(
        (a) => a.user_id === actor.userId || (a.unit_id !== null && unitIds.includes(a.unit_id)),
      )
    : [];
  const access: ProjectAccess = {
    project,
    principal,
    actor,
    roles: [...new Set(members.map((m) => m.role as TProjectRole))],
    unitIds,
    assignedNodeIds: new Set(assigned.map((a) => a.node_id)),
  };
  if (!canRead(access)) throw new AppError('FORBIDDEN', '您不是该编纂项目的成员，不能查看。');
  if (need === 'manage' && !canManage(access)) throw new AppError('FORBIDDEN', REFUSALS.manage);
  if (need === 'editOutline' && !canEditOutline(access)) throw new AppError('FORBIDDEN', REFUSALS.editOutline);
  if (need === 'approveOutline' && !canApproveOutline(access)) throw new AppError('FORBIDDEN', REFUSALS.approveOutline);
  if (need === 'write' && !allows(access, 'compile.write')) throw new AppError('FORBIDDEN', REFUSALS.write);
  return access;
}

/** The node and the headings above it: a 分目 given to a unit gives it every 条目 under it. */
export async function loadLineage(db: Db, node: NodeRow): Promise<NodeRow[]> {
  const lineage = [node];
  for (let parentId = node.parent_id, guard = 0; parentId !== null && guard < 50; guard++) {
    const parent = await findNodeRow(db, parentId);
    if (!parent) break;
    lineage.push(parent);
    parentId = parent.parent_id;
  }
  return lineage;
}

export async function canWriteNodeIn(db: Db, access: ProjectAccess, node: NodeRow): Promise<boolean> {
  if (canWriteNode(access, node)) return true;
  if (!has(access, ['unit_liaison', 'writer']) || !allows(access, 'compile.write')) return false;
  return (await loadLineage(db, node)).some((n) => isOwnNode(access, n));
}

export async function isOwnNodeIn(db: Db, access: ProjectAccess, node: NodeRow): Promise<boolean> {
  return (await loadLineage(db, node)).some((n) => isOwnNode(access, n));
}

/** Refuses a node the actor may not write. */
export async function assertWritesNode(db: Db, access: ProjectAccess, node: NodeRow): Promise<void> {
  if (!(await canWriteNodeIn(db, access, node)))
    throw new AppError('FORBIDDEN', `“${node.title}”不是分配给您或您所在单位的篇目，不能修改。`);
}

/** Who did it, for histories and version lines. */
export function actorName(principal: Principal): string {
  return isSystemActor(principal) ? `系统（${principal.purpose}）` : principal.displayName;
}

/** The signed-in user behind a principal (null for the command line and jobs): whose unit, whose membership. */
export function signedInUser(principal: Principal): Actor | null {
  return isSystemActor(principal) ? null : principal;
}
