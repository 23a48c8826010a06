import { z } from 'zod';

export const CYCLES = ['monthly', 'quarterly', 'half_yearly'] as const;
export type TCycle = (typeof CYCLES)[number];
export const CYCLE_LABELS: Record<TCycle, string> = { monthly: '每月', quarterly: '每季度', half_yearly: '每半年' };

export const TASK_STATUSES = ['not_started', 'on_track', 'at_risk', 'behind', 'done'] as const;
export type TTaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_STATUS_LABELS: Record<TTaskStatus, string> = {
  not_started: '未启动',
  on_track: '正常推进',
  at_risk: '进度滞后',
  behind: '严重滞后',
  done: '已完成',
};
/** The light each status shows. */
export const STATUS_LIGHT: Record<TTaskStatus, 'grey' | 'green' | 'yellow' | 'red' | 'blue'> = {
  not_started: 'grey',
  on_track: 'green',
  at_risk: 'yellow',
  behind: 'red',
  done: 'blue',
};

export const REPORT_STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const;
export type TReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_STATUS_LABELS: Record<TReportStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  approved: '已审核',
  returned: '已退回',
};

/** A whole number setting with Chinese messages for every way it can be wrong, an empty (cleared) field included. */
function whole(label: string, min: number, max: number, unit: string) {
  const range = `${label}应为 ${min}–${max} ${unit}之间的整数`;
  return z
    .number({
      error: (iss) =>
        iss.input === null || iss.input === undefined ? `请填写${label}（${min}–${max} ${unit}）` : range,
    })
    .int(range)
    .min(min, range)
    .max(max, range);
}

/** A 督办单 prefix is Chinese characters only: the year in 〔〕 and the 号 are added by the numbering rule. */
export const DOC_PREFIX_PATTERN = /^(\p{Script=Han}{1,10})?$/u;
const DOC_PREFIX_MESSAGE = '督办单文号前缀应为 1–10 个汉字（如“吉志督”），不含空格、数字、括号和“号”；留空则用“督字”';

export const ZSupervisionSettings = z.object({
  cycle: z.enum(CYCLES, { error: () => ({ message: '填报周期应为每月、每季度或每半年' }) }),
  dueDay: whole('报送日', 1, 28, '日'),
  yellowPoints: whole('黄灯阈值', 1, 100, '个百分点'),
  redPoints: whole('红灯阈值', 1, 100, '个百分点'),
  remindDaysBefore: whole('提前提醒天数', 0, 30, '天'),
  /** 督办单 发文字号 prefix (吉志督 → 吉志督〔2024〕3号); null or empty = the default 督字. */
  docPrefix: z
    .string()
    .trim()
    .max(10, DOC_PREFIX_MESSAGE)
    .regex(DOC_PREFIX_PATTERN, DOC_PREFIX_MESSAGE)
    .refine((v) => !v.includes('号'), DOC_PREFIX_MESSAGE)
    .nullable()
    .optional(),
});
export type TSupervisionSettings = z.infer<typeof ZSupervisionSettings>;

export const DEFAULT_SUPERVISION: TSupervisionSettings = {
  cycle: 'monthly',
  dueDay: 25,
  yellowPoints: 10,
  redPoints: 30,
  remindDaysBefore: 3,
  docPrefix: null,
};

export const ZTaskHealth = z.object({
  status: z.enum(TASK_STATUSES),
  light: z.enum(['grey', 'green', 'yellow', 'red', 'blue']),
  /** Planned progress at the date, 0–100. */
  planned: z.number(),
  /** Latest approved progress, 0–100. */
  actual: z.number(),
  reportOverdue: z.boolean(),
  /** Why the light is what it is, in Chinese, for the person reading the dashboard. */
  reasons: z.array(z.string()),
});
export type TTaskHealth = z.infer<typeof ZTaskHealth>;

// ——— Supervision actions: lights, 催办 / 督办单, 延期申请, 办结 ———

const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

/** Level 0 is a chase notice (催办); 1–3 are the escalation notices (督办单), each following the one before. */
export const CHASE_LEVEL_LABELS: Record<number, string> = { 0: '催办', 1: '一级督办', 2: '二级督办', 3: '三级督办' };

export const ZLightsQuery = z.object({ date: ZDate.optional() });

