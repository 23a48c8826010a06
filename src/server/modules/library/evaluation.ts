import { AppError } from '../../../shared/errors.ts';
import {
  ZEvalDecision,
  ZEvalDefinition,
  ZEvalFinish,
  ZEvalScores,
  ZEvalStart,
  ZEvalTemplateInput,
  type TEvalAssessment,
  type TEvalDefinition,
  type TEvalScores,
  type TEvalTemplate,
  type TEvalTemplateInput,
} from '../../../shared/library.ts';
import type { z } from 'zod';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { authorize } from '../../platform/policy.ts';
import { userIdOf } from './audit-actor.ts';
import { countCopies } from './copies.repository.ts';
import { findShipments } from './distribution.repository.ts';
import { computedScore, gradeEvaluation } from './eval-scoring.ts';
import {
  findAssessment,
  findAssessmentOf,
  findAssessments,
  findPhotos,
  findRectification,
  findRectifications,
  findTemplate,
  findTemplates,
  insertAssessment,
  insertRectifications,
  insertTemplate,
  latestVersion,
  markRectificationDone,
  updateAssessment,
  type EvalAssessmentRow,
} from './evaluation.repository.ts';
import {
  assertActsFor,
  assertProvince,
  assertReviews,
  assertSeesUnit,
  isLocalOffice,
  resolveOfficeScope,
  reviewerOf,
  unitName,
  visibleUnitIds,
  type OfficeScope,
} from './office-access.ts';

type Deps = { db: Db; clock: Clock };
const defOf = (json: string): TEvalDefinition => ZEvalDefinition.parse(JSON.parse(json));

export async function listEvalTemplates(deps: Deps, principal: Principal): Promise<TEvalTemplate[]> {
  authorize(principal, 'evaluation.read');
  return (await findTemplates(deps.db)).map((t) => ({
    id: t.id,
    name: t.name,
    version: t.version,
    definition: defOf(t.definition_json),
    createdAt: t.created_at,
  }));
}

/** Templates are versioned: saving under an existing name makes the next version; running assessments keep theirs. */
export async function saveEvalTemplate(
  deps: Deps,
  principal: Principal,
  input: TEvalTemplateInput,
): Promise<TEvalTemplate> {
  authorize(principal, 'evaluation.define');
  assertProvince(await resolveOfficeScope(deps.db, principal), '评估指标模板');
  const v = ZEvalTemplateInput.parse(input);
  const now = deps.clock.now().toISOString();
  const id = await deps.db.transaction().execute(async (trx) => {
    const version = (await latestVersion(trx, v.name)) + 1;
    const id = await insertTemplate(trx, {
      name: v.name,
      version,
      definition_json: JSON.stringify(v.definition),
      created_by: userIdOf(principal),
      created_at: now,
    });
    await recordAudit(trx, deps.clock, principal, {
      action: 'evaluation.template',
      entityType: 'eval_template',
      entityId: id,
      summary: `评估模板“${v.name}”第 ${version} 版`,
      after: v,
    });
    return id;
  });
  const t = (await findTemplate(deps.db, id))!;
  return { id: t.id, name: t.name, version: t.version, definition: defOf(t.definition_json), createdAt: t.created_at };
}

async function computeIndicators(
  db: Db,
  def: TEvalDefinition,
  unitId: number,
  today: string,
): Promise<TEvalAssessment['computed']> {
  const out: TEvalAssessment['computed'] = {};
  for (const i of def.indicators) {
    if (i.source === 'holdings_copies') {
      const value = await countCopies(db, { unitIds: [unitId], to: today });
      out[i.key] = { value, score: computedScore(i, value) };
    } else if (i.source === 'distribution_coverage') {
      const ships = await findShipments(db, { unitIds: [unitId] });
      const value =
        ships.length === 0
          ? 0
          : Math.round((ships.filter((s) => s.status !== 'sent').length / ships.length) * 1000) / 10;
      out[i.key] = { value, score: computedScore(i, value) };
    }
  }
  return out;
}

