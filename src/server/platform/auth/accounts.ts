import type { Db } from '../../db/database.ts';

/** An account as signing in needs it. Accounts are the users module's; the platform only sees this shape. */
export interface AccountRecord {
  id: number;
  username: string;
  displayName: string;
  passwordHash: string;
  unitId: number | null;
  unitName: string | null;
  roles: readonly string[];
  isDisabled: boolean;
}

/**
 * The port through which sign-in reaches accounts. The users module implements it (`users/user-accounts.ts`) and the
 * composition root passes it in, so `platform/` never imports a module. Every function takes the `db` (or transaction)
 * to work in.
 */
export interface AccountStore {
  findByUsername(db: Db, username: string): Promise<AccountRecord | undefined>;
  findById(db: Db, id: number): Promise<AccountRecord | undefined>;
  recordLogin(db: Db, id: number, nowIso: string): Promise<void>;
  setPasswordHash(db: Db, id: number, passwordHash: string, nowIso: string): Promise<void>;
}
