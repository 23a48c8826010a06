import { AppError } from '../../../shared/errors.ts';
import {
  ASSIGNMENT_KIND_LABELS,
  ZAssignmentInput,
  type TAssignment,
  type TAssignmentInput,
  type TAssignmentKind,
} from '../../../shared/compilation.ts';
import type { Db } from '../../db/database.ts';
import { isSystemActor, type Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { authorize } from '../../platform/policy.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { findRecipients, notifyInApp, type Recipient } from '../notifications/dispatch.ts';
import { findUnitById } from '../org/org.repository.ts';
import { findUserById } from '../users/users.repository.ts';
import {
  deleteAssignmentRow,
  findAssignmentRow,
  findAssignmentsOfProject,
  findOpenAssignmentsFor,
  insertAssignment,
  markAssignmentDone,
  type AssignmentRow,
} from './assignment.repository.ts';
import { loadNodeOf } from './edit-outline.ts';
import { findNodeRows, updateNodeRow, type NodeRow } from './outline.repository.ts';
import { buildTree, flattenTree, pathLabel } from './outline/outline-tree.ts';
import { canEditOutline, isOwnNode, loadProject, seesOnlyOwnNodes } from './project-access.ts';
import { findMemberRows, findProjectRow, findProjectRowsFor, type ProjectRow } from './project.repository.ts';
import { loadNames, type Names } from './present.ts';
import { validate } from './validate.ts';

type Deps = { db: Db; clock: Clock };

const todayOf = (clock: Clock) => clock.now().toISOString().slice(0, 10);

function present(
  a: AssignmentRow,
  project: Pick<ProjectRow, 'id' | 'title'>,
  path: string,
  names: Names,
  today: string,
): TAssignment {
  return {
    id: a.id,
    nodeId: a.node_id,
    nodePath: path,
    kind: a.kind as TAssignmentKind,
    unitId: a.unit_id,
    unitName: names.unit(a.unit_id),
    userId: a.user_id,
    userName: names.user(a.user_id),
    dueDate: a.due_date,
    doneAt: a.done_at,
    overdue: a.done_at === null && a.due_date < today,
    projectId: project.id,
    projectTitle: project.title,
  };
}

/**
 * Who hears of an assignment: the person named, or the unit's 联络员 in the project and its own staff and head. Sent
 * through the notification centre (`notifyInApp` of modules/notifications), once per key.
 */
export async function assignmentRecipients(
  db: Db,
  projectId: number,
  a: Pick<AssignmentRow, 'unit_id' | 'user_id'>,
): Promise<Recipient[]> {
  const out = new Map<number, Recipient>();
  if (a.user_id !== null) {
    const u = await findUserById(db, a.user_id);
    if (u && !u.is_disabled) out.set(u.id, { id: u.id, displayName: u.display_name, email: u.email });
  }
  if (a.unit_id !== null) {
    for (const r of await findRecipients(db, ['unit_staff', 'unit_head'], [a.unit_id])) out.set(r.id, r);
    for (const m of await findMemberRows(db, projectId)) {
      if (m.role !== 'unit_liaison' || m.unit_id !== a.unit_id || out.has(m.user_id)) continue;
      const u = await findUserById(db, m.user_id);
      if (u && !u.is_disabled) out.set(u.id, { id: u.id, displayName: u.display_name, email: u.email });
    }
  }
  return [...out.values()];
}

export async function listAssignments(deps: Deps, principal: Principal, projectId: number): Promise<TAssignment[]> {
  const access = await loadProject(deps.db, principal, projectId, 'read');
  const rows = await findNodeRows(deps.db, projectId);
  const flat = flattenTree(buildTree(rows));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const names = await loadNames(deps.db);
  const today = todayOf(deps.clock);
  return (await findAssignmentsOfProject(deps.db, projectId))
    .filter((a) => !seesOnlyOwnNodes(access) || isOwnNode(access, byId.get(a.node_id)!))
    .map((a) => present(a, access.project, pathLabel(flat, a.node_id), names, today));
}

/** Gives a node's 供稿/撰稿/审读 to a unit or a person with a due date, and tells them in the notification centre. */
export async function createAssignment(
  deps: Deps,
  principal: Principal,
  projectId: number,
  raw: TAssignmentInput,
): Promise<TAssignment[]> {
  const input = validate(ZAssignmentInput, raw);
  await deps.db.transaction().execute(async (trx) => {
    const access = await loadProject(trx, principal, projectId, 'editOutline');
    const node = await loadNodeOf(trx, projectId, input.nodeId);
    const unit = input.unitId ? await findUnitById(trx, input.unitId) : null;
    if (input.unitId && !unit) throw new AppError('VALIDATION_FAILED', '所选承担单位不存在，请刷新后重新选择。');
    const user = input.userId ? await findUserById(trx, input.userId) : null;
    if (input.userId && (!user || user.is_disabled))
      throw new AppError('VALIDATION_FAILED', '所选承担人不存在或已停用。');
    const now = deps.clock.now().toISOString();
    if (input.dueDate < todayOf(deps.clock))
      throw new AppError('VALIDATION_FAILED', `截止日期 ${input.dueDate} 已过，请选择今天或以后的日期。`);
    const id = await insertAssignment(trx, {
      node_id: node.id,
      kind: input.kind,
      unit_id: unit?.id ?? null,
      user_id: user?.id ?? null,
      due_date: input.dueDate,
      done_at: null,
      created_by_name: access.actor?.displayName ?? '系统',
      created_at: now,
    });
    // A unit given the writing or the materials of an unowned node becomes its 承编单位.
    if (unit && input.kind !== 'review' && node.owner_unit_id === null)
      await updateNodeRow(trx, node.id, { owner_unit_id: unit.id, updated_at: now });
    const label = ASSIGNMENT_KIND_LABELS[input.kind];
    const who = [unit?.name, user?.display_name].filter(Boolean).join('、');
    await notifyInApp(
      trx,
      now,
      await assignmentRecipients(trx, projectId, { unit_id: unit?.id ?? null, user_id: user?.id ?? null }),
      {
        kind: 'compile.assignment',
        title: `${label}任务：《${access.project.title}》“${node.title}”`,
        lines: [
          `请于 ${input.dueDate} 前完成“${node.title}”的${label}。`,
          `分配人：${access.actor?.displayName ?? '系统'}`,
        ],
        link: `/compilation/${projectId}?tab=drafts&node=${node.id}`,
        dedupeKey: `compile-assignment-${id}`,
      },
    );
    await recordAudit(trx, deps.clock, principal, {
      action: 'compile.assignment.create',
      entityType: 'compile_assignment',
      entityId: id,
      summary: `《${access.project.title}》“${node.title}”${label}交${who}，${input.dueDate} 前完成`,
    });
  });
  return listAssignments(deps, principal, projectId);
}

/** Marks an assignment done (its assignee or an editor), or reopens it. */
export async function setAssignmentDone(
  deps: Deps,
  principal: Principal,
  projectId: number,
  assignmentId: number,
  done: boolean,
): Promise<TAssignment[]> {
  await deps.db.transaction().execute(async (trx) => {
    const access = await loadProject(trx, principal, projectId, 'write');
    const a = await findAssignmentRow(trx, assignmentId);
    if (!a) throw new AppError('NOT_FOUND', '该任务不存在。');
    const node: NodeRow = await loadNodeOf(trx, projectId, a.node_id);
    const mine =
      access.actor !== null &&
      (a.user_id === access.actor.userId || (a.unit_id !== null && access.unitIds.includes(a.unit_id)));
    if (!mine && !canEditOutline(access))
      throw new AppError('FORBIDDEN', '只有承担单位、承担人或主编、责任总纂可以办结这项任务。');
    await markAssignmentDone(trx, assignmentId, done ? deps.clock.now().toISOString() : null);
    await recordAudit(trx, deps.clock, principal, {
      action: done ? 'compile.assignment.done' : 'compile.assignment.reopen',
      entityType: 'compile_assignment',
      entityId: assignmentId,
      summary: `《${access.project.title}》“${node.title}”${ASSIGNMENT_KIND_LABELS[a.kind as TAssignmentKind]}任务${done ? '完成' : '重新打开'}`,
    });
  });
  return listAssignments(deps, principal, projectId);
}

export async function deleteAssignment(
  deps: Deps,
  principal: Principal,
  projectId: number,
  assignmentId: number,
): Promise<TAssignment[]> {
  await deps.db.transaction().execute(async (trx) => {
    const access = await loadProject(trx, principal, projectId, 'editOutline');
    const a = await findAssignmentRow(trx, assignmentId);
    if (!a) throw new AppError('NOT_FOUND', '该任务不存在。');
    await loadNodeOf(trx, projectId, a.node_id);
    await deleteAssignmentRow(trx, assignmentId);
    await recordAudit(trx, deps.clock, principal, {
      action: 'compile.assignment.delete',
      entityType: 'compile_assignment',
      entityId: assignmentId,
      summary: `《${access.project.title}》撤销一项${ASSIGNMENT_KIND_LABELS[a.kind as TAssignmentKind]}任务`,
    });
  });
  return listAssignments(deps, principal, projectId);
}

/** 我的待办: open assignments for the signed-in user and the units they answer for, across projects. */
export async function listMyAssignments(deps: Deps, principal: Principal): Promise<TAssignment[]> {
  authorize(principal, 'compile.read');
  if (isSystemActor(principal)) return [];
  const projects = await findProjectRowsFor(deps.db, principal.userId, principal.unitId);
  const unitIds = new Set<number>(principal.unitId !== null ? [principal.unitId] : []);
  for (const p of projects)
    for (const m of await findMemberRows(deps.db, p.id))
      if (m.user_id === principal.userId && m.unit_id !== null) unitIds.add(m.unit_id);
  const rows = await findOpenAssignmentsFor(deps.db, principal.userId, [...unitIds]);
  const names = await loadNames(deps.db);
  const today = todayOf(deps.clock);
  const out: TAssignment[] = [];
  const flats = new Map<number, ReturnType<typeof flattenTree<NodeRow>>>();
  for (const a of rows) {
    const project = await findProjectRow(deps.db, a.project_id);
    if (!project) continue;
    if (!flats.has(project.id)) flats.set(project.id, flattenTree(buildTree(await findNodeRows(deps.db, project.id))));
    out.push(present(a, project, pathLabel(flats.get(project.id)!, a.node_id), names, today));
  }
  return out;
}
