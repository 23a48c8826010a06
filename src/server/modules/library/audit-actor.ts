import { isSystemActor, type Principal } from '../../platform/auth/actor.ts';

/** The user who did something, for `created_by`-style columns; null for the command line and scheduled jobs. */
export function userIdOf(principal: Principal): number | null {
  return isSystemActor(principal) ? null : principal.userId;
}
