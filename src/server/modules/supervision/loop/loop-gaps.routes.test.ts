import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TGantt } from '../../../../shared/dashboard.ts';
import type { TNotificationPage } from '../../../../shared/notifications.ts';
import type { TTaskView } from '../../../../shared/reports.ts';
import type { TChase, TSupervisionSettings } from '../../../../shared/supervision.ts';
import type { TAckReminderResult, TTaskStartDate } from '../../../../shared/supervision-loop.ts';
import { TEST_DIALECTS } from '../../../test/test-db.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { buildWorld, type World, WORLD_TIMEOUT } from '../../../test/world.ts';

type Err = { code: string; message: string };

describe.each(TEST_DIALECTS)('督办 loop gaps: 督办单 prefix, 催签收, a task’s start date (%s)', (dialect) => {
  let t: TestApp;
  let w: World;
  let staff: TestClient;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await buildWorld(t);
    await w.setToday('2024-05-10');
    staff = await w.user('bian_staff', ['unit_staff'], '编纂科');
  }, WORLD_TIMEOUT);
  afterAll(async () => t.close());

  const unread = async (c: TestClient) =>
    (await c.json<TNotificationPage>('GET', '/api/notifications?unreadOnly=true&pageSize=100')).body.items;

  it('numbers a plan’s 督办单 with its own prefix; a bad prefix is refused in Chinese; the sequence stays per year', async () => {
    const plan = await w.freshPlan();
    const task = plan.tasks['1']!;
    const unitId = w.unitIds['编纂科'];
    const settings = (await w.supervisor.json<TSupervisionSettings>('GET', `/api/plans/${plan.planId}/supervision`))
      .body;
    expect(settings.docPrefix).toBeNull();
    for (const bad of ['督字〔', '督 字', 'ABC', '督字号', '一二三四五六七八九十一']) {
      const res = await w.supervisor.json<Err>('PUT', `/api/plans/${plan.planId}/supervision`, {
        ...settings,
        docPrefix: bad,
      });
      expect(res.status, bad).toBe(400);
      expect(res.body.message).toMatch(/督办单文号前缀应为 1–10 个汉字/);
    }
    const saved = await w.supervisor.json<TSupervisionSettings>('PUT', `/api/plans/${plan.planId}/supervision`, {
      ...settings,
      docPrefix: ' 吉志督 ',
    });
    expect(saved.body.docPrefix).toBe('吉志督');
    await w.supervisor.json('POST', `/api/tasks/${task}/chases`, { unitId, level: 0, message: '请尽快报送进展。' });
    const one = (
      await w.supervisor.json<TChase>('POST', `/api/tasks/${task}/chases`, { unitId, level: 1, message: '请说明。' })
    ).body;
    expect(one.docNumber).toMatch(/^吉志督〔2024〕\d+号$/);
    // Another plan keeps 督字 and continues the same year's sequence.
    const second = await w.freshPlan();
    const task2 = second.tasks['1']!;
    await w.supervisor.json('POST', `/api/tasks/${task2}/chases`, { unitId, level: 0, message: '请尽快报送进展。' });
    const two = (
      await w.supervisor.json<TChase>('POST', `/api/tasks/${task2}/chases`, { unitId, level: 1, message: '请说明。' })
    ).body;
    const seq = (n: string | null) => Number(/〕(\d+)号/.exec(n ?? '')![1]);
    expect(two.docNumber).toMatch(/^督字〔2024〕\d+号$/);
    expect(seq(two.docNumber)).toBe(seq(one.docNumber) + 1);
    // Clearing the prefix goes back to 督字; the audit entry names the prefix.
    const cleared = await w.supervisor.json<TSupervisionSettings>('PUT', `/api/plans/${plan.planId}/supervision`, {
      ...settings,
      docPrefix: '',
    });
    expect(cleared.body.docPrefix).toBeNull();
    expect((await staff.json('PUT', `/api/plans/${plan.planId}/supervision`, settings)).status).toBe(403);
  });

  it('催签收 tells only the units that have not acknowledged, once a day, and writes the timeline and audit', async () => {
    const plan = await w.freshPlan();
    const task = plan.tasks['1']!;
    // Task 1: 编纂科 leads, 年鉴科 supports.
    const nianjian = await w.user('nj_staff', ['unit_staff'], '年鉴科');
    await staff.json('POST', `/api/tasks/${task}/ack`);
    for (const c of [staff, nianjian]) await c.json('POST', '/api/notifications/read-all');
    const res = await w.supervisor.json<TAckReminderResult>('POST', `/api/plans/${plan.planId}/acks/remind`, {
      taskId: task,
    });
    expect(res.status).toBe(200);
    expect(res.body.units).toBeGreaterThan(0);
    expect(res.body.notified).toBeGreaterThan(0);
    // 编纂科 signed: no reminder for it; other units of the task were told.
    expect((await unread(staff)).filter((n) => n.title.includes('请签收'))).toEqual([]);
    const told = (await unread(nianjian)).filter((n) => n.title.includes('请签收'));
    expect(told).toHaveLength(1);
    expect(told[0]!.link).toBe(`/supervision/tasks/${task}`);
    const view = (await w.supervisor.json<TTaskView>('GET', `/api/tasks/${task}`)).body;
    const reminded = view.events.filter((e) => e.kind === 'ack_reminder');
    expect(reminded).toHaveLength(1);
    expect(reminded[0]!.summary).not.toContain('编纂科');
    // Twice the same day: the pairs are counted again but nobody is told twice.
    const again = await w.supervisor.json<TAckReminderResult>('POST', `/api/plans/${plan.planId}/acks/remind`, {
      taskId: task,
    });
    expect(again.body).toMatchObject({ units: res.body.units, notified: 0 });
    // The whole plan at once covers more pairs than the one task.
    const all = await w.supervisor.json<TAckReminderResult>('POST', `/api/plans/${plan.planId}/acks/remind`, {});
    expect(all.body.units).toBeGreaterThan(res.body.units);
    const missing = await w.supervisor.json<Err>('POST', `/api/plans/${plan.planId}/acks/remind`, { taskId: 999999 });
    expect(missing.status).toBe(404);
    expect((await staff.json('POST', `/api/plans/${plan.planId}/acks/remind`, {})).status).toBe(403);
  });

  it('a task’s own start date moves its planned line and Gantt bar; only supervisors set it; bad dates are refused', async () => {
    const plan = await w.freshPlan();
    const task = plan.tasks['1']!;
    const before = (await w.supervisor.json<TTaskView>('GET', `/api/tasks/${task}`)).body;
    expect(before.task.startDate).toBeNull();
    for (const [startDate, message] of [
      ['2023-12-01', /应在工作要点所属的 2024 年内/],
      ['2024-02-30', /不是有效日期/],
      ['20240401', /YYYY-MM-DD/],
    ] as const) {
      const res = await w.supervisor.json<Err>('PUT', `/api/tasks/${task}/start-date`, { startDate });
      expect(res.status, startDate).toBe(400);
      expect(res.body.message).toMatch(message);
    }
    if (!before.task.isContinuous) {
      const after = await w.supervisor.json<Err>('PUT', `/api/tasks/${task}/start-date`, { startDate: '2024-12-31' });
      if (before.task.deadline < '2024-12-31') expect(after.body.message).toMatch(/晚于完成时限/);
    }
    expect((await staff.json('PUT', `/api/tasks/${task}/start-date`, { startDate: '2024-05-01' })).status).toBe(403);
    const set = await w.supervisor.json<TTaskStartDate>('PUT', `/api/tasks/${task}/start-date`, {
      startDate: '2024-05-01',
    });
    expect(set.body).toEqual({ startDate: '2024-05-01' });
    const view = (await w.supervisor.json<TTaskView>('GET', `/api/tasks/${task}`)).body;
    expect(view.task).toMatchObject({ startDate: '2024-05-01', plannedFrom: '2024-05-01' });
    expect(view.health!.planned).toBeLessThan(before.health!.planned);
    expect(view.events.at(-1)).toMatchObject({ kind: 'task_start', summary: expect.stringContaining('2024-05-01') });
    const gantt = (await w.supervisor.json<TGantt>('GET', `/api/plans/${plan.planId}/gantt?groupBy=section`)).body;
    const row = gantt.groups.flatMap((g) => g.rows).find((r) => r.taskId === task)!;
    expect(row.start).toBe('2024-05-01');
    const cleared = await w.supervisor.json<TTaskStartDate>('PUT', `/api/tasks/${task}/start-date`, {
      startDate: null,
    });
    expect(cleared.body.startDate).toBeNull();
    expect((await w.supervisor.json<TTaskView>('GET', `/api/tasks/${task}`)).body.health!.planned).toBe(
      before.health!.planned,
    );
  });
});
