import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DbHandle } from '../../db/database.ts';
import { createTestDatabase, TEST_DIALECTS } from '../../test/test-db.ts';
import { createTestClock } from '../../test/test-app.ts';
import { recordAudit } from './audit.service.ts';
import { findAuditEntries } from './audit.repository.ts';
import { systemActor } from '../auth/actor.ts';

describe.each(TEST_DIALECTS)('audit log (%s)', (dialect) => {
  let h: DbHandle;
  beforeEach(async () => {
    h = await createTestDatabase(dialect);
  });
  afterEach(async () => h.close());

  it('is append-only: the database refuses updates and deletes', async () => {
    const clock = createTestClock();
    await recordAudit(h.db, clock, systemActor('cli'), {
      action: 'unit.create',
      entityType: 'unit',
      entityId: 1,
      summary: '创建单位“甲”',
    });
    await expect(sql`UPDATE audit_log SET summary = 'x'`.execute(h.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(h.db)).rejects.toThrow(/append-only/);
    const { rows } = await findAuditEntries(h.db, { page: 1, pageSize: 10 });
    expect(rows[0]?.summary).toBe('创建单位“甲”');
  });

  it('filters by action, entity, text and date, newest first', async () => {
    const clock = createTestClock('2023-05-01T00:00:00.000Z');
    await recordAudit(h.db, clock, systemActor('cli'), {
      action: 'unit.create',
      entityType: 'unit',
      summary: '创建单位“研究室”',
    });
    clock.advance(2 * 86_400_000);
    await recordAudit(h.db, clock, systemActor('cli'), {
      action: 'user.create',
      entityType: 'user',
      summary: '创建用户 li（李）',
    });
    expect((await findAuditEntries(h.db, { page: 1, pageSize: 10, entityType: 'user' })).total).toBe(1);
    expect((await findAuditEntries(h.db, { page: 1, pageSize: 10, q: '研究室' })).rows[0]?.action).toBe('unit.create');
    expect((await findAuditEntries(h.db, { page: 1, pageSize: 10, from: '2023-05-02' })).total).toBe(1);
    expect((await findAuditEntries(h.db, { page: 1, pageSize: 10 })).rows.map((r) => r.action)).toEqual([
      'user.create',
      'unit.create',
    ]);
  });
});
