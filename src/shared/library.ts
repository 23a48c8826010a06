import { z } from 'zod';

/** 馆藏 record types: local chronicles, yearbooks, local histories, local-conditions literature, old gazetteers, genealogies, internal materials, journals. */
export const HOLDING_TYPES = ['志书', '年鉴', '地方史', '地情文献', '旧志', '家谱', '内部资料', '期刊'] as const;
export type THoldingType = (typeof HOLDING_TYPES)[number];
/** 修志轮次 */
export const ROUNDS = ['一轮', '二轮', '三轮'] as const;
export const COPY_STATUSES = ['在架', '借出', '在途', '剔除', '遗失'] as const;
export const ACQUISITION_METHODS = ['购买', '交换', '赠送', '呈缴', '配送'] as const;
export type TAcquisitionMethod = (typeof ACQUISITION_METHODS)[number];

const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD，例如 2023-06-30');
const text = (label: string, max: number) => z.string().trim().max(max, `${label}不能超过 ${max} 个字`);
const optionalText = (label: string, max: number) =>
  text(label, max)
    .nullish()
    .transform((v) => (v ? v : null));
const ZYear = z
  .number()
  .int('年份应为整数')
  .min(1, '年份应为公元年份，例如 2022')
  .max(2200, '年份应为公元年份，例如 2022');

export const ZHoldingRecordInput = z.object({
  type: z.enum(HOLDING_TYPES, { error: () => ({ message: `文献类型应为：${HOLDING_TYPES.join('、')}` }) }),
  title: z.string().trim().min(1, '请填写题名').max(300, '题名不能超过 300 个字'),
  otherTitle: optionalText('副题名', 300),
  responsibility: optionalText('责任者', 300),
  compilingBody: optionalText('编纂单位', 200),
  divisionCodes: z
    .array(z.string().regex(/^\d{6}$/, '行政区划代码应为 6 位数字（GB/T 2260），例如 220100'))
    .max(50)
    .default([]),
  periodStart: ZYear.nullish().transform((v) => v ?? null),
  periodEnd: ZYear.nullish().transform((v) => v ?? null),
  round: z
    .enum(ROUNDS, { error: () => ({ message: '修志轮次应为：一轮、二轮、三轮' }) })
    .nullish()
    .transform((v) => v ?? null),
  edition: optionalText('版次', 100),
  publisher: optionalText('出版者', 200),
  pubPlace: optionalText('出版地', 100),
  pubYear: ZYear.nullish().transform((v) => v ?? null),
  extent: optionalText('载体形态', 200),
  series: optionalText('丛书', 200),
  isbn: optionalText('ISBN', 30),
  cip: optionalText('CIP 核字号', 60),
  clc: optionalText('中图法分类号', 60),
  subjects: z.array(z.string().trim().min(1).max(100)).max(30).default([]),
  note: optionalText('附注', 1000),
});
export type THoldingRecordInput = z.input<typeof ZHoldingRecordInput>;
export type THoldingRecordValues = z.output<typeof ZHoldingRecordInput>;

export const ZCopyInput = z.object({
  barcode: z.string().trim().min(1, '请填写条码号').max(40, '条码号不能超过 40 个字符'),
  location: optionalText('馆藏位置', 100),
  status: z.enum(COPY_STATUSES).default('在架'),
  acquisition: z.enum(ACQUISITION_METHODS, {
    error: () => ({ message: `入藏方式应为：${ACQUISITION_METHODS.join('、')}` }),
  }),
  acquiredOn: ZDate,
  issueId: z
    .number()
    .int()
    .positive()
    .nullish()
    .transform((v) => v ?? null),
  /** Held by which office; omitted = the actor's own office. Province staff may place copies in any unit. */
  unitId: z
    .number()
    .int()
    .positive()
    .nullish()
    .transform((v) => v ?? null),
});
export type TCopyInput = z.input<typeof ZCopyInput>;

export const ZIssueInput = z.object({ year: ZYear, label: z.string().trim().min(1, '请填写期号，例如 第1期').max(40) });

export const ZCopy = z.object({
  id: z.number(),
  recordId: z.number(),
  issueId: z.number().nullable(),
  issueLabel: z.string().nullable(),
  unitId: z.number(),
  unitName: z.string(),
  barcode: z.string(),
  location: z.string().nullable(),
  status: z.string(),
  acquisition: z.string(),
  acquiredOn: z.string(),
});
export type TCopy = z.infer<typeof ZCopy>;

