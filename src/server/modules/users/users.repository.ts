import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { UserTable } from '../../db/schema.ts';

/** A user row with the user's roles (sorted). The unit's name is the org module's to give (`findUnitNamesByIds`). */
export type UserRow = Selectable<UserTable> & { roles: string[] };

function baseQuery(db: Db) {
  return db.selectFrom('app_user').selectAll();
}

async function withRoles(db: Db, rows: Omit<UserRow, 'roles'>[]): Promise<UserRow[]> {
  if (rows.length === 0) return [];
  const roleRows = await db
    .selectFrom('user_role')
    .select(['user_id', 'role'])
    .where(
      'user_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('role')
    .execute();
  return rows.map((r) => ({ ...r, roles: roleRows.filter((x) => x.user_id === r.id).map((x) => x.role) }));
}

export async function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  const row = await baseQuery(db).where('id', '=', id).executeTakeFirst();
  return row ? (await withRoles(db, [row]))[0] : undefined;
}

export async function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  const row = await baseQuery(db).where('username', '=', username).executeTakeFirst();
  return row ? (await withRoles(db, [row]))[0] : undefined;
}

export async function findUsers(db: Db): Promise<UserRow[]> {
  return withRoles(db, await baseQuery(db).orderBy('id').execute());
}

export async function countUsers(db: Db): Promise<number> {
  const r = await db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertUser(
  db: Db,
  u: {
    username: string;
    displayName: string;
    passwordHash: string;
    unitId: number | null;
    email?: string | null | undefined;
    phone?: string | null | undefined;
    roles: readonly string[];
    now: string;
  },
): Promise<number> {
  const { id } = await db
    .insertInto('app_user')
    .values({
      username: u.username,
      display_name: u.displayName,
      password_hash: u.passwordHash,
      unit_id: u.unitId,
      email: u.email ?? null,
      phone: u.phone ?? null,
      is_disabled: 0,
      created_at: u.now,
      updated_at: u.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await replaceRoles(db, id, u.roles);
  return id;
}

export async function updateUserRow(
  db: Db,
  id: number,
  patch: {
    displayName?: string;
    unitId?: number | null;
    isDisabled?: boolean;
    passwordHash?: string;
    email?: string | null;
    phone?: string | null;
    now: string;
  },
): Promise<void> {
  await db
    .updateTable('app_user')
    .set({
      ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
      ...(patch.unitId !== undefined ? { unit_id: patch.unitId } : {}),
      ...(patch.isDisabled !== undefined ? { is_disabled: patch.isDisabled ? 1 : 0 } : {}),
      ...(patch.passwordHash !== undefined ? { password_hash: patch.passwordHash } : {}),
      ...(patch.email !== undefined ? { email: patch.email } : {}),
      ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
      updated_at: patch.now,
    })
    .where('id', '=', id)
    .execute();
}

export async function replaceRoles(db: Db, userId: number, roles: readonly string[]): Promise<void> {
  await db.deleteFrom('user_role').where('user_id', '=', userId).execute();
  const unique = [...new Set(roles)];
  if (unique.length > 0) {
    await db
      .insertInto('user_role')
      .values(unique.map((role) => ({ user_id: userId, role })))
      .execute();
  }
}

export async function touchLastLogin(db: Db, id: number, now: string): Promise<void> {
  await db.updateTable('app_user').set({ last_login_at: now }).where('id', '=', id).execute();
}

export async function countActiveAdmins(db: Db): Promise<number> {
  const r = await db
    .selectFrom('user_role')
    .innerJoin('app_user', 'app_user.id', 'user_role.user_id')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('user_role.role', '=', 'admin')
    .where('app_user.is_disabled', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// Read by the supervision domain

/** Active users holding one of `roles`, optionally only those of `unitIds`; each user once, in id order. */
export async function findActiveUsersWithRoles(db: Db, roles: readonly string[], unitIds?: readonly number[]) {
  if (roles.length === 0 || (unitIds && unitIds.length === 0)) return [];
  let q = db
    .selectFrom('app_user')
    .innerJoin('user_role', 'user_role.user_id', 'app_user.id')
    .select(['app_user.id', 'app_user.display_name', 'app_user.email', 'app_user.phone'])
    .where('app_user.is_disabled', '=', 0)
    .where('user_role.role', 'in', [...roles]);
  if (unitIds) q = q.where('app_user.unit_id', 'in', [...unitIds]);
  const rows = await q.orderBy('app_user.id').execute();
  return [...new Map(rows.map((r) => [r.id, r])).values()];
}

/** Display names of the given users, for "decided by" and "requested by" columns. */
export async function findDisplayNames(db: Db, ids: readonly (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** How many accounts (enabled or not) belong to the unit: a unit with members cannot be deleted. */
export async function countUsersInUnit(db: Db, unitId: number): Promise<number> {
  const r = await db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('unit_id', '=', unitId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