async function toAssessment(deps: Deps, scope: OfficeScope, a: EvalAssessmentRow): Promise<TEvalAssessment> {
  const t = (await findTemplate(deps.db, a.template_id))!;
  const def = defOf(t.definition_json);
  const computed = await computeIndicators(deps.db, def, a.unit_id, deps.clock.now().toISOString().slice(0, 10));
  const onsite = JSON.parse(a.onsite_json) as TEvalScores;
  const graded = a.total !== null ? gradeEvaluation(def, onsite, computed) : null;
  return {
    id: a.id,
    templateId: t.id,
    templateName: t.name,
    templateVersion: t.version,
    definition: def,
    unitId: a.unit_id,
    unitName: unitName(scope, a.unit_id),
    year: a.year,
    status: a.status as TEvalAssessment['status'],
    computed,
    selfScores: JSON.parse(a.self_json) as TEvalScores,
    onsiteScores: onsite,
    reviewComment: a.review_comment,
    total: a.total,
    grade: a.grade,
    failedMustPass: graded?.failedMustPass ?? [],
    photos: (await findPhotos(deps.db, a.id)).map((p) => ({
      id: p.id,
      indicatorKey: p.indicator_key,
      note: p.note,
      createdAt: p.created_at,
    })),
    rectifications: (await findRectifications(deps.db, a.id)).map((r) => ({
      id: r.id,
      text: r.text,
      deadline: r.deadline,
      doneNote: r.done_note,
      doneAt: r.done_at,
    })),
    certificateNo: a.certificate_no,
  };
}

async function load(deps: Deps, principal: Principal, id: number) {
  const scope = await resolveOfficeScope(deps.db, principal);
  const a = await findAssessment(deps.db, id);
  if (!a) throw new AppError('NOT_FOUND', '该评估不存在。');
  assertSeesUnit(scope, a.unit_id);
  return { scope, a };
}

export async function listAssessments(deps: Deps, principal: Principal): Promise<TEvalAssessment[]> {
  authorize(principal, 'evaluation.read');
  const scope = await resolveOfficeScope(deps.db, principal);
  const out: TEvalAssessment[] = [];
  for (const a of await findAssessments(deps.db, visibleUnitIds(scope))) out.push(await toAssessment(deps, scope, a));
  return out;
}

export async function getAssessment(deps: Deps, principal: Principal, id: number): Promise<TEvalAssessment> {
  authorize(principal, 'evaluation.read');
  const { scope, a } = await load(deps, principal, id);
  return toAssessment(deps, scope, a);
}

/** 申报自评: an office starts its own self-assessment against a template for a year. */
export async function startAssessment(
  deps: Deps,
  principal: Principal,
  input: z.input<typeof ZEvalStart>,
): Promise<TEvalAssessment> {
  authorize(principal, 'evaluation.self');
  const scope = await resolveOfficeScope(deps.db, principal);
  const v = ZEvalStart.parse(input);
  const unit = scope.unitId === null ? undefined : scope.units.get(scope.unitId);
  if (!unit || !isLocalOffice(unit))
    throw new AppError('FORBIDDEN', '资料室（方志馆）评估由市（州）、县（市、区）地方志工作机构申报。');
  if (!(await findTemplate(deps.db, v.templateId))) throw new AppError('NOT_FOUND', '所选评估模板不存在。');
  if (await findAssessmentOf(deps.db, unit.id, v.year, v.templateId))
    throw new AppError('CONFLICT', `本单位 ${v.year} 年已申报过该评估。`);
  const now = deps.clock.now().toISOString();
  const id = await deps.db.transaction().execute(async (trx) => {
    const id = await insertAssessment(trx, {
      template_id: v.templateId,
      unit_id: unit.id,
      year: v.year,
      status: 'self',
      self_json: '{}',
      onsite_json: '{}',
      review_comment: null,
      total: null,
      grade: null,
      certificate_no: null,
      updated_by: userIdOf(principal),
      created_at: now,
      updated_at: now,
    });
    await recordAudit(trx, deps.clock, principal, {
      action: 'evaluation.start',
      entityType: 'eval_assessment',
      entityId: id,
      summary: `${unit.name}申报 ${v.year} 年资料室评估`,
    });
    return id;
  });
  return getAssessment(deps, principal, id);
}

function checkScores(def: TEvalDefinition, raw: unknown): TEvalScores {
  const scores = ZEvalScores.parse(raw);
  for (const [key, s] of Object.entries(scores)) {
    const i = def.indicators.find((x) => x.key === key);
    if (!i) throw new AppError('VALIDATION_FAILED', `模板中没有指标“${key}”。`);
    if (s.score !== null && s.score > i.maxScore)
      throw new AppError('VALIDATION_FAILED', `“${i.label}”满分 ${i.maxScore} 分，不能打 ${s.score} 分。`);
  }
  return scores;
}

