import {
  REVIEW_STAGE_LABELS,
  type TDecision,
  type TPanelMember,
  type TPanelRole,
  type TReviewKind,
  type TReviewStage,
  type TRound,
  type TRoundState,
} from '../../../shared/review.ts';
import type { Db } from '../../db/database.ts';
import { findUnitNamesByIds } from '../org/org.repository.ts';
import { findUserById } from '../users/users.repository.ts';
import type { PanelRow, RoundRow } from './review.repository.ts';

/** Rows → contracts, with names from the users and org modules. */

export function roundLabel(r: Pick<RoundRow, 'stage' | 'attempt'>): string {
  const stage = REVIEW_STAGE_LABELS[r.stage as TReviewStage] ?? r.stage;
  return r.attempt > 1 ? `${stage}（第 ${r.attempt} 轮）` : stage;
}

/** Panel members who take part (not recused for a conflict of interest). */
export function activeMembers(panel: readonly PanelRow[]): PanelRow[] {
  return panel.filter((p) => p.conflict === 0);
}

export function signaturesComplete(panel: readonly PanelRow[]): boolean {
  const active = activeMembers(panel);
  return active.length > 0 && active.every((p) => p.signed_at !== null);
}

export interface PanelPerson {
  displayName: string;
  unitName: string | null;
  expert: boolean;
  email: string | null;
  disabled: boolean;
}

export async function loadPeople(db: Db, userIds: readonly number[]): Promise<Map<number, PanelPerson>> {
  const out = new Map<number, PanelPerson>();
  const users = [];
  for (const id of new Set(userIds)) {
    const u = await findUserById(db, id);
    if (u) users.push(u);
  }
  const units = await findUnitNamesByIds(
    db,
    users.flatMap((u) => (u.unit_id === null ? [] : [u.unit_id])),
  );
  for (const u of users)
    out.set(u.id, {
      displayName: u.display_name,
      unitName: u.unit_id === null ? null : (units.get(u.unit_id) ?? null),
      expert: u.roles.includes('expert'),
      email: u.email,
      disabled: Boolean(u.is_disabled),
    });
  return out;
}

export function presentPanel(panel: readonly PanelRow[], people: Map<number, PanelPerson>): TPanelMember[] {
  return panel.map((p) => {
    const person = people.get(p.user_id);
    return {
      id: p.id,
      userId: p.user_id,
      displayName: person?.displayName ?? `用户 ${p.user_id}`,
      unitName: person?.unitName ?? null,
      role: p.role as TPanelRole,
      isExpertAccount: person?.expert ?? false,
      dueDate: p.due_date,
      invitedAt: p.invited_at,
      conflictDeclared: p.conflict_declared === 1,
      conflict: p.conflict === 1,
      conflictText: p.conflict_text,
      signedAt: p.signed_at,
    };
  });
}

export function presentRound(
  r: RoundRow,
  panel: readonly PanelRow[],
  people: Map<number, PanelPerson>,
  opinionCount: number,
  manuscriptName: string | null,
): TRound {
  return {
    id: r.id,
    chainId: r.chain_id ?? r.id,
    previousRoundId: r.previous_round_id,
    kind: r.kind as TReviewKind,
    stage: r.stage as TReviewStage,
    stageLabel: roundLabel(r),
    attempt: r.attempt,
    bookTitle: r.book_title,
    projectId: r.project_id,
    submissionId: r.submission_id,
    submissionLabel: r.submission_label,
    manuscriptId: r.manuscript_id,
    manuscriptName,
    state: r.state as TRoundState,
    stateReason: r.state_reason,
    conveningBody: r.convening_body,
    readingDeadline: r.reading_deadline,
    meetingDate: r.meeting_date,
    decision: r.decision as TDecision | null,
    decisionText: r.decision_text,
    decidedAt: r.decided_at,
    createdBy: r.created_by_name,
    createdAt: r.created_at,
    opinionCount,
    unsigned:
      r.state === 'decided'
        ? activeMembers(panel)
            .filter((p) => p.signed_at === null)
            .map((p) => people.get(p.user_id)?.displayName ?? `用户 ${p.user_id}`)
        : [],
  };
}
