import {
  DEFAULT_ASSESSMENT_RULES,
  normalizeRules,
  ZAssessmentRules,
  type TAssessmentRules,
  type TQualityScoreInput,
  type TRanking,
  type TRulesResponse,
} from '../../../shared/assessment.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import type { Clock } from '../../platform/clock.ts';
import { authorize } from '../../platform/policy.ts';
import { loadSupervisionSettings } from '../supervision/plan-health.ts';
import { findPlanById } from '../workplan/workplan.repository.ts';
import { deriveUnitFacts } from './derive-facts.ts';
import { scoreUnits } from './score-units.ts';

export interface AssessmentDeps {
  db: Db;
  clock: Clock;
}

async function requirePlan(db: Db, planId: number) {
  const plan = await findPlanById(db, planId);
  if (!plan) throw new AppError('NOT_FOUND', '该工作要点不存在或已被删除。');
  return plan;
}

/** The saved rules, or the defaults. A saved set that no longer validates falls back to the defaults, never to a crash. */
async function loadRules(db: Db, planId: number): Promise<TRulesResponse> {
  const row = await db.selectFrom('assessment_rule_set').selectAll().where('plan_id', '=', planId).executeTakeFirst();
  if (row) {
    const parsed = ZAssessmentRules.safeParse(JSON.parse(row.rules_json));
    if (parsed.success) return { planId, rules: normalizeRules(parsed.data), isDefault: false, updatedAt: row.updated_at };
  }
  return { planId, rules: DEFAULT_ASSESSMENT_RULES, isDefault: true, updatedAt: null };
}

export async function getAssessmentRules(deps: AssessmentDeps, actor: Actor, planId: number): Promise<TRulesResponse> {
  authorize(actor, 'assessment.read');
  await requirePlan(deps.db, planId);
  return loadRules(deps.db, planId);
}

export async function saveAssessmentRules(deps: AssessmentDeps, actor: Actor, planId: number, input: TAssessmentRules): Promise<TRulesResponse> {
  authorize(actor, 'assessment.edit_rules');
  const plan = await requirePlan(deps.db, planId);
  const rules = normalizeRules(input);
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const before = await loadRules(trx, planId);
    const values = { rules_json: JSON.stringify(rules), updated_by: actor.userId, updated_at: now };
    if (before.isDefault && !(await trx.selectFrom('assessment_rule_set').select('plan_id').where('plan_id', '=', planId).executeTakeFirst())) {
      await trx.insertInto('assessment_rule_set').values({ plan_id: planId, ...values }).execute();
    } else {
      await trx.updateTable('assessment_rule_set').set(values).where('plan_id', '=', planId).execute();
    }
    await recordAudit(trx, deps.clock, actor, {
      action: 'assessment.rules_update',
      entityType: 'plan',
      entityId: planId,
      summary: `修改《${plan.title}》的绩效考评规则（${rules.items.map((i) => `${i.label} ${i.formula}`).join('；')}）`,
      before: before.rules,
      after: rules,
    });
  });
  return { planId, rules, isDefault: false, updatedAt: now };
}

export async function setQualityScore(
  deps: AssessmentDeps,
  actor: Actor,
  planId: number,
  unitId: number,
  input: TQualityScoreInput,
): Promise<{ unitId: number; score: number; comment: string | null }> {
  authorize(actor, 'assessment.score_quality');
  const plan = await requirePlan(deps.db, planId);
  const unit = await deps.db
    .selectFrom('task_unit')
    .innerJoin('task', 'task.id', 'task_unit.task_id')
    .innerJoin('unit', 'unit.id', 'task_unit.unit_id')
    .select(['unit.id', 'unit.name'])
    .where('task.plan_id', '=', planId)
    .where('task_unit.unit_id', '=', unitId)
    .where('task_unit.role', '=', 'lead')
    .executeTakeFirst();
  if (!unit) throw new AppError('VALIDATION_FAILED', '该单位在本工作要点中没有牵头任务，无需评分。请从考评排名中选择单位。');
  const now = deps.clock.now().toISOString();
  const comment = input.comment ? input.comment : null;
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('quality_score').selectAll().where('plan_id', '=', planId).where('unit_id', '=', unitId).executeTakeFirst();
    const values = { score: input.score, comment, scored_by: actor.userId, scored_at: now };
    if (before) await trx.updateTable('quality_score').set(values).where('id', '=', before.id).execute();
    else await trx.insertInto('quality_score').values({ plan_id: planId, unit_id: unitId, ...values }).execute();
    await recordAudit(trx, deps.clock, actor, {
      action: 'assessment.quality_score',
      entityType: 'plan',
      entityId: planId,
      summary: `为${unit.name}评定《${plan.title}》完成质量 ${input.score} 分`,
      before: before ? { score: before.score, comment: before.comment } : null,
      after: { score: input.score, comment },
    });
  });
  return { unitId, score: input.score, comment };
}

