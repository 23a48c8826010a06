import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TRole } from '../../shared/auth.ts';
import { TEST_DIALECTS } from '../test/test-db.ts';
import { createTestApp, type TestApp, type TestClient } from '../test/test-app.ts';
import { findAuditEntries } from './audit/audit.repository.ts';

interface Row {
  method: string;
  path: string;
}

/**
 * Every endpoint, with a role that must not pass it. A new endpoint adds a row here; the server must answer 403 and
 * change nothing, whatever the web app shows.
 */
const FORBIDDEN: { method: string; path: string; body?: unknown; role: TRole }[] = [
  { method: 'GET', path: '/api/users', role: 'unit_staff' },
  { method: 'GET', path: '/api/users/1', role: 'local_staff' },
  {
    method: 'POST',
    path: '/api/users',
    body: { username: 'x1', displayName: 'x', password: 'long-enough', roles: ['admin'] },
    role: 'supervisor',
  },
  { method: 'PATCH', path: '/api/users/1', body: { roles: ['unit_staff'] }, role: 'leader' },
  { method: 'POST', path: '/api/users/1/password', body: { password: 'long-enough-2' }, role: 'unit_head' },
  { method: 'POST', path: '/api/units', body: { name: '新处室', kind: 'department' }, role: 'supervisor' },
  { method: 'PATCH', path: '/api/units/1', body: { name: '改名' }, role: 'leader' },
  { method: 'DELETE', path: '/api/units/1', role: 'unit_head' },
  { method: 'POST', path: '/api/units/templates/jilin', role: 'leader' },
  { method: 'GET', path: '/api/audit', role: 'supervisor' },
  { method: 'POST', path: '/api/plans/preview', body: { text: '一、工作\n1.某项。（办公室）' }, role: 'unit_staff' },
  { method: 'POST', path: '/api/plans', body: { text: '一、工作\n1.某项。（办公室）' }, role: 'leader' },
  { method: 'POST', path: '/api/books', body: '', role: 'unit_head' },
  { method: 'PATCH', path: '/api/books/1', body: { title: '改名' }, role: 'leader' },
  { method: 'POST', path: '/api/books/1/publish', body: { published: true }, role: 'unit_staff' },
  { method: 'DELETE', path: '/api/books/1', role: 'local_staff' },
  // 任务督办: roadmaps and progress reports (the unit checks are tested in modules/supervision).
  {
    method: 'PUT',
    path: '/api/plans/1/supervision',
    body: { cycle: 'monthly', dueDay: 25, yellowPoints: 10, redPoints: 30, remindDaysBefore: 3 },
    role: 'unit_staff',
  },
  { method: 'PATCH', path: '/api/tasks/1', body: { isContinuous: true }, role: 'leader' },
  { method: 'POST', path: '/api/tasks/1/milestones', body: { name: '节点', dueDate: '2023-06-30' }, role: 'leader' },
  { method: 'PUT', path: '/api/milestones/1', body: { name: '节点', dueDate: '2023-06-30' }, role: 'local_staff' },
  { method: 'DELETE', path: '/api/milestones/1', role: 'leader' },
  { method: 'POST', path: '/api/milestones/1/reached', body: { reached: true }, role: 'leader' },
  { method: 'POST', path: '/api/tasks/1/indicators', body: { name: '指标', targetValue: 10 }, role: 'local_staff' },
  { method: 'POST', path: '/api/tasks/1/indicators/from-targets', role: 'leader' },
  { method: 'PUT', path: '/api/indicators/1', body: { name: '指标', targetValue: 10 }, role: 'leader' },
  { method: 'DELETE', path: '/api/indicators/1', role: 'local_staff' },
  { method: 'PUT', path: '/api/tasks/1/reports/2023-06', body: { progressText: '进展' }, role: 'leader' },
  { method: 'POST', path: '/api/reports/1/submit', role: 'supervisor' },
  { method: 'POST', path: '/api/reports/1/approve', body: {}, role: 'unit_staff' },
  { method: 'POST', path: '/api/reports/1/return', body: { comment: '退回' }, role: 'leader' },
  { method: 'POST', path: '/api/reports/1/attachments', body: '', role: 'leader' },
  { method: 'DELETE', path: '/api/attachments/1', role: 'local_staff' },
  { method: 'GET', path: '/api/plans/1/dashboard', role: 'unit_head' },
  { method: 'GET', path: '/api/plans/1/assessment/rules', role: 'unit_staff' },
  { method: 'PUT', path: '/api/plans/1/assessment/rules', body: {}, role: 'leader' },
  { method: 'PUT', path: '/api/plans/1/assessment/quality/1', body: { score: 80 }, role: 'supervisor' },
  { method: 'GET', path: '/api/plans/1/assessment/ranking', role: 'local_staff' },
  { method: 'GET', path: '/api/plans/1/assessment/ranking.xlsx', role: 'unit_head' },
  { method: 'GET', path: '/api/plans/1/export?kind=tasks&format=xlsx', role: 'unit_staff' },
  { method: 'GET', path: '/api/plans/1/export?kind=bulletin&format=docx&period=2023-06', role: 'unit_head' },
  { method: 'GET', path: '/api/plans/1/export?kind=summary&format=docx', role: 'local_staff' },
  { method: 'GET', path: '/api/plans/1/lights', role: 'local_staff' },
  { method: 'GET', path: '/api/tasks/1/chases', role: 'local_staff' },
  {
    method: 'POST',
    path: '/api/tasks/1/chases',
    body: { unitId: 1, level: 0, message: '请报送进展' },
    role: 'unit_head',
  },
  { method: 'POST', path: '/api/tasks/1/chases', body: { unitId: 1, level: 1, message: '一级督办' }, role: 'leader' },
  { method: 'POST', path: '/api/chases/1/answer', body: { reply: '已办理' }, role: 'supervisor' },
  {
    method: 'POST',
    path: '/api/tasks/1/extensions',
    body: { newDate: '2023-12-31', reason: '需要更多时间' },
    role: 'supervisor',
  },
  { method: 'GET', path: '/api/extensions', role: 'local_staff' },
  { method: 'POST', path: '/api/extensions/1/decision', body: { approve: true }, role: 'supervisor' },
  { method: 'POST', path: '/api/tasks/1/close', body: { evidence: '成果已交付' }, role: 'unit_head' },
  { method: 'POST', path: '/api/tasks/1/reopen', body: { reason: '复核' }, role: 'leader' },
  { method: 'POST', path: '/api/notifications/reminders/run', role: 'unit_staff' },
  { method: 'GET', path: '/api/settings/notifications', role: 'supervisor' },
  { method: 'PUT', path: '/api/settings/notifications', body: {}, role: 'leader' },
  { method: 'POST', path: '/api/settings/notifications/test', body: { channel: 'wecom' }, role: 'supervisor' },
  // 编纂: leaders read but never write; project roles on top are tested in modules/compilation.
  { method: 'GET', path: '/api/compilation/people', role: 'leader' },
  {
    method: 'POST',
    path: '/api/compilation/projects',
    body: { kind: 'chronicle', title: '某县志' },
    role: 'unit_staff',
  },
  { method: 'PATCH', path: '/api/compilation/projects/1', body: { title: '改名' }, role: 'leader' },
  { method: 'POST', path: '/api/compilation/projects/1/members', body: { userId: 1, role: 'writer' }, role: 'leader' },
  { method: 'DELETE', path: '/api/compilation/projects/1/members/1', role: 'leader' },
  {
    method: 'POST',
    path: '/api/compilation/projects/1/outline/nodes',
    body: { parentId: null, title: '新篇' },
    role: 'leader',
  },
  { method: 'PATCH', path: '/api/compilation/projects/1/outline/nodes/1', body: { title: '改名' }, role: 'leader' },
  { method: 'DELETE', path: '/api/compilation/projects/1/outline/nodes/1', role: 'leader' },
  {
    method: 'POST',
    path: '/api/compilation/projects/1/outline/nodes/1/move',
    body: { parentId: null },
    role: 'leader',
  },
  {
    method: 'POST',
    path: '/api/compilation/projects/1/outline/nodes/1/split',
    body: { title: '拆出' },
    role: 'leader',
  },
  { method: 'POST', path: '/api/compilation/projects/1/outline/nodes/1/merge', body: { otherId: 2 }, role: 'leader' },
  {
    method: 'POST',
    path: '/api/compilation/projects/1/outline/preview',
    body: { text: '第一章 自然' },
    role: 'leader',
  },
  { method: 'POST', path: '/api/compilation/projects/1/outline/import', body: { headings: [] }, role: 'leader' },
  { method: 'POST', path: '/api/compilation/projects/1/outline/submit', role: 'leader' },
  {
    method: 'POST',
    path: '/api/compilation/projects/1/outline/revisions/1/decision',
    body: { approve: true },
    role: 'leader',
  },
  { method: 'POST', path: '/api/compilation/projects/1/nodes/1/drafts', body: { html: '<p>稿</p>' }, role: 'leader' },
  { method: 'POST', path: '/api/compilation/projects/1/nodes/1/drafts/import', body: '', role: 'leader' },
  { method: 'POST', path: '/api/compilation/projects/1/drafts/1/restore', role: 'leader' },
  { method: 'POST', path: '/api/compilation/projects/1/nodes/1/status', body: { status: 'final' }, role: 'leader' },
  { method: 'PUT', path: '/api/compilation/projects/1/rules', body: {}, role: 'leader' },
  {
    method: 'POST',
    path: '/api/compilation/projects/1/assignments',
    body: { nodeId: 1, kind: 'write', unitId: 1, dueDate: '2030-01-01' },
    role: 'leader',
  },
  { method: 'POST', path: '/api/compilation/projects/1/assignments/1/done', body: { done: true }, role: 'leader' },
  { method: 'DELETE', path: '/api/compilation/projects/1/assignments/1', role: 'leader' },
  { method: 'POST', path: '/api/compilation/projects/1/submissions', body: { title: '送审稿' }, role: 'leader' },
  { method: 'POST', path: '/api/compilation/projects/1/publish', body: {}, role: 'unit_head' },
  // The 督办 loop (issue 10): 签收, 申请办结, 领导批示.
  { method: 'GET', path: '/api/tasks/1/loop', role: 'local_staff' },
  { method: 'POST', path: '/api/tasks/1/ack', role: 'supervisor' },
  { method: 'GET', path: '/api/plans/1/acks', role: 'unit_staff' },
  { method: 'POST', path: '/api/chases/1/ack', role: 'leader' },
  { method: 'POST', path: '/api/tasks/1/closure-requests', body: { evidence: '已全部完成' }, role: 'supervisor' },
  { method: 'GET', path: '/api/closure-requests', role: 'local_staff' },
  { method: 'POST', path: '/api/closure-requests/1/decision', body: { approve: true }, role: 'unit_head' },
  { method: 'POST', path: '/api/tasks/1/instructions', body: { text: '请加快进度' }, role: 'supervisor' },
  { method: 'POST', path: '/api/instructions/1/replies', body: { text: '已落实' }, role: 'leader' },
  { method: 'GET', path: '/api/chases/1/document.docx', role: 'local_staff' },
  { method: 'GET', path: '/api/plans/1/overdue', role: 'unit_head' },
  {
    method: 'POST',
    path: '/api/plans/1/overdue/chase',
    body: { period: '2023-06', message: '请尽快报送' },
    role: 'leader',
  },
  { method: 'GET', path: '/api/plans/1/overdue.xlsx', role: 'unit_staff' },
  // 评审 (issue 13): organising rounds and answering opinions is for the offices; leaders and experts never do.
  {
    method: 'POST',
    path: '/api/review/rounds',
    body: { stage: 'first_review', submissionId: 1, conveningBody: '省志办' },
    role: 'leader',
  },
  { method: 'PATCH', path: '/api/review/rounds/1', body: { meetingDate: '2023-05-01' }, role: 'leader' },
  { method: 'POST', path: '/api/review/rounds/1/transition', body: { action: 'start' }, role: 'expert' },
  { method: 'POST', path: '/api/review/rounds/1/panel', body: { userId: 1, role: 'external' }, role: 'leader' },
  {
    method: 'POST',
    path: '/api/review/rounds/1/panel/1/reinvite',
    body: { dueDate: '2023-05-01' },
    role: 'expert',
  },
  { method: 'DELETE', path: '/api/review/rounds/1/panel/1', role: 'leader' },
  { method: 'PUT', path: '/api/review/opinions/1/response', body: { response: 'adopted' }, role: 'expert' },
  { method: 'GET', path: '/api/review/people', role: 'expert' },
  { method: 'POST', path: '/api/review/manuscripts', body: '', role: 'leader' },
  // Gaps of the 督办 loop (issue 10): 催签收 and a task's own start date are the supervisors'.
  { method: 'POST', path: '/api/plans/1/acks/remind', body: {}, role: 'unit_head' },
  { method: 'POST', path: '/api/plans/1/acks/remind', body: { taskId: 1 }, role: 'leader' },
  { method: 'PUT', path: '/api/tasks/1/start-date', body: { startDate: '2023-04-01' }, role: 'unit_head' },
  { method: 'PUT', path: '/api/tasks/1/start-date', body: { startDate: null }, role: 'leader' },
  // 方志馆 and the offices (issue 14); the region rule (市州 / county) is tested in modules/library.
  { method: 'POST', path: '/api/library/holdings', body: { type: '志书', title: '某志' }, role: 'leader' },
  { method: 'PATCH', path: '/api/library/holdings/1', body: { type: '志书', title: '某志' }, role: 'leader' },
  { method: 'DELETE', path: '/api/library/holdings/1', role: 'leader' },
  { method: 'POST', path: '/api/library/holdings/1/issues', body: { year: 2023, label: '第1期' }, role: 'leader' },
  {
    method: 'POST',
    path: '/api/library/holdings/1/copies',
    body: { barcode: 'X1', acquisition: '购买', acquiredOn: '2023-01-01' },
    role: 'leader',
  },
  { method: 'PATCH', path: '/api/library/copies/1', body: { status: '遗失' }, role: 'leader' },
  { method: 'DELETE', path: '/api/library/copies/1', role: 'leader' },
  { method: 'POST', path: '/api/library/imports/preview', body: '', role: 'leader' },
  { method: 'POST', path: '/api/library/imports', body: '', role: 'leader' },
  { method: 'POST', path: '/api/library/imports/1/rollback', role: 'leader' },
  { method: 'GET', path: '/api/library/funds', role: 'local_staff' },
  {
    method: 'POST',
    path: '/api/library/funds',
    body: { year: 2023, name: '购书经费', amount: 1000 },
    role: 'local_staff',
  },
  { method: 'GET', path: '/api/library/orders', role: 'local_staff' },
  {
    method: 'POST',
    path: '/api/library/orders',
    body: {
      fundId: 1,
      recordId: 1,
      vendor: '书店',
      quantity: 1,
      unitPrice: 1,
      orderedOn: '2023-01-01',
      expectedBy: '2023-02-01',
    },
    role: 'leader',
  },
  {
    method: 'POST',
    path: '/api/library/orders/1/receipts',
    body: { quantity: 1, receivedOn: '2023-01-01' },
    role: 'local_staff',
  },
  { method: 'POST', path: '/api/library/orders/1/claims', body: { note: '催缺' }, role: 'leader' },
  {
    method: 'PUT',
    path: '/api/library/indicators',
    body: { indicatorId: 1, metric: 'holdings_total', year: 2023 },
    role: 'unit_staff',
  },
  { method: 'DELETE', path: '/api/library/indicators/1', role: 'unit_head' },
  {
    method: 'POST',
    path: '/api/library/distributions',
    body: { recordId: 1, formula: { city: 1 } },
    role: 'local_staff',
  },
  { method: 'POST', path: '/api/library/distributions/1/reminders', role: 'leader' },
  { method: 'POST', path: '/api/library/shipments/1/receipt', body: { receivedQuantity: 1 }, role: 'leader' },
  {
    method: 'POST',
    path: '/api/datareports/forms',
    body: { name: '表', definition: { fields: [{ key: 'a', label: 'a', type: 'integer' }] } },
    role: 'local_staff',
  },
  {
    method: 'PATCH',
    path: '/api/datareports/forms/1',
    body: { name: '表', definition: { fields: [{ key: 'a', label: 'a', type: 'integer' }] } },
    role: 'leader',
  },
  {
    method: 'POST',
    path: '/api/datareports/cycles',
    body: { formId: 1, year: 2023, title: '年报', deadline: '2024-03-31' },
    role: 'local_staff',
  },
  { method: 'PUT', path: '/api/datareports/cycles/1/mine', body: { values: {} }, role: 'unit_staff' },
  { method: 'POST', path: '/api/datareports/cycles/1/mine/upload', body: '', role: 'supervisor' },
  { method: 'POST', path: '/api/datareports/cycles/1/mine/submit', role: 'leader' },
  { method: 'POST', path: '/api/datareports/submissions/1/review', body: { approve: true }, role: 'leader' },
  { method: 'POST', path: '/api/library/evaluation/templates', body: {}, role: 'local_staff' },
  { method: 'POST', path: '/api/library/evaluations', body: { templateId: 1, year: 2023 }, role: 'unit_staff' },
  { method: 'PUT', path: '/api/library/evaluations/1/self', body: { scores: {} }, role: 'supervisor' },
  { method: 'POST', path: '/api/library/evaluations/1/review', body: { approve: true }, role: 'leader' },
  { method: 'PUT', path: '/api/library/evaluations/1/onsite', body: { scores: {} }, role: 'local_staff' },
  { method: 'POST', path: '/api/library/evaluations/1/photos', body: '', role: 'local_staff' },
  { method: 'POST', path: '/api/library/evaluations/1/grade', body: {}, role: 'leader' },
  { method: 'POST', path: '/api/library/rectifications/1/done', body: { note: '已整改' }, role: 'unit_staff' },
  { method: 'GET', path: '/api/library/print-jobs', role: 'local_staff' },
  { method: 'POST', path: '/api/library/print-jobs', body: {}, role: 'leader' },
  {
    method: 'POST',
    path: '/api/library/print-jobs/1/events',
    body: { kind: 'proof', text: '一校', onDate: '2023-01-01' },
    role: 'local_staff',
  },
  { method: 'POST', path: '/api/library/print-jobs/1/press', role: 'leader' },
  { method: 'POST', path: '/api/library/print-jobs/1/accept', role: 'local_staff' },
  { method: 'POST', path: '/api/library/print-findings/1/resolve', role: 'leader' },
  // 编纂 资料 (sources, cards, 资料长编, contradictions): leaders read but never write.
  { method: 'POST', path: '/api/compilation/projects/1/sources', body: { kind: 'web', title: '网页' }, role: 'leader' },
  { method: 'POST', path: '/api/compilation/projects/1/cards', body: { sourceId: 1, text: '摘录' }, role: 'leader' },
  { method: 'PUT', path: '/api/compilation/projects/1/cards/1', body: { sourceId: 1, text: '摘录' }, role: 'leader' },
  { method: 'DELETE', path: '/api/compilation/projects/1/cards/1', role: 'leader' },
  {
    method: 'PUT',
    path: '/api/compilation/projects/1/sources/1',
    body: { kind: 'web', title: '网页' },
    role: 'leader',
  },
  { method: 'DELETE', path: '/api/compilation/projects/1/sources/1', role: 'leader' },
  {
    method: 'POST',
    path: '/api/compilation/projects/1/contradictions',
    body: { fact: '建县时间', cardIds: [1, 2] },
    role: 'leader',
  },
  {
    method: 'POST',
    path: '/api/compilation/projects/1/contradictions/1/resolve',
    body: { chosenCardId: 1, reason: '以档案为准' },
    role: 'leader',
  },
  {
    method: 'PUT',
    path: '/api/compilation/projects/1/nodes/1/source-compilation',
    body: { entries: [] },
    role: 'leader',
  },
  // 评审 (issue 13): score sheets and evaluation campaigns (expert isolation is tested in modules/evaluation).
  { method: 'GET', path: '/api/evaluation/templates', role: 'local_staff' },
  { method: 'POST', path: '/api/evaluation/templates', body: {}, role: 'expert' },
  { method: 'PUT', path: '/api/evaluation/templates/1', body: {}, role: 'leader' },
  { method: 'GET', path: '/api/evaluation/expert-candidates', role: 'expert' },
  { method: 'POST', path: '/api/evaluation/campaigns', body: {}, role: 'local_staff' },
  { method: 'POST', path: '/api/evaluation/campaigns/1/groups', body: {}, role: 'expert' },
  { method: 'POST', path: '/api/evaluation/campaigns/1/experts', body: {}, role: 'leader' },
  { method: 'POST', path: '/api/evaluation/campaigns/1/assign', role: 'local_staff' },
  { method: 'POST', path: '/api/evaluation/campaigns/1/stage', body: { stage: 'first' }, role: 'expert' },
  { method: 'POST', path: '/api/evaluation/campaigns/1/entries', body: '', role: 'unit_staff' },
  { method: 'GET', path: '/api/evaluation/campaigns/1/scores.xlsx', role: 'expert' },
  { method: 'GET', path: '/api/evaluation/campaigns/1/bulletin.docx', role: 'local_staff' },
  { method: 'PATCH', path: '/api/evaluation/entries/1', body: { groupId: null }, role: 'expert' },
  { method: 'PUT', path: '/api/evaluation/entries/1/sheet', body: { marks: {} }, role: 'supervisor' },
  { method: 'POST', path: '/api/evaluation/entries/1/vote', body: { recommend: true }, role: 'local_staff' },
  // 评审 follow-up: cancelling a campaign (managers only) and an office withdrawing its own entry.
  { method: 'POST', path: '/api/evaluation/campaigns/1/cancel', body: { reason: '改期' }, role: 'expert' },
  { method: 'DELETE', path: '/api/evaluation/entries/1', role: 'unit_staff' },
];

