import { AppError } from '../../../shared/errors.ts';
import {
  RESPONSE_LABELS,
  SEVERITY_LABELS,
  ZCreateOpinion,
  ZRespond,
  ZUpdateOpinion,
  type TCreateOpinion,
  type TOpinion,
  type TOpinionCategory,
  type TRespond,
  type TResponse,
  type TSeverity,
  type TTextItem,
  type TUpdateOpinion,
  type TVisibility,
} from '../../../shared/review.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { authorize } from '../../platform/policy.ts';
import { getSubmission, listSubmissions } from '../compilation/submissions.ts';
import { validate } from '../compilation/validate.ts';
import { opinionState, supersededSet } from './entry-facts.ts';
import { roundLabel } from './present.ts';
import {
  deleteOpinionRow,
  findChainRows,
  findManuscriptText,
  findOpinionRow,
  findOpinionsOfRounds,
  insertOpinion,
  updateOpinionRow,
  type OpinionRow,
  type RoundRow,
} from './review.repository.ts';
import { loadRound, REVIEW_READER, type RoundAccess } from './round-access.ts';
import { isBlocking, responseProblem } from './rules/blocking.ts';
import { htmlToText, reanchor } from './rules/plain-text.ts';

type Deps = { db: Db; clock: Clock };

/** The frozen text under review: the 送审稿's items (each version's text) or the uploaded manuscript as one item. */
export async function textOfRound(db: Db, round: RoundRow): Promise<TTextItem[]> {
  if (round.submission_id !== null) {
    const sub = await getSubmission({ db }, REVIEW_READER, round.submission_id);
    return sub.items.map((i) => ({
      ordinal: i.ordinal,
      number: i.number,
      title: i.title,
      depth: i.depth,
      version: i.version,
      text: i.html ? htmlToText(i.html) : '',
    }));
  }
  const ms = round.manuscript_id === null ? undefined : await findManuscriptText(db, round.manuscript_id);
  return ms ? [{ ordinal: 1, number: null, title: ms.title, depth: 0, version: null, text: ms.text }] : [];
}

export async function readRoundText(deps: { db: Db }, principal: Principal, roundId: number): Promise<TTextItem[]> {
  const { round } = await loadRound(deps.db, principal, roundId, 'read');
  return textOfRound(deps.db, round);
}

function presentOpinion(
  o: OpinionRow,
  round: RoundRow,
  current: number,
  superseded: Map<number, number>,
  blocking: boolean,
  editable: boolean,
): TOpinion {
  const anchor: TOpinion['anchor'] =
    o.anchor_kind === 'passage'
      ? {
          kind: 'passage',
          ordinal: o.ordinal!,
          title: o.anchor_title ?? '',
          start: o.start_offset!,
          end: o.end_offset!,
          quote: o.quote ?? '',
        }
      : o.anchor_kind === 'node'
        ? { kind: 'node', ordinal: o.ordinal!, title: o.anchor_title ?? '' }
        : { kind: 'book' };
  return {
    id: o.id,
    roundId: o.round_id,
    roundLabel: roundLabel(round),
    earlier: o.round_id !== current,
    author: o.author_name,
    anchor,
    category: o.category as TOpinionCategory,
    severity: o.severity as TSeverity,
    visibility: o.visibility as TVisibility,
    text: o.text,
    supersedesId: o.supersedes_id,
    supersededById: superseded.get(o.id) ?? null,
    createdAt: o.created_at,
    response: o.response as TResponse | null,
    reason: o.reason,
    resolvedSubmissionId: o.resolved_submission_id,
    resolvedLabel: o.resolved_label,
    respondedBy: o.responded_by_name,
    respondedAt: o.responded_at,
    blocking,
    editable,
  };
}

