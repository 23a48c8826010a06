import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TDashboard } from '../../../shared/dashboard.ts';
import type { TFund, THoldingDetail, TLibraryIndicator, TOrder } from '../../../shared/library.ts';
import type { TIndicator } from '../../../shared/reports.ts';
import { buildWorld, setToday, type World } from '../../test/world.ts';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app.ts';
import { TEST_DIALECTS } from '../../test/test-db.ts';

describe.each(TEST_DIALECTS)('acquisitions against targets (%s)', (dialect) => {
  let t: TestApp;
  let w: World;
  let library: TestClient;
  let fund: TFund;
  let recordId: number;
  let indicatorId: number;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    setToday(t, '2024-03-01');
    w = await buildWorld(t);
    library = await w.user('fzg', ['unit_staff'], '方志馆');
    recordId = (
      await library.json<THoldingDetail>('POST', '/api/library/holdings', {
        type: '志书',
        title: '云川县志（1986—2005）',
        pubYear: 2023,
        copies: [{ barcode: 'OLD-1', acquisition: '呈缴', acquiredOn: '2023-06-01' }],
      })
    ).body.id;
    const taskId = Object.values(w.tasks)[0]!;
    indicatorId = (
      await w.supervisor.json<TIndicator>('POST', `/api/tasks/${taskId}/indicators`, {
        name: '新购图书',
        unit: '册',
        targetValue: 2000,
      })
    ).body.id;
  });
  afterAll(async () => t.close());

  it('a fund warns past its warning percentage and refuses orders past its stop percentage', async () => {
    const res = await library.json<TFund>('POST', '/api/library/funds', {
      year: 2024,
      name: '购书经费',
      amount: 10000,
      warnPercent: 70,
      stopPercent: 100,
    });
    expect(res.status).toBe(201);
    fund = res.body;
    const first = await library.json<TOrder>('POST', '/api/library/orders', {
      fundId: fund.id,
      recordId,
      vendor: '新华书店',
      quantity: 40,
      unitPrice: 198,
      orderedOn: '2024-03-01',
      expectedBy: '2024-03-20',
    });
    expect(first.status).toBe(201);
    expect(first.body.warning).toContain('超过预警比例 70%');
    const tooMuch = await library.json<{ message: string }>('POST', '/api/library/orders', {
      fundId: fund.id,
      recordId,
      vendor: '新华书店',
      quantity: 11,
      unitPrice: 198,
      orderedOn: '2024-03-01',
      expectedBy: '2024-03-20',
    });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.message).toContain('超过停止比例 100%');
    const funds = (await library.json<TFund[]>('GET', '/api/library/funds?year=2024')).body;
    expect(funds[0]).toMatchObject({ committed: 7920, spent: 0, percentCommitted: 79.2, state: 'warning' });
  });

  it('receiving creates copies and the bound indicator shows the live count on the task page and the dashboard', async () => {
    const bind = await w.supervisor.json<TLibraryIndicator>('PUT', '/api/library/indicators', {
      indicatorId,
      metric: 'purchased_in_year',
      unitId: w.unitIds['方志馆'],
      year: 2024,
    });
    expect(bind.status).toBe(200);
    expect(bind.body.value).toBe(0);
    const order = (await library.json<TOrder[]>('GET', '/api/library/orders')).body[0]!;
    const partial = await library.json<TOrder>('POST', `/api/library/orders/${order.id}/receipts`, {
      quantity: 25,
      receivedOn: '2024-03-01',
      location: '新书架',
    });
    expect(partial.body).toMatchObject({ status: 'partial', receivedQuantity: 25 });
    const over = await library.json<{ message: string }>('POST', `/api/library/orders/${order.id}/receipts`, {
      quantity: 16,
      receivedOn: '2024-03-01',
    });
    expect(over.body.message).toContain('还有 15 册未到');
    const copies = (await library.json<THoldingDetail>('GET', `/api/library/holdings/${recordId}`)).body.copies;
    expect(
      copies
        .filter((c) => c.acquisition === '购买')
        .map((c) => c.barcode)
        .slice(0, 2),
    ).toEqual([`O${order.id}-1`, `O${order.id}-2`]);
    const taskId = Object.values(w.tasks)[0]!;
    const indicators = (await w.supervisor.json<TIndicator[]>('GET', `/api/tasks/${taskId}/indicators`)).body;
    expect(indicators.find((i) => i.id === indicatorId)!.actual).toBe(25);
    await library.json('POST', `/api/library/orders/${order.id}/receipts`, { quantity: 15, receivedOn: '2024-03-01' });
    const dash = (await w.supervisor.json<TDashboard>('GET', `/api/plans/${w.planId}/dashboard`)).body;
    expect(dash.indicators.find((i) => i.id === indicatorId)).toMatchObject({
      actual: 40,
      actualPeriod: '实时',
      percentOfTarget: 2,
    });
    const live = (await library.json<TLibraryIndicator[]>('GET', '/api/library/indicators')).body;
    expect(live).toEqual([expect.objectContaining({ indicatorId, value: 40, unitName: '方志馆' })]);
    expect((await library.json<TFund[]>('GET', '/api/library/funds')).body[0]).toMatchObject({ spent: 7920 });
  });

  it('claims only late orders', async () => {
    const order = (
      await library.json<TOrder>('POST', '/api/library/orders', {
        fundId: fund.id,
        recordId,
        vendor: '古籍书店',
        quantity: 1,
        unitPrice: 50,
        orderedOn: '2024-03-01',
        expectedBy: '2024-03-10',
      })
    ).body;
    const early = await library.json<{ message: string }>('POST', `/api/library/orders/${order.id}/claims`, {
      note: '请尽快发货',
    });
    expect(early.status).toBe(409);
    expect(order.isLate).toBe(false);
    const overdue = (
      await library.json<TOrder>('POST', '/api/library/orders', {
        fundId: fund.id,
        recordId,
        vendor: '古籍书店',
        quantity: 1,
        unitPrice: 50,
        orderedOn: '2024-02-01',
        expectedBy: '2024-02-25',
      })
    ).body;
    const late = (await library.json<TOrder[]>('GET', '/api/library/orders')).body.find((o) => o.id === overdue.id)!;
    expect(late.isLate).toBe(true);
    const claim = await library.json<TOrder>('POST', `/api/library/orders/${overdue.id}/claims`, {
      note: '已逾期五天，请尽快发货',
    });
    expect(claim.status).toBe(201);
    expect(claim.body.claims).toEqual([expect.objectContaining({ note: '已逾期五天，请尽快发货' })]);
  });

  it('offices and leaders cannot order; unit staff cannot bind indicators', async () => {
    const leader = await w.user('ld', ['leader']);
    expect((await leader.json('POST', '/api/library/funds', { year: 2024, name: 'x', amount: 1 })).status).toBe(403);
    expect((await leader.json<TFund[]>('GET', '/api/library/funds')).status).toBe(200);
    expect(
      (await library.json('PUT', '/api/library/indicators', { indicatorId, metric: 'holdings_total', year: 2024 }))
        .status,
    ).toBe(403);
  });
});
