import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TNotificationPage } from '../../../../shared/notifications.ts';
import type { TAttachment, TMilestone, TMyTasks, TReport, TTaskView } from '../../../../shared/reports.ts';
import { TEST_DIALECTS } from '../../../test/test-db.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { readAuditLog } from '../../../test/audit-log.ts';
import { ATTACHMENT_MAX_BYTES } from '../rules/attachment-type.ts';
import { findTaskEvents } from '../task-events.repository.ts';
import { findAttachmentInfos, findReportsOfTask } from './reports.repository.ts';
import {
  buildWorld,
  EXE_BYTES,
  fileForm,
  PDF_BYTES,
  setToday,
  type World,
  WORLD_TIMEOUT,
} from '../../../test/world.ts';

type Err = { code: string; message: string };

describe.each(TEST_DIALECTS)('progress reports and their approval (%s)', (dialect) => {
  let t: TestApp;
  let w: World;
  let task: number;
  let staff: TestClient;
  let head: TestClient;
  /** Rows of this test's task, read through the supervision repositories: each test works on a plan of its own. */
  const count = async (table: 'report' | 'report_attachment' | 'task_event') => {
    const db = t.deps.db;
    if (table === 'task_event') return (await findTaskEvents(db, task)).length;
    const reports = await findReportsOfTask(db, task);
    if (table === 'report') return reports.length;
    return (
      await findAttachmentInfos(
        db,
        reports.map((r) => r.id),
      )
    ).length;
  };

  // One world per file: the committee, units and people once; each test imports its own copy of the plan.
  beforeAll(async () => {
    t = await createTestApp(dialect);
    setToday(t, '2024-07-10');
    w = await buildWorld(t);
    staff = await w.user('zl', ['unit_staff'], '资料科');
    head = await w.user('zl_head', ['unit_head'], '资料科');
  }, WORLD_TIMEOUT);
  beforeEach(async () => {
    task = (await w.freshPlan()).tasks['4']!;
  });
  afterAll(async () => t.close());

  const draft = (over: Record<string, unknown> = {}) => ({
    progressText: '已征集地情资料186件，完成入库登记120件。',
    percent: 60,
    problems: '部分捐赠者手续未齐。',
    nextSteps: '8月底前完成登记。',
    ...over,
  });

  it('walks draft → submit → return → resubmit → approve, keeps every step on the timeline and in the audit log', async () => {
    const milestone = (
      await staff.json<TMilestone>('POST', `/api/tasks/${task}/milestones`, {
        name: '完成征集方案',
        dueDate: '2024-06-30',
      })
    ).body;
    const [indicator] = (await staff.json<{ id: number }[]>('POST', `/api/tasks/${task}/indicators/from-targets`)).body;
    const saved = await staff.json<TReport>(
      'PUT',
      `/api/tasks/${task}/reports/2024-06`,
      draft({ milestonesReached: [milestone.id], indicatorActuals: [{ indicatorId: indicator!.id, value: 186 }] }),
    );
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      status: 'draft',
      role: 'lead',
      percent: 60,
      periodLabel: '2024年6月',
      unitName: '资料科',
    });
    const again = await staff.json<TReport>(
      'PUT',
      `/api/tasks/${task}/reports/2024-06`,
      draft({
        percent: 65,
        milestonesReached: [milestone.id],
        indicatorActuals: [{ indicatorId: indicator!.id, value: 186 }],
      }),
    );
    expect(again.body.id).toBe(saved.body.id);
    const id = saved.body.id;

    expect((await staff.json<TReport>('POST', `/api/reports/${id}/submit`)).body.status).toBe('submitted');
    const frozen = await staff.json<Err>('PUT', `/api/tasks/${task}/reports/2024-06`, draft({ percent: 90 }));
    expect(frozen.status).toBe(409);
    const returned = await head.json<TReport>('POST', `/api/reports/${id}/return`, {
      comment: '请补充入库登记的具体数字。',
    });
    expect(returned.body).toMatchObject({
      status: 'returned',
      decisionComment: '请补充入库登记的具体数字。',
      decidedBy: '测试zl_head',
    });
    expect((await head.json<Err>('POST', `/api/reports/${id}/return`, { comment: '' })).status).toBe(409);

    const mine = (await staff.json<TMyTasks>('GET', '/api/my/tasks')).body;
    expect(mine.returned.filter((r) => r.taskId === task)).toEqual([
      expect.objectContaining({ reportId: id, number: '4', comment: '请补充入库登记的具体数字。' }),
    ]);
    await staff.json(
      'PUT',
      `/api/tasks/${task}/reports/2024-06`,
      draft({
        progressText: '已征集186件，入库登记120件（其中图书90件）。',
        percent: 65,
        milestonesReached: [milestone.id],
        indicatorActuals: [{ indicatorId: indicator!.id, value: 186 }],
      }),
    );
    // Resubmitted, the report waits for a new decision; the return and its comment stay on the timeline.
    expect((await staff.json<TReport>('POST', `/api/reports/${id}/submit`)).body).toMatchObject({
      status: 'submitted',
      decisionComment: null,
      decidedBy: null,
    });
    expect(
      (await head.json<TMyTasks>('GET', '/api/my/tasks')).body.pending.filter((p) => p.taskId === task),
    ).toHaveLength(1);
    const approved = await head.json<TReport>('POST', `/api/reports/${id}/approve`, { comment: '同意。' });
    expect(approved.body.status).toBe('approved');

    const view = (await staff.json<TTaskView>('GET', `/api/tasks/${task}`)).body;
    expect(view.milestones[0]!.reachedAt).toBe('2024-07-10');
    expect(view.indicators[0]).toMatchObject({ actual: 186, actuals: [{ period: '2024-06', value: 186 }] });
    expect(view.health).toMatchObject({ actual: 65 });
    expect(view.events.map((e) => e.kind)).toEqual([
      'milestone_added',
      'indicator_added',
      'report_submitted',
      'report_returned',
      'report_resubmitted',
      'report_approved',
    ]);
    expect(view.events[2]).toMatchObject({
      summary: '资料科提交2024年6月进展（完成 65%）',
      detail: expect.objectContaining({ progressText: draft().progressText }),
    });
    expect(view.events[3]!.summary).toMatch(/处室负责人退回.*请补充入库登记的具体数字/);
    expect(view.events[4]!.detail).toMatchObject({ progressText: '已征集186件，入库登记120件（其中图书90件）。' });
    expect(view.events[5]!.summary).toMatch(/审核通过资料科2024年6月进展（完成 65%）；节点“完成征集方案”完成/);
    const audit = (await readAuditLog(w.admin, { entityType: 'report' })).filter((a) => a.entityId === String(id));
    expect(audit.map((a) => a.action)).toEqual([
      'report.save',
      'report.save',
      'report.submit',
      'report.return',
      'report.save',
      'report.submit',
      'report.approve',
    ]);

    // An approved report is frozen until someone returns it; the supervisor may.
    const edit = await staff.json<Err>('PUT', `/api/tasks/${task}/reports/2024-06`, draft({ percent: 99 }));
    expect(edit.status).toBe(409);
    expect(edit.body.message).toMatch(/已审核通过，不能再修改/);
    expect(
      (await staff.json<Err>('POST', `/api/reports/${id}/attachments`, fileForm('补充.pdf', PDF_BYTES))).status,
    ).toBe(409);
    expect((await staff.json<TReport>('GET', `/api/reports/${id}`)).body).toMatchObject({
      status: 'approved',
      percent: 65,
    });
    const reopened = await w.supervisor.json<TReport>('POST', `/api/reports/${id}/return`, {
      comment: '数字与统计表不一致，请核实。',
    });
    expect(reopened.body.status).toBe('returned');
    expect(
      (await staff.json<TReport>('PUT', `/api/tasks/${task}/reports/2024-06`, draft({ percent: 62 }))).body.percent,
    ).toBe(62);
  });

  it('tells the head when a report arrives and the 联络员 when it comes back or is approved; a double submit changes nothing', async () => {
    const inbox = async (c: TestClient) =>
      (await c.json<TNotificationPage>('GET', '/api/notifications?unreadOnly=true&pageSize=100')).body.items;
    await head.json('POST', '/api/notifications/read-all');
    await staff.json('POST', '/api/notifications/read-all');
    const id = (await staff.json<TReport>('PUT', `/api/tasks/${task}/reports/2024-06`, draft())).body.id;
    const first = await staff.json<TReport>('POST', `/api/reports/${id}/submit`);
    const second = await staff.json<TReport>('POST', `/api/reports/${id}/submit`);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body.status).toBe('submitted');
    const toHead = await inbox(head);
    expect(toHead).toHaveLength(1);
    expect(toHead[0]).toMatchObject({
      kind: 'report_submitted',
      link: `/supervision/tasks/${task}`,
      title: expect.stringMatching(/待审核：第4项任务2024年6月进展/),
    });
    expect(await inbox(staff)).toEqual([]);
    const events = (await staff.json<TTaskView>('GET', `/api/tasks/${task}`)).body.events.filter(
      (e) => e.kind === 'report_submitted',
    );
    expect(events).toHaveLength(1);

    await head.json('POST', `/api/reports/${id}/return`, { comment: '请补充数字。' });
    expect((await inbox(staff)).map((n) => [n.kind, n.body.includes('请补充数字。')])).toEqual([
      ['report_returned', true],
    ]);
    await staff.json('POST', '/api/notifications/read-all');
    await staff.json('POST', `/api/reports/${id}/submit`);
    await head.json('POST', `/api/reports/${id}/approve`, { comment: '' });
    expect((await inbox(staff)).map((n) => n.kind)).toEqual(['report_approved']);
    expect((await inbox(head)).map((n) => n.kind)).toEqual(['report_submitted', 'report_submitted']);
  });

  it('refuses other units, other heads, bad percents and bad periods with Chinese messages, changing nothing', async () => {
    const other = await w.user('nj', ['unit_staff'], '年鉴科');
    const otherHead = await w.user('nj_head', ['unit_head'], '年鉴科');
    const leader = await w.user('lingdao', ['leader']);
    const foreign = await other.json<Err>('PUT', `/api/tasks/${task}/reports/2024-06`, draft());
    expect(foreign.status).toBe(403);
    expect(foreign.body.message).toMatch(/不属于您所在的单位/);
    expect(await count('report')).toBe(0);
    expect((await other.json<Err>('GET', `/api/tasks/${task}`)).status).toBe(403);
    expect((await leader.json<TTaskView>('GET', `/api/tasks/${task}`)).status).toBe(200);
    expect((await leader.json<Err>('PUT', `/api/tasks/${task}/reports/2024-06`, draft())).status).toBe(403);

    const tooMuch = await staff.json<Err>('PUT', `/api/tasks/${task}/reports/2024-06`, draft({ percent: 140 }));
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.message).toMatch(/不能超过 100%/);
    expect((await staff.json<Err>('PUT', `/api/tasks/${task}/reports/2024-Q2`, draft())).body.message).toMatch(
      /每月填报/,
    );
    expect((await staff.json<Err>('PUT', `/api/tasks/${task}/reports/2023-06`, draft())).status).toBe(400);
    expect((await staff.json<Err>('PUT', `/api/tasks/${task}/reports/2024-09`, draft())).body.message).toMatch(
      /尚未开始/,
    );
    expect((await staff.json<Err>('PUT', `/api/tasks/${task}/reports/june`, draft())).status).toBe(400);
    expect(await count('report')).toBe(0);

    const { body: report } = await staff.json<TReport>(
      'PUT',
      `/api/tasks/${task}/reports/2024-06`,
      draft({ percent: null }),
    );
    const incomplete = await staff.json<Err>('POST', `/api/reports/${report.id}/submit`);
    expect(incomplete.body.message).toMatch(/请填写“完成进度”/);
    await staff.json('PUT', `/api/tasks/${task}/reports/2024-06`, draft());
    expect((await other.json<Err>('POST', `/api/reports/${report.id}/submit`)).status).toBe(403);
    await staff.json('POST', `/api/reports/${report.id}/submit`);
    const events = await count('task_event');
    expect((await otherHead.json<Err>('POST', `/api/reports/${report.id}/approve`, {})).status).toBe(403);
    expect((await otherHead.json<Err>('POST', `/api/reports/${report.id}/return`, { comment: '不行' })).status).toBe(
      403,
    );
    expect((await w.supervisor.json<Err>('POST', `/api/reports/${report.id}/approve`, {})).status).toBe(403);
    expect((await head.json<Err>('POST', `/api/reports/${report.id}/return`, {})).body.message).toMatch(/请填写意见/);
    expect(await count('task_event')).toBe(events);
    expect((await staff.json<TReport>('GET', `/api/reports/${report.id}`)).body.status).toBe('submitted');
    expect((await other.json<Err>('GET', `/api/reports/${report.id}`)).status).toBe(403);
  });

  it('lets a support unit add its contribution (text only) and approves it by its own head', async () => {
    const support = await w.user('fzg', ['unit_staff'], '方志馆');
    const supportHead = await w.user('fzg_head', ['unit_head'], '方志馆');
    const withPercent = await support.json<Err>('PUT', `/api/tasks/${task}/reports/2024-06`, draft());
    expect(withPercent.status).toBe(400);
    expect(withPercent.body.message).toMatch(/配合单位/);
    const contribution = await support.json<TReport>('PUT', `/api/tasks/${task}/reports/2024-06`, {
      progressText: '协助接收捐赠资料42件。',
    });
    expect(contribution.body).toMatchObject({ role: 'support', percent: null, unitName: '方志馆' });
    await support.json('POST', `/api/reports/${contribution.body.id}/submit`);
    expect((await head.json<Err>('POST', `/api/reports/${contribution.body.id}/approve`, {})).status).toBe(403);
    expect(
      (await supportHead.json<TReport>('POST', `/api/reports/${contribution.body.id}/approve`, {})).body.status,
    ).toBe('approved');
    const view = (await staff.json<TTaskView>('GET', `/api/tasks/${task}`)).body;
    expect(view.reports.map((r) => [r.unitName, r.role, r.status])).toEqual([['方志馆', 'support', 'approved']]);
    // A contribution does not move the task's percent.
    expect(view.health?.actual).toBe(0);
  });

  it('stores attachments checked by size and type, serves them as downloads, and stores nothing refused', async () => {
    const { body: report } = await staff.json<TReport>('PUT', `/api/tasks/${task}/reports/2024-06`, draft());
    const ok = await staff.json<TAttachment>(
      'POST',
      `/api/reports/${report.id}/attachments`,
      fileForm('C:\\材料\\6月"进展".pdf', PDF_BYTES),
    );
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ fileName: '6月_进展_.pdf', mime: 'application/pdf', size: PDF_BYTES.byteLength });
    const download = await head.request('GET', `/api/attachments/${ok.body.id}`);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="6_____.pdf"; filename*=UTF-8''${encodeURIComponent('6月_进展_.pdf')}`,
    );
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF_BYTES);
    const other = await w.user('nj', ['unit_staff'], '年鉴科');
    expect((await other.request('GET', `/api/attachments/${ok.body.id}`)).status).toBe(403);

    const big = new Uint8Array(ATTACHMENT_MAX_BYTES + 1024);
    big.set(PDF_BYTES);
    const tooBig = await staff.json<Err>('POST', `/api/reports/${report.id}/attachments`, fileForm('扫描件.pdf', big));
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.message).toMatch(/超过单个附件 10 MB 的上限/);
    const exe = await staff.json<Err>('POST', `/api/reports/${report.id}/attachments`, fileForm('工具.exe', EXE_BYTES));
    expect(exe.status).toBe(415);
    expect(exe.body.message).toMatch(/不支持“\.exe”/);
    const disguised = await staff.json<Err>(
      'POST',
      `/api/reports/${report.id}/attachments`,
      fileForm('进展.pdf', EXE_BYTES),
    );
    expect(disguised.status).toBe(415);
    expect(disguised.body.message).toMatch(/内容与扩展名不符/);
    expect(
      (await other.json<Err>('POST', `/api/reports/${report.id}/attachments`, fileForm('进展.pdf', PDF_BYTES))).status,
    ).toBe(403);
    expect(await count('report_attachment')).toBe(1);

    expect((await staff.request('DELETE', `/api/attachments/${ok.body.id}`)).status).toBe(204);
    expect(await count('report_attachment')).toBe(0);
  });

  it('shows the unit what it must file: the June report is overdue, July is current; filed periods drop out', async () => {
    const mine = (await staff.json<TMyTasks>('GET', '/api/my/tasks')).body;
    expect(mine.unitName).toBe('资料科');
    expect(mine.tasks.map((x) => [x.number, x.role])).toEqual(
      expect.arrayContaining([
        ['4', 'lead'],
        ['5', 'lead'],
      ]),
    );
    expect(mine.tasks.find((x) => x.taskId === task)?.health?.reportOverdue).toBe(true);
    const four = mine.toFile.filter((x) => x.taskId === task);
    expect(four.map((x) => [x.period, x.overdue, x.dueDate])).toEqual([
      ['2024-06', true, '2024-06-25'],
      ['2024-07', false, '2024-07-25'],
    ]);
    const { body: report } = await staff.json<TReport>('PUT', `/api/tasks/${task}/reports/2024-06`, draft());
    await staff.json('POST', `/api/reports/${report.id}/submit`);
    const after = (await staff.json<TMyTasks>('GET', '/api/my/tasks')).body;
    expect(after.toFile.filter((x) => x.taskId === task).map((x) => x.period)).toEqual(['2024-07']);
    const may = (await staff.json<TMyTasks>('GET', '/api/my/tasks?period=2024-05')).body.toFile;
    expect(may.map((x) => x.period)).toEqual(mine.tasks.map(() => '2024-05'));
    expect((await staff.json<Err>('GET', '/api/my/tasks?period=2024-13')).status).toBe(400);
    const noUnit = await w.user('lingdao', ['leader']);
    expect((await noUnit.json<TMyTasks>('GET', '/api/my/tasks')).body.tasks).toEqual([]);
  });
});
