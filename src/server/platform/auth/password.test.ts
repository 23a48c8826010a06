import { describe, expect, it } from 'vitest';
import { getDummyHash, hashPassword, PRODUCTION_PASSWORD_HASHING, verifyPassword } from './password.ts';

describe('password hashing', () => {
  it('uses argon2id at the OWASP minimum unless told otherwise', async () => {
    expect(PRODUCTION_PASSWORD_HASHING).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    expect(Object.isFrozen(PRODUCTION_PASSWORD_HASHING)).toBe(true);
    const hash = await hashPassword('a-good-password');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await getDummyHash()).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, 'a-good-password')).toBe(true);
    expect(await verifyPassword(hash, 'a-bad-password')).toBe(false);
  });

  it('verifies a hash made with other parameters, since the hash records them', async () => {
    const cheap = await hashPassword('pw-12345678', { memoryCost: 64, timeCost: 1, parallelism: 1 });
    expect(cheap).toMatch(/^\$argon2id\$v=19\$m=64,t=1,p=1\$/);
    expect(await verifyPassword(cheap, 'pw-12345678')).toBe(true);
    expect(await verifyPassword('not a hash', 'pw-12345678')).toBe(false);
  });
});
