import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TBatchChaseResult, TOverdueList } from '../../../../shared/supervision-loop.ts';
import type { TChase } from '../../../../shared/supervision.ts';
import { TEST_DIALECTS } from '../../../test/test-db.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { buildWorld, type World, WORLD_TIMEOUT } from '../../../test/world.ts';
import { overdueXlsx } from './overdue.ts';

type Err = { code: string; message: string };

describe.each(TEST_DIALECTS)('逾期未报: list, batch 催办 and export (%s)', (dialect) => {
  let t: TestApp;
  let w: World;
  let staff: TestClient;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await buildWorld(t);
    await w.setToday('2024-05-10');
    staff = await w.user('bian_staff', ['unit_staff'], '编纂科');
    await w.user('zl_staff', ['unit_staff'], '资料科');
  }, WORLD_TIMEOUT);
  afterAll(async () => t.close());

  it('lists the lead units whose April report is missing, drops one once filed, and chases the rest in one action', async () => {
    const plan = await w.freshPlan();
    const list = (await w.supervisor.json<TOverdueList>('GET', `/api/plans/${plan.planId}/overdue`)).body;
    expect(list).toMatchObject({ period: '2024-04', periodLabel: '2024年4月', asOf: '2024-05-10' });
    expect(list.rows.length).toBeGreaterThan(3);
    const first = list.rows.find((r) => r.taskId === plan.tasks['1'])!;
    expect(first).toMatchObject({ unitName: '编纂科', dueDate: '2024-04-25', daysLate: 15, chased: 0 });

    const report = (
      await staff.json<{ id: number }>('PUT', `/api/tasks/${plan.tasks['1']}/reports/2024-04`, {
        progressText: '终审稿修改过半。',
        percent: 40,
        problems: '',
        nextSteps: '',
      })
    ).body;
    await staff.json('POST', `/api/reports/${report.id}/submit`);
    const after = (await w.supervisor.json<TOverdueList>('GET', `/api/plans/${plan.planId}/overdue?period=2024-04`))
      .body;
    expect(after.rows.find((r) => r.taskId === plan.tasks['1'])).toBeUndefined();
    expect(after.rows).toHaveLength(list.rows.length - 1);

    expect(
      (await w.supervisor.json<Err>('GET', `/api/plans/${plan.planId}/overdue?period=2024-Q2`)).body.message,
    ).toMatch(/每月填报/);
    expect(
      (
        await w.supervisor.json<Err>('POST', `/api/plans/${plan.planId}/overdue/chase`, {
          period: '2024-04',
          message: '',
        })
      ).status,
    ).toBe(400);
    const sent = await w.supervisor.json<TBatchChaseResult>('POST', `/api/plans/${plan.planId}/overdue/chase`, {
      period: '2024-04',
      message: '请于本周内补报4月进展。',
      replyBy: '2024-05-15',
    });
    expect(sent.status).toBe(200);
    expect(sent.body.sent).toBe(after.rows.length);
    // 资料科's 联络员 is the one person of a chased unit in this world.
    expect(sent.body.notified).toBe(sent.body.rows.filter((r) => r.unitName === '资料科').length);
    expect(sent.body.notified).toBeGreaterThan(0);
    const chased = (await w.supervisor.json<TOverdueList>('GET', `/api/plans/${plan.planId}/overdue?period=2024-04`))
      .body;
    expect(chased.rows.every((r) => r.chased === 1)).toBe(true);
    const oneTask = (await w.supervisor.json<TChase[]>('GET', `/api/tasks/${after.rows[0]!.taskId}/chases`)).body;
    expect(oneTask[0]).toMatchObject({ level: 0, message: '请于本周内补报4月进展。', replyBy: '2024-05-15' });
    // Nothing overdue in May yet (due 25 May): nothing to chase.
    expect(
      (
        await w.supervisor.json<Err>('POST', `/api/plans/${plan.planId}/overdue/chase`, {
          period: '2024-05',
          message: '请报送。',
        })
      ).body.message,
    ).toMatch(/没有逾期未报的单位/);

    const xlsx = await w.supervisor.request('GET', `/api/plans/${plan.planId}/overdue.xlsx?period=2024-04`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toContain(encodeURIComponent('逾期未报-2024年4月.xlsx'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    expect(book.getWorksheet('逾期未报')!.rowCount).toBe(2 + after.rows.length);
  });

  it('neutralises text that a spreadsheet would run as a formula', async () => {
    const bytes = await overdueXlsx({
      planId: 1,
      planTitle: '某工作要点',
      period: '2024-04',
      periodLabel: '2024年4月',
      asOf: '2024-05-10',
      rows: [
        {
          taskId: 1,
          number: '1',
          text: '=HYPERLINK("http://x","点我")',
          unitName: '@某处',
          unitId: 1,
          period: '2024-04',
          periodLabel: '2024年4月',
          dueDate: '2024-04-25',
          daysLate: 15,
          chased: 0,
        },
      ],
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes.buffer as ArrayBuffer);
    const row = book.getWorksheet('逾期未报')!.getRow(3);
    expect(row.getCell(3).value).toBe('\'=HYPERLINK("http://x","点我")');
    expect(row.getCell(4).value).toBe("'@某处");
  });
});
