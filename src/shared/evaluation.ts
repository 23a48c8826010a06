import { z } from 'zod';
import { ZScoreSheet, type TScoreResult, type TScoreSheet } from './evaluation-score.ts';

/** 评审 (issue 13), the evaluation half: score-sheet templates and evaluation campaigns. Computation: evaluation-score.ts. */

export const CAMPAIGN_KINDS = ['yearbook_quality', 'fine_yearbook', 'resource_project'] as const;
export type TCampaignKind = (typeof CAMPAIGN_KINDS)[number];
export const CAMPAIGN_KIND_LABELS: Record<TCampaignKind, string> = {
  yearbook_quality: '年度全省年鉴质量评审',
  fine_yearbook: '精品年鉴初选',
  resource_project: '资源开发项目验收',
};

/** 征集 → 初评 → 复评 → 终评 (vote) → 公示 → 结果发布. */
export const CAMPAIGN_STAGES = ['call', 'first', 'second', 'final', 'notice', 'closed'] as const;
export type TCampaignStage = (typeof CAMPAIGN_STAGES)[number];
export const CAMPAIGN_STAGE_LABELS: Record<TCampaignStage, string> = {
  call: '征集参评',
  first: '初评',
  second: '复评',
  final: '终评',
  notice: '公示',
  closed: '结果发布',
};
export const SCORING_STAGES = ['first', 'second'] as const;

const text = (what: string, max: number) =>
  z
    .string({ error: `请填写${what}` })
    .trim()
    .min(1, `请填写${what}`)
    .max(max, `${what}不能超过 ${max} 个字符`);
const isoDate = (what: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `${what}应为 YYYY-MM-DD 格式的日期`);

/** A template as saved: the sheet must be on the 100-point scale. */
export const ZTemplateDefinition = ZScoreSheet.superRefine((s, ctx) => {
  const sum = Math.round(s.criteria.reduce((a, c) => a + c.max, 0) * 100) / 100;
  if (sum !== 100)
    ctx.addIssue({ code: 'custom', path: ['criteria'], message: `评分项满分合计应为 100 分，现在是 ${sum} 分` });
});
export const ZTemplateInput = z.object({ name: text('评分表名称', 60), definition: ZTemplateDefinition });
export type TTemplateInput = z.input<typeof ZTemplateInput>;

export interface TScoreTemplate {
  id: number;
  name: string;
  version: number;
  definition: TScoreSheet;
  /** A campaign uses it: it is frozen and editing makes the next version. */
  frozen: boolean;
  createdAt: string;
}

export const ZCampaignInput = z.object({
  kind: z.enum(CAMPAIGN_KINDS, { error: () => ({ message: '请选择评审类型' }) }),
  title: text('评审名称', 100),
  year: z.number().int().min(2000, '年度不正确').max(2200, '年度不正确'),
  volumeYear: z.number().int().min(1900, '卷年不正确').max(2200, '卷年不正确').nullable().default(null),
  requirePublished: z.boolean().default(true),
  templateId: z.number().int().positive('请选择评分表'),
  expertsPerEntry: z.number().int().min(1, '每件作品至少 1 位专家').max(15, '每件作品最多 15 位专家').default(2),
  quotas: z.record(z.string(), z.number().int().min(0, '名额不能为负数')).default({}),
  submitDeadline: isoDate('截止日期').nullable().default(null),
});
export type TCampaignInput = z.input<typeof ZCampaignInput>;

export const ZGroupInput = z.object({ name: text('组名', 40), entryKind: text('参评类别', 40) });
export const ZExpertInput = z.object({
  userId: z.number().int().positive('请选择专家'),
  regionUnitId: z.number().int().positive().nullable().default(null),
  groupId: z.number().int().positive().nullable().default(null),
});
export const ZEntryGroupInput = z.object({ groupId: z.number().int().positive().nullable() });
export const ZCancelCampaign = z.object({
  reason: z.string().trim().min(1, '取消评审请写明理由。').max(500, '理由不能超过 500 个字'),
});
export const ZStageInput = z.object({
  stage: z.enum(CAMPAIGN_STAGES, { error: () => ({ message: '阶段不正确' }) }),
  noticeFrom: isoDate('公示开始日期').optional(),
  noticeTo: isoDate('公示结束日期').optional(),
});