/** Endpoints every signed-in role may use, but nobody without a session. */
const SIGNED_IN_ONLY: { method: string; path: string; body?: unknown }[] = [
  { method: 'GET', path: '/api/auth/me' },
  { method: 'GET', path: '/api/my/todo' },
  { method: 'POST', path: '/api/auth/password', body: { currentPassword: 'whatever-1', newPassword: 'whatever-2' } },
  { method: 'POST', path: '/api/auth/logout' },
  { method: 'GET', path: '/api/units' },
  { method: 'GET', path: '/api/plans' },
  { method: 'GET', path: '/api/plans/1' },
  { method: 'GET', path: '/api/plans/1/source' },
  { method: 'GET', path: '/api/notifications' },
  { method: 'POST', path: '/api/notifications/read-all' },
  { method: 'POST', path: '/api/notifications/1/read' },
  { method: 'GET', path: '/api/plans/1/supervision' },
  { method: 'GET', path: '/api/my/tasks' },
  { method: 'GET', path: '/api/tasks/1' },
  { method: 'GET', path: '/api/tasks/1/milestones' },
  { method: 'GET', path: '/api/tasks/1/indicators' },
  { method: 'GET', path: '/api/reports/1' },
  { method: 'GET', path: '/api/attachments/1' },
  { method: 'GET', path: '/api/plans/1/gantt' },
  { method: 'GET', path: '/api/compilation/projects' },
  { method: 'GET', path: '/api/compilation/projects/1' },
  { method: 'GET', path: '/api/compilation/projects/1/plan.docx' },
  { method: 'GET', path: '/api/compilation/projects/1/outline' },
  { method: 'GET', path: '/api/compilation/projects/1/outline/changes' },
  { method: 'GET', path: '/api/compilation/projects/1/outline/revisions' },
  { method: 'GET', path: '/api/compilation/projects/1/nodes/1/drafts' },
  { method: 'GET', path: '/api/compilation/projects/1/nodes/1/diff?from=1&to=2' },
  { method: 'GET', path: '/api/compilation/projects/1/export?format=docx' },
  { method: 'GET', path: '/api/compilation/projects/1/check' },
  { method: 'GET', path: '/api/compilation/projects/1/rules' },
  { method: 'GET', path: '/api/compilation/projects/1/assignments' },
  { method: 'GET', path: '/api/compilation/projects/1/progress' },
  { method: 'GET', path: '/api/compilation/my/assignments' },
  { method: 'GET', path: '/api/compilation/tasks/1/progress' },
  { method: 'GET', path: '/api/compilation/projects/1/submissions' },
  { method: 'GET', path: '/api/compilation/projects/1/checklist' },
  { method: 'GET', path: '/api/compilation/submissions/1' },
  { method: 'GET', path: '/api/library/holdings' },
  { method: 'GET', path: '/api/library/holdings/counts' },
  { method: 'GET', path: '/api/library/holdings/union' },
  { method: 'GET', path: '/api/library/holdings/export?format=xlsx' },
  { method: 'GET', path: '/api/library/holdings/1' },
  { method: 'GET', path: '/api/library/imports' },
  { method: 'GET', path: '/api/library/indicators' },
  { method: 'GET', path: '/api/library/distributions' },
  { method: 'GET', path: '/api/library/distributions/coverage' },
  { method: 'GET', path: '/api/library/distributions/1' },
  { method: 'GET', path: '/api/library/distributions/1/packing-lists' },
  { method: 'GET', path: '/api/library/shipments/mine' },
  { method: 'GET', path: '/api/datareports/forms' },
  { method: 'GET', path: '/api/datareports/cycles' },
  { method: 'GET', path: '/api/datareports/cycles/1' },
  { method: 'GET', path: '/api/datareports/cycles/1/template' },
  { method: 'GET', path: '/api/datareports/cycles/1/rollup' },
  { method: 'GET', path: '/api/datareports/cycles/1/statistics' },
  { method: 'GET', path: '/api/datareports/cycles/1/mine' },
  { method: 'GET', path: '/api/datareports/trend?formId=1&field=a' },
  { method: 'GET', path: '/api/library/evaluation/templates' },
  { method: 'GET', path: '/api/library/evaluations' },
  { method: 'GET', path: '/api/library/evaluations/1' },
  { method: 'GET', path: '/api/library/evaluation-photos/1' },
  { method: 'GET', path: '/api/library/evaluations/1/certificate' },
  { method: 'GET', path: '/api/saved-searches' },
  { method: 'POST', path: '/api/saved-searches' },
  { method: 'POST', path: '/api/saved-searches/history' },
  { method: 'DELETE', path: '/api/saved-searches/1' },
  // 评审 (issue 13): every role reads and opines; which rounds is the panel/project check in modules/review (404 outside).
  { method: 'GET', path: '/api/review/rounds' },
  { method: 'GET', path: '/api/review/rounds/1' },
  { method: 'POST', path: '/api/review/rounds/1/conflict', body: { conflict: false } },
  { method: 'GET', path: '/api/review/rounds/1/text' },
  { method: 'GET', path: '/api/review/rounds/1/opinions' },
  {
    method: 'POST',
    path: '/api/review/rounds/1/opinions',
    body: { anchor: { kind: 'book' }, category: '体例', severity: 'suggest', text: '意见' },
  },
  { method: 'POST', path: '/api/review/rounds/1/decision', body: { decision: 'pass', text: '同意' } },
  { method: 'POST', path: '/api/review/rounds/1/sign', body: { password: 'x' } },
  { method: 'GET', path: '/api/review/rounds/1/opinion-letter.docx' },
  { method: 'GET', path: '/api/review/rounds/1/revision-notes.docx' },
  { method: 'GET', path: '/api/review/rounds/1/manuscript' },
  // 编纂 资料: every compile role reads; project roles, units and 密级 are tested in modules/compilation.
  { method: 'GET', path: '/api/compilation/projects/1/materials' },
  { method: 'GET', path: '/api/compilation/projects/1/contradictions' },
  { method: 'GET', path: '/api/compilation/projects/1/nodes/1/source-compilation' },
  { method: 'GET', path: '/api/compilation/projects/1/nodes/1/source-compilation.docx' },
  { method: 'GET', path: '/api/compilation/projects/1/nodes/1/provenance' },
  // 评审 (issue 13): every role reads campaigns; campaign-access.ts decides which ones and which entries.
  { method: 'GET', path: '/api/evaluation/campaigns' },
  { method: 'GET', path: '/api/evaluation/campaigns/1' },
  { method: 'GET', path: '/api/evaluation/entries/1' },
  { method: 'GET', path: '/api/evaluation/entries/1/file' },
  // 评审 follow-up: the author edits or withdraws their own open opinion (the author check is in modules/review).
  {
    method: 'PATCH',
    path: '/api/review/opinions/1',
    body: { category: '体例', severity: 'suggest', visibility: 'writers', text: '意见' },
  },
  { method: 'DELETE', path: '/api/review/opinions/1' },
];

