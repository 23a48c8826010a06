import { z } from 'zod';
import { PROJECT_KINDS, type TProjectKind } from './compilation.ts';

/**
 * Contracts of 评审 (review rounds on a frozen 送审稿 or an uploaded manuscript): stages, panel, opinions anchored to
 * the book, a node or a passage, the response matrix and the decision with the panel's signatures.
 */

export const REVIEW_STAGES = [
  'outline_review',
  'trial_review',
  'consultation',
  'first_review',
  'second_review',
  'final_review',
  'acceptance',
  'proof_review',
] as const;
export type TReviewStage = (typeof REVIEW_STAGES)[number];
export const REVIEW_STAGE_LABELS: Record<TReviewStage, string> = {
  outline_review: '篇目评审',
  trial_review: '试写稿评审',
  consultation: '评议/征求意见',
  first_review: '初审',
  second_review: '复审',
  final_review: '终审',
  acceptance: '验收',
  proof_review: '三审三校',
};

/** The kind of book under review: a compilation project's kind, or `proof` for the publisher's proofs. */
export const REVIEW_KINDS = [...PROJECT_KINDS, 'proof'] as const;
export type TReviewKind = (typeof REVIEW_KINDS)[number];

/**
 * Stage templates per kind, in order. 评议/征求意见 may be held at any time after the outline is approved and never
 * gates the next stage; the others each need the previous gating stage passed.
 */
export const STAGE_TEMPLATES: Record<TReviewKind, readonly TReviewStage[]> = {
  chronicle: [
    'outline_review',
    'trial_review',
    'consultation',
    'first_review',
    'second_review',
    'final_review',
    'acceptance',
  ],
  special: [
    'outline_review',
    'trial_review',
    'consultation',
    'first_review',
    'second_review',
    'final_review',
    'acceptance',
  ],
  village: ['outline_review', 'consultation', 'first_review', 'final_review', 'acceptance'],
  yearbook: ['outline_review', 'first_review', 'second_review', 'final_review'],
  history: ['outline_review', 'trial_review', 'consultation', 'first_review', 'second_review', 'final_review'],
  materials: ['outline_review', 'first_review', 'final_review'],
  proof: ['proof_review'],
} satisfies Record<TProjectKind | 'proof', readonly TReviewStage[]>;

export const ROUND_STATES = ['preparing', 'reviewing', 'decided', 'cancelled'] as const;
export type TRoundState = (typeof ROUND_STATES)[number];
export const ROUND_STATE_LABELS: Record<TRoundState, string> = {
  preparing: '筹备中',
  reviewing: '评审中',
  decided: '已结论',
  cancelled: '已取消',
};

export const PANEL_ROLES = ['chair', 'internal', 'external'] as const;
export type TPanelRole = (typeof PANEL_ROLES)[number];
export const PANEL_ROLE_LABELS: Record<TPanelRole, string> = {
  chair: '主审人',
  internal: '内部专家',
  external: '外部专家',
};

export const OPINION_CATEGORIES = [
  '政治/政策',
  '保密',
  '体例',
  '史实',
  '资料',
  '记述',
  '行文',
  '编校',
  '特色',
  '其他',
] as const;
export type TOpinionCategory = (typeof OPINION_CATEGORIES)[number];

export const SEVERITIES = ['must', 'suggest', 'reference', 'veto'] as const;
export type TSeverity = (typeof SEVERITIES)[number];
export const SEVERITY_LABELS: Record<TSeverity, string> = {
  must: '必须修改',
  suggest: '建议修改',
  reference: '参考',
  veto: '否决',
};

export const VISIBILITIES = ['panel', 'writers'] as const;
export type TVisibility = (typeof VISIBILITIES)[number];
export const VISIBILITY_LABELS: Record<TVisibility, string> = { panel: '仅评审组', writers: '编写人员可见' };

export const RESPONSES = ['adopted', 'partly', 'rejected'] as const;
export type TResponse = (typeof RESPONSES)[number];
export const RESPONSE_LABELS: Record<TResponse, string> = { adopted: '采纳', partly: '部分采纳', rejected: '不采纳' };

