import { z } from 'zod';

/** Contracts of 编纂 (compiling chronicles, yearbooks and local histories), shared by the server, the web app and the CLI. */

/** Project kinds; the CLI names are the English identifiers. */
export const PROJECT_KINDS = ['chronicle', 'special', 'village', 'yearbook', 'history', 'materials'] as const;
export type TProjectKind = (typeof PROJECT_KINDS)[number];
export const PROJECT_KIND_LABELS: Record<TProjectKind, string> = {
  chronicle: '综合志',
  special: '专志/部门志',
  village: '村镇志',
  yearbook: '年鉴',
  history: '地方史',
  materials: '资料长编',
};

/** Outline levels: 篇/章/节/目/子目 for books, 类目/分目/条目 for yearbooks. */
export const BOOK_LEVELS = ['篇', '章', '节', '目', '子目'] as const;
export const YEARBOOK_LEVELS = ['类目', '分目', '条目'] as const;
export const NODE_LEVELS = [...BOOK_LEVELS, ...YEARBOOK_LEVELS] as const;
export type TNodeLevel = (typeof NODE_LEVELS)[number];

export function levelsOf(kind: TProjectKind): readonly TNodeLevel[] {
  return kind === 'yearbook' ? YEARBOOK_LEVELS : BOOK_LEVELS;
}

/** 体裁: the seven forms of a chronicle and the named parts of a book. */
export const GENRES = [
  '述',
  '记',
  '志',
  '传',
  '图',
  '表',
  '录',
  '序',
  '凡例',
  '概述',
  '大事记',
  '专记',
  '附录',
  '索引',
  '编纂始末',
] as const;
export type TGenre = (typeof GENRES)[number];

export const MATTERS = ['front', 'body', 'back'] as const;
export type TMatter = (typeof MATTERS)[number];
export const MATTER_LABELS: Record<TMatter, string> = { front: '卷首', body: '正文', back: '卷尾' };

/** Project roles, given to existing users (and, for a 联络员, on behalf of a unit). */
export const PROJECT_ROLES = [
  'chief_editor',
  'deputy_editor',
  'general_editor',
  'section_editor',
  'writer',
  'unit_liaison',
] as const;
export type TProjectRole = (typeof PROJECT_ROLES)[number];
export const PROJECT_ROLE_LABELS: Record<TProjectRole, string> = {
  chief_editor: '主编',
  deputy_editor: '副主编',
  general_editor: '责任总纂',
  section_editor: '分纂',
  writer: '撰稿人',
  unit_liaison: '承编单位联络员',
};

export const OUTLINE_STATES = ['editing', 'pending', 'approved'] as const;
export type TOutlineState = (typeof OUTLINE_STATES)[number];
export const OUTLINE_STATE_LABELS: Record<TOutlineState, string> = {
  editing: '编辑中（未报批）',
  pending: '待批准',
  approved: '已批准',
};

const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
/** 断限: a year (1986) or a date (1986-01-01). */
const ZLimit = z
  .string()
  .trim()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, '断限应写为年份（如 1986）或日期（如 1986-01-01）')
  .nullable()
  .optional()
  .transform((v) => v ?? null);
const text = (max: number, label: string) =>
  z
    .string()
    .max(max, `${label}不能超过 ${max} 个字`)
    .nullable()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : null));

export const ZStage = z.object({
  name: z.string().trim().min(1, '请填写阶段名称').max(60, '阶段名称不能超过 60 个字'),
  start: ZDate,
  end: ZDate,
});
export type TStage = z.infer<typeof ZStage>;