/** Opinions of this round and of the book's earlier rounds, as far as the principal may see them. */
export async function opinionsFor(db: Db, access: RoundAccess): Promise<TOpinion[]> {
  const { round } = access;
  const rounds = (await findChainRows(db, round.chain_id ?? round.id)).filter(
    (r) => r.id <= round.id && (r.state !== 'cancelled' || r.id === round.id),
  );
  const byId = new Map(rounds.map((r) => [r.id, r]));
  const all = await findOpinionsOfRounds(
    db,
    rounds.map((r) => r.id),
  );
  const superseded = supersededSet(all);
  const supersededBy = new Map(
    all.flatMap((o) => (o.supersedes_id === null ? [] : [[o.supersedes_id, o.id] as const])),
  );
  return all
    .filter((o) => access.seesAll || o.visibility === 'writers')
    .map((o) =>
      presentOpinion(
        o,
        byId.get(o.round_id)!,
        round.id,
        supersededBy,
        isBlocking(opinionState(o), superseded),
        o.round_id === round.id &&
          round.state === 'reviewing' &&
          o.response === null &&
          !supersededBy.has(o.id) &&
          access.actor !== null &&
          o.author_id === access.actor.userId,
      ),
    );
}

export async function listOpinions(deps: { db: Db }, principal: Principal, roundId: number): Promise<TOpinion[]> {
  return opinionsFor(deps.db, await loadRound(deps.db, principal, roundId, 'read'));
}

export async function createOpinion(
  deps: Deps,
  principal: Principal,
  roundId: number,
  raw: TCreateOpinion,
): Promise<TOpinion> {
  const input = validate(ZCreateOpinion, raw);
  const id = await deps.db.transaction().execute(async (trx) => {
    const access = await loadRound(trx, principal, roundId, 'opine');
    const { round, me } = access;
    if (round.state !== 'reviewing')
      throw new AppError(
        'CONFLICT',
        round.state === 'preparing' ? '评审尚未开始，开始后才能提出意见。' : '这轮评审已结束或已取消，不能再提出意见。',
      );
    if (me!.conflict_declared !== 1) throw new AppError('VALIDATION_FAILED', '请先声明有无利益冲突，再提出意见。');
    if (me!.conflict === 1) throw new AppError('FORBIDDEN', '您已声明利益冲突并回避，不能对这轮评审提出意见。');
    let anchor: Pick<OpinionRow, 'anchor_kind' | 'ordinal' | 'anchor_title' | 'start_offset' | 'end_offset' | 'quote'> =
      {
        anchor_kind: 'book',
        ordinal: null,
        anchor_title: null,
        start_offset: null,
        end_offset: null,
        quote: null,
      };
    if (input.anchor.kind !== 'book') {
      const ordinal = input.anchor.ordinal;
      const item = (await textOfRound(trx, round)).find((i) => i.ordinal === ordinal);
      if (!item) throw new AppError('VALIDATION_FAILED', `书稿中没有第 ${ordinal} 条，请在书稿中重新选择位置。`);
      const title = [item.number, item.title].filter(Boolean).join(' ');
      anchor = { ...anchor, anchor_kind: input.anchor.kind, ordinal, anchor_title: title };
      if (input.anchor.kind === 'passage') {
        const { start, end } = input.anchor;
        if (start >= end || end > item.text.length)
          throw new AppError('VALIDATION_FAILED', `所选文字超出“${title}”的范围，请在书稿中重新选择一段文字。`);
        anchor = { ...anchor, start_offset: start, end_offset: end, quote: item.text.slice(start, end).slice(0, 500) };
      }
    }
    if (input.supersedesId) {
      const old = await findOpinionRow(trx, input.supersedesId);
      const chain = (await findChainRows(trx, round.chain_id ?? round.id)).map((r) => r.id);
      if (!old || !chain.includes(old.round_id) || old.round_id > round.id)
        throw new AppError('VALIDATION_FAILED', '所延续的意见不属于本书此前的评审。');
      const all = await findOpinionsOfRounds(trx, chain);
      if (all.some((o) => o.supersedes_id === old.id)) throw new AppError('CONFLICT', '这条意见已被延续过。');
      if (!access.seesAll && old.visibility !== 'writers') throw new AppError('NOT_FOUND', '所延续的意见不存在。');
      // Carrying an earlier opinion without a new anchor: its anchor moves into this round's text.
      if (input.anchor.kind === 'book' && old.round_id !== round.id)
        anchor = reanchor(old, await textOfRound(trx, round));
    }
    const now = deps.clock.now().toISOString();
    const oid = await insertOpinion(trx, {
      round_id: roundId,
      author_id: access.actor?.userId ?? null,
      author_name: access.actor?.displayName ?? '系统',
      ...anchor,
      category: input.category,
      severity: input.severity,
      visibility: input.visibility,
      text: input.text,
      supersedes_id: input.supersedesId ?? null,
      created_at: now,
      response: null,
      reason: null,
      resolved_submission_id: null,
      resolved_label: null,
      responded_by_name: null,
      responded_at: null,
    });
    await recordAudit(trx, deps.clock, principal, {
      action: 'review.opinion_create',
      entityType: 'review_opinion',
      entityId: oid,
      summary: `对《${round.book_title}》${roundLabel(round)}提出${SEVERITY_LABELS[input.severity]}意见（${input.category}${anchor.anchor_title ? `，${anchor.anchor_title}` : '，全书'}）`,
      after: input,
    });
    return oid;
  });
  return (await listOpinions(deps, principal, roundId)).find((o) => o.id === id)!;
}

