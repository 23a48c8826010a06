import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { PlanSupervisionTable } from '../../db/schema.ts';

/** `plan_supervision`: a plan's reporting cycle, due day, light thresholds and reminder lead time. */
export type SupervisionSettingsRow = Selectable<PlanSupervisionTable>;

export async function findSupervisionSettingsRow(db: Db, planId: number): Promise<SupervisionSettingsRow | undefined> {
  return db.selectFrom('plan_supervision').selectAll().where('plan_id', '=', planId).executeTakeFirst();
}

export async function saveSupervisionSettingsRow(db: Db, row: Insertable<PlanSupervisionTable>): Promise<void> {
  const { plan_id: _planId, ...values } = row;
  await db
    .insertInto('plan_supervision')
    .values(row)
    .onConflict((oc) => oc.column('plan_id').doUpdateSet(values))
    .execute();
}
