import type { Generated } from 'kysely';

/**
 * Row types of every table, as Kysely sees them. Row types never leave the server: services map them to `src/shared` types.
 * Timestamps are ISO-8601 UTC strings and booleans are 0/1 integers on both dialects, so domain code never asks which
 * database it runs on.
 */
export interface UnitTable {
  id: Generated<number>;
  name: string;
  kind: string;
  parent_id: number | null;
  division_code: string | null;
  managed_by_id: number | null;
  sort_order: number;
  is_active: number;
  note: string | null;
  created_at: string;
  updated_at: string;
}

export interface UnitAliasTable {
  id: Generated<number>;
  unit_id: number;
  alias: string;
}

export interface UserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  unit_id: number | null;
  is_disabled: number;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
  /** Where reminders and chases are mailed (migration 0005); null = no e-mail. */
  email: string | null;
}

export interface UserRoleTable {
  user_id: number;
  role: string;
}

export interface SessionTable {
  /** SHA-256 of the cookie token: a stolen database does not yield usable sessions. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  occurred_at: string;
  actor_id: number | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  summary: string;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
  request_id: string | null;
}

export interface PlanTable {
  id: Generated<number>;
  year: number;
  title: string;
  issuer: string | null;
  preamble: string;
  notice_title: string | null;
  notice_date: string | null;
  notice_addressees_json: string;
  revision: number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface PlanSourceTable {
  id: Generated<number>;
  plan_id: number;
  revision: number;
  file_name: string;
  format: string;
  sha256: string;
  size: number;
  content: Uint8Array;
  created_at: string;
}

export interface PlanSectionTable {
  id: Generated<number>;
  plan_id: number;
  ordinal: number;
  title: string;
}

export interface TaskTable {
  id: Generated<number>;
  plan_id: number;
  section_id: number;
  number: string;
  sort_order: number;
  text: string;
  group_title: string | null;
  deadline: string;
  deadline_explicit: number;
  deadline_text: string | null;
  references_json: string;
  created_at: string;
  updated_at: string;
  is_continuous: Generated<number>;
  closed_at: string | null;
  closed_by: number | null;
  close_evidence: string | null;
}

export interface TaskUnitTable {
  id: Generated<number>;
  task_id: number;
  /** null for a collective such as 其他处室、单位. */
  unit_id: number | null;
  /** The name as the document wrote it. */
  name: string;
  role: 'lead' | 'support';
  sort_order: number;
}

export interface TaskTargetTable {
  id: Generated<number>;
  task_id: number;
  sort_order: number;
  text: string;
  comparator: string;
  value: number | null;
  min: number | null;
  max: number | null;
  unit: string;
}

export interface BookTable {
  id: Generated<number>;
  source_id: string;
  title: string;
  type: string;
  region: string | null;
  year: number | null;
  period: string | null;
  edition: string | null;
  compiler: string | null;
  publisher: string | null;
  place: string | null;
  isbn: string | null;
  licence: string | null;
  source_format: string;
  source_name: string;
  is_published: number;
  section_count: number;
  char_count: number;
  created_at: string;
  updated_at: string;
}

export interface BookSectionTable {
  id: Generated<number>;
  book_id: number;
  /** 1-based reading order within the book; permalinks use it, so it survives re-ingesting the same source. */
  ordinal: number;
  level: number;
  parent_ordinal: number | null;
  title: string;
  anchors_json: string;
  /** Note ranges as steps: `[start, length, step to the next start, length, …]` (`section-notes.ts`, migration 0023). */
  notes_json: string;
}

/**
 * A section's display text in pieces of `TEXT_CHUNK` code points, `seq` from 0 (migration 0022), each stored as the
 * raw DEFLATE of its UTF-16 little-endian bytes (migrations 0024, 0025; `section-chunks.ts` encodes and decodes them).
 */
export interface BookSectionPieceTable {
  section_id: number;
  seq: number;
  deflated: Uint8Array;
}