export const ZTaskLight = ZTaskHealth.extend({
  taskId: z.number(),
  number: z.string(),
  text: z.string(),
  sectionId: z.number(),
  sectionTitle: z.string(),
  deadline: z.string(),
  leadUnits: z.array(z.object({ unitId: z.number().nullable(), name: z.string() })),
  supportUnits: z.array(z.object({ unitId: z.number().nullable(), name: z.string() })),
  closedAt: z.string().nullable(),
  closeEvidence: z.string().nullable(),
  /** Highest chase level sent for this task so far (null when never chased). */
  chaseLevel: z.number().nullable(),
  chaseCount: z.number(),
  pendingExtension: z.boolean(),
});
export type TTaskLight = z.infer<typeof ZTaskLight>;

export const ZPlanLights = z.object({
  planId: z.number(),
  year: z.number(),
  title: z.string(),
  date: z.string(),
  tasks: z.array(ZTaskLight),
});
export type TPlanLights = z.infer<typeof ZPlanLights>;

export const ZChaseRequest = z.object({
  unitId: z.number().int().positive('请选择被催办的单位'),
  level: z.number().int().min(0, '督办级别应为 0–3').max(3, '督办级别应为 0–3').default(0),
  message: z.string().trim().min(2, '请填写催办内容（至少 2 个字）').max(2000, '催办内容不能超过 2000 字'),
  replyBy: ZDate.nullable().optional(),
});
export type TChaseRequest = z.input<typeof ZChaseRequest>;

export const ZChase = z.object({
  id: z.number(),
  taskId: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  level: z.number(),
  levelLabel: z.string(),
  message: z.string(),
  replyBy: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  answeredAt: z.string().nullable(),
  /** 督办单 as a document (levels 1–3): 督字〔2023〕5号, its 签发人; null for a 催办. */
  docNumber: z.string().nullable(),
  signer: z.string().nullable(),
  /** 签收 by the unit, the unit's reply (办理情况) and whether it came after the 回复期限. */
  ackedAt: z.string().nullable(),
  replyText: z.string().nullable(),
  repliedLate: z.boolean(),
  /** How many people were notified in the app, and the outbound messages attempted (e-mail, robots). */
  notified: z.number().optional(),
  deliveries: z.array(z.object({ channel: z.string(), recipient: z.string(), status: z.string() })).optional(),
});
export type TChase = z.infer<typeof ZChase>;

export const ZExtensionCreate = z.object({
  newDate: ZDate,
  reason: z.string().trim().min(4, '请写明延期理由（至少 4 个字）').max(2000, '延期理由不能超过 2000 字'),
});
export type TExtensionCreate = z.infer<typeof ZExtensionCreate>;

export const ZExtensionDecision = z
  .object({ approve: z.boolean(), comment: z.string().trim().max(2000, '意见不能超过 2000 字').default('') })
  .refine((d) => d.approve || d.comment.length > 0, { message: '不同意延期时请填写意见', path: ['comment'] });
export type TExtensionDecision = z.input<typeof ZExtensionDecision>;

export const EXTENSION_STATUS_LABELS: Record<string, string> = {
  pending: '待审批',
  approved: '已同意',
  refused: '未同意',
};

export const ZExtension = z.object({
  id: z.number(),
  taskId: z.number(),
  taskNumber: z.string(),
  taskText: z.string(),
  planId: z.number(),
  planTitle: z.string(),
  unitId: z.number(),
  unitName: z.string(),
  reason: z.string(),
  oldDate: z.string(),
  newDate: z.string(),
  status: z.enum(['pending', 'approved', 'refused']),
  requestedBy: z.string().nullable(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionComment: z.string().nullable(),
});
export type TExtension = z.infer<typeof ZExtension>;

export const ZExtensionQuery = z.object({
  status: z.enum(['pending', 'approved', 'refused']).optional(),
  taskId: z.coerce.number().int().positive().optional(),
});

export const ZCloseTask = z.object({
  evidence: z
    .string()
    .trim()
    .min(4, '请填写办结依据（至少 4 个字），如成果名称、文号或验收情况')
    .max(4000, '办结依据不能超过 4000 字'),
});
export const ZReopenTask = z.object({ reason: z.string().trim().min(2, '请填写重新打开的原因').max(2000) });
