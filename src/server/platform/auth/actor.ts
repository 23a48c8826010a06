import type { TRole } from '../../../shared/auth.ts';

/** Who is making a request: what every service receives first and checks with `authorize`. */
export interface Actor {
  readonly kind?: 'user';
  userId: number;
  username: string;
  displayName: string;
  roles: readonly TRole[];
  unitId: number | null;
  ip: string | null;
  requestId: string | null;
}

/**
 * The product acting on its own behalf: the command line run by the operator on the server, and scheduled jobs
 * (reminders). It is never derived from an HTTP request. What it may do is decided in one place:
 * `SYSTEM_ACTIONS` in `platform/policy.ts`.
 */
export interface SystemActor {
  readonly kind: 'system';
  /** What is acting, for the audit log: `cli`, `reminders`, `migration` … */
  readonly purpose: string;
}

/** Anyone a service may act for: a signed-in user or the system. */
export type Principal = Actor | SystemActor;

export function systemActor(purpose: string): SystemActor {
  return { kind: 'system', purpose };
}

export function isSystemActor(principal: Principal): principal is SystemActor {
  return principal.kind === 'system';
}
