import type { Db } from '../../db/database.ts';
import type { AccountRecord, AccountStore } from '../../platform/auth/accounts.ts';
import { findUnitNamesByIds } from '../org/org.repository.ts';
import { findUserById, findUserByUsername, touchLastLogin, updateUserRow, type UserRow } from './users.repository.ts';

async function toAccount(db: Db, row: UserRow | undefined): Promise<AccountRecord | undefined> {
  if (!row) return undefined;
  const unitName =
    row.unit_id === null ? null : ((await findUnitNamesByIds(db, [row.unit_id])).get(row.unit_id) ?? null);
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    passwordHash: row.password_hash,
    unitId: row.unit_id,
    unitName,
    roles: row.roles,
    isDisabled: row.is_disabled === 1,
  };
}

/** The accounts as sign-in sees them: what `platform/auth` is given by the composition root (app.ts). */
export const userAccounts: AccountStore = {
  findByUsername: async (db, username) => toAccount(db, await findUserByUsername(db, username)),
  findById: async (db, id) => toAccount(db, await findUserById(db, id)),
  recordLogin: (db, id, nowIso) => touchLastLogin(db, id, nowIso),
  setPasswordHash: (db, id, passwordHash, nowIso) => updateUserRow(db, id, { passwordHash, now: nowIso }),
};
