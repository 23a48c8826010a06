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
import { resolveInput, type DeferredInput } from '../../platform/deferred-input.ts';
import { authorize } from '../../platform/policy.ts';
import { findUnits } from '../org/org.repository.ts';
import { findExtensions } from '../supervision/actions/extensions.repository.ts';
import { loadSupervisionSettings } from '../supervision/plan-health.ts';
import { findReportsOfTasks } from '../supervision/reports/reports.repository.ts';
import { findPlanById, findCurrentTasks, findTaskUnits } from '../workplan/workplan.repository.ts';
import {
  findQualityScore,
  findQualityScores,
  findRuleSet,
  insertQualityScore,
  saveRuleSet,
  updateQualityScore,
} from './assessment.repository.ts';
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
  const row = await findRuleSet(db, planId);
  if (row) {
    const parsed = ZAssessmentRules.safeParse(JSON.parse(row.rules_json));
    if (parsed.success)
      return { planId, rules: normalizeRules(parsed.data), isDefault: false, updatedAt: row.updated_at };
  }
  return { planId, rules: DEFAULT_ASSESSMENT_RULES, isDefault: true, updatedAt: null };
}

export async function getAssessmentRules(deps: AssessmentDeps, actor: Actor, planId: number): Promise<TRulesResponse> {
  authorize(actor, 'assessment.read');
  await requirePlan(deps.db, planId);
  return loadRules(deps.db, planId);
}

export async function saveAssessmentRules(
  deps: AssessmentDeps,
  actor: Actor,
  planId: number,
  values: DeferredInput<TAssessmentRules>,
): Promise<TRulesResponse> {
  authorize(actor, 'assessment.edit_rules');
  const input = await resolveInput(values);
  const plan = await requirePlan(deps.db, planId);
  const rules = normalizeRules(input);
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const before = await loadRules(trx, planId);
    await saveRuleSet(trx, {
      plan_id: planId,
      rules_json: JSON.stringify(rules),
      updated_by: actor.userId,
      updated_at: now,
    });
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
  values: DeferredInput<TQualityScoreInput>,
): Promise<{ unitId: number; score: number; comment: string | null }> {
  authorize(actor, 'assessment.score_quality');
  const input = await resolveInput(values);
  const plan = await requirePlan(deps.db, planId);
  const lead = (await findTaskUnits(deps.db, planId)).find(
    (u) => u.unit_id === unitId && u.role === 'lead' && u.unit_name !== null,
  );
  const unit = lead ? { id: unitId, name: lead.unit_name! } : undefined;
  if (!unit)
    throw new AppError('VALIDATION_FAILED', '该单位在本工作要点中没有牵头任务，无需评分。请从考评排名中选择单位。');
  const now = deps.clock.now().toISOString();
  const comment = input.comment ? input.comment : null;
  await deps.db.transaction().execute(async (trx) => {
    const before = await findQualityScore(trx, planId, unitId);
    const score = { score: input.score, comment, scored_by: actor.userId, scored_at: now };
    if (before) await updateQualityScore(trx, before.id, score);
    else await insertQualityScore(trx, { plan_id: planId, unit_id: unitId, ...score });
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
  const tasks = await findCurrentTasks(db, planId);
  const taskIds = tasks.map((t) => t.id);
  const [taskUnits, directory, reports, extensions, quality] = await Promise.all([
    findTaskUnits(db, planId),
    findUnits(db),
    findReportsOfTasks(db, taskIds),
    findExtensions(db, { taskIds }),
    findQualityScores(db, planId),
  ]);
  const sortOf = new Map(directory.map((u) => [u.id, u.sort_order]));
  const leads = taskUnits.flatMap((u) =>
    u.role === 'lead' && u.unit_id !== null && u.unit_name !== null
      ? [{ task_id: u.task_id, unit_id: u.unit_id, unit_name: u.unit_name, sort_order: sortOf.get(u.unit_id) ?? 0 }]
      : [],
  );
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
