import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { AssessmentRuleSetTable, QualityScoreTable } from '../../db/schema.ts';

/** `assessment_rule_set` (a plan's 绩效考评 rules as JSON) and `quality_score` (a leader's 完成质量 score per unit). */
export type RuleSetRow = Selectable<AssessmentRuleSetTable>;
export type QualityScoreRow = Selectable<QualityScoreTable>;

export async function findRuleSet(db: Db, planId: number): Promise<RuleSetRow | undefined> {
  return db.selectFrom('assessment_rule_set').selectAll().where('plan_id', '=', planId).executeTakeFirst();
}

export async function saveRuleSet(db: Db, row: Insertable<AssessmentRuleSetTable>): Promise<void> {
  const { plan_id: _planId, ...values } = row;
  await db
    .insertInto('assessment_rule_set')
    .values(row)
    .onConflict((oc) => oc.column('plan_id').doUpdateSet(values))
    .execute();
}

export async function findQualityScores(db: Db, planId: number): Promise<QualityScoreRow[]> {
  return db.selectFrom('quality_score').selectAll().where('plan_id', '=', planId).orderBy('id').execute();
}

export async function findQualityScore(db: Db, planId: number, unitId: number): Promise<QualityScoreRow | undefined> {
  return db
    .selectFrom('quality_score')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
}

export async function insertQualityScore(db: Db, row: Insertable<QualityScoreTable>): Promise<void> {
  await db.insertInto('quality_score').values(row).execute();
}

export async function updateQualityScore(
  db: Db,
  id: number,
  values: Pick<QualityScoreRow, 'score' | 'comment' | 'scored_by' | 'scored_at'>,
): Promise<void> {
  await db.updateTable('quality_score').set(values).where('id', '=', id).execute();
}
