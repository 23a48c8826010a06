import { isSystemActor, type Actor, type Principal } from '../../platform/auth/actor.ts';

/** The audit log names a user, or 系统 for the command line and scheduled jobs. */
export function auditActor(principal: Principal): Actor | null {
  return isSystemActor(principal) ? null : principal;
}

export function userIdOf(principal: Principal): number | null {
  return isSystemActor(principal) ? null : principal.userId;
}
