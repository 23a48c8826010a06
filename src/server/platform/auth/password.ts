import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../../../shared/errors.ts';

/** argon2id cost parameters. The hash string records them, so verifying never needs to know which were used. */
export interface PasswordHashing {
  /** KiB of memory. */
  memoryCost: number;
  /** Passes over the memory. */
  timeCost: number;
  parallelism: number;
}

/**
 * Argon2 work is bounded: at most `ARGON2_CONCURRENCY` hashes run at once (each ~19 MiB and tens of milliseconds of
 * one core), and at most `ARGON2_QUEUE` wait. A flood of sign-ins therefore costs at most that many cores and that
 * much memory; beyond the queue it is refused at once instead of piling up.
 */
export const ARGON2_CONCURRENCY = 2;
export const ARGON2_QUEUE = 64;

let running = 0;
const waiting: (() => void)[] = [];

async function bounded<T>(work: () => Promise<T>): Promise<T> {
  if (running >= ARGON2_CONCURRENCY) {
    if (waiting.length >= ARGON2_QUEUE) throw new AppError('RATE_LIMITED', '登录请求过多，服务器正忙，请稍后再试。');
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running++;
  }
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next)
      next(); // the slot passes straight to the next waiter
    else running--;
  }
}

/**
 * What the product uses: the OWASP-recommended minimum for argon2id (19 MiB, 2 passes, 1 lane). Only tests pass
 * cheaper parameters (through `AppDeps.passwordHashing`, set by `createTestApp`); nothing reads them from the
 * environment, so an installation cannot weaken them by configuration.
 */
export const PRODUCTION_PASSWORD_HASHING: PasswordHashing = Object.freeze({
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
});

export function hashPassword(
  password: string,
  hashing: PasswordHashing = PRODUCTION_PASSWORD_HASHING,
): Promise<string> {
  return bounded(() => hash(password, { algorithm: 2 /* Argon2id */, ...hashing }));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return bounded(async () => {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  });
}

/** A hash to verify against when the user does not exist, so timing does not reveal which usernames exist. */
let dummyHash: Promise<string> | null = null;
export function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword('fangzhi-no-such-user-placeholder');
  return dummyHash;
}
