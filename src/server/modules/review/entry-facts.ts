import type {
  TCondition,
  TDecision,
  TResponse,
  TReviewKind,
  TReviewStage,
  TRoundState,
  TSeverity,
} from '../../../shared/review.ts';
import type { Db } from '../../db/database.ts';
import { getSubmission } from '../compilation/submissions.ts';
import { getProject } from '../compilation/get-project.ts';
import { REVIEW_READER } from './round-access.ts';
import {
  findChainRows,
  findOpinionsOfRounds,
  findPanelRows,
  type OpinionRow,
  type RoundRow,
} from './review.repository.ts';
import { signaturesComplete } from './present.ts';
import { isBlocking, type OpinionState } from './rules/blocking.ts';
import { entryConditions, type EarlierRound } from './rules/entry-conditions.ts';

/** Gathers what the pure entry rule needs: the 送审稿's state in compilation, earlier rounds, unresolved must-fix items. */

export function opinionState(o: OpinionRow): OpinionState {
  return {
    id: o.id,
    severity: o.severity as TSeverity,
    response: o.response as TResponse | null,
    resolvedSubmissionId: o.resolved_submission_id,
    resolvedLabel: o.resolved_label,
  };
}

export function supersededSet(opinions: readonly OpinionRow[]): Set<number> {
  return new Set(opinions.flatMap((o) => (o.supersedes_id === null ? [] : [o.supersedes_id])));
}

/** Must-fix and veto opinions of these rounds still unresolved (superseding opinions in `all` count). */
export function countBlocking(of: readonly OpinionRow[], all: readonly OpinionRow[]): number {
  const superseded = supersededSet(all);
  return of.filter((o) => isBlocking(opinionState(o), superseded)).length;
}

export interface BookSource {
  kind: TReviewKind;
  stage: TReviewStage;
  bookTitle: string;
  submissionId: number | null;
  /** Rounds of the same book before this one (oldest first); cancelled ones are left out. */
  earlier: readonly RoundRow[];
}

export async function earlierRoundsOf(db: Db, chainId: number | null, beforeId: number | null): Promise<RoundRow[]> {
  if (chainId === null) return [];
  return (await findChainRows(db, chainId)).filter(
    (r) => (beforeId === null || r.id < beforeId) && r.state !== 'cancelled',
  );
}

export async function conditionsFor(db: Db, src: BookSource): Promise<{ conditions: TCondition[]; blocking: number }> {
  let submission: { outlineApproved: boolean; checklistMissing: string[] } | null = null;
  if (src.submissionId !== null) {
    const sub = await getSubmission({ db }, REVIEW_READER, src.submissionId);
    const view = await getProject({ db }, REVIEW_READER, sub.projectId);
    submission = {
      outlineApproved: view.project.outlineState === 'approved',
      checklistMissing: sub.checklist.filter((c) => !c.found && !c.note).map((c) => c.item),
    };
  }
  const earlier: EarlierRound[] = [];
  for (const r of src.earlier)
    earlier.push({
      stage: r.stage as TReviewStage,
      attempt: r.attempt,
      state: r.state as TRoundState,
      decision: r.decision as TDecision | null,
      signed: signaturesComplete(await findPanelRows(db, r.id)),
    });
  const opinions = await findOpinionsOfRounds(
    db,
    src.earlier.map((r) => r.id),
  );
  const blocking = countBlocking(opinions, opinions);
  return {
    conditions: entryConditions({
      kind: src.kind,
      stage: src.stage,
      bookTitle: src.bookTitle,
      submission,
      earlier,
      unresolvedBlocking: blocking,
    }),
    blocking,
  };
}
