import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors.ts';
import {
  ROLES,
  type TChangePasswordRequest,
  type TCurrentUser,
  type TLoginRequest,
  type TRole,
} from '../../../shared/auth.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../clock.ts';
import type { LoginLimiter } from './login-limiter.ts';
import { systemActor, type Actor } from './actor.ts';
import type { AccountRecord, AccountStore } from './accounts.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { getDummyHash, hashPassword, verifyPassword, type PasswordHashing } from './password.ts';
import {
  deleteAllSessions,
  deleteExpiredSessions,
  deleteOtherSessionsOfUser,
  deleteSession,
  deleteSessionsOfUser,
  findLiveSession,
  insertSession,
  touchSession,
} from './session.repository.ts';
import { permittedActions } from '../policy.ts';

export interface AuthDeps {
  db: Db;
  clock: Clock;
  loginLimiter: LoginLimiter;
  sessionHours: number;
  /** The users module's accounts, passed in by the composition root (platform imports no module). */
  accounts: AccountStore;
  /** Tests only: cheaper argon2 parameters. Production leaves it unset (the strong defaults of password.ts). */
  passwordHashing?: PasswordHashing | undefined;
  /** A session unused for this long ends (SESSION_IDLE_MINUTES). */
  sessionIdleMinutes: number;
}

const LOCK_REASON = {
  pair: '该账号在此地址',
  user: '该账号',
  ip: '此地址',
  global: '系统整体',
} as const;

/** A session's last-seen stamp is written at most this often, so reading pages does not mean writing the database. */
const TOUCH_EVERY_MS = 60_000;

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function toActor(row: AccountRecord, client: ClientInfo): Actor {
  return {
    userId: row.id,
    username: row.username,
    displayName: row.displayName,
    roles: row.roles.filter((r): r is TRole => (ROLES as readonly string[]).includes(r)),
    unitId: row.unitId,
    ip: client.ip,
    requestId: client.requestId,
  };
}

export function presentCurrentUser(actor: Actor, unitName: string | null, csrfToken: string): TCurrentUser {
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    roles: [...actor.roles],
    unitId: actor.unitId,
    unitName,
    permissions: permittedActions(actor),
    csrfToken,
  };
}

function lockedError(locked: { waitMs: number; scope: keyof typeof LOCK_REASON }): AppError {
  return new AppError(
    'RATE_LIMITED',
    `${LOCK_REASON[locked.scope]}登录失败次数过多，请 ${Math.ceil(locked.waitMs / 60_000)} 分钟后再试，或联系系统管理员重置密码。`,
  );
}

/**
 * A signed-in user re-enters their password to confirm an act (signing a review decision). It goes through the same
 * limiter as sign-in — the same per-account, per-address and global counts, and the bounded argon2 work of
 * password.ts — so it cannot serve as an unthrottled password-guessing oracle: a wrong password counts as a failed
 * sign-in, and a locked account is refused (RATE_LIMITED) before any hashing. Returns whether the password matched;
 * every miss is audited like a failed sign-in.
 */
export async function confirmOwnPassword(
  deps: Pick<AuthDeps, 'db' | 'clock' | 'loginLimiter'>,
  actor: Pick<Actor, 'userId' | 'username' | 'ip'>,
  passwordHash: string,
  password: string,
  purpose: string,
): Promise<boolean> {
  const nowMs = deps.clock.now().getTime();
  const attempt = { username: actor.username, ip: actor.ip };
  const locked = await deps.loginLimiter.check(deps.db, attempt, nowMs);
  if (locked) throw lockedError(locked);
  if (await verifyPassword(passwordHash, password)) {
    await deps.loginLimiter.recordSuccess(deps.db, attempt);
    return true;
  }
  await deps.loginLimiter.recordFailure(deps.db, attempt, nowMs);
  await recordAudit(deps.db, deps.clock, systemActor('login'), {
    action: 'auth.confirm_failed',
    entityType: 'user',
    entityId: actor.userId,
    summary: `用户名“${actor.username}”${purpose}时密码错误，来自 ${actor.ip ?? '未知地址'}`,
  });
  return false;
}

/**
 * Checks the password and opens a session. Every failure is audited and counted; after five failures for the same
 * username from the same address, attempts are refused for a while, whatever the password.
 */
