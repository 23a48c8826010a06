import { z } from 'zod';

/** The 督办 loop around one task: 签收, 申请办结 and 领导批示 with the units' answers. */

export const ZAck = z.object({
  unitId: z.number(),
  unitName: z.string(),
  role: z.enum(['lead', 'support']),
  ackedAt: z.string().nullable(),
  ackedBy: z.string().nullable(),
});
export type TAck = z.infer<typeof ZAck>;

export const CLOSURE_STATUS_LABELS: Record<string, string> = {
  pending: '待审核',
  approved: '已同意办结',
  returned: '已退回',
};

export const ZClosureRequestInput = z.object({
  evidence: z
    .string()
    .trim()
    .min(4, '请写明办结依据（完成情况、成果或文件，至少 4 个字）')
    .max(4000, '办结依据不能超过 4000 字'),
});
export const ZClosureDecision = z
  .object({ approve: z.boolean(), comment: z.string().trim().max(2000, '意见不能超过 2000 字').default('') })
  .refine((d) => d.approve || d.comment.length > 0, {
    message: '退回办结申请时请填写意见，说明还缺什么',
    path: ['comment'],
  });
export type TClosureDecision = z.input<typeof ZClosureDecision>;

export const ZClosureRequest = z.object({
  id: z.number(),
  taskId: z.number(),
  taskNumber: z.string(),
  taskText: z.string(),
  unitId: z.number(),
  unitName: z.string(),
  evidence: z.string(),
  status: z.enum(['pending', 'approved', 'returned']),
  requestedBy: z.string().nullable(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionComment: z.string().nullable(),
});
export type TClosureRequest = z.infer<typeof ZClosureRequest>;

export const ZInstructionInput = z.object({
  text: z.string().trim().min(2, '请填写批示内容（至少 2 个字）').max(4000, '批示不能超过 4000 字'),
  reportId: z.number().int().positive().nullable().default(null),
});
export const ZInstructionReplyInput = z.object({
  text: z.string().trim().min(2, '请填写落实情况（至少 2 个字）').max(4000, '落实情况不能超过 4000 字'),
});

export const ZInstruction = z.object({
  id: z.number(),
  taskId: z.number(),
  reportId: z.number().nullable(),
  text: z.string(),
  authorName: z.string(),
  createdAt: z.string(),
  replies: z.array(
    z.object({
      unitId: z.number(),
      unitName: z.string(),
      text: z.string(),
      repliedBy: z.string().nullable(),
      repliedAt: z.string(),
    }),
  ),
  /** Responsible units that have not answered yet. */
  awaiting: z.array(z.object({ unitId: z.number(), unitName: z.string() })),
});
export type TInstruction = z.infer<typeof ZInstruction>;

/** Everything of the loop on one task, for the task page. */
export const ZTaskLoop = z.object({
  acks: z.array(ZAck),
  closureRequests: z.array(ZClosureRequest),
  instructions: z.array(ZInstruction),
  can: z.object({
    ack: z.boolean(),
    requestClosure: z.boolean(),
    decideClosure: z.boolean(),
    instruct: z.boolean(),
    answer: z.boolean(),
  }),
});
export type TTaskLoop = z.infer<typeof ZTaskLoop>;

/** Who of a plan's responsible units has not acknowledged (签收) which task. */
export const ZAckStatus = z.object({
  planId: z.number(),
  rows: z.array(
    z.object({
      taskId: z.number(),
      number: z.string(),
      text: z.string(),
      unitId: z.number(),
      unitName: z.string(),
      role: z.enum(['lead', 'support']),
      ackedAt: z.string().nullable(),
      /** The task is 办结: nobody need acknowledge it any more. */
      closed: z.boolean(),
    }),
  ),
});
export type TAckStatus = z.infer<typeof ZAckStatus>;

/** 待办: one thing waiting for the signed-in person, with where to do it. */
export const TODO_KIND_LABELS = {
  file: '待填报',
  returned: '被退回',
  approve: '待审核',
  ack: '待签收',
  chase: '待回复督办',
  instruction: '待落实批示',
  closure: '待审办结',
  late_chase: '督办逾期未回复',
  extension: '待批延期',
} as const;
export type TTodoKind = keyof typeof TODO_KIND_LABELS;

export const ZTodoItem = z.object({
  kind: z.enum(Object.keys(TODO_KIND_LABELS) as [TTodoKind, ...TTodoKind[]]),
  title: z.string(),
  detail: z.string(),
  link: z.string(),
  taskId: z.number().nullable(),
  dueDate: z.string().nullable(),
  overdue: z.boolean(),
});
export type TTodoItem = z.infer<typeof ZTodoItem>;

/** 已办: what the person did lately (their steps on task timelines). */
export const ZDoneItem = z.object({ summary: z.string(), link: z.string(), taskId: z.number(), at: z.string() });

export const ZTodo = z.object({ today: z.string(), todo: z.array(ZTodoItem), done: z.array(ZDoneItem) });
export type TTodo = z.infer<typeof ZTodo>;

/** 逾期未报: a lead unit whose report of a period is missing after its due date. */
export const ZOverdueRow = z.object({
  taskId: z.number(),
  number: z.string(),
  text: z.string(),
  unitId: z.number(),
  unitName: z.string(),
  period: z.string(),
  periodLabel: z.string(),
  dueDate: z.string(),
  daysLate: z.number(),
  /** 催办 already sent to this unit on this task. */
  chased: z.number(),
});
export const ZOverdueList = z.object({
  planId: z.number(),
  planTitle: z.string(),
  period: z.string().nullable(),
  periodLabel: z.string().nullable(),
  asOf: z.string(),
  rows: z.array(ZOverdueRow),
});
export type TOverdueList = z.infer<typeof ZOverdueList>;

export const ZBatchChase = z.object({
  period: z.string().min(1, '请选择周期'),
  message: z.string().trim().min(2, '请填写催办内容（至少 2 个字）').max(2000, '催办内容不能超过 2000 字'),
  replyBy: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '回复期限应为 YYYY-MM-DD')
    .nullable()
    .default(null),
});
export const ZBatchChaseResult = z.object({ sent: z.number(), notified: z.number(), rows: z.array(ZOverdueRow) });
export type TBatchChaseResult = z.infer<typeof ZBatchChaseResult>;

// ——— Gaps of the loop (issue 10): a task's own start date, 催签收 ———

export const ZTaskStartDate = z.object({
  startDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '开始日期应为 YYYY-MM-DD，例如 2024-04-01；清空则从工作要点印发之日起计')
    .nullable(),
});
export type TTaskStartDate = z.infer<typeof ZTaskStartDate>;

/** 催签收: remind the units that have not acknowledged (one task, or every task of the plan). */
export const ZAckReminder = z.object({ taskId: z.number().int().positive().nullable().default(null) });
export const ZAckReminderResult = z.object({
  /** Task–unit pairs still not acknowledged that were reminded. */
  units: z.number(),
  /** People told in-app (a unit reminded earlier today is not told twice). */
  notified: z.number(),
});
export type TAckReminderResult = z.infer<typeof ZAckReminderResult>;
