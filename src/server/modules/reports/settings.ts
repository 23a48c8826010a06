import { AppError } from '../../../shared/errors.ts';
import { CYCLE_LABELS, type TSupervisionSettings } from '../../../shared/supervision.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { authorize } from '../../platform/policy.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { loadSupervisionSettings } from '../supervision/plan-health.ts';

async function assertPlan(db: Db, planId: number): Promise<{ title: string }> {
  const plan = await db.selectFrom('plan').select(['title']).where('id', '=', planId).executeTakeFirst();
  if (!plan) throw new AppError('NOT_FOUND', '该工作要点不存在或已被删除。');
  return plan;
}

/** The plan's reporting cycle and light thresholds (the defaults until a supervisor saves them). */
export async function getSupervisionSettings(deps: { db: Db }, actor: Actor, planId: number): Promise<TSupervisionSettings> {
  authorize(actor, 'plan.read');
  await assertPlan(deps.db, planId);
  return loadSupervisionSettings(deps.db, planId);
}

export async function putSupervisionSettings(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  planId: number,
  settings: TSupervisionSettings,
): Promise<TSupervisionSettings> {
  authorize(actor, 'supervision.configure');
  if (settings.yellowPoints >= settings.redPoints) {
    throw new AppError('VALIDATION_FAILED', `黄灯阈值（${settings.yellowPoints}）应小于红灯阈值（${settings.redPoints}），请调整后再保存。`);
  }
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const plan = await assertPlan(trx, planId);
    const before = await loadSupervisionSettings(trx, planId);
    const values = {
      cycle: settings.cycle,
      due_day: settings.dueDay,
      yellow_points: settings.yellowPoints,
      red_points: settings.redPoints,
      remind_days_before: settings.remindDaysBefore,
      updated_at: now,
    };
    const exists = await trx.selectFrom('plan_supervision').select('plan_id').where('plan_id', '=', planId).executeTakeFirst();
    if (exists) await trx.updateTable('plan_supervision').set(values).where('plan_id', '=', planId).execute();
    else await trx.insertInto('plan_supervision').values({ plan_id: planId, ...values }).execute();
    await recordAudit(trx, deps.clock, actor, {
      action: 'plan.supervision',
      entityType: 'plan',
      entityId: planId,
      summary: `设置《${plan.title}》督办规则：${CYCLE_LABELS[settings.cycle]}填报，每期 ${settings.dueDay} 日前报送，落后 ${settings.yellowPoints}/${settings.redPoints} 个百分点亮黄/红灯，提前 ${settings.remindDaysBefore} 天提醒`,
      before,
      after: settings,
    });
    return settings;
  });
}