/** The response matrix: 采纳/部分采纳/不采纳 with the reason, and the later version where it was carried out. */
export async function respondToOpinion(
  deps: Deps,
  principal: Principal,
  opinionId: number,
  raw: TRespond,
): Promise<TOpinion> {
  authorize(principal, 'round.manage');
  const input = validate(ZRespond, raw);
  const roundId = await deps.db.transaction().execute(async (trx) => {
    const opinion = await findOpinionRow(trx, opinionId);
    if (!opinion) throw new AppError('NOT_FOUND', `评审意见 ${opinionId} 不存在。`);
    const { round } = await loadRound(trx, principal, opinion.round_id, 'manage');
    if (round.state === 'cancelled') throw new AppError('CONFLICT', '这轮评审已取消，不能再答复其中的意见。');
    const problem = responseProblem(input.response, input.reason);
    if (problem) throw new AppError('VALIDATION_FAILED', problem);
    let resolvedLabel = input.resolvedLabel?.trim() || null;
    if (input.resolvedSubmissionId) {
      if (round.project_id === null)
        throw new AppError('VALIDATION_FAILED', '上传的书稿请用文字写明在哪一稿中修改（如“第二稿”）。');
      const subs = await listSubmissions({ db: trx }, principal, round.project_id);
      const target = subs.find((s) => s.id === input.resolvedSubmissionId);
      const reviewed = subs.find((s) => s.id === round.submission_id);
      if (!target) throw new AppError('VALIDATION_FAILED', '所选送审稿不属于本书。');
      if (reviewed && target.number <= reviewed.number)
        throw new AppError(
          'VALIDATION_FAILED',
          `修改应落实在评审之后的送审稿中：本轮评审的是第 ${reviewed.number} 次送审稿，请选择更新的一次。`,
        );
      resolvedLabel = `第 ${target.number} 次送审稿“${target.title}”`;
    }
    const now = deps.clock.now().toISOString();
    const after = {
      response: input.response,
      reason: input.reason?.trim() || null,
      resolved_submission_id: input.resolvedSubmissionId ?? null,
      resolved_label: resolvedLabel,
    };
    await updateOpinionRow(trx, opinionId, {
      ...after,
      responded_by_name: principal.kind === 'system' ? '系统' : principal.displayName,
      responded_at: now,
    });
    await recordAudit(trx, deps.clock, principal, {
      action: 'review.opinion_respond',
      entityType: 'review_opinion',
      entityId: opinionId,
      summary: `答复《${round.book_title}》${roundLabel(round)}的意见 ${opinionId}：${RESPONSE_LABELS[input.response]}${resolvedLabel ? `，落实于${resolvedLabel}` : ''}`,
      before: {
        response: opinion.response,
        reason: opinion.reason,
        resolved_submission_id: opinion.resolved_submission_id,
        resolved_label: opinion.resolved_label,
      },
      after,
    });
    return opinion.round_id;
  });
  return (await listOpinions(deps, principal, roundId)).find((o) => o.id === opinionId)!;
}