/** Text fields of an entry's multipart upload (the file is the `file` field). */
export const ZEntryFields = z.object({
  title: text('参评作品名称', 100),
  entryKind: text('参评类别', 40),
  volumeYear: z.coerce.number().int().min(1900, '卷年不正确').max(2200, '卷年不正确'),
  published: z
    .enum(['true', 'false'], { error: () => ({ message: 'published 应为 true 或 false' }) })
    .transform((v) => v === 'true'),
  publisher: z.string().trim().max(100, '出版单位不能超过 100 个字符').default(''),
});

/** One error marked in a sampled passage: the wrong text as it stands in the passage, and what is wrong. */
export const ZErrorMark = z.object({
  passage: z.number().int().min(0),
  quote: text('差错原文', 100),
  note: z.string().trim().max(200, '差错说明不能超过 200 个字符').default(''),
});
export const ZProblemNote = z.object({
  criterion: z.string().trim().min(1).max(60),
  text: text('问题描述', 300),
});
export const ZSheetMarks = z.object({
  deductions: z.record(z.string(), z.number().int('扣分次数必须是整数').min(0, '扣分次数不能为负数')).default({}),
  veto: z.array(z.string()).default([]),
  errorMarks: z.array(ZErrorMark).max(500, '差错标记不能超过 500 处').default([]),
  problems: z.array(ZProblemNote).max(50, '问题不能超过 50 条').default([]),
  comment: z.string().trim().max(2000, '评语不能超过 2000 个字符').default(''),
});
export type TSheetMarks = z.infer<typeof ZSheetMarks>;
export const ZSheetSave = z.object({ marks: ZSheetMarks, submit: z.boolean().default(false) });
export const ZVoteInput = z.object({ recommend: z.boolean() });

export interface TPassage {
  index: number;
  start: number;
  text: string;
}

export interface TCampaignSummary {
  id: number;
  kind: TCampaignKind;
  title: string;
  year: number;
  stage: TCampaignStage;
  templateName: string;
  templateVersion: number;
  entryCount: number;
  submitDeadline: string | null;
  noticeFrom: string | null;
  noticeTo: string | null;
  /** Cancelled by those who manage it: when and why; nothing more may be done. Null while it runs. */
  cancelled: { at: string; reason: string } | null;
}

export interface TEntry {
  id: number;
  unitId: number;
  unitName: string;
  regionName: string;
  title: string;
  entryKind: string;
  volumeYear: number | null;
  published: boolean;
  publisher: string | null;
  groupId: number | null;
  fileName: string;
  textChars: number;
}
export interface TCampaignExpert {
  id: number;
  userId: number;
  name: string;
  regionUnitId: number;
  regionName: string;
  groupId: number | null;
}
export interface TMySheet {
  entryId: number;
  stage: string;
  marks: TSheetMarks;
  vote: boolean | null;
  submitted: boolean;
  result: TScoreResult | null;
}
export interface TRankRow {
  entryId: number;
  title: string;
  unitName: string;
  rank: number;
  total: number | null;
  stage: string | null;
  grade: string | null;
  vetoed: boolean;
  errorRate: number | null;
  votesFor: number;
  votesCast: number;
  note: string | null;
  experts: number;
}
export interface TCampaignDetail extends TCampaignSummary {
  volumeYear: number | null;
  requirePublished: boolean;
  templateId: number;
  definition: TScoreSheet;
  expertsPerEntry: number;
  quotas: Record<string, number>;
  /** What the viewer may do here. */
  viewer: { manage: boolean; enter: boolean; expertId: number | null };
  groups: { id: number; name: string; entryKind: string }[];
  experts: TCampaignExpert[];
  entries: TEntry[];
  assignments: { entryId: number; expertId: number; crossGroup: boolean }[];
  /** Experts left out of an entry because they come from its region (回避), for the assignment view. */
  avoided: { entryId: number; expertId: number }[];
  /** Progress of the current scoring stage: sheets submitted / sheets expected. */
  progress: { submitted: number; expected: number };
  ranking: TRankRow[] | null;
  problems: { category: string; count: number; examples: string[] }[] | null;
  mySheets: TMySheet[];
}

export interface TEntryForExpert {
  entry: TEntry;
  passages: TPassage[];
  sampledChars: number;
}

export interface TExpertCandidate {
  userId: number;
  name: string;
  unitId: number | null;
  unitName: string | null;
}