export const ZCreateProject = z
  .object({
    kind: z.enum(PROJECT_KINDS, {
      error: () => ({
        message: `类型应为：${PROJECT_KINDS.map((k) => `${k}（${PROJECT_KIND_LABELS[k]}）`).join('、')}`,
      }),
    }),
    title: z.string().trim().min(1, '请填写书名，例如《吉林年鉴（2023）》').max(100, '书名不能超过 100 个字'),
    year: z.number().int('卷年应为整数').min(1949, '卷年不合理').max(2100, '卷年不合理').nullable().optional(),
    /** Yearbooks: the previous volume whose frame (类目/分目/条目) is carried over. */
    cloneFromId: z.number().int().positive().nullable().optional(),
  })
  .refine((p) => p.kind !== 'yearbook' || (p.year !== null && p.year !== undefined), {
    message: '年鉴须填写卷年（如 2023）',
    path: ['year'],
  });
export type TCreateProject = z.input<typeof ZCreateProject>;

/** 编纂方案. */
export const ZProjectPlan = z
  .object({
    scope: text(2000, '编纂范围'),
    lowerLimit: ZLimit,
    upperLimit: ZLimit,
    targetChars: z
      .number()
      .int()
      .min(0, '目标字数不能为负数')
      .max(100_000_000, '目标字数不合理')
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    styleGuide: text(20000, '凡例'),
    organisation: text(5000, '组织机构'),
    stages: z.array(ZStage).max(30, '阶段不能超过 30 个').default([]),
  })
  .refine((p) => !p.lowerLimit || !p.upperLimit || p.lowerLimit <= p.upperLimit, {
    message: '断限上限（起）不能晚于下限（止）',
    path: ['upperLimit'],
  })
  .refine((p) => p.stages.every((s) => s.start <= s.end), {
    message: '阶段的开始日期不能晚于结束日期',
    path: ['stages'],
  });
export type TProjectPlan = z.infer<typeof ZProjectPlan>;
export type TProjectPlanInput = z.input<typeof ZProjectPlan>;

export const ZProjectPatch = z.object({
  title: z.string().trim().min(1, '请填写书名').max(100, '书名不能超过 100 个字').optional(),
  plan: ZProjectPlan.optional(),
  taskId: z.number().int().positive().nullable().optional(),
});
export type TProjectPatch = z.input<typeof ZProjectPatch>;

export const ZMemberInput = z.object({
  userId: z.number().int().positive('请选择人员'),
  role: z.enum(PROJECT_ROLES, { error: () => ({ message: '请选择项目角色' }) }),
  /** The unit a 承编单位联络员 or 撰稿人 acts for; defaults to the user's own unit. */
  unitId: z.number().int().positive().nullable().optional(),
});
export type TMemberInput = z.input<typeof ZMemberInput>;

export const ZMember = z.object({
  id: z.number(),
  userId: z.number(),
  displayName: z.string(),
  role: z.enum(PROJECT_ROLES),
  unitId: z.number().nullable(),
  unitName: z.string().nullable(),
});
export type TMember = z.infer<typeof ZMember>;

export const ZProject = z.object({
  id: z.number(),
  kind: z.enum(PROJECT_KINDS),
  title: z.string(),
  year: z.number().nullable(),
  previousId: z.number().nullable(),
  ownerUnitId: z.number().nullable(),
  ownerUnitName: z.string().nullable(),
  outlineState: z.enum(OUTLINE_STATES),
  taskId: z.number().nullable(),
  plan: z.object({
    scope: z.string().nullable(),
    lowerLimit: z.string().nullable(),
    upperLimit: z.string().nullable(),
    targetChars: z.number().nullable(),
    styleGuide: z.string().nullable(),
    organisation: z.string().nullable(),
    stages: z.array(ZStage),
  }),
  nodeCount: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TProject = z.infer<typeof ZProject>;

/** What the actor may do in a project, so the web app hides what the server would refuse. */
export const ZProjectAccess = z.object({
  roles: z.array(z.enum(PROJECT_ROLES)),
  manage: z.boolean(),
  editOutline: z.boolean(),
  approveOutline: z.boolean(),
});
export type TProjectAccess = z.infer<typeof ZProjectAccess>;

export const ZProjectView = z.object({ project: ZProject, members: z.array(ZMember), access: ZProjectAccess });
export type TProjectView = z.infer<typeof ZProjectView>;

// ---- 篇目 (outline) ----

export const ZOutlineNode = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  sortOrder: z.number(),
  depth: z.number(),
  level: z.enum(NODE_LEVELS),
  /** Generated conventional number (第一篇, 一、 …); empty for front/back matter and yearbook levels. */
  number: z.string(),
  title: z.string(),
  genre: z.enum(GENRES),
  matter: z.enum(MATTERS),
  ownerUnitId: z.number().nullable(),
  ownerUnitName: z.string().nullable(),
  writerId: z.number().nullable(),
  writerName: z.string().nullable(),
  wordBudget: z.number().nullable(),
  approved: z.boolean(),
  /** Yearbooks: carried over from last year's frame and not touched since. */
  notUpdated: z.boolean(),
});
export type TOutlineNode = z.infer<typeof ZOutlineNode>;

