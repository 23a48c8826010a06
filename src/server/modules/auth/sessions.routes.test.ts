import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../../test/test-db.ts';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../test/test-app.ts';

/** Issue 11, items 4 and 9 (restore is in cli/restore-sessions.test.ts): sessions that end when they should. */
describe.each(TEST_DIALECTS)('sessions end (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  const me = async (client: Awaited<ReturnType<TestApp['signIn']>>) =>
    (await client.json('GET', '/api/auth/me')).status;

  it('changing my own password ends my other sessions and keeps this one', async () => {
    const laptop = await t.signIn('own1', ['unit_staff']);
    const phone = await t.signInAgain('own1');
    const stolen = await t.signInAgain('own1');
    const changed = await laptop.json('POST', '/api/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'new-secret-2024',
    });
    expect(changed.status).toBe(200);
    expect(await me(laptop)).toBe(200);
    expect(await me(phone)).toBe(401);
    expect(await me(stolen)).toBe(401);
    const again = await t.signInAgain('own1', 'new-secret-2024');
    expect(await me(again)).toBe(200);
  });

  it('an administrator resetting a password ends every session of that user', async () => {
    const admin = await t.signIn('adm1', ['admin']);
    const user = await t.signIn('reset1', ['unit_staff']);
    const other = await t.signInAgain('reset1');
    const { body: list } = await admin.json<{ id: number; username: string }[]>('GET', '/api/users');
    const id = list.find((u) => u.username === 'reset1')!.id;
    expect((await admin.json('POST', `/api/users/${id}/password`, { password: 'reset-by-admin-1' })).status).toBe(200);
    expect(await me(user)).toBe(401);
    expect(await me(other)).toBe(401);
    expect(await me(admin)).toBe(200);
  });

  it('a session unused for SESSION_IDLE_MINUTES ends; one in use stays', async () => {
    const idleMinutes = t.deps.config.sessionIdleMinutes;
    const busy = await t.signIn('idle1', ['unit_staff']);
    const idle = await t.signInAgain('idle1');
    for (let step = 0; step < 3; step++) {
      t.clock.advance((idleMinutes / 2) * 60_000);
      expect(await me(busy)).toBe(200);
    }
    expect(await me(idle)).toBe(401);
    t.clock.advance((idleMinutes + 1) * 60_000);
    expect(await me(busy)).toBe(401);
  });
});
