import type { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import { ZSheetSave, ZVoteInput, type TCampaignDetail, type TSheetMarks } from '../../../shared/evaluation.ts';
import { ScoreInputError, scoreExpert } from '../../../shared/evaluation-score.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { authorize } from '../../platform/policy.ts';
import { campaignState, getCampaign, loadCampaign } from './campaigns.ts';
import { findEntry, findSheet, upsertSheet } from './evaluation.repository.ts';
import { sampledChars, samplePassages } from './sample-passages.ts';

type Deps = { db: Db; clock: Clock };

async function loadAssigned(deps: Deps, principal: Principal, entryId: number) {
  const e = await findEntry(deps.db, entryId);
  if (!e) throw new AppError('NOT_FOUND', '该参评作品不存在。');
  const { viewer, c } = await loadCampaign(deps, principal, e.campaign_id, true);
  const expertId = viewer.kind === 'expert' ? viewer.expertIdByCampaign.get(c.id) : undefined;
  if (expertId === undefined) throw new AppError('FORBIDDEN', '只有本次评审的专家可以评分。');
  const state = await campaignState(deps.db, c);
  if (!state.assignments.some((a) => a.entry_id === e.id && a.expert_id === expertId))
    throw new AppError('NOT_FOUND', '该参评作品不存在，或没有分配给您。');
  if (c.stage !== 'first' && state.vetoedInFirst.has(e.id))
    throw new AppError(
      'CONFLICT',
      `《${e.title}》在初评中被一票否决，不再进入${c.stage === 'second' ? '复评' : '终评'}。`,
    );
  return { e, c, expertId, state };
}

/**
 * 评分 (初评/复评): the expert's deductions, vetoes, error marks on the sampled passages and the problems they note.
 * The marks are checked against the sheet by the same computation that ranks them; each error mark must quote text
 * that stands in its passage. A submitted sheet is final.
 */
export async function saveSheet(
  deps: Deps,
  principal: Principal,
  entryId: number,
  input: z.input<typeof ZSheetSave>,
): Promise<TCampaignDetail> {
  authorize(principal, 'campaign.score');
  const { e, c, expertId, state } = await loadAssigned(deps, principal, entryId);
  if (c.stage !== 'first' && c.stage !== 'second') throw new AppError('CONFLICT', '现在不是评分阶段（初评或复评）。');
  const v = ZSheetSave.parse(input);
  const passages = samplePassages(e.text);
  for (const [i, m] of v.marks.errorMarks.entries()) {
    const p = passages[m.passage];
    if (!p)
      throw new AppError(
        'VALIDATION_FAILED',
        `第 ${i + 1} 处差错标在第 ${m.passage + 1} 段，但只抽查了 ${passages.length} 段。`,
      );
    if (!p.text.includes(m.quote))
      throw new AppError(
        'VALIDATION_FAILED',
        `第 ${i + 1} 处差错“${m.quote}”不在抽查段落 ${m.passage + 1} 中，请照原文摘录。`,
      );
  }
  const criteria = new Set(state.definition.criteria.map((x) => x.id));
  for (const p of v.marks.problems)
    if (!criteria.has(p.criterion))
      throw new AppError('VALIDATION_FAILED', `问题所属的评分项“${p.criterion}”不在评分表中。`);
  try {
    scoreExpert(state.definition, {
      expert: 'self',
      deductions: v.marks.deductions,
      veto: v.marks.veto,
      sampledChars: sampledChars(passages),
      errors: v.marks.errorMarks.length,
    });
  } catch (error) {
    if (error instanceof ScoreInputError)
      throw new AppError('VALIDATION_FAILED', error.message.replace('专家“self”的', ''));
    throw error;
  }
  const existing = await findSheet(deps.db, e.id, expertId, c.stage);
  if (existing?.submitted === 1) throw new AppError('CONFLICT', '这份评分已经提交，不能再修改。');
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await upsertSheet(trx, {
      campaign_id: c.id,
      entry_id: e.id,
      expert_id: expertId,
      stage: c.stage,
      marks_json: JSON.stringify(v.marks satisfies TSheetMarks),
      vote: null,
      submitted: v.submit ? 1 : 0,
      updated_at: now,
    });
    await recordAudit(trx, deps.clock, principal, {
      action: v.submit ? 'campaign.score_submit' : 'campaign.score_save',
      entityType: 'evaluation_entry',
      entityId: e.id,
      summary: `${state.expertNames.get(expertId)}${v.submit ? '提交' : '保存'}《${e.title}》${c.stage === 'first' ? '初评' : '复评'}评分${v.marks.veto.length ? `（否决：${v.marks.veto.join('、')}）` : ''}`,
    });
  });
  return getCampaign(deps, principal, c.id);
}

/** 终评投票: 推荐 or 不推荐, once per assigned entry. */
export async function castVote(
  deps: Deps,
  principal: Principal,
  entryId: number,
  input: z.input<typeof ZVoteInput>,
): Promise<TCampaignDetail> {
  authorize(principal, 'campaign.score');
  const { e, c, expertId, state } = await loadAssigned(deps, principal, entryId);
  if (c.stage !== 'final') throw new AppError('CONFLICT', '现在不是终评投票阶段。');
  const v = ZVoteInput.parse(input);
  const existing = await findSheet(deps.db, e.id, expertId, 'final');
  if (existing?.submitted === 1) throw new AppError('CONFLICT', '您已经对这件作品投过票了。');
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await upsertSheet(trx, {
      campaign_id: c.id,
      entry_id: e.id,
      expert_id: expertId,
      stage: 'final',
      marks_json: JSON.stringify({ deductions: {}, veto: [], errorMarks: [], problems: [], comment: '' }),
      vote: v.recommend ? 1 : 0,
      submitted: 1,
      updated_at: now,
    });
    await recordAudit(trx, deps.clock, principal, {
      action: 'campaign.vote',
      entityType: 'evaluation_entry',
      entityId: e.id,
      summary: `${state.expertNames.get(expertId)}终评${v.recommend ? '推荐' : '不推荐'}《${e.title}》`,
    });
  });
  return getCampaign(deps, principal, c.id);
}