/** 自评: the office scores itself (computed indicators are filled by the system); submitting sends it to its reviewer. */
export async function saveSelfAssessment(
  deps: Deps,
  principal: Principal,
  id: number,
  scores: unknown,
  submit: boolean,
): Promise<TEvalAssessment> {
  authorize(principal, 'evaluation.self');
  const { scope, a } = await load(deps, principal, id);
  assertActsFor(scope, a.unit_id);
  if (scope.unitId !== a.unit_id) throw new AppError('FORBIDDEN', '自评由申报单位自己填写。');
  if (a.status !== 'self') throw new AppError('CONFLICT', '自评已提交，不能再修改。');
  const def = defOf((await findTemplate(deps.db, a.template_id))!.definition_json);
  const v = checkScores(def, scores);
  if (submit) {
    const missing = def.indicators.filter((i) => i.source === 'manual' && (v[i.key]?.score ?? null) === null);
    if (missing.length)
      throw new AppError('VALIDATION_FAILED', `请先为以下指标自评打分：${missing.map((i) => i.label).join('、')}`);
  }
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await updateAssessment(trx, id, {
      self_json: JSON.stringify(v),
      status: submit ? 'submitted' : 'self',
      updated_by: userIdOf(principal),
      updated_at: now,
    });
    await recordAudit(trx, deps.clock, principal, {
      action: submit ? 'evaluation.submit' : 'evaluation.self_save',
      entityType: 'eval_assessment',
      entityId: id,
      summary: `${unitName(scope, a.unit_id)}${submit ? '提交' : '保存'}资料室自评`,
    });
  });
  return getAssessment(deps, principal, id);
}

/** 审核: the 市州 (or the province for a 市州 office and a directly managed county) approves the self-assessment for an on-site check, or returns it. */
export async function reviewAssessment(
  deps: Deps,
  principal: Principal,
  id: number,
  input: z.input<typeof ZEvalDecision>,
): Promise<TEvalAssessment> {
  authorize(principal, 'evaluation.review');
  const { scope, a } = await load(deps, principal, id);
  assertReviews(scope, a.unit_id);
  const reviewer = reviewerOf(scope, a.unit_id);
  if (scope.level !== 'province' && reviewer !== scope.unitId)
    throw new AppError('FORBIDDEN', '该单位的自评由省方志委审核。');
  if (scope.level === 'province' && reviewer !== null)
    throw new AppError('CONFLICT', `该单位的自评由${unitName(scope, reviewer)}审核。`);
  if (a.status !== 'submitted') throw new AppError('CONFLICT', '只能审核已提交的自评。');
  const v = ZEvalDecision.parse(input);
  if (!v.approve && !v.comment) throw new AppError('VALIDATION_FAILED', '退回时请写明原因。');
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await updateAssessment(trx, id, {
      status: v.approve ? 'reviewed' : 'self',
      review_comment: v.comment,
      updated_by: userIdOf(principal),
      updated_at: now,
    });
    await recordAudit(trx, deps.clock, principal, {
      action: 'evaluation.review',
      entityType: 'eval_assessment',
      entityId: id,
      summary: `${v.approve ? '审核通过' : '退回'}${unitName(scope, a.unit_id)}资料室自评${v.comment ? `：${v.comment}` : ''}`,
    });
  });
  return getAssessment(deps, principal, id);
}

/** 实地检查: the province's inspector scores on site (saving as they go, from a phone). */
export async function saveOnsite(
  deps: Deps,
  principal: Principal,
  id: number,
  scores: unknown,
): Promise<TEvalAssessment> {
  authorize(principal, 'evaluation.inspect');
  const { scope, a } = await load(deps, principal, id);
  assertProvince(scope, '实地检查');
  if (!['reviewed', 'onsite', 'rectifying'].includes(a.status))
    throw new AppError('CONFLICT', '自评审核通过后才能实地检查。');
  const def = defOf((await findTemplate(deps.db, a.template_id))!.definition_json);
  const v = checkScores(def, scores);
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await updateAssessment(trx, id, {
      onsite_json: JSON.stringify({ ...(JSON.parse(a.onsite_json) as TEvalScores), ...v }),
      status: a.status === 'reviewed' ? 'onsite' : a.status,
      updated_by: userIdOf(principal),
      updated_at: now,
    });
    await recordAudit(trx, deps.clock, principal, {
      action: 'evaluation.onsite',
      entityType: 'eval_assessment',
      entityId: id,
      summary: `实地检查${unitName(scope, a.unit_id)}资料室：记录 ${Object.keys(v).length} 项`,
    });
  });
  return getAssessment(deps, principal, id);
}