/** Scores every lead unit of the plan on `asOf` (default today, UTC) by the plan's rules. */
export async function getRanking(deps: AssessmentDeps, actor: Actor, planId: number, asOf?: string): Promise<TRanking> {
  authorize(actor, 'assessment.read');
  const plan = await requirePlan(deps.db, planId);
  const date = asOf ?? deps.clock.now().toISOString().slice(0, 10);
  const { rules } = await loadRules(deps.db, planId);
  const settings = await loadSupervisionSettings(deps.db, planId);
  const db = deps.db;
  const [tasks, leads, reports, extensions, quality] = await Promise.all([
    db.selectFrom('task').select(['id', 'deadline', 'closed_at']).where('plan_id', '=', planId).execute(),
    db
      .selectFrom('task_unit')
      .innerJoin('task', 'task.id', 'task_unit.task_id')
      .innerJoin('unit', 'unit.id', 'task_unit.unit_id')
      .select(['task_unit.task_id', 'unit.id as unit_id', 'unit.name as unit_name', 'unit.sort_order'])
      .where('task.plan_id', '=', planId)
      .where('task_unit.role', '=', 'lead')
      .execute(),
    db
      .selectFrom('report')
      .innerJoin('task', 'task.id', 'report.task_id')
      .select(['report.task_id', 'report.unit_id', 'report.role', 'report.period', 'report.status', 'report.percent', 'report.progress_text', 'report.submitted_at'])
      .where('task.plan_id', '=', planId)
      .execute(),
    db
      .selectFrom('extension_request')
      .innerJoin('task', 'task.id', 'extension_request.task_id')
      .select(['extension_request.unit_id', 'extension_request.status'])
      .where('task.plan_id', '=', planId)
      .execute(),
    db.selectFrom('quality_score').select(['unit_id', 'score', 'comment']).where('plan_id', '=', planId).execute(),
  ]);
  const units = new Map<number, { id: number; name: string; sort: number }>();
  for (const l of leads) units.set(l.unit_id, { id: l.unit_id, name: l.unit_name, sort: l.sort_order });
  const facts = deriveUnitFacts({
    asOf: date,
    year: plan.year,
    cycle: settings.cycle,
    dueDay: settings.dueDay,
    reportsFrom: plan.notice_date,
    emptyReportMinChars: rules.emptyReportMinChars,
    units: [...units.values()].sort((a, b) => a.sort - b.sort || a.id - b.id),
    tasks: tasks.map((t) => ({
      id: t.id,
      deadline: t.deadline,
      closedAt: t.closed_at,
      leadUnitIds: leads.filter((l) => l.task_id === t.id).map((l) => l.unit_id),
    })),
    reports: reports.map((r) => ({
      taskId: r.task_id,
      unitId: r.unit_id,
      role: r.role,
      period: r.period,
      status: r.status,
      percent: r.percent,
      progressText: r.progress_text,
      submittedAt: r.submitted_at,
    })),
    extensions: extensions.map((e) => ({ unitId: e.unit_id, status: e.status })),
    quality: quality.map((q) => ({ unitId: q.unit_id, score: Number(q.score), comment: q.comment })),
  });
  return { planId, planTitle: plan.title, asOf: date, rules, rows: scoreUnits(rules, facts) };
}