export interface PlanSupervisionTable {
  plan_id: number;
  cycle: string;
  due_day: number;
  yellow_points: number;
  red_points: number;
  remind_days_before: number;
  updated_at: string;
}

export interface MilestoneTable {
  id: Generated<number>;
  task_id: number;
  name: string;
  due_date: string;
  deliverable: string | null;
  weight: number;
  reached_at: string | null;
  sort_order: number;
  created_at: string;
}

export interface IndicatorTable {
  id: Generated<number>;
  task_id: number;
  target_id: number | null;
  name: string;
  unit: string;
  target_value: number;
  baseline: Generated<number>;
  /** 'linear' (evenly over the year) or 'points' (custom dated points in points_json). */
  curve: string;
  points_json: string;
}

export interface ReportTable {
  id: Generated<number>;
  task_id: number;
  unit_id: number;
  /** `2023-06` (monthly), `2023-Q2` (quarterly) or `2023-H1` (half-yearly). */
  period: string;
  role: 'lead' | 'support';
  /** draft → submitted → approved | returned (→ submitted again). */
  status: string;
  progress_text: string;
  percent: number | null;
  problems: string | null;
  next_steps: string | null;
  milestones_reached_json: string;
  indicator_actuals_json: string;
  created_by: number | null;
  submitted_at: string | null;
  decided_by: number | null;
  decided_at: string | null;
  decision_comment: string | null;
  created_at: string;
  updated_at: string;
}

export interface ReportAttachmentTable {
  id: Generated<number>;
  report_id: number;
  file_name: string;
  mime: string;
  size: number;
  sha256: string;
  content: Uint8Array;
  created_by: number | null;
  created_at: string;
}

export interface TaskEventTable {
  id: Generated<number>;
  task_id: number;
  kind: string;
  actor_id: number | null;
  actor_name: string;
  unit_id: number | null;
  report_id: number | null;
  summary: string;
  detail_json: string | null;
  occurred_at: string;
}

export interface ChaseTable {
  id: Generated<number>;
  task_id: number;
  unit_id: number;
  /** 0 = 催办 (chase notice); 1–3 = 督办单 (escalation notice) levels. */
  level: number;
  message: string;
  due_date: string | null;
  created_by: number | null;
  created_at: string;
  answered_at: string | null;
}

export interface ExtensionRequestTable {
  id: Generated<number>;
  task_id: number;
  unit_id: number;
  reason: string;
  old_date: string;
  new_date: string;
  /** pending | approved | refused */
  status: string;
  requested_by: number | null;
  requested_at: string;
  decided_by: number | null;
  decided_at: string | null;
  decision_comment: string | null;
}

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  dedupe_key: string;
  created_at: string;
  read_at: string | null;
}

export interface DeliveryTable {
  id: Generated<number>;
  channel: string;
  dedupe_key: string;
  recipient: string;
  payload_json: string;
  status: string;
  error: string | null;
  created_at: string;
}

export interface SettingTable {
  key: string;
  value_json: string;
  updated_at: string;
}

export interface AssessmentRuleSetTable {
  plan_id: number;
  rules_json: string;
  updated_by: number | null;
  updated_at: string;
}

export interface QualityScoreTable {
  id: Generated<number>;
  plan_id: number;
  unit_id: number;
  score: number;
  comment: string | null;
  scored_by: number | null;
  scored_at: string;
}

export interface Database {
  unit: UnitTable;
  unit_alias: UnitAliasTable;
  app_user: UserTable;
  user_role: UserRoleTable;
  session: SessionTable;
  audit_log: AuditLogTable;
  plan: PlanTable;
  plan_source: PlanSourceTable;
  plan_section: PlanSectionTable;
  task: TaskTable;
  task_unit: TaskUnitTable;
  task_target: TaskTargetTable;
  plan_supervision: PlanSupervisionTable;
  milestone: MilestoneTable;
  indicator: IndicatorTable;
  report: ReportTable;
  report_attachment: ReportAttachmentTable;
  task_event: TaskEventTable;
  chase: ChaseTable;
  extension_request: ExtensionRequestTable;
  notification: NotificationTable;
  delivery: DeliveryTable;
  setting: SettingTable;
  assessment_rule_set: AssessmentRuleSetTable;
  quality_score: QualityScoreTable;
  book: BookTable;
  book_section: BookSectionTable;
  book_section_piece: BookSectionPieceTable;
}