export const ZOutline = z.object({
  projectId: z.number(),
  state: z.enum(OUTLINE_STATES),
  nodes: z.array(ZOutlineNode),
});
export type TOutline = z.infer<typeof ZOutline>;

const ZTitle = z.string().trim().min(1, '请填写标题').max(200, '标题不能超过 200 个字');

export const ZNodeCreate = z.object({
  parentId: z.number().int().positive().nullable(),
  title: ZTitle,
  level: z.enum(NODE_LEVELS).optional(),
  genre: z.enum(GENRES).optional(),
  matter: z.enum(MATTERS).optional(),
  /** Insert before this sibling; at the end when absent. */
  beforeId: z.number().int().positive().nullable().optional(),
});
export type TNodeCreate = z.input<typeof ZNodeCreate>;

export const ZNodePatch = z.object({
  title: ZTitle.optional(),
  level: z.enum(NODE_LEVELS).optional(),
  genre: z.enum(GENRES).optional(),
  matter: z.enum(MATTERS).optional(),
  ownerUnitId: z.number().int().positive().nullable().optional(),
  writerId: z.number().int().positive().nullable().optional(),
  wordBudget: z.number().int().min(0, '字数预算不能为负数').max(10_000_000, '字数预算不合理').nullable().optional(),
});
export type TNodePatch = z.input<typeof ZNodePatch>;

export const ZNodeMove = z.object({
  parentId: z.number().int().positive().nullable(),
  beforeId: z.number().int().positive().nullable().optional(),
});
export type TNodeMove = z.input<typeof ZNodeMove>;

/** Split a node: the listed children (in order) move to a new sibling with `title`. */
export const ZNodeSplit = z.object({ title: ZTitle, childIds: z.array(z.number().int().positive()).default([]) });
export type TNodeSplit = z.input<typeof ZNodeSplit>;

/** Merge `otherId` (a sibling) into this node: its children move here, it is removed. */
export const ZNodeMerge = z.object({ otherId: z.number().int().positive() });

export const ZOutlineChange = z.object({
  id: z.number(),
  nodeId: z.number().nullable(),
  kind: z.string(),
  summary: z.string(),
  actorName: z.string(),
  at: z.string(),
});
export type TOutlineChange = z.infer<typeof ZOutlineChange>;

export const ZOutlineRevision = z.object({
  id: z.number(),
  number: z.number(),
  status: z.enum(['pending', 'approved', 'rejected']),
  nodeCount: z.number(),
  submittedBy: z.string(),
  submittedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  comment: z.string().nullable(),
});
export type TOutlineRevision = z.infer<typeof ZOutlineRevision>;

export const ZRevisionDecision = z.object({
  approve: z.boolean(),
  comment: z
    .string()
    .max(500, '意见不能超过 500 个字')
    .nullable()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : null)),
});

// ---- outline import ----

/** One heading as the parser read it: depth in the tree, level, number as written, title without it. */
export interface TParsedHeading {
  depth: number;
  level: TNodeLevel;
  numberText: string;
  title: string;
  genre: TGenre;
  matter: TMatter;
  /** 承编单位 / 字数 when a table gives them. */
  ownerUnitName: string | null;
  wordBudget: number | null;
  /** 1-based line (or table row) of the source, for the preview. */
  line: number;
  children: TParsedHeading[];
}

