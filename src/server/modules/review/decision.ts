import { AppError } from '../../../shared/errors.ts';
import { DECISION_LABELS, ZDecide, ZSign, type TDecide, type TRoundView } from '../../../shared/review.ts';
import type { z } from 'zod';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { confirmOwnPassword } from '../../platform/auth/auth.service.ts';
import type { LoginLimiter } from '../../platform/auth/login-limiter.ts';
import { findUserById } from '../users/users.repository.ts';
import { validate } from '../compilation/validate.ts';
import { opinionState, supersededSet } from './entry-facts.ts';
import { notifyUsers } from './notify.ts';
import { activeMembers, roundLabel } from './present.ts';
import {
  clearSignatures,
  findChainRows,
  findOpinionsOfRounds,
  findPanelRows,
  updatePanelRow,
  updateRoundRow,
} from './review.repository.ts';
import { loadRound, REVIEW_READER } from './round-access.ts';
import { getProject } from '../compilation/get-project.ts';
import { decisionProblem } from './rules/blocking.ts';
import { getRound } from './rounds.ts';

type Deps = { db: Db; clock: Clock };

/** The 主审人 (or the organiser) records the conclusion and the 评审意见; the panel then signs. */
export async function decideRound(
  deps: Deps,
  principal: Principal,
  roundId: number,
  raw: TDecide,
): Promise<TRoundView> {
  const input = validate(ZDecide, raw);
  await deps.db.transaction().execute(async (trx) => {
    const access = await loadRound(trx, principal, roundId, 'read');
    const { round, me, panel } = access;
    const chair = me?.role === 'chair' && me.conflict === 0;
    if (!chair && !access.manage) throw new AppError('FORBIDDEN', '只有主审人或评审组织者可以作出评审结论。');
    if (round.state !== 'reviewing') throw new AppError('CONFLICT', '只有评审中的轮次可以作出结论。');
    const chain = (await findChainRows(trx, round.chain_id ?? round.id)).filter((r) => r.id <= round.id);
    const all = await findOpinionsOfRounds(
      trx,
      chain.map((r) => r.id),
    );
    const problem = decisionProblem(
      input.decision,
      all.filter((o) => o.round_id === round.id).map(opinionState),
      supersededSet(all),
    );
    if (problem) throw new AppError('VALIDATION_FAILED', problem);
    const now = deps.clock.now().toISOString();
    const by = principal.kind === 'system' ? '系统' : principal.displayName;
    await updateRoundRow(trx, roundId, {
      state: 'decided',
      decision: input.decision,
      decision_text: input.text,
      decided_at: now,
      decided_by_name: by,
      updated_at: now,
    });
    await clearSignatures(trx, roundId);
    const label = `《${round.book_title}》${roundLabel(round)}`;
    // The writers hear of the decision too: the project's members, read through compilation.
    const writers =
      round.project_id === null
        ? []
        : (await getProject({ db: trx }, REVIEW_READER, round.project_id)).members.map((m) => m.userId);
    await notifyUsers(
      trx,
      now,
      [
        ...new Set([
          ...activeMembers(panel).map((p) => p.user_id),
          ...(round.created_by ? [round.created_by] : []),
          ...writers,
        ]),
      ],
      {
        kind: 'review.decision',
        title: `评审结论：${label}${DECISION_LABELS[input.decision]}`,
        lines: [`${label}的结论为“${DECISION_LABELS[input.decision]}”。`, '评审组成员请登录确认签名。'],
        link: `/review/${roundId}`,
        dedupeKey: `review-decision:${roundId}:${now}`,
      },
    );
    await recordAudit(trx, deps.clock, principal, {
      action: 'review.decide',
      entityType: 'review_round',
      entityId: roundId,
      summary: `${label}作出结论：${DECISION_LABELS[input.decision]}`,
      after: input,
    });
  });
  return getRound(deps, principal, roundId);
}

/** A panel member signs the decision, confirming who they are by entering their password again. */
export async function signRound(
  deps: Deps & { loginLimiter: LoginLimiter },
  principal: Principal,
  roundId: number,
  raw: z.infer<typeof ZSign>,
): Promise<TRoundView> {
  const input = validate(ZSign, raw);
  const { round, me } = await loadRound(deps.db, principal, roundId, 'opine');
  if (round.state !== 'decided') throw new AppError('CONFLICT', '这轮评审尚未作出结论，结论作出后再签名。');
  if (me!.conflict === 1) throw new AppError('FORBIDDEN', '您已声明利益冲突并回避，不参与签名。');
  if (me!.signed_at) throw new AppError('CONFLICT', '您已签过名。');
  if (me!.conflict_declared !== 1) throw new AppError('VALIDATION_FAILED', '请先声明有无利益冲突，再签名。');
  const user = await findUserById(deps.db, me!.user_id);
  // Through the sign-in limiter: repeated wrong passwords lock exactly as sign-in does (RATE_LIMITED).
  if (
    !user ||
    principal.kind === 'system' ||
    !(await confirmOwnPassword(
      deps,
      { userId: user.id, username: user.username, ip: principal.ip },
      user.password_hash,
      input.password,
      '签署评审结论',
    ))
  )
    throw new AppError('VALIDATION_FAILED', '密码不正确，签名未完成。请输入您登录本平台的密码。');
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now().toISOString();
    await updatePanelRow(trx, me!.id, { signed_at: now });
    const label = `《${round.book_title}》${roundLabel(round)}`;
    const panel = await findPanelRows(trx, roundId);
    const left = activeMembers(panel).filter((p) => p.signed_at === null);
    if (left.length === 0 && round.created_by)
      await notifyUsers(trx, now, [round.created_by], {
        kind: 'review.signed',
        title: `评审组已全部签名：${label}`,
        lines: [`${label}评审组已全部确认签名，可下载审查验收意见书。`],
        link: `/review/${roundId}`,
        dedupeKey: `review-signed:${roundId}:${round.decided_at ?? ''}`,
      });
    await recordAudit(trx, deps.clock, principal, {
      action: 'review.sign',
      entityType: 'review_round',
      entityId: roundId,
      summary: `${user.display_name}在${label}结论（${DECISION_LABELS[round.decision as 'pass']}）上确认签名${left.length ? `，尚有 ${left.length} 人未签` : '，评审组已全部签名'}`,
    });
  });
  return getRound(deps, principal, roundId);
}
