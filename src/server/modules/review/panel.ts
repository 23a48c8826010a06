import { AppError } from '../../../shared/errors.ts';
import {
  PANEL_ROLE_LABELS,
  ZAddPanelMember,
  ZDeclareConflict,
  ZReinvite,
  type TAddPanelMember,
  type TReviewPerson,
  type TRoundView,
} from '../../../shared/review.ts';
import type { z } from 'zod';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { authorize } from '../../platform/policy.ts';
import { findUnitNamesByIds } from '../org/org.repository.ts';
import { findUserById, findUsers } from '../users/users.repository.ts';
import { validate } from '../compilation/validate.ts';
import { notifyUsers } from './notify.ts';
import { roundLabel } from './present.ts';
import { deletePanelRow, findOpinionsOfRounds, insertPanelRow, updatePanelRow } from './review.repository.ts';
import { loadRound } from './round-access.ts';
import { getRound } from './rounds.ts';

type Deps = { db: Db; clock: Clock };

/** People who may sit on a panel: active accounts with their units; external experts flagged. */
export async function listReviewPeople(deps: { db: Db }, principal: Principal): Promise<TReviewPerson[]> {
  authorize(principal, 'round.manage');
  const users = (await findUsers(deps.db)).filter((u) => !u.is_disabled);
  const units = await findUnitNamesByIds(
    deps.db,
    users.flatMap((u) => (u.unit_id === null ? [] : [u.unit_id])),
  );
  return users.map((u) => ({
    id: u.id,
    displayName: u.display_name,
    unitName: u.unit_id === null ? null : (units.get(u.unit_id) ?? null),
    expert: u.roles.includes('expert'),
  }));
}

function inviteLines(label: string, body: string, due: string | null, meeting: string | null): string[] {
  return [
    `${body}邀请您参加${label}。`,
    `审读截止：${due ?? '另行通知'}；评审会：${meeting ?? '另行通知'}。`,
    '请先声明有无利益冲突，再审读送审稿并提出意见。',
  ];
}

export async function addPanelMember(
  deps: Deps,
  principal: Principal,
  roundId: number,
  raw: TAddPanelMember,
): Promise<TRoundView> {
  const input = validate(ZAddPanelMember, raw);
  await deps.db.transaction().execute(async (trx) => {
    const { round, panel } = await loadRound(trx, principal, roundId, 'manage');
    if (round.state !== 'preparing' && round.state !== 'reviewing')
      throw new AppError('CONFLICT', '这轮评审已结束或已取消，不能再调整评审组。');
    const user = await findUserById(trx, input.userId);
    if (!user || user.is_disabled) throw new AppError('VALIDATION_FAILED', '所选的人不存在或账号已停用。');
    if (panel.some((p) => p.user_id === input.userId))
      throw new AppError('CONFLICT', `${user.display_name}已在评审组中。`);
    if (input.role === 'chair' && panel.some((p) => p.role === 'chair'))
      throw new AppError('CONFLICT', '评审组已有主审人；一轮评审只设一位主审人。');
    const now = deps.clock.now().toISOString();
    const due = input.dueDate ?? round.reading_deadline;
    await insertPanelRow(trx, {
      round_id: roundId,
      user_id: input.userId,
      role: input.role,
      due_date: due,
      invited_at: now,
      conflict_declared: 0,
      conflict: 0,
      conflict_text: null,
      signed_at: null,
    });
    const label = `《${round.book_title}》${roundLabel(round)}`;
    if (round.state === 'reviewing')
      await notifyUsers(trx, now, [input.userId], {
        kind: 'review.invite',
        title: `评审邀请：${label}`,
        lines: inviteLines(label, round.convening_body, due, round.meeting_date),
        link: `/review/${roundId}`,
        dedupeKey: `review-invite:${roundId}:${input.userId}:${due ?? ''}`,
      });
    await recordAudit(trx, deps.clock, principal, {
      action: 'review.panel_add',
      entityType: 'review_round',
      entityId: roundId,
      summary: `${label}评审组加入${PANEL_ROLE_LABELS[input.role]}${user.display_name}（审读截止 ${due ?? '未定'}）`,
    });
  });
  return getRound(deps, principal, roundId);
}

