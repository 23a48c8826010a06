import { AppError } from '../../../shared/errors.ts';
import { ROLES, type TRole } from '../../../shared/auth.ts';
import {
  missingUnitMessage,
  type TCreateUserRequest,
  type TResetPasswordRequest,
  type TUpdateUserRequest,
  type TUser,
} from '../../../shared/users.ts';
import { isUniqueViolation, type Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { isSystemActor, type Principal } from '../../platform/auth/actor.ts';
import { authorize } from '../../platform/policy.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { hashPassword, type PasswordHashing } from '../../platform/auth/password.ts';
import { endSessionsOfUser } from '../../platform/auth/auth.service.ts';
import { findUnitById, findUnitNamesByIds } from '../org/org.repository.ts';
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
  /** Tests only: cheaper argon2 parameters. Production leaves it unset (the strong defaults of password.ts). */
  passwordHashing?: PasswordHashing | undefined;
}

export function presentUser(row: UserRow, unitName: string | null): TUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: row.roles.filter((r): r is TRole => (ROLES as readonly string[]).includes(r)),
    unitId: row.unit_id,
    unitName,
    email: row.email,
    phone: row.phone,
    isDisabled: row.is_disabled === 1,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  };
}

/** The users as the API shows them, with their units' names (the org module's). */
async function presentUsers(db: Db, rows: readonly UserRow[]): Promise<TUser[]> {
  const names = await findUnitNamesByIds(
    db,
    rows.flatMap((r) => (r.unit_id === null ? [] : [r.unit_id])),
  );
  return rows.map((r) => presentUser(r, r.unit_id === null ? null : (names.get(r.unit_id) ?? null)));
}

async function loadUser(db: Db, id: number): Promise<TUser | undefined> {
  const row = await findUserById(db, id);
  return row ? (await presentUsers(db, [row]))[0] : undefined;
}

/** The audit snapshot of a user: never the password hash. */
function snapshot(u: TUser) {
  return {
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    unitId: u.unitId,
    isDisabled: u.isDisabled,
    email: u.email,
    phone: u.phone,
  };
}

async function assertUnitExists(db: Db, unitId: number | null | undefined): Promise<void> {
  if (unitId === null || unitId === undefined) return;
  if (!(await findUnitById(db, unitId))) {
    throw new AppError('VALIDATION_FAILED', `所选单位（ID ${unitId}）不存在，请重新选择。`, [
      { path: 'unitId', message: '单位不存在' },
    ]);
  }
}

export async function listUsers(deps: UsersDeps, actor: Principal): Promise<TUser[]> {
  authorize(actor, 'user.read');
  return presentUsers(deps.db, await findUsers(deps.db));
}

export async function getUser(deps: UsersDeps, actor: Principal, id: number): Promise<TUser> {
  authorize(actor, 'user.read');
  const user = await loadUser(deps.db, id);
  if (!user) throw new AppError('NOT_FOUND', '该用户不存在。');
  return user;
}

/** The account with this username, or NOT_FOUND (the command line names users by username). */
export async function getUserByUsername(deps: UsersDeps, actor: Principal, username: string): Promise<TUser> {
  authorize(actor, 'user.read');
  const row = await findUserByUsername(deps.db, username);
  if (!row) throw new AppError('NOT_FOUND', `用户“${username}”不存在。`);
  return (await presentUsers(deps.db, [row]))[0]!;
}

/** Creates an account: an administrator on the web, or the system (command line, first start). */
export async function createUser(deps: UsersDeps, actor: Principal, input: TCreateUserRequest): Promise<TUser> {
  authorize(actor, 'user.manage');
  const passwordHash = await hashPassword(input.password, deps.passwordHashing);
  const now = deps.clock.now().toISOString();
  try {
    return await deps.db.transaction().execute(async (trx) => {
      await assertUnitExists(trx, input.unitId);
      if (await findUserByUsername(trx, input.username)) throw duplicateUsername(input.username);
      const id = await insertUser(trx, { ...input, passwordHash, now });
      const user = (await loadUser(trx, id))!;
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
  return new AppError('CONFLICT', `用户名“${username}”已被使用，请换一个用户名。`, [
    { path: 'username', message: '用户名已存在' },
  ]);
}

export async function updateUser(
  deps: UsersDeps,
  actor: Principal,
  id: number,
  input: TUpdateUserRequest,
): Promise<TUser> {
  authorize(actor, 'user.manage');
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const before = await loadUser(trx, id);
    if (!before) throw new AppError('NOT_FOUND', '该用户不存在。');
    await assertUnitExists(trx, input.unitId);
    const unitProblem = missingUnitMessage(
      input.roles ?? before.roles,
      input.unitId !== undefined ? input.unitId : before.unitId,
    );
    if (unitProblem && (input.roles !== undefined || input.unitId !== undefined))
      throw new AppError('VALIDATION_FAILED', unitProblem);
    if (
      !isSystemActor(actor) &&
      id === actor.userId &&
      (input.isDisabled === true || (input.roles && !input.roles.includes('admin')))
    ) {
      throw new AppError('VALIDATION_FAILED', '不能停用自己的账号或取消自己的系统管理员角色，请由其他管理员操作。');
    }
    await updateUserRow(trx, id, {
      ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
      ...(input.unitId !== undefined ? { unitId: input.unitId } : {}),
      ...(input.isDisabled !== undefined ? { isDisabled: input.isDisabled } : {}),
      ...(input.email !== undefined ? { email: input.email } : {}),
      ...(input.phone !== undefined ? { phone: input.phone } : {}),
      now,
    });
    if (input.roles) await replaceRoles(trx, id, input.roles);
    if (before.roles.includes('admin') && (await countActiveAdmins(trx)) === 0) {
      throw new AppError('VALIDATION_FAILED', '系统至少需要保留一名启用状态的系统管理员。');
    }
    // A disabled account loses its sessions at once.
    if (input.isDisabled === true) await endSessionsOfUser(trx, id);
    const after = (await loadUser(trx, id))!;
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

/** Sets a new password (an administrator, or the system at the command line); ends the user's sessions. */
export async function resetPassword(
  deps: UsersDeps,
  actor: Principal,
  id: number,
  input: TResetPasswordRequest,
): Promise<void> {
  authorize(actor, 'user.manage');
  const passwordHash = await hashPassword(input.password, deps.passwordHashing);
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const row = await findUserById(trx, id);
    if (!row) throw new AppError('NOT_FOUND', '该用户不存在。');
    await updateUserRow(trx, id, { passwordHash, now });
    await endSessionsOfUser(trx, id);
    await recordAudit(trx, deps.clock, actor, {
      action: 'user.reset_password',
      entityType: 'user',
      entityId: id,
      summary: `重置用户 ${row.username}（${row.display_name}）的密码`,
    });
  });
}