export const DECISIONS = ['pass', 'pass_after_revision', 'revise_and_rereview', 'fail'] as const;
export type TDecision = (typeof DECISIONS)[number];
export const DECISION_LABELS: Record<TDecision, string> = {
  pass: '通过',
  pass_after_revision: '修改后通过',
  revise_and_rereview: '修改后再审',
  fail: '不通过',
};
/** Decisions that let the book go on to the next stage. */
export const PASSING_DECISIONS: readonly TDecision[] = ['pass', 'pass_after_revision'];

const date = (what: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${what}应为 YYYY-MM-DD 格式的日期`)
    .nullable()
    .optional();
const text = (what: string, max: number) =>
  z.string().trim().min(1, `请填写${what}`).max(max, `${what}不能超过 ${max} 个字`);

export const ZCreateRound = z
  .object({
    stage: z.enum(REVIEW_STAGES, { error: () => ({ message: '请选择评审阶段' }) }),
    /** Needed for an uploaded manuscript; `proof` (出版社校样) also for a 送审稿 going to the publisher. */
    kind: z.enum(REVIEW_KINDS, { error: () => ({ message: '请选择书稿类型' }) }).optional(),
    submissionId: z.number().int().positive().nullable().optional(),
    manuscriptId: z.number().int().positive().nullable().optional(),
    previousRoundId: z.number().int().positive().nullable().optional(),
    conveningBody: text('召集单位', 100),
    readingDeadline: date('审读截止日期'),
    meetingDate: date('评审会日期'),
  })
  .refine((v) => Boolean(v.submissionId) !== Boolean(v.manuscriptId), {
    message: '请选择一份送审稿，或上传一份书稿（二者选一）',
    path: ['submissionId'],
  });
export type TCreateRound = z.infer<typeof ZCreateRound>;

export const ZUpdateRound = z.object({
  conveningBody: text('召集单位', 100).optional(),
  readingDeadline: date('审读截止日期'),
  meetingDate: date('评审会日期'),
});
export type TUpdateRound = z.infer<typeof ZUpdateRound>;

export const ZRoundTransition = z.object({
  action: z.enum(['start', 'cancel', 'reopen'], { error: () => ({ message: '操作应为 start、cancel 或 reopen' }) }),
  reason: z.string().trim().max(500, '理由不能超过 500 个字').optional(),
});
export type TRoundTransition = z.infer<typeof ZRoundTransition>;

export const ZAddPanelMember = z.object({
  userId: z.number().int().positive({ message: '请选择专家' }),
  role: z.enum(PANEL_ROLES, { error: () => ({ message: '请选择主审人、内部专家或外部专家' }) }),
  dueDate: date('该专家的审读截止日期'),
});
export type TAddPanelMember = z.infer<typeof ZAddPanelMember>;

export const ZReinvite = z.object({
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '新的审读截止日期应为 YYYY-MM-DD 格式'),
});

export const ZDeclareConflict = z.object({
  conflict: z.boolean(),
  text: z.string().trim().max(500, '说明不能超过 500 个字').optional(),
});

export const ZAnchor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('book') }),
  z.object({ kind: z.literal('node'), ordinal: z.number().int().positive() }),
  z.object({
    kind: z.literal('passage'),
    ordinal: z.number().int().positive(),
    start: z.number().int().min(0),
    end: z.number().int().positive(),
  }),
]);
export type TAnchorInput = z.infer<typeof ZAnchor>;

export const ZCreateOpinion = z.object({
  anchor: ZAnchor,
  category: z.enum(OPINION_CATEGORIES, { error: () => ({ message: '请选择意见类别' }) }),
  severity: z.enum(SEVERITIES, { error: () => ({ message: '请选择必须修改、建议修改、参考或否决' }) }),
  visibility: z.enum(VISIBILITIES).default('writers'),
  text: text('意见内容', 4000),
  /** Carries an earlier opinion into this round; with a `book` anchor, the earlier anchor moves into this version. */
  supersedesId: z.number().int().positive().nullable().optional(),
});
export type TCreateOpinion = z.infer<typeof ZCreateOpinion>;

/** The author edits their own opinion while the round is 评审中 and it has no response yet; the anchor stays. */
export const ZUpdateOpinion = z.object({
  category: z.enum(OPINION_CATEGORIES, { error: () => ({ message: '请选择意见类别' }) }),
  severity: z.enum(SEVERITIES, { error: () => ({ message: '请选择必须修改、建议修改、参考或否决' }) }),
  visibility: z.enum(VISIBILITIES, { error: () => ({ message: '请选择意见给谁看' }) }),
  text: text('意见内容', 4000),
});
export type TUpdateOpinion = z.infer<typeof ZUpdateOpinion>;

export const ZRespond = z.object({
  response: z.enum(RESPONSES, { error: () => ({ message: '请选择采纳、部分采纳或不采纳' }) }),
  reason: z.string().trim().max(2000, '理由不能超过 2000 个字').optional(),
  /** The later 送审稿 in which the change was made. */
  resolvedSubmissionId: z.number().int().positive().nullable().optional(),
  /** For uploaded manuscripts: the version in words (第2稿). */
  resolvedLabel: z.string().trim().max(100).nullable().optional(),
});
export type TRespond = z.infer<typeof ZRespond>;

export const ZDecide = z.object({
  decision: z.enum(DECISIONS, { error: () => ({ message: '请选择通过、修改后通过、修改后再审或不通过' }) }),
  text: text('评审意见', 8000),
});
export type TDecide = z.infer<typeof ZDecide>;

export const ZSign = z.object({ password: z.string().min(1, '请输入您的登录密码以确认签名').max(256) });

export interface TCondition {
  /** What is required, in words. */
  label: string;
  met: boolean;
  detail: string;
}

export interface TPanelMember {
  id: number;
  userId: number;
  displayName: string;
  unitName: string | null;
  role: TPanelRole;
  isExpertAccount: boolean;
  dueDate: string | null;
  invitedAt: string;
  conflictDeclared: boolean;
  conflict: boolean;
  conflictText: string | null;
  signedAt: string | null;
}

export interface TRound {
  id: number;
  chainId: number;
  previousRoundId: number | null;
  kind: TReviewKind;
  stage: TReviewStage;
  stageLabel: string;
  /** Which round of this stage for this book (修改后再审 gives a second 初审). */
  attempt: number;
  bookTitle: string;
  projectId: number | null;
  submissionId: number | null;
  submissionLabel: string | null;
  manuscriptId: number | null;
  manuscriptName: string | null;
  state: TRoundState;
  stateReason: string | null;
  conveningBody: string;
  readingDeadline: string | null;
  meetingDate: string | null;
  decision: TDecision | null;
  decisionText: string | null;
  decidedAt: string | null;
  createdBy: string;
  createdAt: string;
  opinionCount: number;
  /** Panel members who still have to sign the decision. */
  unsigned: string[];
}

export interface TRoundView extends TRound {
  panel: TPanelMember[];
  conditions: TCondition[];
  /** Must-fix and veto opinions (this round and before) still unresolved, which block the next stage. */
  blocking: number;
  /** Earlier rounds of the same book, oldest first. */
  chain: { id: number; stageLabel: string; attempt: number; state: TRoundState; decision: TDecision | null }[];
  me: {
    manage: boolean;
    onPanel: boolean;
    panelMemberId: number | null;
    canOpine: boolean;
    canSign: boolean;
    seesPanelOnly: boolean;
  };
}

export interface TTextItem {
  ordinal: number;
  number: string | null;
  title: string;
  depth: number;
  version: number | null;
  text: string;
}

export interface TOpinion {
  id: number;
  roundId: number;
  roundLabel: string;
  /** From an earlier round of the same book (shown read-only in later rounds). */
  earlier: boolean;
  author: string;
  anchor:
    | { kind: 'book' }
    | { kind: 'node'; ordinal: number; title: string }
    | { kind: 'passage'; ordinal: number; title: string; start: number; end: number; quote: string };
  category: TOpinionCategory;
  severity: TSeverity;
  visibility: TVisibility;
  text: string;
  supersedesId: number | null;
  supersededById: number | null;
  createdAt: string;
  response: TResponse | null;
  reason: string | null;
  resolvedSubmissionId: number | null;
  resolvedLabel: string | null;
  respondedBy: string | null;
  respondedAt: string | null;
  /** A must-fix or veto opinion not yet resolved in a later version. */
  blocking: boolean;
  /** The reader wrote it, and may still edit or withdraw it (round 评审中, no response, not carried on). */
  editable: boolean;
}

export interface TReviewPerson {
  id: number;
  displayName: string;
  unitName: string | null;
  expert: boolean;
}

export interface TManuscript {
  id: number;
  title: string;
  fileName: string;
  chars: number;
  createdAt: string;
}
