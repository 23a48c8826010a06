import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isUniqueViolation, type DbHandle } from '../../db/database.ts';
import { createTestDatabase, TEST_DIALECTS } from '../../test/test-db.ts';
import { insertUnit } from '../org/org.repository.ts';
import {
  countActiveAdmins,
  countUsers,
  countUsersInUnit,
  findUserById,
  findUserByUsername,
  findUsers,
  insertUser,
  replaceRoles,
  touchLastLogin,
  updateUserRow,
} from './users.repository.ts';

const NOW = '2023-04-01T08:00:00.000Z';
const user = (username: string, roles: string[], unitId: number | null = null) => ({
  username,
  displayName: `用户${username}`,
  passwordHash: `$argon2id$fake-${username}`,
  unitId,
  roles,
  now: NOW,
});

describe.each(TEST_DIALECTS)('users repository (%s)', (dialect) => {
  let h: DbHandle;
  beforeEach(async () => {
    h = await createTestDatabase(dialect);
  });
  afterEach(async () => h.close());

  it('stores a user with distinct roles in order, and finds them by id and username', async () => {
    const id = await insertUser(h.db, user('wang', ['unit_staff', 'leader', 'unit_staff']));
    const byId = await findUserById(h.db, id);
    expect(byId).toMatchObject({
      username: 'wang',
      display_name: '用户wang',
      is_disabled: 0,
      unit_id: null,
      email: null,
      roles: ['leader', 'unit_staff'],
    });
    expect(await findUserByUsername(h.db, 'wang')).toEqual(byId);
    expect(await findUserByUsername(h.db, 'nobody')).toBeUndefined();
    const error = await insertUser(h.db, user('wang', [])).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    expect(await countUsers(h.db)).toBe(1);
  });

  it('updates only the fields given, replaces roles and records the last login', async () => {
    const id = await insertUser(h.db, user('li', ['unit_staff']));
    await updateUserRow(h.db, id, { displayName: '李四', email: 'li@example.org', now: '2023-04-02T00:00:00.000Z' });
    await replaceRoles(h.db, id, ['unit_head']);
    await touchLastLogin(h.db, id, '2023-04-03T00:00:00.000Z');
    expect(await findUserById(h.db, id)).toMatchObject({
      display_name: '李四',
      email: 'li@example.org',
      password_hash: '$argon2id$fake-li',
      updated_at: '2023-04-02T00:00:00.000Z',
      last_login_at: '2023-04-03T00:00:00.000Z',
      roles: ['unit_head'],
    });
  });

  it('counts enabled administrators and the members of a unit', async () => {
    const unitId = await insertUnit(
      h.db,
      {
        name: '办公室',
        kind: 'department',
        parentId: null,
        divisionCode: null,
        managedById: null,
        sortOrder: 1,
        isActive: true,
        note: null,
      },
      NOW,
    );
    const a = await insertUser(h.db, user('root', ['admin']));
    await insertUser(h.db, user('root2', ['admin', 'leader'], unitId));
    await insertUser(h.db, user('zhao', ['unit_staff'], unitId));
    expect(await countActiveAdmins(h.db)).toBe(2);
    await updateUserRow(h.db, a, { isDisabled: true, now: NOW });
    expect(await countActiveAdmins(h.db)).toBe(1);
    expect(await countUsersInUnit(h.db, unitId)).toBe(2);
    expect((await findUsers(h.db)).map((u) => u.username)).toEqual(['root', 'root2', 'zhao']);
  });
});
