import { AppError } from '../../../../shared/errors.ts';
import { CYCLE_LABELS, type TSupervisionSettings } from '../../../../shared/supervision.ts';
import type { Db } from '../../../db/database.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Clock } from '../../../platform/clock.ts';
import { recordAudit } from '../../../platform/audit/audit.service.ts';
import { resolveInput, type DeferredInput } from '../../../platform/deferred-input.ts';
import { authorize } from '../../../platform/policy.ts';
import { findPlanById } from '../../workplan/workplan.repository.ts';
import { loadSupervisionSettings } from '../plan-health.ts';
import { DOC_PREFIX } from '../rules/escalation-number.ts';
import { saveSupervisionSettingsRow } from '../settings.repository.ts';

async function assertPlan(db: Db, planId: number): Promise<{ title: string }> {
  const plan = await findPlanById(db, planId);
  if (!plan) throw new AppError('NOT_FOUND', '该工作要点不存在或已被删除。');
  return plan;
}

/** The plan's reporting cycle and light thresholds (the defaults until a supervisor saves them). */
export async function getSupervisionSettings(
  deps: { db: Db },
  actor: Actor,
  planId: number,
): Promise<TSupervisionSettings> {
  authorize(actor, 'plan.read');
  await assertPlan(deps.db, planId);
  return loadSupervisionSettings(deps.db, planId);
}

export async function putSupervisionSettings(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  planId: number,
  input: DeferredInput<TSupervisionSettings>,
): Promise<TSupervisionSettings> {
  authorize(actor, 'supervision.configure');
  const settings = { ...(await resolveInput(input)) };
  // An empty prefix means the default 督字; the numbering rule adds 〔year〕 and 号.
  settings.docPrefix = settings.docPrefix?.trim() || null;
  if (settings.yellowPoints >= settings.redPoints) {
    throw new AppError(
      'VALIDATION_FAILED',
      `黄灯阈值（${settings.yellowPoints}）应小于红灯阈值（${settings.redPoints}），请调整后再保存。`,
    );
  }
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const plan = await assertPlan(trx, planId);
    const before = await loadSupervisionSettings(trx, planId);
    await saveSupervisionSettingsRow(trx, {
      plan_id: planId,
      cycle: settings.cycle,
      due_day: settings.dueDay,
      yellow_points: settings.yellowPoints,
      red_points: settings.redPoints,
      remind_days_before: settings.remindDaysBefore,
      doc_prefix: settings.docPrefix,
      updated_at: now,
    });
    await recordAudit(trx, deps.clock, actor, {
      action: 'plan.supervision',
      entityType: 'plan',
      entityId: planId,
      summary: `设置《${plan.title}》督办规则：${CYCLE_LABELS[settings.cycle]}填报，每期 ${settings.dueDay} 日前报送，落后 ${settings.yellowPoints}/${settings.redPoints} 个百分点亮黄/红灯，提前 ${settings.remindDaysBefore} 天提醒，督办单文号前缀“${settings.docPrefix ?? DOC_PREFIX}”`,
      before,
      after: settings,
    });
    return settings;
  });
}