export const ZHoldingRecord = z.object({
  id: z.number(),
  type: z.string(),
  title: z.string(),
  otherTitle: z.string().nullable(),
  responsibility: z.string().nullable(),
  compilingBody: z.string().nullable(),
  divisionCodes: z.array(z.string()),
  areas: z.array(z.string()),
  periodStart: z.number().nullable(),
  periodEnd: z.number().nullable(),
  round: z.string().nullable(),
  edition: z.string().nullable(),
  publisher: z.string().nullable(),
  pubPlace: z.string().nullable(),
  pubYear: z.number().nullable(),
  extent: z.string().nullable(),
  series: z.string().nullable(),
  isbn: z.string().nullable(),
  isbnHyphenated: z.string().nullable(),
  cip: z.string().nullable(),
  clc: z.string().nullable(),
  subjects: z.array(z.string()),
  note: z.string().nullable(),
  copyCount: z.number(),
  issues: z.array(z.object({ id: z.number(), year: z.number(), label: z.string() })),
});
export type THoldingRecord = z.infer<typeof ZHoldingRecord>;

export const ZHoldingDetail = ZHoldingRecord.extend({ copies: z.array(ZCopy) });
export type THoldingDetail = z.infer<typeof ZHoldingDetail>;

export const ZHoldingQuery = z.object({
  q: z.string().trim().max(100).optional(),
  type: z.enum(HOLDING_TYPES).optional(),
  unitId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type THoldingQuery = z.input<typeof ZHoldingQuery>;

export const ZHoldingPage = z.object({ rows: z.array(ZHoldingRecord), total: z.number() });
export type THoldingPage = z.infer<typeof ZHoldingPage>;

/** One parsed record of an import file, as the preview shows it. */
export const ZImportItem = z.object({
  index: z.number(),
  /** Where it came from in the file: `第 3 条记录` or `工作表“馆藏” 第 5 行`. */
  source: z.string(),
  title: z.string(),
  type: z.string(),
  isbn: z.string().nullable(),
  copies: z.number(),
  errors: z.array(z.string()),
  duplicateOf: z.object({ id: z.number(), title: z.string(), reason: z.string() }).nullable(),
  /** 'create' a new record, 'add_copies' to the duplicate found, 'skip' because of errors. */
  action: z.enum(['create', 'add_copies', 'skip']),
});
export type TImportItem = z.infer<typeof ZImportItem>;

export const ZImportPreview = z.object({
  format: z.enum(['iso2709', 'marcxml', 'xlsx']),
  fileName: z.string(),
  items: z.array(ZImportItem),
  counts: z.object({ create: z.number(), addCopies: z.number(), skip: z.number(), copies: z.number() }),
});
export type TImportPreview = z.infer<typeof ZImportPreview>;

export const ZImportBatch = z.object({
  id: z.number(),
  format: z.string(),
  fileName: z.string(),
  unitName: z.string(),
  recordCount: z.number(),
  copyCount: z.number(),
  createdAt: z.string(),
  rolledBackAt: z.string().nullable(),
});
export type TImportBatch = z.infer<typeof ZImportBatch>;

export const ZImportResult = z.object({ batch: ZImportBatch, preview: ZImportPreview });
export type TImportResult = z.infer<typeof ZImportResult>;

/** 联合目录: which office holds how many copies of each record. */
export const ZUnionRow = z.object({
  recordId: z.number(),
  title: z.string(),
  type: z.string(),
  pubYear: z.number().nullable(),
  holders: z.array(z.object({ unitId: z.number(), unitName: z.string(), copies: z.number() })),
});
export type TUnionRow = z.infer<typeof ZUnionRow>;

export const ZHoldingCounts = z.object({
  unitId: z.number().nullable(),
  records: z.number(),
  copies: z.number(),
  byType: z.array(z.object({ type: z.string(), records: z.number(), copies: z.number() })),
});
export type THoldingCounts = z.infer<typeof ZHoldingCounts>;

export const ZCopyChange = z.object({
  location: z.string().trim().max(100, '馆藏位置不能超过 100 个字').nullable().optional(),
  status: z.enum(COPY_STATUSES, { error: () => ({ message: `复本状态应为：${COPY_STATUSES.join('、')}` }) }).optional(),
});
export type TCopyChange = z.infer<typeof ZCopyChange>;

export const ZHoldingCreate = ZHoldingRecordInput.extend({ copies: z.array(ZCopyInput).max(500).default([]) });
export type THoldingCreate = z.input<typeof ZHoldingCreate>;

export const HOLDING_EXPORT_FORMATS = ['iso2709', 'marcxml', 'xlsx'] as const;
export const ZHoldingExportQuery = z.object({
  format: z.enum(HOLDING_EXPORT_FORMATS, { error: () => ({ message: '导出格式应为 iso2709、marcxml 或 xlsx' }) }),
  unitId: z.coerce.number().int().positive().optional(),
  type: z.enum(HOLDING_TYPES).optional(),
});

// ── Acquisitions (采购): funds with warning/stop percentages, orders, receipts, claims ───────────────────────────
const ZMoney = z.number().finite().min(0, '金额不能为负数').max(1e9, '金额过大');
export const ZFundInput = z.object({
  year: ZYear,
  name: z.string().trim().min(1, '请填写经费名称，例如 购书经费').max(60),
  amount: ZMoney.refine((v) => v > 0, '经费金额应大于 0'),
  warnPercent: z.number().int().min(1, '预警比例应在 1–100 之间').max(100, '预警比例应在 1–100 之间').default(80),
  stopPercent: z.number().int().min(1, '停止比例应在 1–120 之间').max(120, '停止比例应在 1–120 之间').default(100),
  unitId: z
    .number()
    .int()
    .positive()
    .nullish()
    .transform((v) => v ?? null),
});
export type TFundInput = z.input<typeof ZFundInput>;

export const ZFund = z.object({
  id: z.number(),
  unitId: z.number(),
  unitName: z.string(),
  year: z.number(),
  name: z.string(),
  amount: z.number(),
  warnPercent: z.number(),
  stopPercent: z.number(),
  /** Ordered (not cancelled) value: quantity × unit price. */
  committed: z.number(),
  /** Received value. */
  spent: z.number(),
  percentCommitted: z.number(),
  state: z.enum(['ok', 'warning', 'stopped']),
});
export type TFund = z.infer<typeof ZFund>;

export const ZOrderInput = z.object({
  fundId: z.number().int().positive('请选择经费'),
  recordId: z.number().int().positive('请选择订购的书目'),
  vendor: z.string().trim().min(1, '请填写供应商').max(100),
  quantity: z.number().int('册数应为整数').min(1, '册数至少为 1').max(100000),
  unitPrice: ZMoney,
  orderedOn: ZDate,
  expectedBy: ZDate,
});
export type TOrderInput = z.input<typeof ZOrderInput>;

export const ZOrder = z.object({
  id: z.number(),
  fundId: z.number(),
  fundName: z.string(),
  unitId: z.number(),
  unitName: z.string(),
  recordId: z.number(),
  title: z.string(),
  vendor: z.string(),
  quantity: z.number(),
  unitPrice: z.number(),
  orderedOn: z.string(),
  expectedBy: z.string(),
  receivedQuantity: z.number(),
  status: z.enum(['open', 'partial', 'received', 'cancelled']),
  isLate: z.boolean(),
  claims: z.array(z.object({ note: z.string(), createdAt: z.string() })),
  /** Set when placing this order took the fund past its warning percentage. */
  warning: z.string().nullable(),
});
export type TOrder = z.infer<typeof ZOrder>;

export const ZReceiveInput = z.object({
  quantity: z.number().int('册数应为整数').min(1, '到货册数至少为 1'),
  /** Omitted = today on the server's clock. */
  receivedOn: ZDate.nullish().transform((v) => v ?? null),
  location: optionalText('馆藏位置', 100),
  /** One per volume; omitted = numbered by the system (O{订单号}-{序号}). */
  barcodes: z.array(z.string().trim().min(1).max(40)).default([]),
});
export type TReceiveInput = z.input<typeof ZReceiveInput>;

export const ZClaimInput = z.object({ note: z.string().trim().min(2, '请写明催缺内容（至少 2 个字）').max(500) });

/** Which library count a work-plan indicator shows live. */
export const LIBRARY_METRICS = ['purchased_in_year', 'acquired_in_year', 'holdings_total'] as const;
export const LIBRARY_METRIC_LABELS: Record<(typeof LIBRARY_METRICS)[number], string> = {
  purchased_in_year: '本年购置入藏（册）',
  acquired_in_year: '本年新增入藏（册，各种方式）',
  holdings_total: '馆藏总量（册）',
};
export const ZBindingInput = z.object({
  indicatorId: z.number().int().positive('请选择任务的量化指标'),
  metric: z.enum(LIBRARY_METRICS, { error: () => ({ message: '请选择馆藏统计口径' }) }),
  unitId: z
    .number()
    .int()
    .positive()
    .nullish()
    .transform((v) => v ?? null),
  year: ZYear,
});
export type TBindingInput = z.input<typeof ZBindingInput>;
export const ZLibraryIndicator = z.object({
  indicatorId: z.number(),
  metric: z.enum(LIBRARY_METRICS),
  unitId: z.number(),
  unitName: z.string(),
  year: z.number(),
  value: z.number(),
});
export type TLibraryIndicator = z.infer<typeof ZLibraryIndicator>;

// ── 配送 (distribution with receipt) ─────────────────────────────────────────────────────────────────────────────
/** Office groups a formula gives copies to: 市州 offices, 县市区 offices, the committee's own departments. */
export const OFFICE_GROUPS = ['city', 'county', 'department'] as const;
export type TOfficeGroup = (typeof OFFICE_GROUPS)[number];
export const OFFICE_GROUP_LABELS: Record<TOfficeGroup, string> = {
  city: '市（州）',
  county: '县（市、区）',
  department: '委内处室',
};

const ZCopiesPer = z.number().int('册数应为整数').min(0, '册数不能为负数').max(1000, '每个单位不超过 1000 册');
export const ZDistributionInput = z.object({
  recordId: z.number().int().positive('请选择配送的书目'),
  issueId: z
    .number()
    .int()
    .positive()
    .nullish()
    .transform((v) => v ?? null),
  formula: z.object({ city: ZCopiesPer.default(0), county: ZCopiesPer.default(0), department: ZCopiesPer.default(0) }),
  /** Only these units (still sized by the formula); omitted = every active unit of the groups. */
  unitIds: z
    .array(z.number().int().positive())
    .max(500)
    .nullish()
    .transform((v) => v ?? null),
});
export type TDistributionInput = z.input<typeof ZDistributionInput>;

export const SHIPMENT_STATUSES = ['sent', 'confirmed', 'discrepancy'] as const;
export const SHIPMENT_STATUS_LABELS: Record<(typeof SHIPMENT_STATUSES)[number], string> = {
  sent: '待签收',
  confirmed: '已签收',
  discrepancy: '有差异',
};
export const ZShipment = z.object({
  id: z.number(),
  distributionId: z.number(),
  title: z.string(),
  unitId: z.number(),
  unitName: z.string(),
  quantity: z.number(),
  status: z.enum(SHIPMENT_STATUSES),
  receivedQuantity: z.number().nullable(),
  note: z.string().nullable(),
  answeredAt: z.string().nullable(),
  remindedAt: z.string().nullable(),
  sentAt: z.string(),
});
export type TShipment = z.infer<typeof ZShipment>;

export const ZDistribution = z.object({
  id: z.number(),
  recordId: z.number(),
  issueId: z.number().nullable(),
  title: z.string(),
  formula: z.object({ city: z.number(), county: z.number(), department: z.number() }),
  senderName: z.string(),
  createdAt: z.string(),
  shipments: z.array(ZShipment),
  totals: z.object({
    offices: z.number(),
    copies: z.number(),
    confirmed: z.number(),
    discrepancy: z.number(),
    pending: z.number(),
  }),
});
export type TDistribution = z.infer<typeof ZDistribution>;

export const ZReceiptInput = z.object({
  receivedQuantity: z.number().int('册数应为整数').min(0, '册数不能为负数'),
  note: z
    .string()
    .trim()
    .max(500, '说明不能超过 500 字')
    .nullish()
    .transform((v) => (v ? v : null)),
  location: z
    .string()
    .trim()
    .max(100)
    .nullish()
    .transform((v) => (v ? v : null)),
});
export type TReceiptInput = z.input<typeof ZReceiptInput>;

/** 配送覆盖表: distributions × offices, each cell a shipment's status (or nothing sent). */
export const ZCoverage = z.object({
  distributions: z.array(z.object({ id: z.number(), title: z.string(), createdAt: z.string() })),
  offices: z.array(z.object({ id: z.number(), name: z.string() })),
  cells: z.array(
    z.object({
      distributionId: z.number(),
      unitId: z.number(),
      shipmentId: z.number(),
      status: z.enum(SHIPMENT_STATUSES),
      quantity: z.number(),
    }),
  ),
});
export type TCoverage = z.infer<typeof ZCoverage>;

// ── 资料室/方志馆 evaluation (评估验收) ───────────────────────────────────────────────────────────────────────────
export const EVAL_CATEGORIES = ['保障条件', '馆藏建设', '服务效能', '管理'] as const;
/** Where an indicator's value comes from: scored by people, or computed from Fangzhi's own data. */
export const EVAL_SOURCES = ['manual', 'holdings_copies', 'distribution_coverage'] as const;
export const EVAL_SOURCE_LABELS: Record<(typeof EVAL_SOURCES)[number], string> = {
  manual: '人工评分',
  holdings_copies: '馆藏复本数（册）',
  distribution_coverage: '配送签收率（%）',
};

export const ZEvalIndicator = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, '指标标识应以小写字母开头，只含小写字母、数字和下划线'),
  category: z.enum(EVAL_CATEGORIES),
  label: z.string().trim().min(1).max(100),
  maxScore: z.number().positive().max(100),
  /** A must-pass item: below `passAt` of its score the whole evaluation fails, whatever the total. */
  mustPass: z.boolean().default(false),
  source: z.enum(EVAL_SOURCES).default('manual'),
  /** For computed indicators: the value that earns the full score (scores scale linearly below it). */
  fullAt: z
    .number()
    .positive()
    .nullish()
    .transform((v) => v ?? null),
});
export type TEvalIndicator = z.infer<typeof ZEvalIndicator>;

