import type { Db } from '../../db/database.ts';

export interface Recipient {
  id: number;
  displayName: string;
  email: string | null;
}

/** Active users holding one of `roles`, optionally only those of `unitIds`; each user once, in id order. */
export async function findRecipients(db: Db, roles: readonly string[], unitIds?: readonly number[]): Promise<Recipient[]> {
  if (roles.length === 0 || (unitIds && unitIds.length === 0)) return [];
  let q = db
    .selectFrom('app_user')
    .innerJoin('user_role', 'user_role.user_id', 'app_user.id')
    .select(['app_user.id', 'app_user.display_name', 'app_user.email'])
    .where('app_user.is_disabled', '=', 0)
    .where('user_role.role', 'in', [...roles]);
  if (unitIds) q = q.where('app_user.unit_id', 'in', [...unitIds]);
  const rows = await q.orderBy('app_user.id').execute();
  const seen = new Map<number, Recipient>();
  for (const r of rows) if (!seen.has(r.id)) seen.set(r.id, { id: r.id, displayName: r.display_name, email: r.email });
  return [...seen.values()];
}

/** The unit's own people: its 联络员 and its head. */
export function findUnitMembers(db: Db, unitIds: readonly number[]): Promise<Recipient[]> {
  return findRecipients(db, ['unit_staff', 'unit_head'], unitIds);
}