/** Endpoints anyone may use without a session: signing in, and the public gazetteer (published books only). */
const PUBLIC: (Row & { body?: unknown })[] = [
  { method: 'GET', path: '/api/health' },
  { method: 'POST', path: '/api/auth/login', body: { username: 'nobody', password: 'wrong-password' } },
  { method: 'GET', path: '/api/books' },
  { method: 'GET', path: '/api/books/1' },
  { method: 'GET', path: '/api/books/1/sections/1' },
  { method: 'GET', path: '/api/books/1/sections/1/citation' },
  { method: 'GET', path: '/api/search?q=志' },
  { method: 'GET', path: '/api/search/variants?q=志' },
  { method: 'GET', path: '/api/search/kwic?q=志' },
  { method: 'GET', path: '/api/docs' },
  // The scholars' gazetteer (issue 16): browsing, parallel reading, glyph lists and fonts, bibliographic export.
  { method: 'GET', path: '/api/books/browse' },
  { method: 'GET', path: '/api/books/parallel?left=1&right=2' },
  { method: 'GET', path: '/api/books/1/glyphs' },
  { method: 'GET', path: '/api/books/1/export?format=bibtex' },
  { method: 'GET', path: '/api/glyphs/status' },
  { method: 'GET', path: '/api/glyphs/font.woff2?chars=%E5%B1%B1' },
];

