import {
  PASSING_DECISIONS,
  REVIEW_STAGE_LABELS,
  STAGE_TEMPLATES,
  type TCondition,
  type TDecision,
  type TReviewKind,
  type TReviewStage,
  type TRoundState,
} from '../../../../shared/review.ts';

/** Pure: whether a book may enter a review stage. No I/O; the use cases gather the facts. */

export interface EarlierRound {
  stage: TReviewStage;
  attempt: number;
  state: TRoundState;
  decision: TDecision | null;
  /** Every panel member (not recused) has signed the decision. */
  signed: boolean;
}

export interface EntryFacts {
  kind: TReviewKind;
  stage: TReviewStage;
  bookTitle: string;
  /** A 送审稿 of a compilation project; null for an uploaded manuscript (compiled elsewhere). */
  submission: { outlineApproved: boolean; checklistMissing: string[] } | null;
  /** Earlier rounds of the same book, oldest first (cancelled ones included). */
  earlier: readonly EarlierRound[];
  /** Must-fix and veto opinions of earlier rounds still unresolved. */
  unresolvedBlocking: number;
}

/** Stages that gate the next one (评议/征求意见 never does). */
export function gatingStages(kind: TReviewKind): TReviewStage[] {
  return STAGE_TEMPLATES[kind].filter((s) => s !== 'consultation');
}

/** The gating stage that must have passed before `stage`, or null for the first. */
export function previousStage(kind: TReviewKind, stage: TReviewStage): TReviewStage | null {
  if (stage === 'consultation') return null;
  const gates = gatingStages(kind);
  const at = gates.indexOf(stage);
  return at > 0 ? gates[at - 1]! : null;
}

/** A round counts as passed when decided 通过 or 修改后通过 and signed by the whole panel. */
export function roundPassed(r: EarlierRound): boolean {
  return r.state === 'decided' && r.decision !== null && PASSING_DECISIONS.includes(r.decision) && r.signed;
}

const NEEDS_COMPLETE_SUBMISSION: readonly TReviewStage[] = [
  'first_review',
  'second_review',
  'final_review',
  'acceptance',
  'proof_review',
];

export function entryConditions(f: EntryFacts): TCondition[] {
  const label = REVIEW_STAGE_LABELS[f.stage];
  const out: TCondition[] = [];
  const template = STAGE_TEMPLATES[f.kind];
  out.push({
    label: '评审阶段属于本类书稿的流程',
    met: template.includes(f.stage),
    detail: template.includes(f.stage)
      ? `${label}是${template.map((s) => REVIEW_STAGE_LABELS[s]).join('→')}中的一环`
      : `这类书稿的评审流程是${template.map((s) => REVIEW_STAGE_LABELS[s]).join('→')}，没有“${label}”`,
  });
  if (f.submission && f.stage !== 'outline_review') {
    out.push({
      label: '篇目已批准',
      met: f.submission.outlineApproved,
      detail: f.submission.outlineApproved
        ? '篇目已批准'
        : `《${f.bookTitle}》的篇目有未批准的修改，请先在“编纂”中报批篇目并获批准`,
    });
  }
  if (f.submission && NEEDS_COMPLETE_SUBMISSION.includes(f.stage)) {
    const missing = f.submission.checklistMissing;
    out.push({
      label: '送审稿齐清定',
      met: missing.length === 0,
      detail:
        missing.length === 0
          ? '送审稿齐清定检查各项均已具备或已说明'
          : `送审稿齐清定检查缺：${missing.join('、')}，请补齐后重新冻结送审稿`,
    });
  }
  if (!f.submission) {
    out.push({
      label: '外来书稿',
      met: true,
      detail: '上传的书稿不在本平台编纂，篇目与齐清定由召集单位审核确认',
    });
  }
  const before = previousStage(f.kind, f.stage);
  // The outline approved in compilation is the 篇目评审 gate when no 篇目评审 round was held here; a manuscript compiled
  // elsewhere brings its earlier stages with it (the convening body checks them) until it has rounds here.
  const outlineGate =
    before === 'outline_review' && f.submission?.outlineApproved && !f.earlier.some((r) => r.stage === before);
  const elsewhere = !f.submission && f.earlier.length === 0;
  if (before && (outlineGate || elsewhere)) {
    out.push({
      label: `${REVIEW_STAGE_LABELS[before]}已通过`,
      met: true,
      detail: outlineGate ? '篇目已在编纂中报批并获批准' : `外来书稿此前的${REVIEW_STAGE_LABELS[before]}由召集单位确认`,
    });
  } else if (before) {
    const beforeLabel = REVIEW_STAGE_LABELS[before];
    const rounds = f.earlier.filter((r) => r.stage === before);
    const passed = rounds.some(roundPassed);
    const last = rounds.at(-1);
    out.push({
      label: `${beforeLabel}已通过`,
      met: passed,
      detail: passed
        ? `${beforeLabel}已通过并经评审组签名`
        : !last
          ? `本书还没有${beforeLabel}，请先完成${beforeLabel}`
          : last.state !== 'decided'
            ? `${beforeLabel}（第 ${last.attempt} 轮）尚未作出结论`
            : last.decision && !PASSING_DECISIONS.includes(last.decision)
              ? `${beforeLabel}（第 ${last.attempt} 轮）的结论不是通过或修改后通过，请按意见修改后再审`
              : `${beforeLabel}（第 ${last.attempt} 轮）评审组尚未全部签名`,
    });
  }
  if (f.earlier.length > 0) {
    out.push({
      label: '前轮必须修改和否决意见已落实',
      met: f.unresolvedBlocking === 0,
      detail:
        f.unresolvedBlocking === 0
          ? '前轮必须修改、否决意见均已采纳并在新版本中落实'
          : `前轮还有 ${f.unresolvedBlocking} 条必须修改或否决意见未落实，请在修改说明（答复表）中逐条答复并注明落实的版本`,
    });
  }
  return out;
}

/** The Chinese message naming every unmet condition, or null when all are met. */
export function refusalOf(conditions: readonly TCondition[], stageLabel: string): string | null {
  const unmet = conditions.filter((c) => !c.met);
  if (unmet.length === 0) return null;
  return `不能进入${stageLabel}：${unmet.map((c) => c.detail).join('；')}。`;
}
