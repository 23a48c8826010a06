import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../../test/test-db.ts';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app.ts';

describe.each(TEST_DIALECTS)('users routes (%s)', (dialect) => {
  let t: TestApp;
  let admin: TestClient;
  let unitId: number;
  // One app per file: each test works on users of its own (distinct usernames), so none depends on another's state.
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.signIn('root', ['admin']);
    unitId = (await admin.json<{ id: number }>('POST', '/api/units', { name: '编研处', kind: 'department' })).body.id;
  });
  afterAll(async () => t.close());
  const userCount = async () => (await admin.json<unknown[]>('GET', '/api/users')).body.length;

  const newUser = (over: Record<string, unknown> = {}) => ({
    username: 'liu',
    displayName: '刘敏',
    password: 'a-good-password',
    roles: ['unit_staff'],
    unitId,
    ...over,
  });

  it('creates a user who can then sign in with the role given', async () => {
    const unit = await admin.json<{ id: number }>('POST', '/api/units', { name: '资料处', kind: 'department' });
    const created = await admin.json<{ id: number; unitName: string }>(
      'POST',
      '/api/users',
      newUser({ unitId: unit.body.id }),
    );
    expect(created.status).toBe(201);
    expect(created.body.unitName).toBe('资料处');
    const res = await t.anonymous().json<{ roles: string[]; unitName: string }>('POST', '/api/auth/login', {
      username: 'liu',
      password: 'a-good-password',
    });
    expect(res).toMatchObject({ status: 200, body: { roles: ['unit_staff'], unitName: '资料处' } });
  });

  it('refuses a duplicate username and changes nothing', async () => {
    expect((await admin.json('POST', '/api/users', newUser({ username: 'zhou' }))).status).toBe(201);
    const dup = await admin.json<{ code: string; message: string }>(
      'POST',
      '/api/users',
      newUser({ username: 'zhou', displayName: '另一人' }),
    );
    expect(dup).toMatchObject({ status: 409, body: { code: 'CONFLICT', message: expect.stringContaining('zhou') } });
    const list = await admin.json<{ displayName: string }[]>('GET', '/api/users');
    expect(list.body.filter((u) => u.displayName === '另一人')).toHaveLength(0);
  });

  it('refuses over-long and invalid fields with the field named', async () => {
    const before = await userCount();
    const long = await admin.json<{ code: string; message: string }>(
      'POST',
      '/api/users',
      newUser({ displayName: '名'.repeat(51) }),
    );
    expect(long).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', message: expect.stringContaining('姓名不能超过') },
    });
    const short = await admin.json<{ message: string }>('POST', '/api/users', newUser({ password: '123' }));
    expect(short.body.message).toMatch(/密码至少 8 位/);
    const role = await admin.json<{ message: string }>('POST', '/api/users', newUser({ roles: ['king'] }));
    expect(role.status).toBe(400);
    const noUnit = await admin.json<{ message: string }>('POST', '/api/users', newUser({ unitId: 999 }));
    expect(noUnit.body.message).toMatch(/不存在/);
    expect(await userCount()).toBe(before);
  });

  it('edits roles and unit, resets the password, and audits without leaking the hash', async () => {
    const { body: u } = await admin.json<{ id: number }>('POST', '/api/users', newUser({ username: 'wu' }));
    const edited = await admin.json<{ roles: string[] }>('PATCH', `/api/users/${u.id}`, {
      roles: ['unit_head', 'unit_staff'],
    });
    expect(edited.body.roles).toEqual(['unit_head', 'unit_staff']);
    expect((await admin.json('POST', `/api/users/${u.id}/password`, { password: 'brand-new-pass' })).status).toBe(200);
    expect(
      (await t.anonymous().json('POST', '/api/auth/login', { username: 'wu', password: 'a-good-password' })).status,
    ).toBe(401);
    expect(
      (await t.anonymous().json('POST', '/api/auth/login', { username: 'wu', password: 'brand-new-pass' })).status,
    ).toBe(200);
    const audit = await admin.json<{ items: { action: string; entityId: string; before: unknown; after: unknown }[] }>(
      'GET',
      '/api/audit?entityType=user',
    );
    const update = audit.body.items.find((i) => i.action === 'user.update' && i.entityId === String(u.id))!;
    expect(update.before).toMatchObject({ roles: ['unit_staff'] });
    expect(update.after).toMatchObject({ roles: ['unit_head', 'unit_staff'] });
    expect(JSON.stringify(audit.body)).not.toMatch(/argon2/);
  });

  it('refuses a 联络员 or 处室负责人 without a unit, on creation and on edit, and changes nothing', async () => {
    const before = await userCount();
    const none = await admin.json<{ code: string; message: string }>(
      'POST',
      '/api/users',
      newUser({ username: 'nounit', unitId: null }),
    );
    expect(none.status).toBe(400);
    expect(none.body.message).toMatch(/处室联络员须选择所在单位/);
    expect(await userCount()).toBe(before);
    expect(
      (await admin.json('POST', '/api/users', newUser({ username: 'boss', roles: ['leader'], unitId: null }))).status,
    ).toBe(201);
    const { body: staff } = await admin.json<{ id: number }>('POST', '/api/users', newUser({ username: 'lianluo' }));
    const cleared = await admin.json<{ message: string }>('PATCH', `/api/users/${staff.id}`, { unitId: null });
    expect(cleared.status).toBe(400);
    expect(cleared.body.message).toMatch(/须选择所在单位/);
    const boss = (await admin.json<{ id: number; username: string }[]>('GET', '/api/users')).body.find(
      (u) => u.username === 'boss',
    )!;
    expect((await admin.json('PATCH', `/api/users/${boss.id}`, { roles: ['unit_head'] })).status).toBe(400);
  });

  it('keeps at least one active administrator', async () => {
    const me = await admin.json<{ id: number }>('GET', '/api/auth/me');
    const self = await admin.json<{ message: string }>('PATCH', `/api/users/${me.body.id}`, { isDisabled: true });
    expect(self.status).toBe(400);
    expect(self.body.message).toMatch(/不能停用自己的账号/);
  });
});