export const ZImportHeading: z.ZodType<TParsedHeading> = z.lazy(() =>
  z.object({
    depth: z.number().int().min(1).max(12),
    level: z.enum(NODE_LEVELS),
    numberText: z.string().max(40),
    title: ZTitle,
    genre: z.enum(GENRES),
    matter: z.enum(MATTERS),
    ownerUnitName: z.string().max(60).nullable(),
    wordBudget: z.number().int().min(0).nullable(),
    line: z.number().int(),
    children: z.array(ZImportHeading),
  }),
);

export const ZOutlinePreview = z.object({
  /** How levels were decided: Word heading styles, numbering, indentation, table columns, or none (a flat list). */
  method: z.enum(['styles', 'numbering', 'indentation', 'table', 'flat']),
  headings: z.array(ZImportHeading),
  count: z.number(),
  warnings: z.array(z.string()),
});
export type TOutlinePreview = z.infer<typeof ZOutlinePreview>;

/** Confirms a previewed outline: replace (only while nothing has been drafted) or append. */
export const ZOutlineImport = z.object({
  headings: z.array(ZImportHeading).min(1, '没有可导入的篇目').max(5000, '篇目条数过多（超过 5000）'),
  mode: z.enum(['replace', 'append']).default('replace'),
});
export type TOutlineImport = z.input<typeof ZOutlineImport>;

/** People who can be given a project role (active users), for the pickers. */
export const ZPerson = z.object({
  id: z.number(),
  displayName: z.string(),
  unitId: z.number().nullable(),
  unitName: z.string().nullable(),
});
export type TPerson = z.infer<typeof ZPerson>;

/** A yearbook volume's series: its title without the year (《吉林年鉴（2023）》 → 吉林年鉴), to offer last year's frame. */
export function seriesOf(title: string): string {
  return title
    .replace(/[《》]/g, '')
    .replace(/[（(]\s*\d{4}\s*[)）]|\d{4}\s*(卷|年)?/g, '')
    .trim();
}

// ---- drafts ----

export const NODE_STATUSES = ['planned', 'drafted', 'edited', 'final'] as const;
export type TNodeStatus = (typeof NODE_STATUSES)[number];
export const NODE_STATUS_LABELS: Record<TNodeStatus, string> = {
  planned: '未动笔',
  drafted: '已有初稿',
  edited: '已编辑',
  final: '已定稿',
};

export const ZDraftSave = z.object({
  html: z.string().max(15_000_000, '稿件过大（含图片超过 15 MB），请压缩图片后重试。'),
  note: z
    .string()
    .max(200, '说明不能超过 200 个字')
    .nullable()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : null)),
  /** The version the editor started from; a newer one saved meanwhile is a conflict, not an overwrite. */
  baseVersion: z.number().int().min(0).nullable().optional(),
});
export type TDraftSave = z.input<typeof ZDraftSave>;

