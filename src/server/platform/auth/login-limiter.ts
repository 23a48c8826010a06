import type { Db } from '../../db/database.ts';
import {
  addThrottleFailure,
  deleteStaleThrottleRows,
  deleteThrottleRows,
  findThrottleRows,
} from './login-throttle.repository.ts';

/**
 * Failed sign-ins counted in the database, so every server process sees the same counts and a restart resets
 * nothing. Four scopes, each a fixed window that locks when it fills:
 *  - pair (username + address): a typo-prone user on their own machine — 5 failures;
 *  - user (any address): ten addresses guessing one account — 10 failures;
 *  - ip (any username): one address trying many usernames — 30 failures;
 *  - global: a distributed attack — 500 failures.
 * A lock lasts `lockMs` from the failure that filled the window. A success clears the pair and the user.
 */
export interface LoginLimits {
  windowMs: number;
  lockMs: number;
  maxPair: number;
  maxUser: number;
  maxIp: number;
  maxGlobal: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  maxPair: 5,
  maxUser: 10,
  maxIp: 30,
  maxGlobal: 500,
};

export interface LoginAttempt {
  username: string;
  ip: string | null;
}

export type LockScope = 'pair' | 'user' | 'ip' | 'global';

export interface LoginLimiter {
  /** The longest wait any scope imposes and which scope, or null when an attempt is allowed. */
  check(db: Db, attempt: LoginAttempt, nowMs: number): Promise<{ waitMs: number; scope: LockScope } | null>;
  recordFailure(db: Db, attempt: LoginAttempt, nowMs: number): Promise<void>;
  recordSuccess(db: Db, attempt: LoginAttempt): Promise<void>;
  readonly limits: LoginLimits;
}

function scopes(attempt: LoginAttempt): { scope: LockScope; key: string }[] {
  const user = attempt.username.trim().toLowerCase().slice(0, 64);
  const ip = attempt.ip ?? 'unknown';
  return [
    { scope: 'pair', key: `pair:${user}|${ip}` },
    { scope: 'user', key: `user:${user}` },
    { scope: 'ip', key: `ip:${ip}` },
    { scope: 'global', key: 'global' },
  ];
}

export function createLoginLimiter(limits: LoginLimits = DEFAULT_LOGIN_LIMITS): LoginLimiter {
  const max: Record<LockScope, number> = {
    pair: limits.maxPair,
    user: limits.maxUser,
    ip: limits.maxIp,
    global: limits.maxGlobal,
  };
  let lastSweep = 0;
  return {
    limits,
    async check(db, attempt, nowMs) {
      const all = scopes(attempt);
      const rows = await findThrottleRows(
        db,
        all.map((s) => s.key),
      );
      let worst: { waitMs: number; scope: LockScope } | null = null;
      for (const row of rows) {
        const waitMs = row.locked_until ? new Date(row.locked_until).getTime() - nowMs : 0;
        const scope = all.find((s) => s.key === row.scope_key)?.scope;
        if (scope && waitMs > 0 && (!worst || waitMs > worst.waitMs)) worst = { waitMs, scope };
      }
      return worst;
    },
    async recordFailure(db, attempt, nowMs) {
      const now = new Date(nowMs).toISOString();
      const windowCutoff = new Date(nowMs - limits.windowMs).toISOString();
      const lockUntil = new Date(nowMs + limits.lockMs).toISOString();
      for (const { scope, key } of scopes(attempt)) {
        await addThrottleFailure(db, key, { now, windowCutoff, lockUntil, maxFailures: max[scope] });
      }
      if (nowMs - lastSweep > limits.windowMs) {
        lastSweep = nowMs;
        await deleteStaleThrottleRows(db, windowCutoff, now);
      }
    },
    async recordSuccess(db, attempt) {
      const [pair, user] = scopes(attempt);
      await deleteThrottleRows(db, [pair!.key, user!.key]);
    },
  };
}
