import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TDashboard, TGantt } from '../../../shared/dashboard.ts';
import { TEST_DIALECTS } from '../../test/test-db.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { buildQingshiWorld, type QingshiWorld, WORLD_TIMEOUT } from '../../test/world.ts';

describe.each(TEST_DIALECTS)('leader dashboard and Gantt (%s)', (dialect) => {
  let t: TestApp;
  let f: QingshiWorld;
  // The dashboard only reads: one world (a quarter of reports filed and approved through the API) for the whole file.
  beforeAll(async () => {
    t = await createTestApp(dialect);
    f = await buildQingshiWorld(t);
  }, WORLD_TIMEOUT);
  afterAll(async () => t.close());

  it('shows completion by section and unit, lights, overdue items, indicators and changes on a date', async () => {
    const leader = await f.user('lingdao', ['leader']);
    const res = await leader.json<TDashboard>('GET', `/api/plans/${f.planId}/dashboard?date=2023-07-10`);
    expect(res.status).toBe(200);
    const d = res.body;
    expect(d).toMatchObject({ year: 2023, date: '2023-07-10', kpis: { taskCount: 4, done: 0 } });
    // Task 1 past its deadline (red), 2 on plan (green), 3 nothing reported (red), 4 a missed milestone (red).
    expect(d.lights).toEqual({ green: 1, yellow: 0, red: 3, blue: 0, grey: 0 });
    expect(d.tasks.map((x) => [x.number, x.light, x.actual])).toEqual([
      ['1', 'red', 80],
      ['2', 'green', 50],
      ['3', 'red', 0],
      ['4', 'red', 10],
    ]);
    expect(d.tasks[0]!.reasons[0]).toMatch(/已超过完成时限 2023-06-30/);
    expect(d.kpis.reportOverdue).toBe(2); // 3 and 4: no Q2 lead report (资料处's Q1 for task 4 does not count for Q2)
    expect(d.bySection.map((s) => [s.label, s.taskCount, s.avgActual])).toEqual([
      ['志书工作', 2, 65],
      ['开发利用', 2, 5],
    ]);
    expect(d.byUnit.map((u) => [u.label, u.taskCount])).toEqual([
      ['编纂处', 1],
      ['资料处', 2],
      ['方志馆', 2],
    ]);
    expect(d.byUnit.find((u) => u.label === '资料处')?.lights).toMatchObject({ green: 1, red: 1 });

    const overdue = d.overdue.map((o) => [o.kind, o.taskNumber]);
    expect(overdue).toEqual(
      expect.arrayContaining([
        ['past_deadline', '1'],
        ['milestone_missed', '4'],
        ['report_overdue', '3'],
        ['report_overdue', '4'],
      ]),
    );
    expect(overdue).toHaveLength(4);
    expect(d.overdue.find((o) => o.kind === 'milestone_missed')?.detail).toMatch(/印制第1期/);

    expect(d.indicators).toHaveLength(1);
    const ind = d.indicators[0]!;
    expect(ind).toMatchObject({
      name: '征集地情资料',
      unit: '件',
      targetValue: 500,
      actual: 260,
      actualPeriod: '2023-Q2',
      percentOfTarget: 52,
    });
    // Evenly from 1 January to 31 December: about 52 % of 500 by 10 July.
    expect(ind.plannedAtDate).toBeGreaterThan(255);
    expect(ind.plannedAtDate).toBeLessThan(265);

    // Since 30 June: one approval (task 2's Q2, 3 July); in the second quarter one (task 1's Q2, 26 June; Q1's were in March).
    expect(d.changes).toMatchObject({
      currentPeriod: '2023-Q3',
      since: '2023-06-30',
      approvedCurrent: 1,
      previousLabel: '2023年第二季度',
    });
    expect(d.changes.approved.map((a) => [a.taskNumber, a.unitName])).toEqual([['2', '资料处']]);
    expect(d.changes.approvedPrevious).toBe(1);
    // Task 1 was yellow on 30 June (80 % of a plan at 100 %) and turned red when its deadline passed; task 2 was
    // yellow on 30 June (its Q2 report was approved only on 3 July) and turned green with that approval.
    expect(d.changes.lightChanges.map((c) => [c.taskNumber, c.from, c.to])).toEqual([
      ['1', 'yellow', 'red'],
      ['2', 'yellow', 'green'],
    ]);
  });

  it('defaults to today on the server clock and refuses a malformed date', async () => {
    const supervisor = f.supervisor;
    const today = await supervisor.json<TDashboard>('GET', `/api/plans/${f.planId}/dashboard`);
    expect(today.body.date).toBe('2023-04-01');
    const bad = await supervisor.json<{ message: string }>('GET', `/api/plans/${f.planId}/dashboard?date=7月10日`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/YYYY-MM-DD/);
    expect((await supervisor.json('GET', '/api/plans/9999/dashboard')).status).toBe(404);
  });

  it('keeps the dashboard from unit users', async () => {
    const staff = await f.user('keyuan', ['unit_staff'], '资料处');
    expect((await staff.json('GET', `/api/plans/${f.planId}/dashboard`)).status).toBe(403);
  });

  it('returns Gantt rows grouped by section or by lead unit, with milestones and status colours', async () => {
    const leader = await f.user('lingdao', ['leader']);
    const bySection = (await leader.json<TGantt>('GET', `/api/plans/${f.planId}/gantt?date=2023-07-10`)).body;
    expect(bySection.groupBy).toBe('section');
    expect(bySection.groups.map((g) => [g.label, g.rows.map((r) => r.number)])).toEqual([
      ['志书工作', ['1', '2']],
      ['开发利用', ['3', '4']],
    ]);
    const t4 = bySection.groups[1]!.rows[1]!;
    expect(t4).toMatchObject({ start: '2023-01-01', end: '2023-09-30', light: 'red', leadUnits: ['资料处', '方志馆'] });
    expect(t4.milestones.map((m) => [m.name, m.dueDate])).toEqual([
      ['印制第1期', '2023-06-30'],
      ['印制第2期', '2023-09-30'],
    ]);
    const byUnit = (await leader.json<TGantt>('GET', `/api/plans/${f.planId}/gantt?groupBy=unit&date=2023-07-10`)).body;
    expect(byUnit.groups.map((g) => [g.label, g.rows.map((r) => r.number)])).toEqual([
      ['编纂处', ['1']],
      ['资料处', ['2', '4']],
      ['方志馆', ['3', '4']],
    ]);
    expect(byUnit.groups[1]!.rows[0]).toMatchObject({ light: 'green', actual: 50 });
    const bad = await leader.json<{ message: string }>('GET', `/api/plans/${f.planId}/gantt?groupBy=year`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/按部分|按单位/);
  });

  it('shows unit users only the tasks their unit leads or supports', async () => {
    const museum = await f.user('guanyuan', ['unit_staff'], '方志馆');
    const g = (await museum.json<TGantt>('GET', `/api/plans/${f.planId}/gantt`)).body;
    expect(g.groups.flatMap((x) => x.rows.map((r) => r.number))).toEqual(['3', '4']);
    const archives = await f.user('ziliao', ['unit_head'], '资料处');
    const a = (await archives.json<TGantt>('GET', `/api/plans/${f.planId}/gantt`)).body;
    expect(a.groups.flatMap((x) => x.rows.map((r) => r.number))).toEqual(['1', '2', '4']);
    const nobody = await f.user('shixian', ['local_staff']);
    expect((await nobody.json<TGantt>('GET', `/api/plans/${f.planId}/gantt`)).body.groups).toEqual([]);
  });
});