/** `/api/users/:id` → a pattern that `/api/users/1` matches. */
function routePattern(path: string): RegExp {
  const escaped = path.replace(/[.+*?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_]+/g, '[^/]+');
  return new RegExp(`^${escaped}$`);
}

const covers = (row: Row, endpoint: Row) =>
  row.method === endpoint.method && routePattern(endpoint.path).test(row.path.split('?')[0]!);

describe('the tables above list every endpoint of the app', () => {
  it('has a row for each /api endpoint, and each row names an endpoint that exists', async () => {
    const t = await createTestApp('sqlite');
    try {
      const endpoints = [
        ...new Map(
          t.app.routes
            .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL')
            .map((r) => [`${r.method} ${r.path}`, { method: r.method, path: r.path }] as const),
        ).values(),
      ];
      expect(endpoints.length).toBeGreaterThan(50);
      const rows: Row[] = [...FORBIDDEN, ...SIGNED_IN_ONLY, ...PUBLIC];
      const unlisted = endpoints.filter((e) => !rows.some((row) => covers(row, e))).map((e) => `${e.method} ${e.path}`);
      expect(
        unlisted,
        'endpoints missing from policy.routes.test.ts (add a row: a role that must get 403, or SIGNED_IN_ONLY/PUBLIC)',
      ).toEqual([]);
      const stale = rows.filter((row) => !endpoints.some((e) => covers(row, e))).map((r) => `${r.method} ${r.path}`);
      expect(stale, 'rows naming no endpoint of the app').toEqual([]);
    } finally {
      await t.close();
    }
  });
});

