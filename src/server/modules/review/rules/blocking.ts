import type { TResponse, TSeverity } from '../../../../shared/review.ts';

/** Pure: when an opinion blocks the next stage. */

export interface OpinionState {
  id: number;
  severity: TSeverity;
  response: TResponse | null;
  resolvedSubmissionId: number | null;
  resolvedLabel: string | null;
}

/** Answered 采纳 or 部分采纳 and carried out in a named later version. 不采纳 never resolves a must-fix item. */
export function isResolved(o: OpinionState): boolean {
  return (
    (o.response === 'adopted' || o.response === 'partly') &&
    (o.resolvedSubmissionId !== null || Boolean(o.resolvedLabel?.trim()))
  );
}

/**
 * A 必须修改 or 否决 opinion that is not resolved blocks the next stage, unless a later opinion superseded it (the later
 * one then carries the weight).
 */
export function isBlocking(o: OpinionState, supersededIds: ReadonlySet<number>): boolean {
  if (o.severity !== 'must' && o.severity !== 'veto') return false;
  if (supersededIds.has(o.id)) return false;
  return !isResolved(o);
}

/** Opinions carried over automatically to the next round: neither resolved nor superseded, and not blocking ones. */
export function carriesOver(o: OpinionState, supersededIds: ReadonlySet<number>): boolean {
  if (supersededIds.has(o.id) || isResolved(o)) return false;
  if (o.response === 'adopted') return false;
  return o.severity === 'suggest' || o.severity === 'reference';
}

/** A response needs a reason unless it adopts the opinion whole. */
export function responseProblem(response: TResponse, reason: string | undefined): string | null {
  if ((response === 'rejected' || response === 'partly') && !reason?.trim())
    return response === 'rejected' ? '不采纳的意见必须写明理由。' : '部分采纳的意见必须写明未采纳部分的理由。';
  return null;
}

/** A round with an unresolved 否决 opinion of its own cannot pass (通过 or 修改后通过). */
export function decisionProblem(
  decision: 'pass' | 'pass_after_revision' | 'revise_and_rereview' | 'fail',
  ownOpinions: readonly OpinionState[],
  supersededIds: ReadonlySet<number>,
): string | null {
  if (decision !== 'pass' && decision !== 'pass_after_revision') return null;
  const vetoes = ownOpinions.filter((o) => o.severity === 'veto' && isBlocking(o, supersededIds));
  if (vetoes.length)
    return `本轮有 ${vetoes.length} 条否决意见尚未落实，不能作出“通过”或“修改后通过”的结论；请选择修改后再审或不通过。`;
  if (decision === 'pass') {
    const musts = ownOpinions.filter((o) => o.severity === 'must' && isBlocking(o, supersededIds));
    if (musts.length)
      return `本轮有 ${musts.length} 条必须修改意见尚未落实，不能直接“通过”；请选择修改后通过或修改后再审。`;
  }
  return null;
}