export const ZDraftVersionSummary = z.object({
  id: z.number(),
  nodeId: z.number(),
  version: z.number(),
  chars: z.number(),
  source: z.enum(['editor', 'docx', 'restore']),
  sourceName: z.string().nullable(),
  restoredFrom: z.number().nullable(),
  note: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type TDraftVersionSummary = z.infer<typeof ZDraftVersionSummary>;

export const ZDraftVersion = ZDraftVersionSummary.extend({ html: z.string() });
export type TDraftVersion = z.infer<typeof ZDraftVersion>;

export interface TRuleProblem {
  rule: string;
  ruleLabel: string;
  severity: 'error' | 'warning';
  message: string;
  nodeId: number | null;
  nodePath: string;
  /** 0-based paragraph of the node's latest draft, or null for the node's title. */
  paragraph: number | null;
  excerpt: string;
}

export const ZRuleProblem = z.object({
  rule: z.string(),
  ruleLabel: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  nodeId: z.number().nullable(),
  nodePath: z.string(),
  paragraph: z.number().nullable(),
  excerpt: z.string(),
});

export const ZNodeDrafts = z.object({
  nodeId: z.number(),
  /** The rule checks on the latest version (run on every save). */
  problems: z.array(ZRuleProblem),
  status: z.enum(NODE_STATUSES),
  canWrite: z.boolean(),
  canFinalise: z.boolean(),
  approved: z.boolean(),
  latest: ZDraftVersion.nullable(),
  versions: z.array(ZDraftVersionSummary),
});
export type TNodeDrafts = z.infer<typeof ZNodeDrafts>;

export const ZDiffSegment = z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() });
export type TDiffSegment = z.infer<typeof ZDiffSegment>;
export const ZDraftDiff = z.object({
  from: ZDraftVersionSummary,
  to: ZDraftVersionSummary,
  segments: z.array(ZDiffSegment),
  inserted: z.number(),
  deleted: z.number(),
});
export type TDraftDiff = z.infer<typeof ZDraftDiff>;
export const ZDiffQuery = z.object({
  from: z.coerce.number().int().positive('请选择要比较的版本'),
  to: z.coerce.number().int().positive('请选择要比较的版本'),
});

export const ZNodeStatusInput = z.object({
  status: z.enum(NODE_STATUSES, { error: () => ({ message: '状态应为：未动笔、已有初稿、已编辑、已定稿' }) }),
});

// ---- rule checks ----

export const RULES = [
  'date-range',
  'entry-title',
  'living-biography',
  'banned-words',
  'relative-words',
  'numbers',
  'numbering-gaps',
  'word-budget',
  'genre-elements',
] as const;
export type TRule = (typeof RULES)[number];
export const RULE_LABELS: Record<TRule, string> = {
  'date-range': '时间超出断限',
  'entry-title': '条目标题',
  'living-biography': '生不立传',
  'banned-words': '禁用词与敏感词',
  'relative-words': '相对时间与第一人称',
  numbers: '数字用法（GB/T 15835）',
  'numbering-gaps': '层次序号',
  'word-budget': '字数超出预算',
  'genre-elements': '体裁要素',
};

export const ZRuleSettings = z.object({
  disabled: z.array(z.enum(RULES)).default([]),
  bannedWords: z
    .array(z.string().trim().min(1).max(30, '词语不能超过 30 个字'))
    .max(2000, '词表不能超过 2000 条')
    .default([]),
  sensitiveWords: z
    .array(z.string().trim().min(1).max(30, '词语不能超过 30 个字'))
    .max(2000, '词表不能超过 2000 条')
    .default([]),
  entryTitleMax: z
    .number()
    .int()
    .min(4, '条目标题字数上限不能少于 4')
    .max(40, '条目标题字数上限不能超过 40')
    .default(15),
});
export type TRuleSettings = z.infer<typeof ZRuleSettings>;

export const ZCheckReport = z.object({
  checkedAt: z.string(),
  nodeCount: z.number(),
  problems: z.array(ZRuleProblem),
});
export type TCheckReport = z.infer<typeof ZCheckReport>;

// ---- assignments and progress ----

export const ASSIGNMENT_KINDS = ['supply', 'write', 'review'] as const;
export type TAssignmentKind = (typeof ASSIGNMENT_KINDS)[number];
export const ASSIGNMENT_KIND_LABELS: Record<TAssignmentKind, string> = {
  supply: '供稿',
  write: '撰稿',
  review: '审读',
};

export const ZAssignmentInput = z
  .object({
    nodeId: z.number().int().positive('请选择篇目'),
    kind: z.enum(ASSIGNMENT_KINDS, { error: () => ({ message: '任务类型应为供稿、撰稿或审读' }) }),
    unitId: z.number().int().positive().nullable().optional(),
    userId: z.number().int().positive().nullable().optional(),
    dueDate: ZDate,
  })
  .refine((a) => Boolean(a.unitId) || Boolean(a.userId), { message: '请指定承担单位或承担人', path: ['unitId'] });
