import { AppError } from '../../../shared/errors.ts';
import {
  PROJECT_ROLE_LABELS,
  ZMemberInput,
  ZProjectPatch,
  type TMemberInput,
  type TProjectPatch,
  type TProjectView,
} from '../../../shared/compilation.ts';
import type { Db } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { findUserById } from '../users/users.repository.ts';
import { loadTaskContext, loadVisibleTask } from '../supervision/task-access.ts';
import { signedInUser, loadProject } from './project-access.ts';
import { deleteMemberRow, findMemberRow, insertMember, updateProjectRow } from './project.repository.ts';
import { getProject } from './get-project.ts';
import { loadNames } from './present.ts';
import { validate } from './validate.ts';

type Deps = { db: Db; clock: Clock };

/** Title, 编纂方案 and the work-plan task the project answers for (主编, 副主编). */
export async function updateProject(
  deps: Deps,
  principal: Principal,
  id: number,
  raw: TProjectPatch,
): Promise<TProjectView> {
  const patch = validate(ZProjectPatch, raw);
  await deps.db.transaction().execute(async (trx) => {
    const { project } = await loadProject(trx, principal, id, 'manage');
    if (patch.taskId !== undefined && patch.taskId !== null) {
      const actor = signedInUser(principal);
      if (actor) await loadVisibleTask(trx, actor, patch.taskId);
      else await loadTaskContext(trx, patch.taskId);
    }
    const now = deps.clock.now().toISOString();
    const plan = patch.plan;
    await updateProjectRow(trx, id, {
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.taskId !== undefined ? { task_id: patch.taskId } : {}),
      ...(plan
        ? {
            scope: plan.scope,
            lower_limit: plan.lowerLimit,
            upper_limit: plan.upperLimit,
            target_chars: plan.targetChars,
            style_guide: plan.styleGuide,
            organisation: plan.organisation,
            stages_json: JSON.stringify(plan.stages),
          }
        : {}),
      updated_at: now,
    });
    const what = [
      patch.title !== undefined ? '书名' : '',
      plan ? '编纂方案' : '',
      patch.taskId !== undefined ? '关联任务' : '',
    ]
      .filter(Boolean)
      .join('、');
    await recordAudit(trx, deps.clock, principal, {
      action: 'compile.project.update',
      entityType: 'compile_project',
      entityId: id,
      summary: `修改《${project.title}》的${what || '信息'}`,
      before: {
        title: project.title,
        lowerLimit: project.lower_limit,
        upperLimit: project.upper_limit,
        taskId: project.task_id,
      },
      after: patch,
    });
  });
  return getProject(deps, principal, id);
}

/** Gives a user a project role; a 承编单位联络员 acts for a unit (theirs unless another is named). */
export async function addMember(
  deps: Deps,
  principal: Principal,
  projectId: number,
  raw: TMemberInput,
): Promise<TProjectView> {
  const input = validate(ZMemberInput, raw);
  await deps.db.transaction().execute(async (trx) => {
    const { project } = await loadProject(trx, principal, projectId, 'manage');
    const user = await findUserById(trx, input.userId);
    if (!user || user.is_disabled) throw new AppError('VALIDATION_FAILED', '所选人员不存在或已停用，请重新选择。');
    const unitId = input.unitId ?? user.unit_id;
    if (input.role === 'unit_liaison' && unitId === null)
      throw new AppError('VALIDATION_FAILED', `${user.display_name}没有所属单位：承编单位联络员须指明代表哪个单位。`);
    const now = deps.clock.now().toISOString();
    try {
      await insertMember(trx, {
        project_id: projectId,
        user_id: user.id,
        role: input.role,
        unit_id: unitId,
        created_at: now,
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppError('CONFLICT', `${user.display_name}已经是本项目的${PROJECT_ROLE_LABELS[input.role]}。`);
      throw error;
    }
    const names = await loadNames(trx);
    await recordAudit(trx, deps.clock, principal, {
      action: 'compile.member.add',
      entityType: 'compile_project',
      entityId: projectId,
      summary: `《${project.title}》：${user.display_name}任${PROJECT_ROLE_LABELS[input.role]}${unitId ? `（${names.unit(unitId) ?? ''}）` : ''}`,
      after: { userId: user.id, role: input.role, unitId },
    });
  });
  return getProject(deps, principal, projectId);
}

export async function removeMember(
  deps: Deps,
  principal: Principal,
  projectId: number,
  memberId: number,
): Promise<TProjectView> {
  await deps.db.transaction().execute(async (trx) => {
    const { project } = await loadProject(trx, principal, projectId, 'manage');
    const member = await findMemberRow(trx, memberId);
    if (!member || member.project_id !== projectId) throw new AppError('NOT_FOUND', '该项目人员不存在。');
    await deleteMemberRow(trx, memberId);
    const names = await loadNames(trx);
    await recordAudit(trx, deps.clock, principal, {
      action: 'compile.member.remove',
      entityType: 'compile_project',
      entityId: projectId,
      summary: `《${project.title}》：取消${names.user(member.user_id) ?? ''}的${PROJECT_ROLE_LABELS[member.role as keyof typeof PROJECT_ROLE_LABELS] ?? member.role}角色`,
      before: { userId: member.user_id, role: member.role, unitId: member.unit_id },
    });
  });
  return getProject(deps, principal, projectId);
}
