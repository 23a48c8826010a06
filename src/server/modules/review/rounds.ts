import { AppError } from '../../../shared/errors.ts';
import {
  REVIEW_STAGE_LABELS,
  ROUND_STATE_LABELS,
  ZCreateRound,
  ZRoundTransition,
  ZUpdateRound,
  type TCreateRound,
  type TReviewKind,
  type TRound,
  type TRoundTransition,
  type TRoundView,
  type TUpdateRound,
  type TReviewStage,
} from '../../../shared/review.ts';
import type { Db } from '../../db/database.ts';
import { isSystemActor, type Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { authorize } from '../../platform/policy.ts';
import { getProject } from '../compilation/get-project.ts';
import { getSubmission } from '../compilation/submissions.ts';
import { validate } from '../compilation/validate.ts';
import { conditionsFor, countBlocking, earlierRoundsOf, opinionState, supersededSet } from './entry-facts.ts';
import { notifyUsers } from './notify.ts';
import { loadPeople, presentPanel, presentRound, roundLabel } from './present.ts';
import {
  clearSignatures,
  countOpinionsByRound,
  findChainRows,
  findManuscriptMeta,
  findOpinionsOfRounds,
  findRoundRow,
  findRoundRows,
  insertOpinion,
  insertRound,
  updateRoundRow,
  type RoundRow,
} from './review.repository.ts';
import { accessOf, loadRound, managesBook } from './round-access.ts';
import { carriesOver } from './rules/blocking.ts';
import { refusalOf } from './rules/entry-conditions.ts';
import { reanchor } from './rules/plain-text.ts';
import { textOfRound } from './opinions.ts';

type Deps = { db: Db; clock: Clock };

const who = (p: Principal) => (isSystemActor(p) ? `系统（${p.purpose}）` : p.displayName);

/** Rounds the principal may see, newest first (an expert: only the rounds of their panels). */
export async function listRounds(deps: { db: Db }, principal: Principal): Promise<TRound[]> {
  authorize(principal, 'round.read');
  const counts = await countOpinionsByRound(deps.db);
  const out: TRound[] = [];
  for (const row of await findRoundRows(deps.db)) {
    const access = await accessOf(deps.db, principal, row);
    if (!access) continue;
    const people = await loadPeople(
      deps.db,
      access.panel.map((p) => p.user_id),
    );
    const ms = row.manuscript_id ? await findManuscriptMeta(deps.db, row.manuscript_id) : undefined;
    out.push(presentRound(row, access.panel, people, counts.get(row.id) ?? 0, ms?.file_name ?? null));
  }
  return out;
}

export async function getRound(deps: { db: Db }, principal: Principal, id: number): Promise<TRoundView> {
  const access = await loadRound(deps.db, principal, id, 'read');
  const { round, panel, me } = access;
  const people = await loadPeople(
    deps.db,
    panel.map((p) => p.user_id),
  );
  const ms = round.manuscript_id ? await findManuscriptMeta(deps.db, round.manuscript_id) : undefined;
  const chainRows = await findChainRows(deps.db, round.chain_id ?? round.id);
  const upto = chainRows.filter((r) => r.id <= round.id && r.state !== 'cancelled');
  const opinions = await findOpinionsOfRounds(
    deps.db,
    upto.map((r) => r.id),
  );
  const mine = opinions.filter((o) => o.round_id === round.id).length;
  const { conditions } = await conditionsFor(
    deps.db,
    sourceOf(round, await earlierRoundsOf(deps.db, round.chain_id, round.id)),
  );
  const recused = me?.conflict === 1;
  return {
    ...presentRound(round, panel, people, mine, ms?.file_name ?? null),
    panel: presentPanel(panel, people),
    conditions,
    blocking: countBlocking(opinions, opinions),
    chain: chainRows.map((r) => ({
      id: r.id,
      stageLabel: roundLabel(r),
      attempt: r.attempt,
      state: r.state as TRoundView['state'],
      decision: r.decision as TRoundView['decision'],
    })),
    me: {
      manage: access.manage,
      onPanel: me !== null,
      panelMemberId: me?.id ?? null,
      canOpine: me !== null && !recused && me.conflict_declared === 1 && round.state === 'reviewing',
      canSign:
        me !== null && !recused && me.conflict_declared === 1 && round.state === 'decided' && me.signed_at === null,
      seesPanelOnly: access.seesAll,
    },
  };
}

function sourceOf(round: Pick<RoundRow, 'kind' | 'stage' | 'book_title' | 'submission_id'>, earlier: RoundRow[]) {
  return {
    kind: round.kind as TReviewKind,
    stage: round.stage as TReviewStage,
    bookTitle: round.book_title,
    submissionId: round.submission_id,
    earlier,
  };
}

export async function createRound(deps: Deps, principal: Principal, raw: TCreateRound): Promise<TRoundView> {
  authorize(principal, 'round.manage');
  const input = validate(ZCreateRound, raw);
  const actor = isSystemActor(principal) ? null : principal;
  let book: Pick<RoundRow, 'project_id' | 'owner_unit_id' | 'created_by' | 'book_title' | 'submission_label'> & {
    kind: TReviewKind;
  };
  if (input.submissionId) {
    const sub = await getSubmission(deps, principal, input.submissionId);
    const view = await getProject(deps, principal, sub.projectId);
    if (!view.access.manage) throw new AppError('FORBIDDEN', '只有本书编纂项目的主编、副主编可以组织评审。');
    book = {
      kind: input.kind === 'proof' ? 'proof' : view.project.kind,
      project_id: sub.projectId,
      owner_unit_id: view.project.ownerUnitId,
      created_by: actor?.userId ?? null,
      book_title: sub.projectTitle,
      submission_label: `第 ${sub.number} 次送审稿“${sub.title}”`,
    };
  } else {
    const ms = await findManuscriptMeta(deps.db, input.manuscriptId!);
    if (
      !ms ||
      !(await managesBook(deps.db, principal, {
        project_id: null,
        owner_unit_id: ms.unit_id,
        created_by: ms.created_by,
      }))
    )
      throw new AppError('NOT_FOUND', `书稿 ${input.manuscriptId} 不存在，或不是您的单位上传的。`);
    if (!input.kind)
      throw new AppError('VALIDATION_FAILED', '上传的书稿请选择书稿类型（综合志、年鉴……或出版社校样）。');
    book = {
      kind: input.kind,
      project_id: null,
      owner_unit_id: ms.unit_id,
      created_by: actor?.userId ?? null,
      book_title: ms.title,
      submission_label: null,
    };
  }
  const id = await deps.db.transaction().execute(async (trx) => {
    let previous: RoundRow | undefined;
    if (input.previousRoundId) {
      previous = await findRoundRow(trx, input.previousRoundId);
      if (!previous || !(await managesBook(trx, principal, previous)))
        throw new AppError('NOT_FOUND', `前一轮评审 ${input.previousRoundId} 不存在，或不由您组织。`);
      if (previous.project_id !== book.project_id)
        throw new AppError('VALIDATION_FAILED', '前一轮评审评的是另一本书，请选择同一本书的前一轮。');
    } else if (book.project_id !== null) {
      previous = (await findRoundRows(trx)).find((r) => r.project_id === book.project_id && r.state !== 'cancelled');
    }
    const chainId = previous ? (previous.chain_id ?? previous.id) : null;
    const earlier = await earlierRoundsOf(trx, chainId, null);
    const stageLabel = REVIEW_STAGE_LABELS[input.stage];
    const { conditions } = await conditionsFor(trx, {
      kind: book.kind,
      stage: input.stage,
      bookTitle: book.book_title,
      submissionId: input.submissionId ?? null,
      earlier,
    });
    const refusal = refusalOf(conditions, stageLabel);
    if (refusal)
      throw new AppError(
        'VALIDATION_FAILED',
        refusal,
        conditions.filter((c) => !c.met).map((c) => ({ path: c.label, message: c.detail })),
      );
    const open = earlier.find((r) => r.stage === input.stage && (r.state === 'preparing' || r.state === 'reviewing'));
    if (open) throw new AppError('CONFLICT', `本书的${roundLabel(open)}尚未结束，请先作出结论或取消后再开新一轮。`);
    const now = deps.clock.now().toISOString();
    const rid = await insertRound(trx, {
      chain_id: chainId,
      previous_round_id: previous?.id ?? null,
      kind: book.kind,
      stage: input.stage,
      attempt: earlier.filter((r) => r.stage === input.stage).length + 1,
      book_title: book.book_title,
      project_id: book.project_id,
      submission_id: input.submissionId ?? null,
      submission_label: book.submission_label,
      manuscript_id: input.manuscriptId ?? null,
      state: 'preparing',
      state_reason: null,
      convening_body: input.conveningBody,
      reading_deadline: input.readingDeadline ?? null,
      meeting_date: input.meetingDate ?? null,
      decision: null,
      decision_text: null,
      decided_at: null,
      decided_by_name: null,
      owner_unit_id: book.owner_unit_id,
      created_by: book.created_by,
      created_by_name: who(principal),
      created_at: now,
      updated_at: now,
    });
    if (chainId === null) await updateRoundRow(trx, rid, { chain_id: rid });
    // Open suggestions of the previous round carry over, each linked to the opinion it supersedes.
    let carried = 0;
    if (previous) {
      const all = await findOpinionsOfRounds(
        trx,
        earlier.map((r) => r.id),
      );
      const superseded = supersededSet(all);
      const carry = all.filter((x) => x.round_id === previous.id && carriesOver(opinionState(x), superseded));
      const items = carry.length ? await textOfRound(trx, (await findRoundRow(trx, rid))!) : [];
      for (const o of carry) {
        await insertOpinion(trx, {
          ...o,
          ...reanchor(o, items),
          id: undefined,
          round_id: rid,
          supersedes_id: o.id,
          created_at: now,
          response: null,
          reason: null,
          resolved_submission_id: null,
          resolved_label: null,
          responded_by_name: null,
          responded_at: null,
        });
        carried++;
      }
    }
    await recordAudit(trx, deps.clock, principal, {
      action: 'review.round_create',
      entityType: 'review_round',
      entityId: rid,
      summary: `为《${book.book_title}》新建${stageLabel}（${book.submission_label ?? '上传书稿'}${carried ? `，延续上轮意见 ${carried} 条` : ''}）`,
      after: { ...input, conditions },
    });
    return rid;
  });
  return getRound(deps, principal, id);
}

export async function updateRound(
  deps: Deps,
  principal: Principal,
  id: number,
  raw: TUpdateRound,
): Promise<TRoundView> {
  const input = validate(ZUpdateRound, raw);
  await deps.db.transaction().execute(async (trx) => {
    const { round } = await loadRound(trx, principal, id, 'manage');
    if (round.state === 'cancelled' || round.state === 'decided')
      throw new AppError('CONFLICT', `这轮评审${ROUND_STATE_LABELS[round.state]}，不能再修改；如需修改请先重新开启。`);
    const after = {
      convening_body: input.conveningBody ?? round.convening_body,
      reading_deadline: input.readingDeadline === undefined ? round.reading_deadline : input.readingDeadline,
      meeting_date: input.meetingDate === undefined ? round.meeting_date : input.meetingDate,
    };
    const now = deps.clock.now().toISOString();
    await updateRoundRow(trx, id, { ...after, updated_at: now });
    await recordAudit(trx, deps.clock, principal, {
      action: 'review.round_update',
      entityType: 'review_round',
      entityId: id,
      summary: `修改《${round.book_title}》${roundLabel(round)}：召集单位 ${after.convening_body}，审读截止 ${after.reading_deadline ?? '未定'}，评审会 ${after.meeting_date ?? '未定'}`,
      before: {
        convening_body: round.convening_body,
        reading_deadline: round.reading_deadline,
        meeting_date: round.meeting_date,
      },
      after,
    });
  });
  return getRound(deps, principal, id);
}

/** 开始评审 (invites the panel), 取消 and 重新开启, each with its reason in the audit log. */
export async function transitionRound(
  deps: Deps,
  principal: Principal,
  id: number,
  raw: TRoundTransition,
): Promise<TRoundView> {
  const input = validate(ZRoundTransition, raw);
  await deps.db.transaction().execute(async (trx) => {
    const { round, panel } = await loadRound(trx, principal, id, 'manage');
    const now = deps.clock.now().toISOString();
    const label = `《${round.book_title}》${roundLabel(round)}`;
    const reason = input.reason?.trim() || null;
    if (input.action === 'start') {
      if (round.state !== 'preparing')
        throw new AppError('CONFLICT', `这轮评审${ROUND_STATE_LABELS[round.state as 'preparing']}，不能再开始。`);
      if (!panel.some((p) => p.role === 'chair'))
        throw new AppError('VALIDATION_FAILED', '评审组还没有主审人，请先在评审组中指定主审人。');
      if (!panel.some((p) => p.role !== 'chair'))
        throw new AppError('VALIDATION_FAILED', '评审组至少还需要一位专家，请先邀请专家。');
      const { conditions } = await conditionsFor(
        trx,
        sourceOf(round, await earlierRoundsOf(trx, round.chain_id, round.id)),
      );
      const refusal = refusalOf(conditions, REVIEW_STAGE_LABELS[round.stage as TReviewStage]);
      if (refusal) throw new AppError('VALIDATION_FAILED', refusal);
      await updateRoundRow(trx, id, { state: 'reviewing', state_reason: reason, updated_at: now });
      for (const p of panel)
        await notifyUsers(trx, now, [p.user_id], {
          kind: 'review.invite',
          title: `评审邀请：${label}`,
          lines: [
            `${round.convening_body}邀请您参加${label}。`,
            `审读截止：${p.due_date ?? round.reading_deadline ?? '另行通知'}；评审会：${round.meeting_date ?? '另行通知'}。`,
            '请先声明有无利益冲突，再审读送审稿并提出意见。',
          ],
          link: `/review/${id}`,
          dedupeKey: `review-invite:${id}:${p.user_id}:${p.due_date ?? ''}`,
        });
      await recordAudit(trx, deps.clock, principal, {
        action: 'review.round_start',
        entityType: 'review_round',
        entityId: id,
        summary: `${label}开始评审，邀请评审组 ${panel.length} 人`,
      });
      return;
    }
    if (!reason)
      throw new AppError(
        'VALIDATION_FAILED',
        input.action === 'cancel' ? '取消评审请写明理由。' : '重新开启评审请写明理由。',
      );
    if (input.action === 'cancel') {
      if (round.state !== 'preparing' && round.state !== 'reviewing')
        throw new AppError('CONFLICT', `这轮评审${ROUND_STATE_LABELS[round.state as 'preparing']}，不能取消。`);
      await updateRoundRow(trx, id, { state: 'cancelled', state_reason: reason, updated_at: now });
      await notifyUsers(
        trx,
        now,
        panel.map((p) => p.user_id),
        {
          kind: 'review.cancel',
          title: `评审取消：${label}`,
          lines: [`${label}已取消。理由：${reason}`],
          link: `/review/${id}`,
          dedupeKey: `review-cancel:${id}:${now}`,
        },
      );
      await recordAudit(trx, deps.clock, principal, {
        action: 'review.round_cancel',
        entityType: 'review_round',
        entityId: id,
        summary: `取消${label}：${reason}`,
        before: { state: round.state },
      });
      return;
    }
    if (round.state !== 'cancelled' && round.state !== 'decided')
      throw new AppError('CONFLICT', '只有已取消或已作出结论的评审可以重新开启。');
    const later = (await findChainRows(trx, round.chain_id ?? round.id)).filter(
      (r) => r.id > round.id && r.state !== 'cancelled',
    );
    if (later.length)
      throw new AppError(
        'CONFLICT',
        `本书已有后续的${roundLabel(later[0]!)}，不能再重新开启这一轮；请取消后续轮次后再试。`,
      );
    await updateRoundRow(trx, id, {
      state: 'reviewing',
      state_reason: reason,
      decision: null,
      decision_text: null,
      decided_at: null,
      decided_by_name: null,
      updated_at: now,
    });
    await clearSignatures(trx, id);
    await recordAudit(trx, deps.clock, principal, {
      action: 'review.round_reopen',
      entityType: 'review_round',
      entityId: id,
      summary: `重新开启${label}：${reason}`,
      before: { state: round.state, decision: round.decision, decision_text: round.decision_text },
    });
  });
  return getRound(deps, principal, id);
}
