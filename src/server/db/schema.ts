import type { Generated } from 'kysely';

/**
 * Row types of every table, as Kysely sees them. Row types never leave the server: services map them to `src/shared` types.
 * Timestamps are ISO-8601 UTC strings and booleans are 0/1 integers on both dialects, so domain code never asks which
 * database it runs on.
 */
export interface UnitTable {
  id: Generated<number>;
  name: string;
  kind: string;
  parent_id: number | null;
  division_code: string | null;
  managed_by_id: number | null;
  sort_order: number;
  is_active: number;
  note: string | null;
  created_at: string;
  updated_at: string;
}

export interface UnitAliasTable {
  id: Generated<number>;
  unit_id: number;
  alias: string;
}

export interface UserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  unit_id: number | null;
  is_disabled: number;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}

export interface UserRoleTable {
  user_id: number;
  role: string;
}

export interface SessionTable {
  /** SHA-256 of the cookie token: a stolen database does not yield usable sessions. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  occurred_at: string;
  actor_id: number | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  summary: string;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
  request_id: string | null;
}

export interface Database {
  unit: UnitTable;
  unit_alias: UnitAliasTable;
  app_user: UserTable;
  user_role: UserRoleTable;
  session: SessionTable;
  audit_log: AuditLogTable;
}
