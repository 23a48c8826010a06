import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TCoverage, TDistribution, THoldingDetail, THoldingPage, TShipment } from '../../../shared/library.ts';
import type { TNotificationPage } from '../../../shared/notifications.ts';
import { createLibraryWorld, type LibraryWorld } from '../../test/library-world.ts';
import { TEST_DIALECTS } from '../../test/test-db.ts';

describe.each(TEST_DIALECTS)('distribution with receipt (%s)', (dialect) => {
  let w: LibraryWorld;
  let recordId: number;
  let dist: TDistribution;
  const ship = (unit: string) => dist.shipments.find((s) => s.unitName === unit)!;
  beforeAll(async () => {
    w = await createLibraryWorld(dialect);
    recordId = (
      await w.library.json<THoldingDetail>('POST', '/api/library/holdings', {
        type: '年鉴',
        title: '吉林年鉴（2022）',
        pubYear: 2022,
        isbn: '9787502734343',
      })
    ).body.id;
    const res = await w.library.json<TDistribution>('POST', '/api/library/distributions', {
      recordId,
      formula: { city: 2, county: 1, department: 1 },
      unitIds: [w.id('长春市地方志工作机构'), w.id('朝阳区地方志工作机构'), w.id('吉林市地方志工作机构')],
    });
    expect(res.status).toBe(201);
    dist = res.body;
  });
  afterAll(async () => w.t.close());

  it('sizes one shipment per office by its group and tells each office in the app', async () => {
    expect(dist.shipments.map((s) => [s.unitName, s.quantity, s.status])).toEqual([
      ['长春市地方志工作机构', 2, 'sent'],
      ['吉林市地方志工作机构', 2, 'sent'],
      ['朝阳区地方志工作机构', 1, 'sent'],
    ]);
    expect(dist.totals).toMatchObject({ offices: 3, copies: 5, pending: 3 });
    const notes = (await w.chaoyang.json<TNotificationPage>('GET', '/api/notifications')).body;
    expect(notes.items[0]).toMatchObject({ title: '配送：《吉林年鉴（2022）》1 册', link: '/holdings/office' });
    expect((await w.nanguan.json<TNotificationPage>('GET', '/api/notifications')).body.total).toBe(0);
  });

  it('by formula alone every unit of a group receives, the sender excepted', async () => {
    const all = (
      await w.library.json<TDistribution>('POST', '/api/library/distributions', {
        recordId,
        formula: { department: 1 },
      })
    ).body;
    const names = all.shipments.map((s) => s.unitName);
    expect(names).toContain('资料处');
    expect(names).not.toContain('吉林省方志馆');
    expect(names.some((n) => n.endsWith('地方志工作机构'))).toBe(false);
    const none = await w.library.json<{ message: string }>('POST', '/api/library/distributions', {
      recordId,
      formula: {},
    });
    expect(none.status).toBe(400);
  });

  it('two offices confirm and hold the copies; one reports a missing copy; nobody signs for another office', async () => {
    expect(
      (
        await w.jilinCity.json('POST', `/api/library/shipments/${ship('长春市地方志工作机构').id}/receipt`, {
          receivedQuantity: 2,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await w.changchun.json('POST', `/api/library/shipments/${ship('朝阳区地方志工作机构').id}/receipt`, {
          receivedQuantity: 1,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await w.library.json('POST', `/api/library/shipments/${ship('长春市地方志工作机构').id}/receipt`, {
          receivedQuantity: 2,
        })
      ).status,
    ).toBe(403);
    const cc = await w.changchun.json<TShipment>(
      'POST',
      `/api/library/shipments/${ship('长春市地方志工作机构').id}/receipt`,
      { receivedQuantity: 2 },
    );
    expect(cc.body).toMatchObject({ status: 'confirmed', receivedQuantity: 2 });
    expect(
      (
        await w.chaoyang.json<TShipment>('POST', `/api/library/shipments/${ship('朝阳区地方志工作机构').id}/receipt`, {
          receivedQuantity: 1,
        })
      ).body.status,
    ).toBe('confirmed');
    const noNote = await w.jilinCity.json<{ message: string }>(
      'POST',
      `/api/library/shipments/${ship('吉林市地方志工作机构').id}/receipt`,
      { receivedQuantity: 1 },
    );
    expect(noNote.body.message).toContain('实收 1 册与配送 2 册不符');
    const jl = await w.jilinCity.json<TShipment>(
      'POST',
      `/api/library/shipments/${ship('吉林市地方志工作机构').id}/receipt`,
      { receivedQuantity: 1, note: '缺 1 册' },
    );
    expect(jl.body).toMatchObject({ status: 'discrepancy', receivedQuantity: 1, note: '缺 1 册' });
    expect(
      (
        await w.changchun.json('POST', `/api/library/shipments/${ship('长春市地方志工作机构').id}/receipt`, {
          receivedQuantity: 2,
        })
      ).status,
    ).toBe(409);
    const ccHoldings = (
      await w.changchun.json<THoldingPage>('GET', `/api/library/holdings?unitId=${w.id('长春市地方志工作机构')}`)
    ).body;
    expect(ccHoldings.rows).toEqual([expect.objectContaining({ id: recordId, copyCount: 2 })]);
    const detail = (await w.jilinCity.json<THoldingDetail>('GET', `/api/library/holdings/${recordId}`)).body;
    expect(detail.copies.map((c) => [c.unitName, c.acquisition])).toEqual([['吉林市地方志工作机构', '配送']]);
  });

  it('a 市州 sees its own and its counties’ shipments only; a county outside gets nothing', async () => {
    const seen = (await w.changchun.json<TDistribution>('GET', `/api/library/distributions/${dist.id}`)).body;
    expect(seen.shipments.map((s) => s.unitName)).toEqual(['长春市地方志工作机构', '朝阳区地方志工作机构']);
    expect((await w.yongji.json('GET', `/api/library/distributions/${dist.id}`)).status).toBe(403);
    expect((await w.yongji.json<TDistribution[]>('GET', '/api/library/distributions')).body).toEqual([]);
    const jlCoverage = (await w.jilinCity.json<TCoverage>('GET', '/api/library/distributions/coverage')).body;
    expect(jlCoverage.offices.map((o) => o.name)).toEqual(['吉林市地方志工作机构']);
    expect(
      (
        await w.jilinCity.request(
          'GET',
          `/api/library/distributions/${dist.id}/packing-lists?shipmentId=${ship('长春市地方志工作机构').id}`,
        )
      ).status,
    ).toBe(404);
  });

  it('the coverage shows who has not confirmed; reminders go to them only; packing lists are one sheet per office', async () => {
    const cov = (await w.library.json<TCoverage>('GET', '/api/library/distributions/coverage')).body;
    const statusOf = (unit: string) =>
      cov.cells.find((c) => c.distributionId === dist.id && c.unitId === w.id(unit))?.status;
    expect([
      statusOf('长春市地方志工作机构'),
      statusOf('朝阳区地方志工作机构'),
      statusOf('吉林市地方志工作机构'),
    ]).toEqual(['confirmed', 'confirmed', 'discrepancy']);
    const second = (
      await w.library.json<TDistribution>('POST', '/api/library/distributions', {
        recordId,
        formula: { county: 1 },
        unitIds: [w.id('南关区地方志工作机构'), w.id('永吉县地方志工作机构')],
      })
    ).body;
    await w.nanguan.json(
      'POST',
      `/api/library/shipments/${second.shipments.find((s) => s.unitName.startsWith('南关'))!.id}/receipt`,
      { receivedQuantity: 1 },
    );
    const before = (await w.yongji.json<TNotificationPage>('GET', '/api/notifications')).body.total;
    const r = await w.library.json<{ reminded: number }>('POST', `/api/library/distributions/${second.id}/reminders`);
    expect(r.body.reminded).toBe(1);
    expect((await w.yongji.json<TNotificationPage>('GET', '/api/notifications')).body.items[0]!.title).toBe(
      '请签收：《吉林年鉴（2022）》',
    );
    expect((await w.yongji.json<TNotificationPage>('GET', '/api/notifications')).body.total).toBe(before + 1);
    expect(
      (await w.nanguan.json<TNotificationPage>('GET', '/api/notifications')).body.items.some((n) =>
        n.title.startsWith('请签收'),
      ),
    ).toBe(false);
    const xlsx = await w.library.request('GET', `/api/library/distributions/${dist.id}/packing-lists`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      '长春市地方志工作机构',
      '吉林市地方志工作机构',
      '朝阳区地方志工作机构',
    ]);
    expect(wb.worksheets[0]!.getCell('B8').value).toBe('吉林年鉴（2022）');
    expect(
      (await w.chaoyang.json('POST', '/api/library/distributions', { recordId, formula: { city: 1 } })).status,
    ).toBe(403);
    expect((await w.changchun.json('POST', `/api/library/distributions/${dist.id}/reminders`)).status).toBe(403);
  });
});