/** 重新邀请: a new reading deadline for one expert, announced again. */
export async function reinvitePanelMember(
  deps: Deps,
  principal: Principal,
  roundId: number,
  memberId: number,
  raw: z.infer<typeof ZReinvite>,
): Promise<TRoundView> {
  const input = validate(ZReinvite, raw);
  await deps.db.transaction().execute(async (trx) => {
    const { round, panel } = await loadRound(trx, principal, roundId, 'manage');
    const member = panel.find((p) => p.id === memberId);
    if (!member) throw new AppError('NOT_FOUND', '评审组中没有这位专家。');
    if (round.state !== 'preparing' && round.state !== 'reviewing')
      throw new AppError('CONFLICT', '这轮评审已结束或已取消，不能再邀请。');
    const now = deps.clock.now().toISOString();
    await updatePanelRow(trx, memberId, { due_date: input.dueDate, invited_at: now });
    const user = await findUserById(trx, member.user_id);
    const label = `《${round.book_title}》${roundLabel(round)}`;
    if (round.state === 'reviewing')
      await notifyUsers(trx, now, [member.user_id], {
        kind: 'review.invite',
        title: `评审邀请（新的审读截止日期）：${label}`,
        lines: inviteLines(label, round.convening_body, input.dueDate, round.meeting_date),
        link: `/review/${roundId}`,
        dedupeKey: `review-invite:${roundId}:${member.user_id}:${input.dueDate}`,
      });
    await recordAudit(trx, deps.clock, principal, {
      action: 'review.panel_reinvite',
      entityType: 'review_round',
      entityId: roundId,
      summary: `${label}重新邀请${user?.display_name ?? ''}，审读截止改为 ${input.dueDate}`,
      before: { due_date: member.due_date },
      after: { due_date: input.dueDate },
    });
  });
  return getRound(deps, principal, roundId);
}

export async function removePanelMember(
  deps: Deps,
  principal: Principal,
  roundId: number,
  memberId: number,
): Promise<TRoundView> {
  await deps.db.transaction().execute(async (trx) => {
    const { round, panel } = await loadRound(trx, principal, roundId, 'manage');
    const member = panel.find((p) => p.id === memberId);
    if (!member) throw new AppError('NOT_FOUND', '评审组中没有这位专家。');
    if (round.state !== 'preparing' && round.state !== 'reviewing')
      throw new AppError('CONFLICT', '这轮评审已结束或已取消，不能再调整评审组。');
    if ((await findOpinionsOfRounds(trx, [roundId])).some((o) => o.author_id === member.user_id))
      throw new AppError('CONFLICT', '这位专家已提出意见，不能移出评审组；如有利益冲突，请由其本人声明回避。');
    await deletePanelRow(trx, memberId);
    const user = await findUserById(trx, member.user_id);
    await recordAudit(trx, deps.clock, principal, {
      action: 'review.panel_remove',
      entityType: 'review_round',
      entityId: roundId,
      summary: `《${round.book_title}》${roundLabel(round)}评审组移出${user?.display_name ?? ''}`,
    });
  });
  return getRound(deps, principal, roundId);
}

/** A panel member declares (only for themselves) whether they have a conflict of interest; a conflict recuses them. */
export async function declareConflict(
  deps: Deps,
  principal: Principal,
  roundId: number,
  raw: z.infer<typeof ZDeclareConflict>,
): Promise<TRoundView> {
  const input = validate(ZDeclareConflict, raw);
  await deps.db.transaction().execute(async (trx) => {
    const { round, me } = await loadRound(trx, principal, roundId, 'opine');
    if (round.state === 'cancelled') throw new AppError('CONFLICT', '这轮评审已取消。');
    if (me!.signed_at) throw new AppError('CONFLICT', '您已在结论上签名，不能再改声明。');
    if (input.conflict && !input.text)
      throw new AppError('VALIDATION_FAILED', '请说明利益冲突的情况（如：本人为该书撰稿人）。');
    await updatePanelRow(trx, me!.id, {
      conflict_declared: 1,
      conflict: input.conflict ? 1 : 0,
      conflict_text: input.text?.trim() || null,
    });
    await recordAudit(trx, deps.clock, principal, {
      action: 'review.conflict_declare',
      entityType: 'review_round',
      entityId: roundId,
      summary: input.conflict
        ? `在《${round.book_title}》${roundLabel(round)}中声明利益冲突并回避：${input.text}`
        : `在《${round.book_title}》${roundLabel(round)}中声明无利益冲突`,
    });
  });
  return getRound(deps, principal, roundId);
}
