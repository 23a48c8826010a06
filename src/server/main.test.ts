import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from './db/database.ts';
import { bootstrapAdmin } from './main.ts';
import { findUserByUsername } from './modules/users/users.repository.ts';
import { findAuditEntries } from './platform/audit/audit.repository.ts';
import { createTestApp, createTestClock } from './test/test-app.ts';
import { createTestDatabase, TEST_DIALECTS } from './test/test-db.ts';

describe.each(TEST_DIALECTS)('first start (%s)', (dialect) => {
  let h: DbHandle;
  beforeEach(async () => {
    h = await createTestDatabase(dialect);
  });
  afterEach(async () => h.close());

  it('creates the administrator once, hashed with the production parameters, audited as the system', async () => {
    const clock = createTestClock();
    expect(await bootstrapAdmin({ db: h.db, clock }, 'first-admin-pass')).toMatch(/已创建管理员账号 admin/);
    expect(await bootstrapAdmin({ db: h.db, clock }, 'first-admin-pass')).toBeNull();
    const admin = await findUserByUsername(h.db, 'admin');
    expect(admin?.roles).toEqual(['admin']);
    expect(admin?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const { rows } = await findAuditEntries(h.db, { page: 1, pageSize: 10, action: 'user.create' });
    expect(rows.map((r) => [r.actor_id, r.actor_name])).toEqual([[null, '系统（首次启动）']]);
  });
});

describe('test apps', () => {
  it('hash with cheap parameters, so that only tests are fast', async () => {
    const t = await createTestApp('sqlite');
    try {
      await t.signIn('cheap', ['leader']);
      expect((await findUserByUsername(t.deps.db, 'cheap'))?.password_hash).toMatch(
        /^\$argon2id\$v=19\$m=64,t=1,p=1\$/,
      );
    } finally {
      await t.close();
    }
  });
});
