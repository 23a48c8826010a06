import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TCycle, TCycleDetail, TForm, TRollup, TSubmission, TTrend } from '../../../shared/datareports.ts';
import { fillTemplate, REPORT_FORM } from '../../test/datareport-form.ts';
import { upload } from '../../test/holdings-sheet.ts';
import { createLibraryWorld, type LibraryWorld } from '../../test/library-world.ts';
import type { TestClient } from '../../test/test-app.ts';
import { TEST_DIALECTS } from '../../test/test-db.ts';

const FILLED = {
  books_total: 12000,
  chronicles: 300,
  yearbooks: 150,
  new_this_year: 420,
  room_area: 86.5,
  staff: 2,
  has_room: '是',
  filled_on: '2024-01-15',
};

describe.each(TEST_DIALECTS)('资料年报 (%s)', (dialect) => {
  let w: LibraryWorld;
  let province: TestClient;
  let form: TForm;
  let cycle: TCycle;
  beforeAll(async () => {
    w = await createLibraryWorld(dialect);
    province = await w.t.signIn('zlc', ['unit_staff'], w.id('资料处'));
    form = (
      await province.json<TForm>('POST', '/api/datareports/forms', { name: '地方志资料年报', definition: REPORT_FORM })
    ).body;
    const res = await province.json<TCycle>('POST', '/api/datareports/cycles', {
      formId: form.id,
      year: 2023,
      title: '2023年度地方志资料年报',
      deadline: '2024-03-31',
    });
    expect(res.status).toBe(201);
    cycle = res.body;
  });
  afterAll(async () => w.t.close());

  it('only the province designs forms and opens cycles', async () => {
    expect(
      (await w.changchun.json('POST', '/api/datareports/forms', { name: '市表', definition: REPORT_FORM })).status,
    ).toBe(403);
    expect(
      (
        await w.changchun.json('POST', '/api/datareports/cycles', {
          formId: form.id,
          year: 2024,
          title: 'x',
          deadline: '2025-03-31',
        })
      ).status,
    ).toBe(403);
    const bad = await province.json<{ message: string }>('PATCH', `/api/datareports/forms/${form.id}`, {
      name: '地方志资料年报',
      definition: { fields: [{ key: 'A', label: 'x', type: 'integer' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('字段标识应以小写字母开头');
  });

  it('a county uploads its .xlsx: the wrong cell is named and nothing is saved until it is corrected', async () => {
    const template = await (
      await w.chaoyang.request('GET', `/api/datareports/cycles/${cycle.id}/template`)
    ).arrayBuffer();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template);
    expect(wb.getWorksheet('资料年报')!.getCell('A2').value).toContain('朝阳区地方志工作机构');
    const wrong = await fillTemplate(template, { ...FILLED, staff: '两人' });
    const refused = await w.chaoyang.request(
      'POST',
      `/api/datareports/cycles/${cycle.id}/mine/upload`,
      upload(wrong, '朝阳区年报.xlsx'),
    );
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { message: string; details: { path: string; message: string }[] };
    expect(body.details).toEqual([
      {
        path: '工作表“资料年报” D10',
        message: '工作表“资料年报” D10（专（兼）职人员）：“两人”不是数字，请只填阿拉伯数字（单位：人）',
      },
    ]);
    expect((await w.chaoyang.json<TSubmission>('GET', `/api/datareports/cycles/${cycle.id}/mine`)).body.status).toBe(
      'missing',
    );
    const ok = await w.chaoyang.request(
      'POST',
      `/api/datareports/cycles/${cycle.id}/mine/upload`,
      upload(await fillTemplate(template, FILLED), '朝阳区年报.xlsx'),
    );
    expect(ok.status).toBe(200);
    expect((await ok.json()) as TSubmission).toMatchObject({
      status: 'draft',
      source: 'xlsx',
      values: { books_total: 12000, room_area: 86.5 },
    });
    const submitted = await w.chaoyang.json<TSubmission>('POST', `/api/datareports/cycles/${cycle.id}/mine/submit`);
    expect(submitted.body).toMatchObject({ status: 'submitted', reviewerName: '长春市地方志工作机构' });
    expect((await w.chaoyang.json('PUT', `/api/datareports/cycles/${cycle.id}/mine`, { values: FILLED })).status).toBe(
      409,
    );
  });

  it('its 市州 reviews it, another 市州 cannot, the province accepts after the 市州', async () => {
    const cc = (await w.changchun.json<TCycleDetail>('GET', `/api/datareports/cycles/${cycle.id}`)).body;
    const cy = cc.submissions.find((s) => s.unitName === '朝阳区地方志工作机构')!;
    expect(
      cc.submissions.every((s) => s.reviewerName === '长春市地方志工作机构' || s.unitName === '长春市地方志工作机构'),
    ).toBe(true);
    expect(
      (await w.jilinCity.json('POST', `/api/datareports/submissions/${cy.id}/review`, { approve: true })).status,
    ).toBe(403);
    expect(
      (await w.nanguan.json('POST', `/api/datareports/submissions/${cy.id}/review`, { approve: true })).status,
    ).toBe(403);
    expect(
      (await w.jilinCity.json<TCycleDetail>('GET', `/api/datareports/cycles/${cycle.id}`)).body.submissions.some((s) =>
        s.unitName.startsWith('朝阳'),
      ),
    ).toBe(false);
    expect(
      (await w.nanguan.json<TCycleDetail>('GET', `/api/datareports/cycles/${cycle.id}`)).body.submissions.map(
        (s) => s.unitName,
      ),
    ).toEqual(['南关区地方志工作机构']);
    const early = await province.json<{ message: string }>('POST', `/api/datareports/submissions/${cy.id}/review`, {
      approve: true,
    });
    expect(early.body.message).toContain('须先经长春市地方志工作机构审核');
    expect(
      (await w.changchun.json<TSubmission>('POST', `/api/datareports/submissions/${cy.id}/review`, { approve: true }))
        .body.status,
    ).toBe('city_approved');
    const cityRollup = (await w.changchun.json<TRollup>('GET', `/api/datareports/cycles/${cycle.id}/rollup`)).body;
    expect(cityRollup.groups).toEqual([
      expect.objectContaining({
        name: '长春市地方志工作机构',
        counted: 1,
        totals: expect.objectContaining({ books_total: 12000 }),
      }),
    ]);
    expect(
      (await province.json<TSubmission>('POST', `/api/datareports/submissions/${cy.id}/review`, { approve: true })).body
        .status,
    ).toBe('accepted');
  });

  it('a 市州 report goes straight to the province; returning needs a comment and tells the office', async () => {
    await w.changchun.json('PUT', `/api/datareports/cycles/${cycle.id}/mine`, {
      values: { ...FILLED, books_total: 30000, chronicles: 900 },
    });
    const s = (await w.changchun.json<TSubmission>('POST', `/api/datareports/cycles/${cycle.id}/mine/submit`)).body;
    expect(s.reviewerName).toBeNull();
    expect(
      (await province.json('POST', `/api/datareports/submissions/${s.id}/review`, { approve: false })).status,
    ).toBe(400);
    expect(
      (
        await province.json<TSubmission>('POST', `/api/datareports/submissions/${s.id}/review`, {
          approve: false,
          comment: '志书数请核对',
        })
      ).body.status,
    ).toBe('returned');
    const mine = (await w.changchun.json<TSubmission>('GET', `/api/datareports/cycles/${cycle.id}/mine`)).body;
    expect(mine).toMatchObject({ status: 'returned', comment: '志书数请核对' });
    await w.changchun.json('POST', `/api/datareports/cycles/${cycle.id}/mine/submit`);
    expect(
      (await province.json<TSubmission>('POST', `/api/datareports/submissions/${s.id}/review`, { approve: true })).body
        .status,
    ).toBe('accepted');
  });

  it('rolls up county → 市州 → province and exports the 中指办 table', async () => {
    const r = (await province.json<TRollup>('GET', `/api/datareports/cycles/${cycle.id}/rollup`)).body;
    expect(r.groups[0]).toMatchObject({
      name: '全省合计',
      counted: 2,
      totals: expect.objectContaining({ books_total: 42000, chronicles: 1200, room_area: 173 }),
    });
    expect(r.groups.find((g) => g.name === '长春市地方志工作机构')).toMatchObject({ counted: 2 });
    expect(r.groups[0]!.expected).toBeGreaterThan(60);
    const xlsx = await province.request('GET', `/api/datareports/cycles/${cycle.id}/statistics`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const ws = wb.getWorksheet('统计表')!;
    expect(ws.getRow(3).values).toEqual(expect.arrayContaining(['全省合计', 42000]));
    const ccRow = ws.getColumn(1).values.findIndex((v) => v === '长春市地方志工作机构（小计）');
    expect(ws.getRow(ccRow).getCell(3).value).toBe(42000);
    expect((await w.changchun.json('GET', `/api/datareports/cycles/${cycle.id}/statistics`)).status).toBe(403);
    const trend = (await province.json<TTrend>('GET', `/api/datareports/trend?formId=${form.id}&field=books_total`))
      .body;
    expect(trend).toEqual([{ year: 2023, value: 42000, offices: 2 }]);
    expect(
      (await w.jilinCity.json<TTrend>('GET', `/api/datareports/trend?formId=${form.id}&field=books_total`)).body,
    ).toEqual([{ year: 2023, value: 0, offices: 0 }]);
  });

  it('only city and county offices fill; province staff cannot file for them', async () => {
    expect((await province.json('PUT', `/api/datareports/cycles/${cycle.id}/mine`, { values: FILLED })).status).toBe(
      403,
    );
    expect((await w.library.json('GET', `/api/datareports/cycles/${cycle.id}/mine`)).status).toBe(403);
  });
});