export type TAssignmentInput = z.input<typeof ZAssignmentInput>;

export const ZAssignment = z.object({
  id: z.number(),
  nodeId: z.number(),
  nodePath: z.string(),
  kind: z.enum(ASSIGNMENT_KINDS),
  unitId: z.number().nullable(),
  unitName: z.string().nullable(),
  userId: z.number().nullable(),
  userName: z.string().nullable(),
  dueDate: z.string(),
  doneAt: z.string().nullable(),
  overdue: z.boolean(),
  projectId: z.number(),
  projectTitle: z.string(),
});
export type TAssignment = z.infer<typeof ZAssignment>;

export const ZProgressRow = z.object({
  key: z.string(),
  label: z.string(),
  nodes: z.number(),
  drafted: z.number(),
  edited: z.number(),
  final: z.number(),
  open: z.number(),
  overdue: z.number(),
});
export type TProgressRow = z.infer<typeof ZProgressRow>;

export const ZProjectProgress = z.object({
  projectId: z.number(),
  title: z.string(),
  total: ZProgressRow,
  byUnit: z.array(ZProgressRow),
  byWriter: z.array(ZProgressRow),
  /** Percent of the work done: drafted counts a third, edited two thirds, final all of a node. */
  percent: z.number(),
  /** Where the stage timeline says the project should be today (percent of the timeline elapsed), or null without stages. */
  plannedPercent: z.number().nullable(),
  currentStage: z.string().nullable(),
});
export type TProjectProgress = z.infer<typeof ZProjectProgress>;

// ---- 送审稿 and publication ----

export const CHECKLIST_ITEMS = ['目录', '凡例', '正文', '图表', '照片', '附录', '编纂始末'] as const;
export type TChecklistItem = (typeof CHECKLIST_ITEMS)[number];

export const ZChecklistEntry = z.object({
  item: z.enum(CHECKLIST_ITEMS),
  /** What the system found (a 凡例 node with a draft, every body node drafted …). */
  found: z.boolean(),
  detail: z.string(),
  /** The editor's confirmation, required when `found` is false (e.g. “本书不设附录”). */
  note: z.string().nullable(),
});
export type TChecklistEntry = z.infer<typeof ZChecklistEntry>;

export const ZSubmissionInput = z.object({
  title: z.string().trim().min(1, '请填写送审稿名称').max(100, '名称不能超过 100 个字'),
  /** Notes for items the system could not confirm, keyed by item. */
  notes: z.record(z.string(), z.string().trim().max(200, '说明不能超过 200 个字')).default({}),
});
export type TSubmissionInput = z.input<typeof ZSubmissionInput>;

export const ZSubmissionItem = z.object({
  ordinal: z.number(),
  nodeId: z.number().nullable(),
  versionId: z.number().nullable(),
  version: z.number().nullable(),
  depth: z.number(),
  level: z.string(),
  number: z.string(),
  title: z.string(),
  genre: z.string(),
  chars: z.number(),
});
export const ZSubmission = z.object({
  id: z.number(),
  projectId: z.number(),
  projectTitle: z.string(),
  number: z.number(),
  title: z.string(),
  checklist: z.array(ZChecklistEntry),
  createdBy: z.string(),
  createdAt: z.string(),
  items: z.array(ZSubmissionItem),
  chars: z.number(),
});
export type TSubmission = z.infer<typeof ZSubmission>;
export type TSubmissionItem = z.infer<typeof ZSubmissionItem>;

export const ZPublishInput = z.object({ submissionId: z.number().int().positive().nullable().optional() });
export const ZPublishResult = z.object({
  bookId: z.number(),
  title: z.string(),
  sections: z.number(),
  replaced: z.boolean(),
  link: z.string(),
});
export type TPublishResult = z.infer<typeof ZPublishResult>;
