import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../../test/test-db.ts';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../test/test-app.ts';
import { findAuditEntries } from '../../platform/audit/audit.repository.ts';

describe.each(TEST_DIALECTS)('auth routes (%s)', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(dialect);
  });
  afterEach(async () => t.close());

  const login = (username: string, password: string) =>
    t.anonymous().json<{ code?: string; message?: string }>('POST', '/api/auth/login', { username, password });

  it('answers health without a session', async () => {
    expect(await t.anonymous().json('GET', '/api/health')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('signs in, tells who I am, and signs out', async () => {
    const me = await t.signIn('zhang', ['supervisor']);
    const res = await me.json<{ username: string; roles: string[]; permissions: string[] }>('GET', '/api/auth/me');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ username: 'zhang', roles: ['supervisor'] });
    expect(res.body.permissions).toContain('unit.read');
    expect(res.body.permissions).not.toContain('user.manage');
    expect((await me.json('POST', '/api/auth/logout')).status).toBe(200);
    expect((await me.json('GET', '/api/auth/me')).status).toBe(401);
  });

  it('sets an HttpOnly, SameSite session cookie', async () => {
    await t.signIn('li', ['leader']);
    const res = await t.anonymous().request('POST', '/api/auth/login', { username: 'li', password: TEST_PASSWORD });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('fz_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });

  it('refuses a wrong password with a Chinese message, and records it', async () => {
    await t.signIn('wang', ['leader']);
    const res = await login('wang', 'wrong-password');
    expect(res).toMatchObject({ status: 401, body: { code: 'INVALID_CREDENTIALS', message: '用户名或密码错误。' } });
    const { rows } = await findAuditEntries(t.deps.db, { page: 1, pageSize: 10, action: 'auth.login_failed' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_id: null, actor_name: '系统（登录检查）' });
  });

  it('locks out after five failures, even with the right password', async () => {
    await t.signIn('zhao', ['leader']);
    for (let i = 0; i < 5; i++) expect((await login('zhao', 'nope-nope')).status).toBe(401);
    const locked = await login('zhao', TEST_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.message).toMatch(/分钟后再试/);
    t.clock.advance(16 * 60_000);
    expect((await login('zhao', TEST_PASSWORD)).status).toBe(200);
  });

  it('refuses a disabled account and ends its sessions', async () => {
    const admin = await t.signIn('root', ['admin']);
    const staff = await t.signIn('qian', ['unit_staff']);
    const users = await admin.json<{ id: number; username: string }[]>('GET', '/api/users');
    const id = users.body.find((u) => u.username === 'qian')!.id;
    expect((await admin.json('PATCH', `/api/users/${id}`, { isDisabled: true })).status).toBe(200);
    expect((await staff.json('GET', '/api/auth/me')).status).toBe(401);
    expect(await login('qian', TEST_PASSWORD)).toMatchObject({ status: 403, body: { code: 'ACCOUNT_DISABLED' } });
  });

  it('refuses a state-changing request without the CSRF token or from another origin', async () => {
    const admin = await t.signIn('root', ['admin']);
    const noToken = await admin.request(
      'POST',
      '/api/units',
      { name: '测试处', kind: 'department' },
      { 'x-csrf-token': '' },
    );
    expect(noToken.status).toBe(403);
    expect(((await noToken.json()) as { code: string }).code).toBe('CSRF_FAILED');
    const foreign = await admin.request(
      'POST',
      '/api/units',
      { name: '测试处', kind: 'department' },
      { origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    const units = await admin.json<unknown[]>('GET', '/api/units');
    expect(units.body).toHaveLength(0);
  });

  it('answers malformed JSON and unknown API paths with a Chinese error', async () => {
    const res = await t
      .anonymous()
      .request('POST', '/api/auth/login', '{"username": ', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/JSON/) });
    expect(await t.anonymous().json('GET', '/api/nope')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });

  it('lets a user change their own password only with the current one', async () => {
    const me = await t.signIn('sun', ['unit_staff']);
    const wrong = await me.json<{ message: string }>('POST', '/api/auth/password', {
      currentPassword: 'not-it',
      newPassword: 'another-pass-1',
    });
    expect(wrong).toMatchObject({ status: 400, body: { message: '当前密码不正确，请重新输入。' } });
    expect(
      (await me.json('POST', '/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'another-pass-1' }))
        .status,
    ).toBe(200);
    expect((await login('sun', 'another-pass-1')).status).toBe(200);
    expect(
      (await t.anonymous().json('POST', '/api/auth/password', { currentPassword: 'a', newPassword: 'another-pass-2' }))
        .status,
    ).toBe(401);
  });

  it('sends security headers', async () => {
    const res = await t.anonymous().request('GET', '/api/health');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });
});
