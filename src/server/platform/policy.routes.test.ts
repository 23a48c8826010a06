import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TRole } from '../../shared/auth.ts';
import { TEST_DIALECTS } from '../test/test-db.ts';
import { createTestApp, type TestApp, type TestClient } from '../test/test-app.ts';

/**
 * Every endpoint, with a role that must not pass it. A new endpoint adds a row here; the server must answer 403 and
 * change nothing, whatever the web app shows.
 */
const FORBIDDEN: { method: string; path: string; body?: unknown; role: TRole }[] = [
  { method: 'GET', path: '/api/users', role: 'unit_staff' },
  { method: 'GET', path: '/api/users/1', role: 'local_staff' },
  { method: 'POST', path: '/api/users', body: { username: 'x1', displayName: 'x', password: 'long-enough', roles: ['admin'] }, role: 'supervisor' },
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
  // 任务督办: roadmaps and progress reports (the unit checks are tested in modules/reports).
  { method: 'PUT', path: '/api/plans/1/supervision', body: { cycle: 'monthly', dueDay: 25, yellowPoints: 10, redPoints: 30, remindDaysBefore: 3 }, role: 'unit_staff' },
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
  { method: 'POST', path: '/api/tasks/1/chases', body: { unitId: 1, level: 0, message: '请报送进展' }, role: 'unit_head' },
  { method: 'POST', path: '/api/tasks/1/chases', body: { unitId: 1, level: 1, message: '一级督办' }, role: 'leader' },
  { method: 'POST', path: '/api/chases/1/answer', body: { reply: '已办理' }, role: 'supervisor' },
  { method: 'POST', path: '/api/tasks/1/extensions', body: { newDate: '2023-12-31', reason: '需要更多时间' }, role: 'supervisor' },
  { method: 'GET', path: '/api/extensions', role: 'local_staff' },
  { method: 'POST', path: '/api/extensions/1/decision', body: { approve: true }, role: 'supervisor' },
  { method: 'POST', path: '/api/tasks/1/close', body: { evidence: '成果已交付' }, role: 'unit_head' },
  { method: 'POST', path: '/api/tasks/1/reopen', body: { reason: '复核' }, role: 'leader' },
  { method: 'POST', path: '/api/notifications/reminders/run', role: 'unit_staff' },
  { method: 'GET', path: '/api/settings/notifications', role: 'supervisor' },
  { method: 'PUT', path: '/api/settings/notifications', body: {}, role: 'leader' },
  { method: 'POST', path: '/api/settings/notifications/test', body: { channel: 'wecom' }, role: 'supervisor' },
];

/** Endpoints every signed-in role may use, but nobody without a session. */
const SIGNED_IN_ONLY: { method: string; path: string }[] = [
  { method: 'GET', path: '/api/auth/me' },
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
  { method: 'GET', path: '/api/saved-searches' },
  { method: 'POST', path: '/api/saved-searches' },
  { method: 'POST', path: '/api/saved-searches/history' },
  { method: 'DELETE', path: '/api/saved-searches/1' },
];

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
    const before = await t.deps.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const res = await clients.get(role)!.json<{ code: string; message: string }>(method, path, body);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'FORBIDDEN', message: '您没有执行此操作的权限。' });
    const after = await t.deps.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it.each([...FORBIDDEN, ...SIGNED_IN_ONLY])('$method $path → 401 without a session', async ({ method, path, ...rest }) => {
    expect((await t.anonymous().json(method, path, 'body' in rest ? rest.body : undefined)).status).toBe(401);
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