export const ZEvalDefinition = z
  .object({
    indicators: z.array(ZEvalIndicator).min(1).max(100),
    /** Grades from the highest: the first whose minimum the total reaches. */
    grades: z.array(z.object({ name: z.string().trim().min(1).max(10), min: z.number().min(0) })).min(1),
    /** Fraction of a must-pass item's score it needs (0.6 = 60%). */
    mustPassRatio: z.number().min(0).max(1).default(0.6),
  })
  .superRefine((d, ctx) => {
    const keys = new Set<string>();
    for (const i of d.indicators) {
      if (keys.has(i.key)) ctx.addIssue({ code: 'custom', message: `指标标识“${i.key}”重复`, path: ['indicators'] });
      keys.add(i.key);
      if (i.source !== 'manual' && !i.fullAt)
        ctx.addIssue({ code: 'custom', message: `“${i.label}”由系统计算，请填写满分所需的数值`, path: ['indicators'] });
    }
  });
export type TEvalDefinition = z.infer<typeof ZEvalDefinition>;
export const ZEvalTemplateInput = z.object({ name: z.string().trim().min(1).max(60), definition: ZEvalDefinition });
export type TEvalTemplateInput = z.input<typeof ZEvalTemplateInput>;
export const ZEvalTemplate = z.object({
  id: z.number(),
  name: z.string(),
  version: z.number(),
  definition: ZEvalDefinition,
  createdAt: z.string(),
});
export type TEvalTemplate = z.infer<typeof ZEvalTemplate>;

