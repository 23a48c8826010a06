import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TNotificationPage } from '../../../../shared/notifications.ts';
import type { TTaskView } from '../../../../shared/reports.ts';
import type { TChase, TPlanLights } from '../../../../shared/supervision.ts';
import type {
  TAck,
  TAckStatus,
  TClosureRequest,
  TInstruction,
  TTaskLoop,
  TTodo,
} from '../../../../shared/supervision-loop.ts';
import { TEST_DIALECTS } from '../../../test/test-db.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { buildWorld, type World, WORLD_TIMEOUT } from '../../../test/world.ts';

type Err = { code: string; message: string };

describe.each(TEST_DIALECTS)('the 督办 loop: 签收, 督办单, 申请办结, 批示 (%s)', (dialect) => {
  let t: TestApp;
  let w: World;
  let staff: TestClient;
  let head: TestClient;
  let other: TestClient;
  let leader: TestClient;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await buildWorld(t);
    await w.setToday('2024-05-10');
    staff = await w.user('bian_staff', ['unit_staff'], '编纂科');
    head = await w.user('bian_head', ['unit_head'], '编纂科');
    other = await w.user('zlk_staff', ['unit_staff'], '资料科');
    leader = await w.user('lingdao', ['leader']);
  }, WORLD_TIMEOUT);
  afterAll(async () => t.close());

  const unread = async (c: TestClient) =>
    (await c.json<TNotificationPage>('GET', '/api/notifications?unreadOnly=true&pageSize=100')).body.items;
  const readAll = async (...cs: TestClient[]) => {
    for (const c of cs) await c.json('POST', '/api/notifications/read-all');
  };

  it('签收: the unit acknowledges once; the supervisor sees who has not; another unit cannot', async () => {
    const plan = await w.freshPlan();
    const task = plan.tasks['1']!;
    const first = await staff.json<TAck[]>('POST', `/api/tasks/${task}/ack`);
    expect(first.status).toBe(200);
    const mine = first.body.find((a) => a.unitName === '编纂科')!;
    expect(mine).toMatchObject({
      role: 'lead',
      ackedBy: '测试bian_staff',
      ackedAt: expect.stringMatching(/^2024-05-10/),
    });
    expect(
      (await head.json<TAck[]>('POST', `/api/tasks/${task}/ack`)).body.find((a) => a.unitName === '编纂科')!.ackedBy,
    ).toBe('测试bian_staff');
    const refused = await other.json<Err>('POST', `/api/tasks/${task}/ack`);
    expect(refused.status).toBe(403);
    const status = (await w.supervisor.json<TAckStatus>('GET', `/api/plans/${plan.planId}/acks`)).body;
    const forTask = status.rows.filter((r) => r.taskId === task);
    expect(forTask.find((r) => r.unitName === '编纂科')!.ackedAt).not.toBeNull();
    expect(status.rows.filter((r) => r.ackedAt === null).length).toBe(status.rows.length - 1);
    expect((await staff.json('GET', `/api/plans/${plan.planId}/acks`)).status).toBe(403);
    const events = (await staff.json<TTaskView>('GET', `/api/tasks/${task}`)).body.events.filter(
      (e) => e.kind === 'acknowledged',
    );
    expect(events).toHaveLength(1);
  });

  it('numbers 督办单 per year, lets the unit 签收 and reply, and flags and escalates a late reply', async () => {
    const plan = await w.freshPlan();
    const task = plan.tasks['1']!;
    const unitId = w.unitIds['编纂科'];
    await w.supervisor.json('POST', `/api/tasks/${task}/chases`, { unitId, level: 0, message: '请尽快报送进展。' });
    const one = (
      await w.supervisor.json<TChase>('POST', `/api/tasks/${task}/chases`, {
        unitId,
        level: 1,
        message: '请说明滞后原因。',
        replyBy: '2024-05-10',
      })
    ).body;
    const two = (
      await w.supervisor.json<TChase>('POST', `/api/tasks/${task}/chases`, {
        unitId,
        level: 2,
        message: '请主要负责同志说明。',
        replyBy: '2024-05-20',
      })
    ).body;
    expect(one.docNumber).toMatch(/^督字〔2024〕\d+号$/);
    const seq = (n: string | null) => Number(/〕(\d+)号/.exec(n ?? '')![1]);
    expect(seq(two.docNumber)).toBe(seq(one.docNumber) + 1);
    expect(one).toMatchObject({ signer: '测试duban', ackedAt: null, repliedLate: false });
    const doc = await head.request('GET', `/api/chases/${one.id}/document.docx`);
    expect(doc.status).toBe(200);
    expect(doc.headers.get('content-disposition')).toContain(encodeURIComponent(`${one.docNumber}-编纂科.docx`));
    const xml = await (await JSZip.loadAsync(await doc.arrayBuffer())).file('word/document.xml')!.async('string');
    for (const text of [
      one.docNumber!,
      '一级督办通知单',
      '编纂科',
      '请说明滞后原因。',
      '2024年5月10日前',
      '签发人：测试duban',
    ])
      expect(xml).toContain(text);
    expect((await other.json('GET', `/api/chases/${one.id}/document.docx`)).status).toBe(403);
    const chaseOnly = (await w.supervisor.json<TChase[]>('GET', `/api/tasks/${task}/chases`)).body.find(
      (c) => c.level === 0,
    )!;
    expect((await w.supervisor.json<Err>('GET', `/api/chases/${chaseOnly.id}/document.docx`)).body.message).toMatch(
      /催办通知没有督办单文书/,
    );
    const acked = await head.json<TChase>('POST', `/api/chases/${one.id}/ack`);
    expect(acked.body.ackedAt).toMatch(/^2024-05-10/);
    expect((await other.json('POST', `/api/chases/${one.id}/ack`)).status).toBe(403);

    await w.setToday('2024-05-12');
    await readAll(w.supervisor, leader);
    const late = await (
      await w.user('bian_staff', ['unit_staff'], '编纂科')
    ).json<TChase>('POST', `/api/chases/${one.id}/answer`, { reply: '已召开专题会，6月底前补齐。' });
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ repliedLate: true, replyText: '已召开专题会，6月底前补齐。' });
    for (const c of [w.supervisor, await w.user('lingdao', ['leader'])]) {
      const box = await unread(c);
      expect(box.map((n) => n.kind)).toContain('chase_late_reply');
      expect(box.find((n) => n.kind === 'chase_late_reply')!.body).toMatch(/已超过回复期限 2024-05-10/);
    }
    const again = await (
      await w.user('bian_head', ['unit_head'], '编纂科')
    ).json<Err>('POST', `/api/chases/${one.id}/answer`, { reply: '补充说明。' });
    expect(again.status).toBe(409);
    const onTime = await (
      await w.user('bian_head', ['unit_head'], '编纂科')
    ).json<TChase>('POST', `/api/chases/${two.id}/answer`, { reply: '按期回复。' });
    expect(onTime.body.repliedLate).toBe(false);
    await w.setToday('2024-05-10');
  });

  it('申请办结: the lead unit applies with evidence, the supervisor returns then approves; the task is 100 % and closed', async () => {
    staff = await w.user('bian_staff', ['unit_staff'], '编纂科');
    head = await w.user('bian_head', ['unit_head'], '编纂科');
    other = await w.user('zlk_staff', ['unit_staff'], '资料科');
    leader = await w.user('lingdao', ['leader']);
    const plan = await w.freshPlan();
    const task = plan.tasks['1']!;
    expect(
      (await other.json<Err>('POST', `/api/tasks/${task}/closure-requests`, { evidence: '已完成全部工作。' })).status,
    ).toBe(403);
    expect(
      (await staff.json<Err>('POST', `/api/tasks/${task}/closure-requests`, { evidence: '好' })).body.message,
    ).toMatch(/办结依据/);
    await readAll(w.supervisor, staff);
    const req = await staff.json<TClosureRequest>('POST', `/api/tasks/${task}/closure-requests`, {
      evidence: '志稿已通过终审，终审意见见附件。',
    });
    expect(req.status).toBe(201);
    expect(req.body).toMatchObject({ status: 'pending', unitName: '编纂科', requestedBy: '测试bian_staff' });
    expect(
      (await staff.json<Err>('POST', `/api/tasks/${task}/closure-requests`, { evidence: '再申请一次。' })).status,
    ).toBe(409);
    expect((await unread(w.supervisor)).map((n) => n.kind)).toContain('closure_requested');
    const pending = (await w.supervisor.json<TClosureRequest[]>('GET', '/api/closure-requests?status=pending')).body;
    expect(pending.map((p) => p.id)).toContain(req.body.id);
    expect((await other.json<TClosureRequest[]>('GET', '/api/closure-requests')).body.map((p) => p.id)).not.toContain(
      req.body.id,
    );

    expect(
      (await w.supervisor.json<Err>('POST', `/api/closure-requests/${req.body.id}/decision`, { approve: false }))
        .status,
    ).toBe(400);
    const returned = await w.supervisor.json<TClosureRequest>('POST', `/api/closure-requests/${req.body.id}/decision`, {
      approve: false,
      comment: '请补充终审意见原件。',
    });
    expect(returned.body).toMatchObject({ status: 'returned', decisionComment: '请补充终审意见原件。' });
    expect((await unread(staff)).map((n) => n.kind)).toContain('closure_decision');
    expect(
      (await w.supervisor.json<Err>('POST', `/api/closure-requests/${req.body.id}/decision`, { approve: true })).status,
    ).toBe(409);

    const second = (
      await head.json<TClosureRequest>('POST', `/api/tasks/${task}/closure-requests`, {
        evidence: '终审意见原件已上传。',
      })
    ).body;
    const approved = await w.supervisor.json<TClosureRequest>('POST', `/api/closure-requests/${second.id}/decision`, {
      approve: true,
    });
    expect(approved.body.status).toBe('approved');
    const view = (await staff.json<TTaskView>('GET', `/api/tasks/${task}`)).body;
    expect(view.task.closedAt).not.toBeNull();
    expect(view.health).toMatchObject({ light: 'blue', actual: 100 });
    expect(view.events.at(-1)!.summary).toMatch(/依申请办结/);
    const lights = (await w.supervisor.json<TPlanLights>('GET', `/api/plans/${plan.planId}/lights`)).body;
    expect(lights.tasks.find((x) => x.taskId === task)).toMatchObject({ actual: 100, light: 'blue' });
    const loop = (await staff.json<TTaskLoop>('GET', `/api/tasks/${task}/loop`)).body;
    expect(loop.closureRequests.map((c) => c.status)).toEqual(['returned', 'approved']);
    expect(loop.can.requestClosure).toBe(false);
    expect(
      (await staff.json<Err>('POST', `/api/tasks/${task}/closure-requests`, { evidence: '又一次。' })).status,
    ).toBe(409);
  });

  it('领导批示: pushed to every responsible unit, answered once per unit, the leader hears the answer', async () => {
    const plan = await w.freshPlan();
    const task = plan.tasks['1']!;
    await readAll(staff, leader);
    expect((await w.supervisor.json('POST', `/api/tasks/${task}/instructions`, { text: '请加快进度。' })).status).toBe(
      403,
    );
    const made = await leader.json<TInstruction>('POST', `/api/tasks/${task}/instructions`, {
      text: '请倒排工期，确保按期完成。',
    });
    expect(made.status).toBe(201);
    expect(made.body.awaiting.map((u) => u.unitName)).toContain('编纂科');
    expect((await unread(staff)).find((n) => n.kind === 'instruction')).toMatchObject({
      title: '领导批示：第1项任务',
      link: `/supervision/tasks/${task}`,
    });
    expect((await other.json('POST', `/api/instructions/${made.body.id}/replies`, { text: '收到。' })).status).toBe(
      403,
    );
    const answered = await staff.json<TInstruction>('POST', `/api/instructions/${made.body.id}/replies`, {
      text: '已制定倒排计划，每周调度。',
    });
    expect(answered.body.replies).toEqual([
      expect.objectContaining({ unitName: '编纂科', text: '已制定倒排计划，每周调度。', repliedBy: '测试bian_staff' }),
    ]);
    expect(answered.body.awaiting.map((u) => u.unitName)).not.toContain('编纂科');
    expect(
      (await head.json<Err>('POST', `/api/instructions/${made.body.id}/replies`, { text: '再次回复。' })).status,
    ).toBe(409);
    expect((await unread(leader)).map((n) => n.kind)).toContain('instruction_answered');
    const view = (await staff.json<TTaskView>('GET', `/api/tasks/${task}`)).body;
    expect(view.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['instruction', 'instruction_answered']));
    const bad = await leader.json<Err>('POST', `/api/tasks/${task}/instructions`, { text: '好' });
    expect(bad.status).toBe(400);
  });

  it('待办 and 已办: each person sees what waits for them, and what they did once done', async () => {
    const plan = await w.freshPlan();
    const task = plan.tasks['1']!;
    const todo = async (c: TestClient) => (await c.json<TTodo>('GET', '/api/my/todo')).body;
    const forTask = (t: TTodo, kind: string) => t.todo.filter((i) => i.taskId === task && i.kind === kind);
    expect(forTask(await todo(staff), 'ack')).toHaveLength(1);
    expect(forTask(await todo(staff), 'file').length).toBeGreaterThan(0);
    await staff.json('POST', `/api/tasks/${task}/ack`);
    const after = await todo(staff);
    expect(forTask(after, 'ack')).toEqual([]);
    // (an earlier test ran on a later day, so this day's steps are found by task, not by position)
    expect(after.done.filter((d) => d.taskId === task).map((d) => d.summary)).toEqual([
      expect.stringMatching(/编纂科签收/),
    ]);

    const period = forTask(after, 'file')[0]!.link.split('period=')[1]!;
    const report = (
      await staff.json<{ id: number }>('PUT', `/api/tasks/${task}/reports/${period}`, {
        progressText: '终审稿已完成修改。',
        percent: 50,
        problems: '',
        nextSteps: '',
      })
    ).body;
    await staff.json('POST', `/api/reports/${report.id}/submit`);
    expect(forTask(await todo(head), 'approve')).toHaveLength(1);
    expect(forTask(await todo(staff), 'approve')).toEqual([]);
    await head.json('POST', `/api/reports/${report.id}/approve`, { comment: '' });
    expect(forTask(await todo(head), 'approve')).toEqual([]);
    expect((await todo(head)).done.filter((d) => d.taskId === task).map((d) => d.summary)).toEqual([
      expect.stringMatching(/审核通过/),
    ]);

    const made = (
      await leader.json<TInstruction>('POST', `/api/tasks/${task}/instructions`, { text: '务必按期完成。' })
    ).body;
    expect(forTask(await todo(staff), 'instruction')).toHaveLength(1);
    await staff.json('POST', `/api/instructions/${made.id}/replies`, { text: '坚决落实。' });
    expect(forTask(await todo(staff), 'instruction')).toEqual([]);

    await staff.json('POST', `/api/tasks/${task}/closure-requests`, { evidence: '已交付出版社。' });
    expect(forTask(await todo(w.supervisor), 'closure')).toHaveLength(1);
    expect(forTask(await todo(leader), 'closure')).toEqual([]);
  });
});