/**
 * 评定: the on-site scores give the total and grade; rectification tasks (with deadlines) hold the result open until a
 * re-check. Calling it again during 整改 is the re-check: every task must be done first.
 */
export async function gradeAssessment(
  deps: Deps,
  principal: Principal,
  id: number,
  input: z.input<typeof ZEvalFinish>,
): Promise<TEvalAssessment> {
  authorize(principal, 'evaluation.inspect');
  const { scope, a } = await load(deps, principal, id);
  assertProvince(scope, '评定等级');
  if (!['onsite', 'rectifying'].includes(a.status)) throw new AppError('CONFLICT', '请先完成实地检查再评定。');
  const v = ZEvalFinish.parse(input);
  const open = (await findRectifications(deps.db, id)).filter((r) => !r.done_at);
  if (a.status === 'rectifying' && open.length)
    throw new AppError('CONFLICT', `还有 ${open.length} 项整改未完成，完成后再复查评定。`);
  const def = defOf((await findTemplate(deps.db, a.template_id))!.definition_json);
  const today = deps.clock.now().toISOString().slice(0, 10);
  const computed = await computeIndicators(deps.db, def, a.unit_id, today);
  const missing = def.indicators.filter(
    (i) => i.source === 'manual' && ((JSON.parse(a.onsite_json) as TEvalScores)[i.key]?.score ?? null) === null,
  );
  if (missing.length)
    throw new AppError('VALIDATION_FAILED', `以下指标还没有实地检查评分：${missing.map((i) => i.label).join('、')}`);
  for (const r of v.rectifications)
    if (r.deadline < today) throw new AppError('VALIDATION_FAILED', `整改期限 ${r.deadline} 早于今天，请重新选择。`);
  const g = gradeEvaluation(def, JSON.parse(a.onsite_json) as TEvalScores, computed);
  const status = v.rectifications.length > 0 ? 'rectifying' : g.passed ? 'passed' : 'failed';
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await insertRectifications(
      trx,
      v.rectifications.map((r) => ({
        assessment_id: id,
        text: r.text,
        deadline: r.deadline,
        done_note: null,
        done_at: null,
        created_at: now,
      })),
    );
    await updateAssessment(trx, id, {
      status,
      total: g.total,
      grade: g.grade,
      certificate_no: status === 'passed' ? `吉方志评〔${a.year}〕${String(id).padStart(3, '0')}号` : null,
      updated_by: userIdOf(principal),
      updated_at: now,
    });
    await recordAudit(trx, deps.clock, principal, {
      action: 'evaluation.grade',
      entityType: 'eval_assessment',
      entityId: id,
      summary: `${unitName(scope, a.unit_id)}资料室评估 ${g.total} 分，${g.grade}${v.rectifications.length ? `；整改 ${v.rectifications.length} 项` : ''}`,
    });
  });
  return getAssessment(deps, principal, id);
}

export async function completeRectification(
  deps: Deps,
  principal: Principal,
  rectificationId: number,
  note: string,
): Promise<TEvalAssessment> {
  authorize(principal, 'evaluation.self');
  const r = await findRectification(deps.db, rectificationId);
  if (!r) throw new AppError('NOT_FOUND', '该整改任务不存在。');
  const { scope, a } = await load(deps, principal, r.assessment_id);
  if (scope.unitId !== a.unit_id) throw new AppError('FORBIDDEN', '整改情况由被评估单位填写。');
  if (r.done_at) throw new AppError('CONFLICT', '该整改任务已完成。');
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await markRectificationDone(trx, r.id, note, now);
    await recordAudit(trx, deps.clock, principal, {
      action: 'evaluation.rectified',
      entityType: 'eval_assessment',
      entityId: a.id,
      summary: `${unitName(scope, a.unit_id)}完成整改：${r.text}`,
    });
  });
  return getAssessment(deps, principal, a.id);
}

export { load as loadAssessmentForPhoto };