export const EVAL_STATUSES = ['self', 'submitted', 'reviewed', 'onsite', 'rectifying', 'passed', 'failed'] as const;
export const EVAL_STATUS_LABELS: Record<(typeof EVAL_STATUSES)[number], string> = {
  self: '自评中',
  submitted: '待市州审核',
  reviewed: '待实地检查',
  onsite: '实地检查中',
  rectifying: '整改中',
  passed: '已通过',
  failed: '未通过',
};
export const ZEvalScore = z.object({
  score: z.number().min(0).max(100).nullable(),
  note: z.string().trim().max(1000).nullable(),
});
export const ZEvalScores = z.record(z.string(), ZEvalScore);
export type TEvalScores = z.infer<typeof ZEvalScores>;

export const ZEvalAssessment = z.object({
  id: z.number(),
  templateId: z.number(),
  templateName: z.string(),
  templateVersion: z.number(),
  definition: ZEvalDefinition,
  unitId: z.number(),
  unitName: z.string(),
  year: z.number(),
  status: z.enum(EVAL_STATUSES),
  /** Live values of computed indicators and the score they earn. */
  computed: z.record(z.string(), z.object({ value: z.number(), score: z.number() })),
  selfScores: ZEvalScores,
  onsiteScores: ZEvalScores,
  reviewComment: z.string().nullable(),
  total: z.number().nullable(),
  grade: z.string().nullable(),
  failedMustPass: z.array(z.string()),
  photos: z.array(
    z.object({ id: z.number(), indicatorKey: z.string(), note: z.string().nullable(), createdAt: z.string() }),
  ),
  rectifications: z.array(
    z.object({
      id: z.number(),
      text: z.string(),
      deadline: z.string(),
      doneNote: z.string().nullable(),
      doneAt: z.string().nullable(),
    }),
  ),
  certificateNo: z.string().nullable(),
});
export type TEvalAssessment = z.infer<typeof ZEvalAssessment>;

