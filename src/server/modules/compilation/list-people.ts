import type { TPerson } from '../../../shared/compilation.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import { authorize } from '../../platform/policy.ts';
import { findUnitNamesByIds } from '../org/org.repository.ts';
import { findUsers } from '../users/users.repository.ts';

/** Active users with their units, for giving project roles and naming writers (no accounts details). */
export async function listPeople(deps: { db: Db }, principal: Principal): Promise<TPerson[]> {
  authorize(principal, 'compile.write');
  const users = (await findUsers(deps.db)).filter((u) => !u.is_disabled);
  const units = await findUnitNamesByIds(
    deps.db,
    users.flatMap((u) => (u.unit_id === null ? [] : [u.unit_id])),
  );
  return users.map((u) => ({
    id: u.id,
    displayName: u.display_name,
    unitId: u.unit_id,
    unitName: u.unit_id === null ? null : (units.get(u.unit_id) ?? null),
  }));
}
