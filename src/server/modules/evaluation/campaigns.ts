import type { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import {
  CAMPAIGN_STAGE_LABELS,
  CAMPAIGN_STAGES,
  ZCampaignInput,
  ZExpertInput,
  ZGroupInput,
  ZStageInput,
  ZCancelCampaign,
  type TCampaignDetail,
  type TCampaignInput,
  type TCampaignKind,
  type TCampaignStage,
  type TCampaignSummary,
  type TEntry,
  type TExpertCandidate,
  type TSheetMarks,
} from '../../../shared/evaluation.ts';
import { ZScoreSheet, type TScoreSheet } from '../../../shared/evaluation-score.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { authorize } from '../../platform/policy.ts';
import { userIdOf } from '../library/audit-actor.ts';
import { findActiveUsersWithRoles, findDisplayNames, findUserById } from '../users/users.repository.ts';
import { assignExperts } from './assign-experts.ts';
import {
  assertManages,
  assertSeesCampaign,
  regionOf,
  resolveViewer,
  seesCampaign,
  seesEntry,
  type Viewer,
} from './campaign-access.ts';
import {
  countEntriesByCampaign,
  findAssignments,
  findCampaign,
  findCampaigns,
  findEntries,
  findEntry,
  findExperts,
  findGroups,
  findSheets,
  findTemplate,
  insertCampaign,
  insertExpert,
  insertGroup,
  replaceAssignments,
  setEntryGroup,
  updateCampaign,
  type CampaignRow,
  type EntryRow,
} from './evaluation.repository.ts';
import { rankEntries, scoreEntries, summarizeProblems } from './results.ts';

type Deps = { db: Db; clock: Clock };

const unitNameIn = (viewer: Viewer) => (id: number) => viewer.units.get(id)?.name ?? `单位 ${id}`;

function summaryOf(c: CampaignRow, t: { name: string; version: number }, entryCount: number): TCampaignSummary {
  return {
    id: c.id,
    kind: c.kind as TCampaignKind,
    title: c.title,
    year: c.year,
    stage: c.stage as TCampaignStage,
    templateName: t.name,
    templateVersion: t.version,
    entryCount,
    submitDeadline: c.submit_deadline,
    noticeFrom: c.notice_from,
    noticeTo: c.notice_to,
    cancelled: c.cancelled_at ? { at: c.cancelled_at, reason: c.cancel_reason ?? '' } : null,
  };
}

export async function listCampaigns(deps: Deps, principal: Principal): Promise<TCampaignSummary[]> {
  authorize(principal, 'campaign.read');
  const viewer = await resolveViewer(deps.db, principal);
  const rows = (await findCampaigns(deps.db, null)).filter((c) => seesCampaign(viewer, c.id));
  const counts = await countEntriesByCampaign(deps.db);
  const out: TCampaignSummary[] = [];
  for (const c of rows) {
    const t = (await findTemplate(deps.db, c.template_id))!;
    out.push(summaryOf(c, t, counts.get(c.id) ?? 0));
  }
  return out;
}

export async function createCampaign(
  deps: Deps,
  principal: Principal,
  input: TCampaignInput,
): Promise<TCampaignSummary> {
  authorize(principal, 'campaign.manage');
  assertManages(await resolveViewer(deps.db, principal));
  const v = ZCampaignInput.parse(input);
  const t = await findTemplate(deps.db, v.templateId);
  if (!t) throw new AppError('NOT_FOUND', '所选评分表不存在。');
  const grades = (ZScoreSheet.parse(JSON.parse(t.definition_json)) as TScoreSheet).grades.map((g) => g.name);
  for (const g of Object.keys(v.quotas))
    if (!grades.includes(g))
      throw new AppError(
        'VALIDATION_FAILED',
        `名额中的等级“${g}”不在评分表“${t.name}”中（可用：${grades.join('、')}）。`,
      );
  const now = deps.clock.now().toISOString();
  const id = await deps.db.transaction().execute(async (trx) => {
    const id = await insertCampaign(trx, {
      kind: v.kind,
      title: v.title,
      year: v.year,
      volume_year: v.volumeYear,
      require_published: v.requirePublished ? 1 : 0,
      template_id: v.templateId,
      experts_per_entry: v.expertsPerEntry,
      quotas_json: JSON.stringify(v.quotas),
      stage: 'call',
      submit_deadline: v.submitDeadline,
      notice_from: null,
      notice_to: null,
      created_by: userIdOf(principal),
      created_at: now,
      updated_at: now,
    });
    await recordAudit(trx, deps.clock, principal, {
      action: 'campaign.create',
      entityType: 'evaluation_campaign',
      entityId: id,
      summary: `发起评审“${v.title}”，评分表“${t.name}”第 ${t.version} 版`,
      after: v,
    });
    return id;
  });
  return summaryOf((await findCampaign(deps.db, id))!, t, 0);
}

/** Loads a campaign the principal may see; `forChange` also refuses a cancelled one (nothing more may be done there). */
async function loadCampaign(deps: Deps, principal: Principal, id: number, forChange = false) {
  const viewer = await resolveViewer(deps.db, principal);
  const c = assertSeesCampaign(viewer, await findCampaign(deps.db, id));
  if (forChange && c.cancelled_at)
    throw new AppError(
      'CONFLICT',
      `“${c.title}”已于 ${c.cancelled_at.slice(0, 10)} 取消（${c.cancel_reason ?? ''}），不能再操作。`,
    );
  return { viewer, c };
}

function presentEntry(e: EntryRow, viewer: Viewer): TEntry {
  const name = unitNameIn(viewer);
  return {
    id: e.id,
    unitId: e.unit_id,
    unitName: name(e.unit_id),
    regionName: name(e.region_unit_id),
    title: e.title,
    entryKind: e.entry_kind,
    volumeYear: e.volume_year,
    published: e.published === 1,
    publisher: e.publisher,
    groupId: e.group_id,
    fileName: e.file_name,
    textChars: [...e.text.replace(/\s/g, '')].length,
  };
}

/** Entries that go on to 复评 and 终评: those not vetoed in 初评. */
export function advancing(entries: readonly EntryRow[], vetoedInFirst: ReadonlySet<number>): EntryRow[] {
  return entries.filter((e) => !vetoedInFirst.has(e.id));
}

export async function campaignState(db: Db, c: CampaignRow) {
  const definition = ZScoreSheet.parse(JSON.parse((await findTemplate(db, c.template_id))!.definition_json));
  const entries = await findEntries(db, c.id);
  const experts = await findExperts(db, c.id);
  const assignments = await findAssignments(db, c.id);
  const sheets = await findSheets(db, c.id);
  const names = await findDisplayNames(
    db,
    experts.map((x) => x.user_id),
  );
  const expertNames = new Map(experts.map((x) => [x.id, names.get(x.user_id) ?? `专家 ${x.id}`]));
  const firstScores = scoreEntries(
    definition,
    entries,
    sheets.filter((s) => s.stage === 'first'),
    expertNames,
  );
  const vetoedInFirst = new Set(firstScores.filter((s) => s.result?.vetoed).map((s) => s.entryId));
  return { definition, entries, experts, assignments, sheets, expertNames, vetoedInFirst };
}

/** Sheets expected in a stage: every assignment of every entry still in the running. */
export function expectedSheets(
  stage: string,
  state: Awaited<ReturnType<typeof campaignState>>,
): { entryId: number; expertId: number }[] {
  const live = new Set(
    (stage === 'first' ? state.entries : advancing(state.entries, state.vetoedInFirst)).map((e) => e.id),
  );
  return state.assignments
    .filter((a) => live.has(a.entry_id))
    .map((a) => ({ entryId: a.entry_id, expertId: a.expert_id }));
}

export async function getCampaign(deps: Deps, principal: Principal, id: number): Promise<TCampaignDetail> {
  authorize(principal, 'campaign.read');
  const { viewer, c } = await loadCampaign(deps, principal, id);
  const t = (await findTemplate(deps.db, c.template_id))!;
  const state = await campaignState(deps.db, c);
  const myExpertId = viewer.kind === 'expert' ? (viewer.expertIdByCampaign.get(c.id) ?? null) : null;
  const mine = new Set(state.assignments.filter((a) => a.expert_id === myExpertId).map((a) => a.entry_id));
  const entries = state.entries.filter((e) => seesEntry(viewer, e, mine));
  const province = viewer.kind === 'province';
  const published = c.stage === 'notice' || c.stage === 'closed';
  const showResults = province || (viewer.kind === 'office' && published);
  const name = unitNameIn(viewer);
  const scores = showResults ? scoreEntries(state.definition, state.entries, state.sheets, state.expertNames) : [];
  const stageNow = c.stage === 'first' || c.stage === 'second' || c.stage === 'final' ? c.stage : null;
  const expected = stageNow ? expectedSheets(stageNow, state) : [];
  const submitted = stageNow
    ? expected.filter((x) =>
        state.sheets.some(
          (s) => s.entry_id === x.entryId && s.expert_id === x.expertId && s.stage === stageNow && s.submitted === 1,
        ),
      ).length
    : 0;
  const visibleExperts = province ? state.experts : state.experts.filter((x) => x.id === myExpertId);
  return {
    ...summaryOf(c, t, state.entries.length),
    volumeYear: c.volume_year,
    requirePublished: c.require_published === 1,
    templateId: c.template_id,
    definition: state.definition,
    expertsPerEntry: c.experts_per_entry,
    quotas: JSON.parse(c.quotas_json) as Record<string, number>,
    viewer: {
      manage: province && viewer.manage,
      enter: viewer.kind === 'office' && c.stage === 'call' && !c.cancelled_at,
      expertId: myExpertId,
    },
    groups: (await findGroups(deps.db, c.id)).map((g) => ({ id: g.id, name: g.name, entryKind: g.entry_kind })),
    experts: visibleExperts.map((x) => ({
      id: x.id,
      userId: x.user_id,
      name: state.expertNames.get(x.id)!,
      regionUnitId: x.region_unit_id,
      regionName: name(x.region_unit_id),
      groupId: x.group_id,
    })),
    entries: entries.map((e) => presentEntry(e, viewer)),
    assignments: province
      ? state.assignments.map((a) => ({ entryId: a.entry_id, expertId: a.expert_id, crossGroup: a.cross_group === 1 }))
      : state.assignments
          .filter((a) => a.expert_id === myExpertId)
          .map((a) => ({ entryId: a.entry_id, expertId: a.expert_id, crossGroup: a.cross_group === 1 })),
    avoided: province
      ? state.entries.flatMap((e) =>
          state.experts
            .filter((x) => x.region_unit_id === e.region_unit_id)
            .map((x) => ({ entryId: e.id, expertId: x.id })),
        )
      : [],
    progress: { submitted, expected: expected.length },
    ranking: showResults ? rankEntries(state.definition, JSON.parse(c.quotas_json), state.entries, scores, name) : null,
    problems: showResults ? summarizeProblems(state.definition, state.sheets) : null,
    mySheets:
      myExpertId === null
        ? []
        : state.sheets
            .filter((s) => s.expert_id === myExpertId)
            .map((s) => ({
              entryId: s.entry_id,
              stage: s.stage,
              marks: JSON.parse(s.marks_json) as TSheetMarks,
              vote: s.vote === null ? null : s.vote === 1,
              submitted: s.submitted === 1,
              result: null,
            })),
  };
}

export async function addGroup(
  deps: Deps,
  principal: Principal,
  campaignId: number,
  input: z.input<typeof ZGroupInput>,
): Promise<TCampaignDetail> {
  authorize(principal, 'campaign.manage');
  const { viewer, c } = await loadCampaign(deps, principal, campaignId, true);
  assertManages(viewer);
  const v = ZGroupInput.parse(input);
  if ((await findGroups(deps.db, c.id)).some((g) => g.name === v.name))
    throw new AppError('CONFLICT', `已有名为“${v.name}”的评审组。`);
  await deps.db.transaction().execute(async (trx) => {
    const id = await insertGroup(trx, { campaign_id: c.id, name: v.name, entry_kind: v.entryKind });
    // Entries of that kind without a group join it.
    for (const e of await findEntries(trx, c.id))
      if (e.group_id === null && e.entry_kind === v.entryKind) await setEntryGroup(trx, e.id, id);
    await recordAudit(trx, deps.clock, principal, {
      action: 'campaign.group',
      entityType: 'evaluation_campaign',
      entityId: c.id,
      summary: `“${c.title}”新建评审组“${v.name}”（${v.entryKind}）`,
    });
  });
  return getCampaign(deps, principal, c.id);
}

export async function expertCandidates(deps: Deps, principal: Principal): Promise<TExpertCandidate[]> {
  authorize(principal, 'campaign.manage');
  const viewer = await resolveViewer(deps.db, principal);
  assertManages(viewer);
  const users = await findActiveUsersWithRoles(deps.db, ['expert']);
  const out: TExpertCandidate[] = [];
  for (const u of users) {
    const row = await findUserById(deps.db, u.id);
    const unitId = row?.unit_id ?? null;
    out.push({
      userId: u.id,
      name: u.display_name,
      unitId,
      unitName: unitId === null ? null : unitNameIn(viewer)(unitId),
    });
  }
  return out;
}

export async function addExpert(
  deps: Deps,
  principal: Principal,
  campaignId: number,
  input: z.input<typeof ZExpertInput>,
): Promise<TCampaignDetail> {
  authorize(principal, 'campaign.manage');
  const { viewer, c } = await loadCampaign(deps, principal, campaignId, true);
  assertManages(viewer);
  if (c.stage !== 'call') throw new AppError('CONFLICT', '专家在征集阶段聘请并分配；初评开始后不能再增加专家。');
  const v = ZExpertInput.parse(input);
  const user = await findUserById(deps.db, v.userId);
  if (!user || user.is_disabled === 1 || !user.roles.includes('expert'))
    throw new AppError('VALIDATION_FAILED', '所选用户不是评审专家：请先在“用户”中为其设置“评审专家”角色。');
  const affiliation = v.regionUnitId ?? user.unit_id;
  if (affiliation === null || !viewer.units.has(affiliation))
    throw new AppError('VALIDATION_FAILED', `专家“${user.display_name}”没有所属单位，请选择其所在地区（用于回避）。`);
  const groups = await findGroups(deps.db, c.id);
  if (v.groupId !== null && !groups.some((g) => g.id === v.groupId))
    throw new AppError('VALIDATION_FAILED', '所选评审组不属于本次评审。');
  if ((await findExperts(deps.db, c.id)).some((x) => x.user_id === user.id))
    throw new AppError('CONFLICT', `“${user.display_name}”已是本次评审的专家。`);
  const region = regionOf(viewer.units, affiliation);
  await deps.db.transaction().execute(async (trx) => {
    await insertExpert(trx, { campaign_id: c.id, user_id: user.id, region_unit_id: region, group_id: v.groupId });
    await recordAudit(trx, deps.clock, principal, {
      action: 'campaign.expert',
      entityType: 'evaluation_campaign',
      entityId: c.id,
      summary: `“${c.title}”聘请专家${user.display_name}（${unitNameIn(viewer)(region)}，回避本地区作品）`,
    });
  });
  return getCampaign(deps, principal, c.id);
}

export async function setGroupOfEntry(
  deps: Deps,
  principal: Principal,
  entryId: number,
  groupId: number | null,
): Promise<TCampaignDetail> {
  authorize(principal, 'campaign.manage');
  const entry = await findEntry(deps.db, entryId);
  if (!entry) throw new AppError('NOT_FOUND', '该参评作品不存在。');
  const { viewer, c } = await loadCampaign(deps, principal, entry.campaign_id, true);
  assertManages(viewer);
  if (c.stage !== 'call') throw new AppError('CONFLICT', '初评开始后不能再调整分组。');
  if (groupId !== null && !(await findGroups(deps.db, c.id)).some((g) => g.id === groupId))
    throw new AppError('VALIDATION_FAILED', '所选评审组不属于本次评审。');
  await deps.db.transaction().execute(async (trx) => {
    await setEntryGroup(trx, entryId, groupId);
    await recordAudit(trx, deps.clock, principal, {
      action: 'campaign.group',
      entityType: 'evaluation_entry',
      entityId: entryId,
      summary: `《${entry.title}》调整评审组`,
    });
  });
  return getCampaign(deps, principal, c.id);
}

/** 分配专家: the pure assignExperts over the campaign's rows; refused with every entry named when impossible. */
export async function assignCampaignExperts(
  deps: Deps,
  principal: Principal,
  campaignId: number,
): Promise<TCampaignDetail> {
  authorize(principal, 'campaign.manage');
  const { viewer, c } = await loadCampaign(deps, principal, campaignId, true);
  assertManages(viewer);
  if (c.stage !== 'call') throw new AppError('CONFLICT', '专家分配在征集阶段完成；初评开始后不能重新分配。');
  const entries = await findEntries(deps.db, c.id);
  const experts = await findExperts(deps.db, c.id);
  if (entries.length === 0) throw new AppError('CONFLICT', '还没有参评作品，无法分配专家。');
  if (experts.length === 0) throw new AppError('CONFLICT', '还没有评审专家，请先添加专家。');
  const r = assignExperts(
    entries.map((e) => ({ id: e.id, regionId: e.region_unit_id, groupId: e.group_id })),
    experts.map((x) => ({ id: x.id, regionId: x.region_unit_id, groupId: x.group_id })),
    c.experts_per_entry,
  );
  if (!r.ok) {
    const title = new Map(entries.map((e) => [e.id, e.title]));
    throw new AppError(
      'CONFLICT',
      `回避本地区专家后，以下作品找不到足够的专家（每件需要 ${c.experts_per_entry} 位）：${r.problems
        .map((p) => `《${title.get(p.entryId)}》只有 ${p.available} 位可选`)
        .join('；')}。请增加其他地区的专家，或减少每件作品的专家人数。`,
    );
  }
  await deps.db.transaction().execute(async (trx) => {
    await replaceAssignments(
      trx,
      c.id,
      r.assignments.map((a) => ({ entry_id: a.entryId, expert_id: a.expertId, cross_group: a.crossGroup ? 1 : 0 })),
    );
    await recordAudit(trx, deps.clock, principal, {
      action: 'campaign.assign',
      entityType: 'evaluation_campaign',
      entityId: c.id,
      summary: `“${c.title}”分配专家：${entries.length} 件作品，${r.assignments.length} 份评分任务，其中跨组 ${r.assignments.filter((a) => a.crossGroup).length} 份，回避 ${r.avoided.length} 人次`,
    });
  });
  return getCampaign(deps, principal, c.id);
}

/** Moves the campaign one stage on: 征集 → 初评 → 复评 → 终评 → 公示 → 结果发布, each step checking what it needs. */
export async function advanceStage(
  deps: Deps,
  principal: Principal,
  campaignId: number,
  input: z.input<typeof ZStageInput>,
): Promise<TCampaignDetail> {
  authorize(principal, 'campaign.manage');
  const { viewer, c } = await loadCampaign(deps, principal, campaignId, true);
  assertManages(viewer);
  const v = ZStageInput.parse(input);
  const from = CAMPAIGN_STAGES.indexOf(c.stage as TCampaignStage);
  const to = CAMPAIGN_STAGES.indexOf(v.stage);
  if (to !== from + 1)
    throw new AppError(
      'CONFLICT',
      `评审现处于“${CAMPAIGN_STAGE_LABELS[c.stage as TCampaignStage]}”，只能进入下一阶段${from + 1 < CAMPAIGN_STAGES.length ? `“${CAMPAIGN_STAGE_LABELS[CAMPAIGN_STAGES[from + 1]!]}”` : ''}。`,
    );
  const state = await campaignState(deps.db, c);
  const today = deps.clock.now().toISOString().slice(0, 10);
  const patch: { stage: string; notice_from?: string; notice_to?: string } = { stage: v.stage };
  if (v.stage === 'first') {
    if (state.entries.length === 0) throw new AppError('CONFLICT', '还没有参评作品。');
    const unassigned = state.entries.filter((e) => !state.assignments.some((a) => a.entry_id === e.id));
    if (unassigned.length)
      throw new AppError(
        'CONFLICT',
        `以下作品还没有分配专家：${unassigned.map((e) => `《${e.title}》`).join('、')}。请先分配专家。`,
      );
  }
  if (v.stage === 'second' || v.stage === 'final') {
    const stage = v.stage === 'second' ? 'first' : 'second';
    const missing = expectedSheets(stage, state).filter(
      (x) =>
        !state.sheets.some(
          (s) => s.entry_id === x.entryId && s.expert_id === x.expertId && s.stage === stage && s.submitted === 1,
        ),
    );
    if (missing.length)
      throw new AppError(
        'CONFLICT',
        `还有 ${missing.length} 份${CAMPAIGN_STAGE_LABELS[stage]}评分没有提交（${[...new Set(missing.map((m) => state.expertNames.get(m.expertId)))].join('、')}）。`,
      );
  }
  if (v.stage === 'notice') {
    if (!v.noticeFrom || !v.noticeTo) throw new AppError('VALIDATION_FAILED', '请填写公示的开始和结束日期。');
    if (v.noticeTo < v.noticeFrom) throw new AppError('VALIDATION_FAILED', '公示结束日期不能早于开始日期。');
    patch.notice_from = v.noticeFrom;
    patch.notice_to = v.noticeTo;
  }
  if (v.stage === 'closed' && c.notice_to && today <= c.notice_to)
    throw new AppError('CONFLICT', `公示期到 ${c.notice_to} 为止，期满后才能发布结果。`);
  await deps.db.transaction().execute(async (trx) => {
    await updateCampaign(trx, c.id, { ...patch, updated_at: deps.clock.now().toISOString() });
    await recordAudit(trx, deps.clock, principal, {
      action: 'campaign.stage',
      entityType: 'evaluation_campaign',
      entityId: c.id,
      summary: `“${c.title}”进入${CAMPAIGN_STAGE_LABELS[v.stage]}${v.stage === 'notice' ? `（${v.noticeFrom} 至 ${v.noticeTo}）` : ''}`,
    });
  });
  return getCampaign(deps, principal, c.id);
}

export { loadCampaign };

/** Those who manage a campaign cancel it with a reason (before results are published); nothing more may be done. */
export async function cancelCampaign(
  deps: Deps,
  principal: Principal,
  campaignId: number,
  input: z.input<typeof ZCancelCampaign>,
): Promise<TCampaignDetail> {
  authorize(principal, 'campaign.manage');
  const { viewer, c } = await loadCampaign(deps, principal, campaignId, true);
  assertManages(viewer);
  const v = ZCancelCampaign.parse(input);
  if (c.stage === 'closed') throw new AppError('CONFLICT', `“${c.title}”的结果已经发布，不能再取消。`);
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await updateCampaign(trx, c.id, { cancelled_at: now, cancel_reason: v.reason, updated_at: now });
    await recordAudit(trx, deps.clock, principal, {
      action: 'campaign.cancel',
      entityType: 'evaluation_campaign',
      entityId: c.id,
      summary: `取消“${c.title}”（${CAMPAIGN_STAGE_LABELS[c.stage as TCampaignStage]}阶段）：${v.reason}`,
      after: { reason: v.reason },
    });
  });
  return getCampaign(deps, principal, c.id);
}