export const ZEvalStart = z.object({
  templateId: z.number().int().positive(),
  year: z.number().int().min(2000).max(2200),
});
export const ZEvalDecision = z.object({
  approve: z.boolean(),
  comment: z
    .string()
    .trim()
    .max(500)
    .nullish()
    .transform((v) => (v ? v : null)),
});
export const ZEvalFinish = z.object({
  rectifications: z
    .array(z.object({ text: z.string().trim().min(2, '请写明整改要求').max(500), deadline: ZDate }))
    .max(50)
    .default([]),
});
export const ZRectificationDone = z.object({ note: z.string().trim().min(2, '请写明整改情况').max(1000) });

// ── 印刷采购与质量 (print jobs) ───────────────────────────────────────────────────────────────────────────────────
export const FINDING_SEVERITIES = ['轻微', '一般', '严重'] as const;
export const PRINT_STATUSES = ['proofing', 'printing', 'delivered', 'accepted'] as const;
export const PRINT_STATUS_LABELS: Record<(typeof PRINT_STATUSES)[number], string> = {
  proofing: '校样中',
  printing: '印制中',
  delivered: '已交付',
  accepted: '已验收',
};
export const ZPrintJobInput = z.object({
  title: z.string().trim().min(1, '请填写印制的出版物').max(200),
  recordId: z
    .number()
    .int()
    .positive()
    .nullish()
    .transform((v) => v ?? null),
  quantity: z.number().int('印数应为整数').min(1, '印数至少为 1').max(1_000_000),
  specs: z.object({
    format: z.string().trim().max(40).default(''),
    sheets: z.string().trim().max(40).default(''),
    paper: z.string().trim().max(60).default(''),
    binding: z.string().trim().max(40).default(''),
    colour: z.string().trim().max(40).default(''),
  }),
  supplier: z.string().trim().min(1, '请填写印刷厂').max(100),
  procurementRef: z
    .string()
    .trim()
    .max(60)
    .nullish()
    .transform((v) => (v ? v : null)),
  unitPrice: z.number().finite().min(0).max(1e6),
  dueDate: ZDate,
});
export type TPrintJobInput = z.input<typeof ZPrintJobInput>;
export const ZPrintEventInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('proof'), text: z.string().trim().min(1, '请写明校样情况').max(1000), onDate: ZDate }),
  z.object({
    kind: z.literal('delivery'),
    quantity: z.number().int().min(1, '交付数量至少为 1'),
    text: z.string().trim().max(500).default('到货'),
    onDate: ZDate,
  }),
  z.object({
    kind: z.literal('finding'),
    severity: z.enum(FINDING_SEVERITIES),
    clause: z.string().trim().min(1, '请写明对应的合同条款').max(100),
    text: z.string().trim().min(2, '请描述质量问题').max(1000),
    onDate: ZDate,
  }),
]);
export type TPrintEventInput = z.input<typeof ZPrintEventInput>;
export const ZPrintJob = z.object({
  id: z.number(),
  title: z.string(),
  recordId: z.number().nullable(),
  quantity: z.number(),
  specs: z.record(z.string(), z.string()),
  supplier: z.string(),
  procurementRef: z.string().nullable(),
  unitPrice: z.number(),
  amount: z.number(),
  dueDate: z.string(),
  status: z.enum(PRINT_STATUSES),
  delivered: z.number(),
  isLate: z.boolean(),
  openFindings: z.number(),
  events: z.array(
    z.object({
      id: z.number(),
      kind: z.string(),
      round: z.number().nullable(),
      quantity: z.number().nullable(),
      severity: z.string().nullable(),
      clause: z.string().nullable(),
      text: z.string(),
      onDate: z.string(),
      resolvedAt: z.string().nullable(),
    }),
  ),
});
export type TPrintJob = z.infer<typeof ZPrintJob>;
