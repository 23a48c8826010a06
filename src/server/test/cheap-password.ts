import { hash, verify } from '@node-rs/argon2';

/**
 * Test-only stand-in for `platform/auth/password.ts`: the same argon2id, at the lowest cost, so a test world that signs
 * in a dozen people does not spend seconds hashing on a loaded machine. Route tests opt in with one line:
 *
 *   vi.mock('…/platform/auth/password.ts', () => import('…/test/cheap-password.ts'));
 *
 * Verification reads the cost from each hash, so this changes nothing but the time. Production never imports it.
 */
const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 1024, timeCost: 1, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;
export function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword('fangzhi-no-such-user-placeholder');
  return dummyHash;
}
