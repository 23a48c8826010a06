import { hash, verify } from '@node-rs/argon2';

/** argon2id cost parameters. The hash string records them, so verifying never needs to know which were used. */
export interface PasswordHashing {
  /** KiB of memory. */
  memoryCost: number;
  /** Passes over the memory. */
  timeCost: number;
  parallelism: number;
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
  return hash(password, { algorithm: 2 /* Argon2id */, ...hashing });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the user does not exist, so timing does not reveal which usernames exist. */
let dummyHash: Promise<string> | null = null;
export function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword('fangzhi-no-such-user-placeholder');
  return dummyHash;
}
