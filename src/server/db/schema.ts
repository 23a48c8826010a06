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
  text: string;
  anchors_json: string;
  notes_json: string;
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
