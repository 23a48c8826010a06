import type { TRole } from '../../../shared/auth.ts';

/** Who is making a request: what every service receives first and checks with `authorize`. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  roles: readonly TRole[];
  unitId: number | null;
  ip: string | null;
  requestId: string | null;
}