/**
 * Loads the principal's own opinion for a change: the round must be 评审中, the opinion theirs and not yet answered
 * (an answer was given to that wording), and no later opinion may carry it on.
 */
async function ownOpenOpinion(trx: Db, principal: Principal, opinionId: number, verb: '修改' | '撤回') {
  const opinion = await findOpinionRow(trx, opinionId);
  if (!opinion) throw new AppError('NOT_FOUND', `评审意见 ${opinionId} 不存在。`);
  const access = await loadRound(trx, principal, opinion.round_id, 'read');
  if (!access.seesAll && opinion.visibility !== 'writers')
    throw new AppError('NOT_FOUND', `评审意见 ${opinionId} 不存在。`);
  if (!access.actor || opinion.author_id !== access.actor.userId)
    throw new AppError('FORBIDDEN', `只有提出这条意见的专家本人可以${verb}它。`);
  if (access.round.state !== 'reviewing')
    throw new AppError('CONFLICT', `这轮评审已不在评审中（已作出结论、已取消或尚未开始），不能再${verb}意见。`);
  if (opinion.response !== null)
    throw new AppError('CONFLICT', `这条意见已经答复，不能再${verb}；如有补充，请另提一条意见。`);
  const all = await findOpinionsOfRounds(trx, [opinion.round_id]);
  if (all.some((o) => o.supersedes_id === opinion.id))
    throw new AppError('CONFLICT', `这条意见已被延续为另一条意见，不能再${verb}。`);
  return { opinion, round: access.round };
}

/** A panel member edits their own opinion (not its anchor) while the round is 评审中 and it is unanswered. */
export async function editOpinion(
  deps: Deps,
  principal: Principal,
  opinionId: number,
  raw: TUpdateOpinion,
): Promise<TOpinion> {
  authorize(principal, 'round.opine');
  const input = validate(ZUpdateOpinion, raw);
  const roundId = await deps.db.transaction().execute(async (trx) => {
    const { opinion, round } = await ownOpenOpinion(trx, principal, opinionId, '修改');
    const before = {
      category: opinion.category,
      severity: opinion.severity,
      visibility: opinion.visibility,
      text: opinion.text,
    };
    await updateOpinionRow(trx, opinionId, input);
    await recordAudit(trx, deps.clock, principal, {
      action: 'review.opinion_edit',
      entityType: 'review_opinion',
      entityId: opinionId,
      summary: `修改了《${round.book_title}》${roundLabel(round)}的意见 ${opinionId}（${SEVERITY_LABELS[input.severity]}，${input.category}）`,
      before,
      after: input,
    });
    return round.id;
  });
  return (await listOpinions(deps, principal, roundId)).find((o) => o.id === opinionId)!;
}

/** A panel member withdraws their own opinion while the round is 评审中 and it is unanswered; the audit keeps it. */
export async function withdrawOpinion(deps: Deps, principal: Principal, opinionId: number): Promise<TOpinion[]> {
  authorize(principal, 'round.opine');
  const roundId = await deps.db.transaction().execute(async (trx) => {
    const { opinion, round } = await ownOpenOpinion(trx, principal, opinionId, '撤回');
    await deleteOpinionRow(trx, opinionId);
    await recordAudit(trx, deps.clock, principal, {
      action: 'review.opinion_withdraw',
      entityType: 'review_opinion',
      entityId: opinionId,
      summary: `撤回了对《${round.book_title}》${roundLabel(round)}提出的意见 ${opinionId}（${SEVERITY_LABELS[opinion.severity as TSeverity]}，${opinion.category}）`,
      before: {
        anchorTitle: opinion.anchor_title,
        quote: opinion.quote,
        category: opinion.category,
        severity: opinion.severity,
        visibility: opinion.visibility,
        text: opinion.text,
      },
    });
    return round.id;
  });
  return listOpinions(deps, principal, roundId);
}