export async function login(
  deps: AuthDeps,
  input: TLoginRequest,
  client: ClientInfo,
): Promise<{ token: string; expiresAt: Date; user: TCurrentUser }> {
  const nowMs = deps.clock.now().getTime();
  const attempt = { username: input.username, ip: client.ip };
  const locked = await deps.loginLimiter.check(deps.db, attempt, nowMs);
  if (locked) throw lockedError(locked);
  const row = await deps.accounts.findByUsername(deps.db, input.username);
  const ok = await verifyPassword(row?.passwordHash ?? (await getDummyHash()), input.password);
  if (!row || !ok) {
    await deps.loginLimiter.recordFailure(deps.db, attempt, nowMs);
    await recordAudit(deps.db, deps.clock, systemActor('login'), {
      action: 'auth.login_failed',
      entityType: 'user',
      entityId: row?.id ?? null,
      summary: `用户名“${input.username}”登录失败（用户名或密码错误），来自 ${client.ip ?? '未知地址'}`,
    });
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (row.isDisabled) throw new AppError('ACCOUNT_DISABLED');
  await deps.loginLimiter.recordSuccess(deps.db, attempt);

  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.sessionHours * 3600_000);
  const actor = toActor(row, client);
  await deps.db.transaction().execute(async (trx) => {
    await deleteExpiredSessions(trx, now.toISOString());
    await insertSession(trx, {
      id: hashToken(token),
      userId: row.id,
      csrfToken,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      lastSeenAt: now.toISOString(),
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
    });
    await deps.accounts.recordLogin(trx, row.id, now.toISOString());
    await recordAudit(trx, deps.clock, actor, {
      action: 'auth.login',
      entityType: 'user',
      entityId: row.id,
      summary: `${row.displayName}（${row.username}）登录`,
    });
  });
  return { token, expiresAt, user: presentCurrentUser(actor, row.unitName, csrfToken) };
}

/** Resolves a session cookie to the acting user, or null when it is missing, expired, or the account is disabled. */
export async function resolveSession(
  deps: Pick<AuthDeps, 'db' | 'clock' | 'accounts' | 'sessionIdleMinutes'>,
  token: string,
  client: ClientInfo,
): Promise<{ actor: Actor; csrfToken: string; sessionId: string; unitName: string | null } | null> {
  const sessionId = hashToken(token);
  const now = deps.clock.now();
  const idleCutoff = new Date(now.getTime() - deps.sessionIdleMinutes * 60_000).toISOString();
  const session = await findLiveSession(deps.db, sessionId, now.toISOString(), idleCutoff);
  if (!session) return null;
  const row = await deps.accounts.findById(deps.db, session.user_id);
  if (!row || row.isDisabled) return null;
  if (!session.last_seen_at || now.getTime() - new Date(session.last_seen_at).getTime() > TOUCH_EVERY_MS) {
    await touchSession(deps.db, sessionId, now.toISOString());
  }
  return { actor: toActor(row, client), csrfToken: session.csrf_token, sessionId, unitName: row.unitName };
}

export async function logout(deps: Pick<AuthDeps, 'db' | 'clock'>, sessionId: string, actor: Actor): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await deleteSession(trx, sessionId);
    await recordAudit(trx, deps.clock, actor, {
      action: 'auth.logout',
      entityType: 'user',
      entityId: actor.userId,
      summary: `${actor.displayName}（${actor.username}）退出登录`,
    });
  });
}

/**
 * A signed-in user changes their own password; the current one is required, so a borrowed session cannot lock them out.
 * Every other session of the user ends (a password is changed because it may be known to someone else); the session
 * making the change stays.
 */
export async function changeOwnPassword(
  deps: Pick<AuthDeps, 'db' | 'clock' | 'accounts' | 'passwordHashing'>,
  actor: Actor,
  input: TChangePasswordRequest,
  currentSessionId: string | null,
): Promise<void> {
  const row = await deps.accounts.findById(deps.db, actor.userId);
  if (!row || !(await verifyPassword(row.passwordHash, input.currentPassword))) {
    throw new AppError('VALIDATION_FAILED', '当前密码不正确，请重新输入。', [
      { path: 'currentPassword', message: '当前密码不正确' },
    ]);
  }
  if (input.currentPassword === input.newPassword) {
    throw new AppError('VALIDATION_FAILED', '新密码不能与当前密码相同。', [
      { path: 'newPassword', message: '与当前密码相同' },
    ]);
  }
  const passwordHash = await hashPassword(input.newPassword, deps.passwordHashing);
  await deps.db.transaction().execute(async (trx) => {
    await deps.accounts.setPasswordHash(trx, actor.userId, passwordHash, deps.clock.now().toISOString());
    const ended = await deleteOtherSessionsOfUser(trx, actor.userId, currentSessionId);
    await recordAudit(trx, deps.clock, actor, {
      action: 'user.change_password',
      entityType: 'user',
      entityId: actor.userId,
      summary: `${actor.displayName}（${actor.username}）修改了自己的密码${ended > 0 ? `，其他 ${ended} 处登录已退出` : ''}`,
    });
  });
}

/** Ends every session of an account (password reset, account disabled); call it inside the change's transaction. */
export async function endSessionsOfUser(db: Db, userId: number): Promise<void> {
  await deleteSessionsOfUser(db, userId);
}

/** Ends every session of every account (after a restore: the sessions in a backup belong to the past); returns how many. */
export async function endAllSessions(db: Db): Promise<number> {
  return deleteAllSessions(db);
}
