import type { Database } from './schema.ts';

/**
 * The one module that owns each table: only that module's `*.repository.ts` files query it; every other module reads
 * or changes it through the owner's exported functions. An owner is a folder under `src/server/modules/` (`org`) or
 * a part of the platform (`platform/auth`). Mirrored by the "Table owners" table at the end of docs/ARCHITECTURE.md;
 * `src/server/architecture.test.ts` checks that the two agree, that every table has an owner, and that no other file
 * queries a table.
 */
export const TABLE_OWNERS = {
  unit: 'org',
  unit_alias: 'org',
  app_user: 'users',
  user_role: 'users',
  session: 'platform/auth',
  audit_log: 'platform/audit',
  plan: 'workplan',
  plan_source: 'workplan',
  plan_section: 'workplan',
  task: 'workplan',
  task_unit: 'workplan',
  task_target: 'workplan',
  book: 'gazetteer',
  book_section: 'gazetteer',
  book_section_piece: 'gazetteer',
  plan_supervision: 'supervision',
  milestone: 'supervision',
  indicator: 'supervision',
  report: 'supervision',
  report_attachment: 'supervision',
  task_event: 'supervision',
  chase: 'supervision',
  extension_request: 'supervision',
  notification: 'notifications',
  delivery: 'notifications',
  setting: 'notifications',
  assessment_rule_set: 'assessment',
  quality_score: 'assessment',
  compile_project: 'compilation',
  compile_member: 'compilation',
  compile_node: 'compilation',
  compile_outline_change: 'compilation',
  compile_outline_revision: 'compilation',
  compile_draft_version: 'compilation',
  compile_assignment: 'compilation',
  compile_submission: 'compilation',
  compile_submission_item: 'compilation',
  task_ack: 'supervision',
  closure_request: 'supervision',
  instruction: 'supervision',
  instruction_reply: 'supervision',
  // Issue 14: 方志馆 and the offices' holdings, distribution, evaluation, printing; 资料年报.
  holding_import: 'library',
  holding_record: 'library',
  holding_issue: 'library',
  holding_copy: 'library',
  acq_fund: 'library',
  acq_order: 'library',
  acq_receipt: 'library',
  acq_claim: 'library',
  library_indicator_binding: 'library',
  distribution: 'library',
  shipment: 'library',
  eval_template: 'library',
  eval_assessment: 'library',
  eval_photo: 'library',
  eval_rectification: 'library',
  print_job: 'library',
  print_event: 'library',
  datareport_form: 'datareports',
  datareport_cycle: 'datareports',
  datareport_submission: 'datareports',
  saved_search: 'gazetteer',
  login_throttle: 'platform/auth',
  // 评审 (issue 13)
  review_manuscript: 'review',
  review_round: 'review',
  review_panel: 'review',
  review_opinion: 'review',
  book_change: 'gazetteer',
  // 编纂 资料 (migration 0019).
  compile_source: 'compilation',
  compile_card: 'compilation',
  compile_card_node: 'compilation',
  compile_contradiction: 'compilation',
  compile_contradiction_card: 'compilation',
  // Issue 13 (评审), the evaluation half: score sheets and evaluation campaigns.
  score_template: 'evaluation',
  evaluation_campaign: 'evaluation',
  evaluation_group: 'evaluation',
  evaluation_expert: 'evaluation',
  evaluation_entry: 'evaluation',
  evaluation_assignment: 'evaluation',
  score_sheet: 'evaluation',
} as const satisfies Record<keyof Database, string>;

export type TableName = keyof typeof TABLE_OWNERS;

/**
 * Read models: a module other than the owner that may SELECT (never write) a table in its own repository, because it
 * is the one place that reads across many tables for a view (e.g. a dashboard). Empty unless a module truly needs it.
 */
export const TABLE_READ_MODELS: Partial<Record<TableName, readonly string[]>> = {};