describe.each(TEST_DIALECTS)('policy on every endpoint (%s)', (dialect) => {
  let t: TestApp;
  const clients = new Map<TRole, TestClient>();
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const admin = await t.signIn('root', ['admin']);
    await admin.json('POST', '/api/units', { name: '某处', kind: 'department' });
    for (const role of new Set(FORBIDDEN.map((f) => f.role))) clients.set(role, await t.signIn(`u_${role}`, [role]));
  });
  afterAll(async () => t.close());

  it.each(FORBIDDEN)('$method $path → 403 for $role', async ({ method, path, body, role }) => {
    const auditSize = async () => (await findAuditEntries(t.deps.db, { page: 1, pageSize: 1 })).total;
    const before = await auditSize();
    const res = await clients.get(role)!.json<{ code: string; message: string }>(method, path, body);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'FORBIDDEN', message: '您没有执行此操作的权限。' });
    expect(await auditSize()).toBe(before);
  });

  it.each([...FORBIDDEN, ...SIGNED_IN_ONLY])(
    '$method $path → 401 without a session',
    async ({ method, path, ...rest }) => {
      expect((await t.anonymous().json(method, path, 'body' in rest ? rest.body : undefined)).status).toBe(401);
    },
  );

  it.each(PUBLIC)('$method $path is open without a session', async ({ method, path, body }) => {
    const res = await t.anonymous().json<{ code?: string }>(method, path, body);
    expect(res.body.code ?? 'no error').not.toMatch(/^(UNAUTHENTICATED|FORBIDDEN)$/);
  });
});

// ── Scholars' gazetteer (issue 16): public reads answer anonymous readers over published books only (no 401/403). ──
const PUBLIC_READS: { path: string; status: number }[] = [
  { path: '/api/books/browse', status: 200 },
  { path: '/api/books/browse?region=220000&period=%E6%B8%85', status: 200 },
  { path: '/api/books/1/export?format=bibtex', status: 404 },
  { path: '/api/books/1/sections/1/citation?line=001-1a.1', status: 404 },
  { path: '/api/glyphs/status', status: 200 },
  { path: '/api/books/1/glyphs', status: 404 },
  { path: '/api/books/parallel?left=1&right=2', status: 404 },
  { path: '/api/glyphs/font.woff2?chars=%E5%B1%B1', status: 400 },
];

describe.each(TEST_DIALECTS)('public gazetteer reads (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it.each(PUBLIC_READS)('GET $path → $status without a session', async ({ path, status }) => {
    expect((await t.anonymous().json('GET', path)).status).toBe(status);
  });
});
