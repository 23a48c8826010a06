import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TIndicator, TMilestone, TTaskView } from '../../../../shared/reports.ts';
import type { TSupervisionSettings } from '../../../../shared/supervision.ts';
import { TEST_DIALECTS } from '../../../test/test-db.ts';
import { readAuditLog } from '../../../test/audit-log.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { buildWorld, setToday, type World, WORLD_TIMEOUT } from '../../../test/world.ts';

type Err = { code: string; message: string };

describe.each(TEST_DIALECTS)('supervision settings and roadmaps (%s)', (dialect) => {
  let t: TestApp;
  let w: World;
  /** This test's own copy of the plan (the committee, units and people are the file's). */
  let plan: { planId: number; tasks: Record<string, number> };
  beforeAll(async () => {
    t = await createTestApp(dialect);
    setToday(t, '2024-07-10');
    w = await buildWorld(t);
  }, WORLD_TIMEOUT);
  beforeEach(async () => {
    plan = await w.freshPlan();
  });
  afterAll(async () => t.close());

  it('reads the default cycle, lets the supervisor set quarterly reporting, and refuses staff and bad values', async () => {
    const staff = await w.user('zl', ['unit_staff'], '资料科');
    expect((await staff.json<TSupervisionSettings>('GET', `/api/plans/${plan.planId}/supervision`)).body).toMatchObject(
      { cycle: 'monthly', dueDay: 25 },
    );
    const next = { cycle: 'quarterly', dueDay: 10, yellowPoints: 15, redPoints: 40, remindDaysBefore: 5 };
    const refused = await staff.json<Err>('PUT', `/api/plans/${plan.planId}/supervision`, next);
    expect(refused.status).toBe(403);
    expect((await w.supervisor.json('PUT', `/api/plans/${plan.planId}/supervision`, next)).status).toBe(200);
    // No 督办单 prefix was given: the plan keeps the default (督字), shown as null.
    expect((await staff.json('GET', `/api/plans/${plan.planId}/supervision`)).body).toEqual({
      ...next,
      docPrefix: null,
    });
    const badDay = await w.supervisor.json<Err>('PUT', `/api/plans/${plan.planId}/supervision`, {
      ...next,
      dueDay: 31,
    });
    expect(badDay.status).toBe(400);
    expect(badDay.body.message).toMatch(/1–28/);
    const crossed = await w.supervisor.json<Err>('PUT', `/api/plans/${plan.planId}/supervision`, {
      ...next,
      yellowPoints: 50,
      redPoints: 40,
    });
    expect(crossed.body.message).toMatch(/黄灯阈值/);
    // No 督办单 prefix was given: the plan keeps the default (督字), shown as null.
    expect((await staff.json('GET', `/api/plans/${plan.planId}/supervision`)).body).toEqual({
      ...next,
      docPrefix: null,
    });
    expect((await w.supervisor.json('GET', '/api/plans/9999/supervision')).status).toBe(404);
    const view = await staff.json<TTaskView>('GET', `/api/tasks/${plan.tasks['4']}`);
    expect(view.body.periods.map((p) => p.period)).toEqual(['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4']);
    expect(view.body.currentPeriod).toBe('2024-Q2');
  });

  it('lets the lead unit add, edit, reach and delete milestones; support and other units get 403 and nothing changes', async () => {
    const task = plan.tasks['4']!;
    const lead = await w.user('zl', ['unit_staff'], '资料科');
    const support = await w.user('fzg', ['unit_staff'], '方志馆');
    const other = await w.user('nj', ['unit_staff'], '年鉴科');
    const created = await lead.json<TMilestone>('POST', `/api/tasks/${task}/milestones`, {
      name: '完成征集方案',
      dueDate: '2024-03-31',
      deliverable: '征集方案',
      weight: 1,
    });
    expect(created.status).toBe(201);
    const second = await lead.json<TMilestone>('POST', `/api/tasks/${task}/milestones`, {
      name: '入库登记',
      dueDate: '2024-09-30',
      weight: 2,
    });
    expect(second.status).toBe(201);
    for (const client of [support, other]) {
      const res = await client.json<Err>('POST', `/api/tasks/${task}/milestones`, {
        name: '越权节点',
        dueDate: '2024-05-01',
      });
      expect(res.status).toBe(403);
    }
    expect(
      (await other.json<Err>('PUT', `/api/milestones/${created.body.id}`, { name: '改名', dueDate: '2024-04-01' }))
        .status,
    ).toBe(403);
    expect((await other.json<Err>('DELETE', `/api/milestones/${created.body.id}`)).status).toBe(403);
    const early = await lead.json<Err>('POST', `/api/tasks/${task}/milestones`, {
      name: '去年的节点',
      dueDate: '2023-12-01',
    });
    expect(early.status).toBe(400);
    expect(early.body.message).toMatch(/早于工作要点年度/);
    const late = await lead.json<Err>('POST', `/api/tasks/${task}/milestones`, { name: '太晚', dueDate: '2024-12-20' });
    expect(late.body.message).toMatch(/晚于任务完成时限/);

    let view = (await lead.json<TTaskView>('GET', `/api/tasks/${task}`)).body;
    expect(view.milestones.map((m) => m.name)).toEqual(['完成征集方案', '入库登记']);
    expect(view.permissions).toMatchObject({ editRoadmap: true, fileAs: 'lead' });
    // The March milestone is past and not reached: the light is red for that reason.
    expect(view.health).toMatchObject({
      light: 'red',
      reasons: expect.arrayContaining([expect.stringMatching(/节点逾期/)]),
    });

    const reached = await lead.json<TMilestone>('POST', `/api/milestones/${created.body.id}/reached`, {
      reached: true,
    });
    expect(reached.body.reachedAt).toBe('2024-07-10');
    const moved = await lead.json<TMilestone>('PUT', `/api/milestones/${second.body.id}`, {
      name: '入库登记完成',
      dueDate: '2024-09-15',
      weight: 2,
    });
    expect(moved.body).toMatchObject({ name: '入库登记完成', dueDate: '2024-09-15' });
    expect((await w.supervisor.request('DELETE', `/api/milestones/${second.body.id}`)).status).toBe(204);
    expect((await lead.json('PATCH', `/api/tasks/${task}`, { isContinuous: true })).status).toBe(200);
    expect((await support.json<Err>('PATCH', `/api/tasks/${task}`, { isContinuous: false })).status).toBe(403);

    view = (await support.json<TTaskView>('GET', `/api/tasks/${task}`)).body;
    expect(view.task.isContinuous).toBe(true);
    expect(view.permissions).toMatchObject({ editRoadmap: false, fileAs: 'support', approve: false });
    expect(view.milestones.map((m) => [m.name, m.reachedAt])).toEqual([['完成征集方案', '2024-07-10']]);
    expect(view.events.map((e) => e.kind)).toEqual([
      'milestone_added',
      'milestone_added',
      'milestone_reached',
      'milestone_updated',
      'milestone_deleted',
      'task_continuous',
    ]);
    expect(view.events[0]!.summary).toMatch(/添加节点“完成征集方案”/);
    const ours = [String(created.body.id), String(second.body.id)];
    const audit = (await readAuditLog(w.admin, { entityType: 'milestone' })).filter((a) =>
      ours.includes(a.entityId ?? ''),
    );
    expect(audit.map((a) => a.action)).toEqual([
      'milestone.create',
      'milestone.create',
      'milestone.reach',
      'milestone.update',
      'milestone.delete',
    ]);
  });

  it('turns the numeric target into an indicator with a linear plan, and accepts a custom curve', async () => {
    const task = plan.tasks['4']!;
    const lead = await w.user('zl', ['unit_staff'], '资料科');
    const fromTargets = await lead.json<TIndicator[]>('POST', `/api/tasks/${task}/indicators/from-targets`);
    expect(fromTargets.body).toHaveLength(1);
    const [collected] = fromTargets.body;
    expect(collected).toMatchObject({ targetValue: 300, unit: '件', curve: 'linear', actual: null });
    // Linear from 1 January to the deadline (第三季度前 → 30 September): 192 of 274 days → about 210 by 10 July.
    expect(collected!.plannedNow).toBeGreaterThan(205);
    expect(collected!.plannedNow).toBeLessThan(215);
    expect((await lead.json<TIndicator[]>('POST', `/api/tasks/${task}/indicators/from-targets`)).body).toHaveLength(1);

    const custom = await lead.json<TIndicator>('PUT', `/api/indicators/${collected!.id}`, {
      name: '征集地情资料',
      unit: '件',
      targetValue: 300,
      curve: 'points',
      points: [
        { date: '2024-06-30', value: 250 },
        { date: '2024-09-30', value: 300 },
      ],
    });
    expect(custom.status).toBe(200);
    const atJuly = await lead.json<TIndicator[]>('GET', `/api/tasks/${task}/indicators?date=2024-07-01`);
    expect(atJuly.body[0]!.plannedNow).toBeGreaterThan(250);
    expect(atJuly.body[0]!.plannedNow).toBeLessThan(252);
    const bad = await lead.json<Err>('POST', `/api/tasks/${task}/indicators`, {
      name: '某指标',
      targetValue: 10,
      curve: 'points',
      points: [{ date: '2025-01-01', value: 3 }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/不在 2024 年内/);
    const other = await w.user('nj', ['unit_staff'], '年鉴科');
    expect((await other.json('POST', `/api/tasks/${task}/indicators`, { name: '越权', targetValue: 10 })).status).toBe(
      403,
    );
    expect((await other.json('GET', `/api/tasks/${task}/indicators`)).status).toBe(403);
    // The refusals added nothing: the task still has the one indicator.
    expect((await lead.json<TIndicator[]>('GET', `/api/tasks/${task}/indicators`)).body.map((i) => i.name)).toEqual([
      '征集地情资料',
    ]);
  });
});