// Issue 9 (migration 0007): a task dropped by a revised plan that has history is archived, never deleted; 责任领导
// named by the document are kept as people. Declared as a merge into TaskTable so the block above stays untouched.
export interface TaskTable {
  /** When a revision dropped the task (已撤销); null for a task of the current plan. */
  archived_at: string | null;
  /** The number the task had before it was archived (its `number` becomes `3（已撤销）` to free the number). */
  archived_number: string | null;
  /** JSON array of the 责任领导 names the document gave. */
  leaders_json: Generated<string>;
}

// ---- 编纂 (compilation, migration 0008): owned by modules/compilation; merged into `Database` by declaration merging ----

export interface CompileProjectTable {
  id: Generated<number>;
  kind: string;
  title: string;
  year: number | null;
  previous_id: number | null;
  owner_unit_id: number | null;
  outline_state: string;
  task_id: number | null;
  scope: string | null;
  lower_limit: string | null;
  upper_limit: string | null;
  target_chars: number | null;
  style_guide: string | null;
  organisation: string | null;
  stages_json: string;
  rules_json: string | null;
  published_book_id: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface CompileMemberTable {
  id: Generated<number>;
  project_id: number;
  user_id: number;
  role: string;
  unit_id: number | null;
  created_at: string;
}

export interface CompileNodeTable {
  id: Generated<number>;
  project_id: number;
  parent_id: number | null;
  sort_order: number;
  level: string;
  title: string;
  genre: string;
  matter: string;
  owner_unit_id: number | null;
  writer_id: number | null;
  word_budget: number | null;
  status: string;
  approved_at: string | null;
  carried_from_id: number | null;
  is_carried: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface CompileOutlineChangeTable {
  id: Generated<number>;
  project_id: number;
  node_id: number | null;
  kind: string;
  summary: string;
  detail_json: string | null;
  actor_name: string;
  occurred_at: string;
}

export interface CompileOutlineRevisionTable {
  id: Generated<number>;
  project_id: number;
  number: number;
  status: string;
  snapshot_json: string;
  node_count: number;
  submitted_by: string;
  submitted_at: string;
  decided_by: string | null;
  decided_at: string | null;
  comment: string | null;
}

export interface CompileDraftVersionTable {
  id: Generated<number>;
  node_id: number;
  version: number;
  html: string;
  plain_text: string;
  char_count: number;
  source: string;
  source_name: string | null;
  restored_from: number | null;
  note: string | null;
  created_by: number | null;
  created_by_name: string;
  created_at: string;
}

export interface CompileAssignmentTable {
  id: Generated<number>;
  node_id: number;
  kind: string;
  unit_id: number | null;
  user_id: number | null;
  due_date: string;
  done_at: string | null;
  created_by_name: string;
  created_at: string;
}

export interface CompileSubmissionTable {
  id: Generated<number>;
  project_id: number;
  number: number;
  title: string;
  checklist_json: string;
  created_by_name: string;
  created_at: string;
}

export interface CompileSubmissionItemTable {
  id: Generated<number>;
  submission_id: number;
  ordinal: number;
  node_id: number | null;
  version_id: number | null;
  depth: number;
  level: string;
  number: string;
  title: string;
  genre: string;
}

export interface Database {
  compile_submission: CompileSubmissionTable;
  compile_submission_item: CompileSubmissionItemTable;
  compile_project: CompileProjectTable;
  compile_member: CompileMemberTable;
  compile_node: CompileNodeTable;
  compile_outline_change: CompileOutlineChangeTable;
  compile_outline_revision: CompileOutlineRevisionTable;
  compile_draft_version: CompileDraftVersionTable;
  compile_assignment: CompileAssignmentTable;
}

// --- The 督办 loop (migration 0014): 签收, numbered 督办单 with replies, 申请办结, 领导批示. Owned by supervision. ---

/** 签收: a responsible unit has acknowledged the task. */
export interface TaskAckTable {
  id: Generated<number>;
  task_id: number;
  unit_id: number;
  acked_by: number | null;
  acked_at: string;
}

/** 督办单 columns added by 0014 (merged into ChaseTable above). */
export interface ChaseTable {
  /** Year and sequence of the 督办单 number; null for a 催办 (level 0). */
  doc_year: number | null;
  doc_seq: number | null;
  /** 督字〔2023〕5号 */
  doc_number: string | null;
  /** 签发人: who issued it. */
  signer: string | null;
  /** The unit's reply (办理情况). */
  reply_text: string | null;
  /** When the unit acknowledged (签收) it. */
  acked_at: string | null;
  /** 1 when the reply came after the 回复期限. */
  replied_late: Generated<number>;
}

/** 申请办结: pending → approved | returned. */
export interface ClosureRequestTable {
  id: Generated<number>;
  task_id: number;
  unit_id: number;
  evidence: string;
  status: string;
  requested_by: number | null;
  requested_at: string;
  decided_by: number | null;
  decided_at: string | null;
  decision_comment: string | null;
}

/** 领导批示 on a task (or one of its reports). */
export interface InstructionTable {
  id: Generated<number>;
  task_id: number;
  report_id: number | null;
  text: string;
  author_id: number | null;
  author_name: string;
  created_at: string;
}

/** A responsible unit's answer to a 批示 (one per unit). */
export interface InstructionReplyTable {
  id: Generated<number>;
  instruction_id: number;
  unit_id: number;
  text: string;
  replied_by: number | null;
  replied_at: string;
}

/** A mobile number per account (0014), for the SMS channel. */
export interface UserTable {
  phone: string | null;
}

export interface Database {
  task_ack: TaskAckTable;
  closure_request: ClosureRequestTable;
  instruction: InstructionTable;
  instruction_reply: InstructionReplyTable;
}

// ── 方志馆 and the offices' holdings (migration 0009-library; owned by modules/library) ─────────────────────────────
// Declared as an interface merge so this block stays separate from the core list above.

export interface HoldingImportTable {
  id: Generated<number>;
  /** 'iso2709' | 'marcxml' | 'xlsx' */
  format: string;
  file_name: string;
  unit_id: number;
  record_count: number;
  copy_count: number;
  created_by: number | null;
  created_at: string;
  rolled_back_at: string | null;
}

export interface HoldingRecordTable {
  id: Generated<number>;
  /** 志书 | 年鉴 | 地方史 | 地情文献 | 旧志 | 家谱 | 内部资料 | 期刊 */
  type: string;
  title: string;
  other_title: string | null;
  responsibility: string | null;
  compiling_body: string | null;
  /** GB/T 2260 codes of the areas covered, comma-separated. */
  division_codes: string;
  period_start: number | null;
  period_end: number | null;
  round: string | null;
  edition: string | null;
  publisher: string | null;
  pub_place: string | null;
  pub_year: number | null;
  extent: string | null;
  series: string | null;
  /** ISBN-13 without hyphens. */
  isbn: string | null;
  cip: string | null;
  clc: string | null;
  subjects_json: string;
  note: string | null;
  /** Normalised title + edition + year: the second duplicate test after the ISBN. */
  dedupe_key: string;
  import_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface HoldingIssueTable {
  id: Generated<number>;
  record_id: number;
  year: number;
  label: string;
  created_at: string;
}

export interface HoldingCopyTable {
  id: Generated<number>;
  record_id: number;
  issue_id: number | null;
  unit_id: number;
  barcode: string;
  location: string | null;
  status: string;
  acquisition: string;
  acquired_on: string;
  import_id: number | null;
  order_id: number | null;
  shipment_id: number | null;
  created_at: string;
}

export interface AcqFundTable {
  id: Generated<number>;
  unit_id: number;
  year: number;
  name: string;
  amount: number;
  warn_percent: number;
  stop_percent: number;
  created_at: string;
}

export interface AcqOrderTable {
  id: Generated<number>;
  fund_id: number;
  record_id: number;
  vendor: string;
  quantity: number;
  unit_price: number;
  ordered_on: string;
  expected_by: string;
  received_quantity: number;
  /** open | partial | received | cancelled */
  status: string;
  created_by: number | null;
  created_at: string;
}

export interface AcqReceiptTable {
  id: Generated<number>;
  order_id: number;
  quantity: number;
  received_on: string;
  location: string | null;
  created_by: number | null;
  created_at: string;
}

export interface AcqClaimTable {
  id: Generated<number>;
  order_id: number;
  note: string;
  created_by: number | null;
  created_at: string;
}

export interface LibraryIndicatorBindingTable {
  indicator_id: number;
  /** 'acquired_in_year' | 'holdings_total' */
  metric: string;
  unit_id: number;
  year: number;
  created_at: string;
}

export interface DistributionTable {
  id: Generated<number>;
  record_id: number;
  issue_id: number | null;
  title: string;
  formula_json: string;
  sender_unit_id: number;
  created_by: number | null;
  created_at: string;
}

export interface ShipmentTable {
  id: Generated<number>;
  distribution_id: number;
  unit_id: number;
  quantity: number;
  /** sent | confirmed | discrepancy */
  status: string;
  received_quantity: number | null;
  note: string | null;
  answered_by: number | null;
  answered_at: string | null;
  reminded_at: string | null;
}

export interface EvalTemplateTable {
  id: Generated<number>;
  name: string;
  version: number;
  definition_json: string;
  created_by: number | null;
  created_at: string;
}

export interface EvalAssessmentTable {
  id: Generated<number>;
  template_id: number;
  unit_id: number;
  year: number;
  /** self | submitted | reviewed | onsite | rectifying | passed | failed */
  status: string;
  self_json: string;
  onsite_json: string;
  review_comment: string | null;
  total: number | null;
  grade: string | null;
  certificate_no: string | null;
  updated_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface EvalPhotoTable {
  id: Generated<number>;
  assessment_id: number;
  indicator_key: string;
  mime: string;
  bytes: Uint8Array;
  note: string | null;
  created_by: number | null;
  created_at: string;
}

export interface EvalRectificationTable {
  id: Generated<number>;
  assessment_id: number;
  text: string;
  deadline: string;
  done_note: string | null;
  done_at: string | null;
  created_at: string;
}

export interface PrintJobTable {
  id: Generated<number>;
  title: string;
  record_id: number | null;
  quantity: number;
  /** 开本, 印张, 纸张, 装订, 印色 … */
  specs_json: string;
  supplier: string;
  /** 政府采购平台 project or contract number. */
  procurement_ref: string | null;
  unit_price: number;
  due_date: string;
  /** proofing | printing | delivered | accepted */
  status: string;
  created_by: number | null;
  created_at: string;
}

export interface PrintEventTable {
  id: Generated<number>;
  job_id: number;
  /** proof | delivery | finding */
  kind: string;
  round: number | null;
  quantity: number | null;
  /** findings: 轻微 | 一般 | 严重 */
  severity: string | null;
  /** findings: the contract clause not met */
  clause: string | null;
  text: string;
  on_date: string;
  resolved_at: string | null;
  created_by: number | null;
  created_at: string;
}

export interface Database {
  print_job: PrintJobTable;
  print_event: PrintEventTable;
  eval_template: EvalTemplateTable;
  eval_assessment: EvalAssessmentTable;
  eval_photo: EvalPhotoTable;
  eval_rectification: EvalRectificationTable;
  holding_import: HoldingImportTable;
  holding_record: HoldingRecordTable;
  holding_issue: HoldingIssueTable;
  holding_copy: HoldingCopyTable;
  acq_fund: AcqFundTable;
  acq_order: AcqOrderTable;
  acq_receipt: AcqReceiptTable;
  acq_claim: AcqClaimTable;
  library_indicator_binding: LibraryIndicatorBindingTable;
  distribution: DistributionTable;
  shipment: ShipmentTable;
}

// ── 资料年报 annual data reports (migration 0010-datareports; owned by modules/datareports) ─────────────────────────

export interface DatareportFormTable {
  id: Generated<number>;
  name: string;
  /** The form as data: fields, cross-field and year-over-year checks (shared/datareports.ts ZFormDefinition). */
  definition_json: string;
  version: number;
  updated_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface DatareportCycleTable {
  id: Generated<number>;
  form_id: number;
  year: number;
  title: string;
  /** The form as it was when the cycle opened: later edits of the form do not change a running cycle. */
  definition_json: string;
  form_version: number;
  deadline: string;
  created_by: number | null;
  created_at: string;
}

export interface DatareportSubmissionTable {
  id: Generated<number>;
  cycle_id: number;
  unit_id: number;
  values_json: string;
  note: string | null;
  /** draft | submitted | city_approved | accepted | returned */
  status: string;
  /** 'web' | 'xlsx' */
  source: string;
  submitted_at: string | null;
  reviewed_by: number | null;
  reviewed_at: string | null;
  decided_by: number | null;
  decided_at: string | null;
  comment: string | null;
  updated_by: number | null;
  updated_at: string;
}

export interface Database {
  datareport_form: DatareportFormTable;
  datareport_cycle: DatareportCycleTable;
  datareport_submission: DatareportSubmissionTable;
}

// ── Scholars' gazetteer (issue 16, migration 0011): per-book search rule, bibliographic record, glyph codes, saved searches. ──
// Declaration merging adds the new columns without reorganising BookTable and BookSectionTable above.

export interface BookTable {
  /** JSON `{ mode: 'format' | 'none', extraLines: string[] }`: what the search index leaves out; null = format rules. */
  search_rule: string | null;
  /** JSON bibliographic record (`TBibRecord` in src/shared/gazetteer-bib.ts); null = none entered or imported. */
  bib_json: string | null;
}

export interface BookSectionTable {
  /** JSON `[{ offset, code }]`: glyph codes with no character (printed 〓); null when the section has none. */
  glyphs_json: string | null;
}

export interface SavedSearchTable {
  id: Generated<number>;
  user_id: number;
  /** `saved` (named by the reader) or `history` (recorded on each search; the newest 50 are kept). */
  kind: string;
  name: string | null;
  /** The search page's URL query string, e.g. `q=長白山&books=1&view=kwic`. */
  query: string;
  created_at: string;
}

export interface Database {
  saved_search: SavedSearchTable;
}

// ── Sessions and sign-in throttling (issue 11, migration 0006) ─────────────────────────────────────────────────────
// Merged into the interfaces above by declaration merging, so the blocks above stay as they were.

export interface SessionTable {
  /** Last request seen on this session; null only for rows older than migration 0006. Idle sessions end. */
  last_seen_at: string | null;
}

/** Failed sign-ins per scope (`pair:`, `user:`, `ip:`, `global`) in a fixed window; owned by platform/auth. */
export interface LoginThrottleTable {
  scope_key: string;
  window_started_at: string;
  failures: number;
  locked_until: string | null;
}

export interface Database {
  login_throttle: LoginThrottleTable;
}

// ── 评审 (issue 13, migration 0015): review rounds, panel, opinions with responses, uploaded manuscripts. Owned by review.

export interface ReviewManuscriptTable {
  id: Generated<number>;
  title: string;
  file_name: string;
  content: Uint8Array;
  /** Text extracted in the isolated reader; passages are offsets into it. */
  text: string;
  chars: number;
  unit_id: number | null;
  created_by: number | null;
  created_at: string;
}

export interface ReviewRoundTable {
  id: Generated<number>;
  /** The first round's id: every round of the same book shares it. */
  chain_id: number | null;
  previous_round_id: number | null;
  kind: string;
  stage: string;
  attempt: number;
  book_title: string;
  project_id: number | null;
  submission_id: number | null;
  submission_label: string | null;
  manuscript_id: number | null;
  /** preparing | reviewing | decided | cancelled */
  state: string;
  state_reason: string | null;
  convening_body: string;
  reading_deadline: string | null;
  meeting_date: string | null;
  decision: string | null;
  decision_text: string | null;
  decided_at: string | null;
  decided_by_name: string | null;
  owner_unit_id: number | null;
  created_by: number | null;
  created_by_name: string;
  created_at: string;
  updated_at: string;
}

export interface ReviewPanelTable {
  id: Generated<number>;
  round_id: number;
  user_id: number;
  /** chair (主审人) | internal | external */
  role: string;
  due_date: string | null;
  invited_at: string;
  conflict_declared: number;
  conflict: number;
  conflict_text: string | null;
  signed_at: string | null;
}

export interface ReviewOpinionTable {
  id: Generated<number>;
  round_id: number;
  author_id: number | null;
  author_name: string;
  /** book | node | passage */
  anchor_kind: string;
  ordinal: number | null;
  anchor_title: string | null;
  start_offset: number | null;
  end_offset: number | null;
  quote: string | null;
  category: string;
  severity: string;
  visibility: string;
  text: string;
  supersedes_id: number | null;
  created_at: string;
  response: string | null;
  reason: string | null;
  resolved_submission_id: number | null;
  resolved_label: string | null;
  responded_by_name: string | null;
  responded_at: string | null;
}

export interface Database {
  review_manuscript: ReviewManuscriptTable;
  review_round: ReviewRoundTable;
  review_panel: ReviewPanelTable;
  review_opinion: ReviewOpinionTable;
}

// ── Several servers, one database (issue 15, migration 0018): the gazetteer's change log. ───────────────────────────

/** One change to a book (ingest, edit, publish, unpublish, delete), written in the transaction of the change. */
export interface BookChangeTable {
  seq: Generated<number>;
  book_id: number;
  /** `ingest` | `replace` | `update` | `publish` | `unpublish` | `delete` */
  kind: string;
  at: string;
}

export interface Database {
  book_change: BookChangeTable;
}

// --- 编纂 资料 (migration 0019): sources, excerpt cards, 资料长编 order, contradictions. Owned by compilation. ---

export interface CompileSourceTable {
  id: Generated<number>;
  project_id: number;
  /** archive | document | press | statistics | oral | web | gazetteer */
  kind: string;
  title: string;
  /** public | internal | secret | confidential | top_secret */
  classification: string;
  /** Citation fields of the kind (档号, 文号, 报刊名 …) as a JSON object. */
  fields_json: string;
  citation: string;
  book_id: number | null;
  section_ordinal: number | null;
  permalink: string | null;
  locator: string | null;
  note: string | null;
  unit_id: number | null;
  created_by: number | null;
  created_by_name: string;
  created_at: string;
}

export interface CompileCardTable {
  id: Generated<number>;
  project_id: number;
  source_id: number;
  text: string;
  time_text: string | null;
  /** `1985-03-00` from the fuzzy time, for ordering and ranges. */
  time_sort: string | null;
  place: string | null;
  subject: string | null;
  locator: string | null;
  unit_id: number | null;
  created_by: number | null;
  created_by_name: string;
  created_at: string;
  updated_at: string;
}

export interface CompileCardNodeTable {
  id: Generated<number>;
  card_id: number;
  node_id: number;
  position: number | null;
  note: string | null;
}

export interface CompileContradictionTable {
  id: Generated<number>;
  project_id: number;
  fact: string;
  note: string | null;
  /** open | resolved */
  status: string;
  chosen_card_id: number | null;
  reason: string | null;
  created_by: number | null;
  created_by_name: string;
  created_at: string;
  resolved_by: number | null;
  resolved_by_name: string | null;
  resolved_at: string | null;
}

export interface CompileContradictionCardTable {
  id: Generated<number>;
  contradiction_id: number;
  card_id: number;
}

export interface Database {
  compile_source: CompileSourceTable;
  compile_card: CompileCardTable;
  compile_card_node: CompileCardNodeTable;
  compile_contradiction: CompileContradictionTable;
  compile_contradiction_card: CompileContradictionCardTable;
}

// ── 评审: score sheets and evaluation campaigns (issue 13, migration 0016). Owned by the evaluation module. ──────────

export interface ScoreTemplateTable {
  id: Generated<number>;
  name: string;
  version: number;
  /** JSON `TScoreSheet` (src/shared/evaluation-score.ts). */
  definition_json: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface EvaluationCampaignTable {
  id: Generated<number>;
  /** yearbook_quality | fine_yearbook | resource_project */
  kind: string;
  title: string;
  year: number;
  /** Eligibility: only volumes of this year may enter; null = any. */
  volume_year: number | null;
  /** Eligibility: only publicly published volumes (0/1). */
  require_published: number;
  template_id: number;
  experts_per_entry: number;
  /** JSON `{ [grade]: quota }`. */
  quotas_json: string;
  /** call | first | second | final | notice | closed */
  stage: string;
  submit_deadline: string | null;
  notice_from: string | null;
  notice_to: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface EvaluationGroupTable {
  id: Generated<number>;
  campaign_id: number;
  name: string;
  entry_kind: string;
}

export interface EvaluationExpertTable {
  id: Generated<number>;
  campaign_id: number;
  user_id: number;
  /** The affiliation region (市州 or province-level unit) used for conflict avoidance. */
  region_unit_id: number;
  group_id: number | null;
}

export interface EvaluationEntryTable {
  id: Generated<number>;
  campaign_id: number;
  unit_id: number;
  region_unit_id: number;
  title: string;
  entry_kind: string;
  volume_year: number | null;
  published: number;
  publisher: string | null;
  group_id: number | null;
  file_name: string;
  file_bytes: Uint8Array;
  /** Text extracted (isolated) from the file, for error-rate sampling. */
  text: string;
  submitted_by: number | null;
  created_at: string;
}

export interface EvaluationAssignmentTable {
  id: Generated<number>;
  campaign_id: number;
  entry_id: number;
  expert_id: number;
  cross_group: number;
}

export interface ScoreSheetTable {
  id: Generated<number>;
  campaign_id: number;
  entry_id: number;
  expert_id: number;
  /** first | second (scores) | final (vote) */
  stage: string;
  /** JSON `TSheetMarks` (src/shared/evaluation.ts). */
  marks_json: string;
  /** 终评: 1 推荐, 0 不推荐, null not voted. */
  vote: number | null;
  submitted: number;
  updated_at: string;
}

export interface Database {
  score_template: ScoreTemplateTable;
  evaluation_campaign: EvaluationCampaignTable;
  evaluation_group: EvaluationGroupTable;
  evaluation_expert: EvaluationExpertTable;
  evaluation_entry: EvaluationEntryTable;
  evaluation_assignment: EvaluationAssignmentTable;
  score_sheet: ScoreSheetTable;
}

// ── Gaps of the 督办 loop (issue 10, migration 0020): a plan's 督办单 prefix, a task's own start date. ────────────────
// Merged into PlanSupervisionTable and TaskTable above by declaration merging.

export interface PlanSupervisionTable {
  /** 发文字号 prefix of this plan's 督办单 (吉志督); null = the default 督字. */
  doc_prefix: string | null;
}

export interface TaskTable {
  /** The task's own start (YYYY-MM-DD): planned progress counts from it; null = from the plan's issue date. */
  start_date: string | null;
}

// ── A 评审 campaign cancelled with a reason (issue 13 follow-up, migration 0021). Merged into EvaluationCampaignTable. ──

export interface EvaluationCampaignTable {
  /** When those who manage it cancelled the campaign; null while it runs. Nothing more may be done once set. */
  cancelled_at: string | null;
  /** The reason they gave, shown with the campaign. */
  cancel_reason: string | null;
}
