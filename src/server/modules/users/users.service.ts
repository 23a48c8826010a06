import { AppError } from '../../../shared/errors.ts';
import { ROLES, type TRole } from '../../../shared/auth.ts';
import type { TCreateUserRequest, TResetPasswordRequest, TUpdateUserRequest, TUser } from '../../../shared/users.ts';
import { isUniqueViolation, type Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorize } from '../../platform/policy.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import { deleteSessionsOfUser } from '../../platform/auth/session.repository.ts';
import { findUnitById } from '../org/org.repository.ts';
import {
  countActiveAdmins,
  findUserById,
  findUserByUsername,
  findUsers,
  insertUser,
  replaceRoles,
  updateUserRow,
  type UserRow,
} from './users.repository.ts';

export interface UsersDeps {
  db: Db;
  clock: Clock;
}

export function presentUser(row: UserRow): TUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: row.roles.filter((r): r is TRole => (ROLES as readonly string[]).includes(r)),
    unitId: row.unit_id,
    unitName: row.unit_name,
    email: row.email,
    isDisabled: row.is_disabled === 1,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  };
}

/** The audit snapshot of a user: never the password hash. */
function snapshot(u: TUser) {
  return { username: u.username, displayName: u.displayName, roles: u.roles, unitId: u.unitId, isDisabled: u.isDisabled, email: u.email };
}

async function assertUnitExists(db: Db, unitId: number | null | undefined): Promise<void> {
  if (unitId === null || unitId === undefined) return;
  if (!(await findUnitById(db, unitId))) {
    throw new AppError('VALIDATION_FAILED', `所选单位（ID ${unitId}）不存在，请重新选择。`, [{ path: 'unitId', message: '单位不存在' }]);
  }
}

export async function listUsers(deps: UsersDeps, actor: Actor): Promise<TUser[]> {
  authorize(actor, 'user.read');
  return (await findUsers(deps.db)).map(presentUser);
}

export async function getUser(deps: UsersDeps, actor: Actor, id: number): Promise<TUser> {
  authorize(actor, 'user.read');
  const row = await findUserById(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND', '该用户不存在。');
  return presentUser(row);
}

/** Creates an account. `actor` is null only for the CLI and the first-start bootstrap, which act as the system. */
export async function createUser(deps: UsersDeps, actor: Actor | null, input: TCreateUserRequest): Promise<TUser> {
  if (actor) authorize(actor, 'user.manage');
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now().toISOString();
  try {
    return await deps.db.transaction().execute(async (trx) => {
      await assertUnitExists(trx, input.unitId);
      if (await findUserByUsername(trx, input.username)) throw duplicateUsername(input.username);
      const id = await insertUser(trx, { ...input, passwordHash, now });
      const user = presentUser((await findUserById(trx, id))!);
      await recordAudit(trx, deps.clock, actor, {
        action: 'user.create',
        entityType: 'user',
        entityId: id,
        summary: `创建用户 ${user.username}（${user.displayName}）`,
        after: snapshot(user),
      });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateUsername(input.username);
    throw error;
  }
}

function duplicateUsername(username: string): AppError {
  return new AppError('CONFLICT', `用户名“${username}”已被使用，请换一个用户名。`, [{ path: 'username', message: '用户名已存在' }]);
}

export async function updateUser(deps: UsersDeps, actor: Actor, id: number, input: TUpdateUserRequest): Promise<TUser> {
  authorize(actor, 'user.manage');
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const beforeRow = await findUserById(trx, id);
    if (!beforeRow) throw new AppError('NOT_FOUND', '该用户不存在。');
    const before = presentUser(beforeRow);
    await assertUnitExists(trx, input.unitId);
    if (id === actor.userId && (input.isDisabled === true || (input.roles && !input.roles.includes('admin')))) {
      throw new AppError('VALIDATION_FAILED', '不能停用自己的账号或取消自己的系统管理员角色，请由其他管理员操作。');
    }
    await updateUserRow(trx, id, {
      ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
      ...(input.unitId !== undefined ? { unitId: input.unitId } : {}),
      ...(input.isDisabled !== undefined ? { isDisabled: input.isDisabled } : {}),
      ...(input.email !== undefined ? { email: input.email } : {}),
      now,
    });
    if (input.roles) await replaceRoles(trx, id, input.roles);
    if (before.roles.includes('admin') && (await countActiveAdmins(trx)) === 0) {
      throw new AppError('VALIDATION_FAILED', '系统至少需要保留一名启用状态的系统管理员。');
    }
    // A disabled account loses its sessions at once.
    if (input.isDisabled === true) await deleteSessionsOfUser(trx, id);
    const after = presentUser((await findUserById(trx, id))!);
    await recordAudit(trx, deps.clock, actor, {
      action: 'user.update',
      entityType: 'user',
      entityId: id,
      summary: `修改用户 ${after.username}（${after.displayName}）`,
      before: snapshot(before),
      after: snapshot(after),
    });
    return after;
  });
}

/** Sets a new password (admin reset, or the CLI with `actor` null); ends the user's sessions. */
export async function resetPassword(
  deps: UsersDeps,
  actor: Actor | null,
  id: number,
  input: TResetPasswordRequest,
): Promise<void> {
  if (actor) authorize(actor, 'user.manage');
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const row = await findUserById(trx, id);
    if (!row) throw new AppError('NOT_FOUND', '该用户不存在。');
    await updateUserRow(trx, id, { passwordHash, now });
    await deleteSessionsOfUser(trx, id);
    await recordAudit(trx, deps.clock, actor, {
      action: 'user.reset_password',
      entityType: 'user',
      entityId: id,
      summary: `重置用户 ${row.username}（${row.display_name}）的密码`,
    });
  });
}
