import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import type { TPlanDetail, TPlanPreview, TImportPlanResponse } from '../src/shared/workplan.ts';
import { toImportRequest } from '../src/shared/workplan-import.ts';
import type { TIndicator } from '../src/shared/reports.ts';
import type { TCycle, TForm } from '../src/shared/datareports.ts';
import type {
  TDistribution,
  TEvalAssessment,
  TFund,
  THoldingDetail,
  THoldingPage,
  TOrder,
} from '../src/shared/library.ts';
import { fillTemplate, REPORT_FORM } from '../src/server/test/datareport-form.ts';
import { EVAL_TEMPLATE } from '../src/server/test/eval-template.ts';
import {
  ADMIN_PASSWORD,
  apiAs,
  chromiumAvailable,
  launchBrowser,
  loginAs,
  ROOT,
  screenshot,
  startApp,
  type RunningApp,
} from './support.ts';

const SAMPLE = path.resolve(ROOT, '../shared/samples/jilin-fangzhi-2023-work-points.txt');
const hasSample = fs.existsSync(SAMPLE);
if (!hasSample) console.warn(`跳过方志馆浏览器测试：未找到参考文件 ${SAMPLE}（第 16 项任务取自其中）`);
const PASSWORD = 'library-pass-1';
const FILLED = {
  books_total: 12000,
  chronicles: 300,
  yearbooks: 150,
  new_this_year: 420,
  room_area: 86.5,
  staff: 2,
  has_room: '是',
  filled_on: '2023-07-05',
};

async function as(page: Page, url: string, username: string): Promise<void> {
  await page.context().clearCookies();
  await loginAs(page, url, username, PASSWORD);
}

/**
 * Issue 14 in the browser on 5 July 2023: the 方志馆 receives a 40-volume order and task 16's holdings indicator rises on
 * the leader's dashboard; 《吉林年鉴（2022）》 goes to three offices, two confirm in the app (their holdings appear) and
 * one reports a missing copy; a county files its 资料年报 by uploading the .xlsx, sees the wrong cell named, corrects it,
 * its 市州 approves, and the province accepts, rolls up and exports the 中指办 table.
 */
describe.skipIf(!chromiumAvailable || !hasSample)('方志馆 and the offices in the browser', () => {
  let app: RunningApp;
  let browser: Browser;
  beforeAll(async () => {
    app = await startApp({ FANGZHI_FIXED_DATE: '2023-07-05' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('walks acquisitions, distribution with receipt and the annual data report', { timeout: 400_000 }, async () => {
    const admin = await apiAs(app.url, 'admin', ADMIN_PASSWORD);
    await admin('POST', '/api/units/templates/jilin');
    const units = await admin<{ id: number; name: string }[]>('GET', '/api/units');
    const unitId = (name: string) => units.find((u) => u.name === name)!.id;
    const people: [string, string, string, string | null][] = [
      ['duban', '周督办', 'supervisor', null],
      ['lingdao', '林主任', 'leader', null],
      ['fangzhiguan', '方志馆联络员', 'unit_staff', '吉林省方志馆'],
      ['ziliao', '资料处联络员', 'unit_staff', '资料处'],
      ['changchun', '长春市方志办', 'local_staff', '长春市地方志工作机构'],
      ['chaoyang', '朝阳区方志办', 'local_staff', '朝阳区地方志工作机构'],
      ['jilinshi', '吉林市方志办', 'local_staff', '吉林市地方志工作机构'],
    ];
    for (const [username, displayName, role, unit] of people) {
      await admin('POST', '/api/users', {
        username,
        displayName,
        password: PASSWORD,
        roles: [role],
        unitId: unit ? unitId(unit) : null,
      });
    }
    // The scene: the reference plan with task 16's targets as indicators bound to the library's counts.
    const duban = await apiAs(app.url, 'duban', PASSWORD);
    const form = () => {
      const f = new FormData();
      f.set('file', new File([fs.readFileSync(SAMPLE)], 'jilin-2023.txt'));
      return f;
    };
    const preview = await duban<TPlanPreview>('POST', '/api/plans/preview', form());
    const request = form();
    request.set('plan', JSON.stringify(toImportRequest(preview.parse, preview.units, true)));
    const plan = await duban<TImportPlanResponse>('POST', '/api/plans', request);
    const detail = await duban<TPlanDetail>('GET', `/api/plans/${plan.planId}`);
    const task16 = detail.sections.flatMap((s) => s.tasks).find((t) => t.number === '16')!;
    const indicators = await duban<TIndicator[]>('POST', `/api/tasks/${task16.id}/indicators/from-targets`);
    const bought = indicators.find((i) => i.targetValue === 2000)!;
    const held = indicators.find((i) => i.targetValue === 170000)!;
    const fzgUnit = unitId('吉林省方志馆');
    await duban('PUT', '/api/library/indicators', {
      indicatorId: bought.id,
      metric: 'purchased_in_year',
      unitId: fzgUnit,
      year: 2023,
    });
    await duban('PUT', '/api/library/indicators', {
      indicatorId: held.id,
      metric: 'holdings_total',
      unitId: fzgUnit,
      year: 2023,
    });
    const fzg = await apiAs(app.url, 'fangzhiguan', PASSWORD);
    const record = await fzg<THoldingDetail>('POST', '/api/library/holdings', {
      type: '志书',
      title: '吉林省志·方志馆志（1986—2020）',
      pubYear: 2023,
      divisionCodes: ['220000'],
      copies: [{ barcode: 'FZG-0001', acquisition: '呈缴', acquiredOn: '2023-01-10' }],
    });
    const fund = await fzg<TFund>('POST', '/api/library/funds', {
      year: 2023,
      name: '购书经费',
      amount: 100000,
      warnPercent: 80,
      stopPercent: 100,
    });
    await fzg<TOrder>('POST', '/api/library/orders', {
      fundId: fund.id,
      recordId: record.id,
      vendor: '吉林省新华书店',
      quantity: 40,
      unitPrice: 128,
      orderedOn: '2023-06-01',
      expectedBy: '2023-07-10',
    });

    const page = await browser.newPage({
      viewport: { width: 1440, height: 950 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    page.setDefaultTimeout(20_000);
    try {
      // 1. The 方志馆 receives the 40-volume order in the browser.
      await as(page, app.url, 'fangzhiguan');
      await page.goto(`${app.url}/holdings/acquisitions`);
      await page.getByText('购书经费').first().waitFor();
      await page.getByText('验收', { exact: true }).click();
      await page.getByRole('button', { name: '验收入藏' }).click();
      await page.getByText('已验收，累计到货 40/40 册').waitFor();
      await screenshot(page, 'library-acquisitions-1440');

      // 2. The leader's dashboard shows task 16's indicators at the live counts.
      await as(page, app.url, 'lingdao');
      await page.goto(`${app.url}/supervision/dashboard`);
      const table = page.getByTestId('indicators');
      const row = table.locator('tr', { hasText: '2000 册' }).first();
      await expect.poll(async () => row.innerText()).toMatch(/40 册\s+2%/);
      const heldRow = table.locator('tr', { hasText: '170000 册' }).first();
      await expect.poll(async () => heldRow.innerText()).toContain('41 册');
      await screenshot(page, 'library-dashboard-1440');

      // 3. 《吉林年鉴（2022）》 to three offices; two confirm, one reports a missing copy.
      const yearbook = await fzg<THoldingDetail>('POST', '/api/library/holdings', {
        type: '年鉴',
        title: '吉林年鉴（2022）',
        pubYear: 2022,
        isbn: '9787502734343',
        compilingBody: '吉林省地方志编纂委员会',
      });
      const dist = await fzg<TDistribution>('POST', '/api/library/distributions', {
        recordId: yearbook.id,
        formula: { city: 2, county: 1 },
        unitIds: [unitId('长春市地方志工作机构'), unitId('朝阳区地方志工作机构'), unitId('吉林市地方志工作机构')],
      });
      expect(dist.totals).toMatchObject({ offices: 3, copies: 5 });
      for (const office of ['changchun', 'chaoyang']) {
        await as(page, app.url, office);
        await page.goto(`${app.url}/holdings/office`);
        await page.getByRole('button', { name: '确认签收' }).click();
        await page.getByRole('button', { name: '提 交' }).click();
        await page.getByText(/已签收《吉林年鉴（2022）》\d 册/).waitFor();
      }
      await page.setViewportSize({ width: 390, height: 844 });
      await as(page, app.url, 'jilinshi');
      await page.goto(`${app.url}/holdings/office`);
      await page.getByRole('button', { name: '报告差异' }).click();
      await page.getByLabel('差异说明').fill('缺 1 册');
      await page.getByRole('button', { name: '提 交' }).click();
      await page.getByText('已报告《吉林年鉴（2022）》到货差异').waitFor();
      await screenshot(page, 'library-office-390');
      await page.setViewportSize({ width: 1440, height: 950 });
      const cc = await apiAs(app.url, 'changchun', PASSWORD);
      const ccHoldings = await cc<THoldingPage>(
        'GET',
        `/api/library/holdings?unitId=${unitId('长春市地方志工作机构')}`,
      );
      expect(ccHoldings.rows.map((r) => [r.title, r.copyCount])).toEqual([['吉林年鉴（2022）', 2]]);
      const cy = await apiAs(app.url, 'chaoyang', PASSWORD);
      expect((await cy<THoldingPage>('GET', '/api/library/holdings')).rows.map((r) => r.copyCount)).toEqual([1]);
      await as(page, app.url, 'fangzhiguan');
      await page.goto(`${app.url}/holdings/distributions`);
      await page.getByRole('tab', { name: /覆盖情况/ }).click();
      await page
        .getByRole('tabpanel', { name: /覆盖情况/ })
        .getByText('有差异', { exact: true })
        .waitFor();
      await screenshot(page, 'library-coverage-1440');

      // 4. 资料年报: the county uploads its .xlsx, one error is named by cell, it corrects and submits.
      const ziliao = await apiAs(app.url, 'ziliao', PASSWORD);
      const reportForm = await ziliao<TForm>('POST', '/api/datareports/forms', {
        name: '地方志资料年报',
        definition: REPORT_FORM,
      });
      const cycle = await ziliao<TCycle>('POST', '/api/datareports/cycles', {
        formId: reportForm.id,
        year: 2022,
        title: '2022年度地方志资料年报',
        deadline: '2023-07-31',
      });
      await as(page, app.url, 'chaoyang');
      await page.goto(`${app.url}/datareports/${cycle.id}`);
      await page.getByText('本单位填报').waitFor();
      const download = page.waitForEvent('download');
      await page.getByText('下载 Excel 模板').click();
      const file = await (await download).path();
      const blank = fs.readFileSync(file!);
      const dir = fs.mkdtempSync(path.join(app.dataDir, 'xlsx-'));
      const wrong = path.join(dir, '朝阳区资料年报.xlsx');
      fs.writeFileSync(wrong, await fillTemplate(blank, { ...FILLED, staff: '两人' }));
      await page.locator('input[type=file]').setInputFiles(wrong);
      await expect
        .poll(async () => page.getByTestId('report-errors').innerText())
        .toContain('工作表“资料年报” D10（专（兼）职人员）');
      await screenshot(page, 'library-datareport-error-1440');
      const right = path.join(dir, '朝阳区资料年报-改.xlsx');
      fs.writeFileSync(right, await fillTemplate(blank, FILLED));
      await page.locator('input[type=file]').setInputFiles(right);
      await page.getByText(/已读入“朝阳区资料年报-改.xlsx”/).waitFor();
      await page.getByRole('button', { name: '提 交' }).click();
      await page.getByText('待审核').first().waitFor();

      // 5. 长春 approves its county; the province accepts, rolls up and exports.
      await as(page, app.url, 'changchun');
      await page.goto(`${app.url}/datareports/${cycle.id}`);
      await page.locator('tr', { hasText: '朝阳区地方志工作机构' }).getByRole('button', { name: '审核通过' }).click();
      await page.getByText('朝阳区地方志工作机构：市州已审核').waitFor();
      await as(page, app.url, 'ziliao');
      await page.goto(`${app.url}/datareports/${cycle.id}`);
      await page
        .locator('tr', { hasText: '朝阳区地方志工作机构' })
        .getByRole('button', { name: /^接\s*收$/ })
        .click();
      await page.getByText('朝阳区地方志工作机构：省已接收').waitFor();
      await expect
        .poll(async () => page.locator('tr', { hasText: '全省合计' }).first().innerText())
        .toContain('12,000');
      await page.getByTestId('trend-chart').waitFor();
      const exported = page.waitForEvent('download');
      await page.getByText('导出中指办统计表 .xlsx').click();
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile((await (await exported).path())!);
      expect(wb.getWorksheet('统计表')!.getRow(3).values).toEqual(expect.arrayContaining(['全省合计', 12000]));
      await screenshot(page, 'library-datareport-rollup-1440');

      // 6. A 资料室 self-assessment through 市州 review and the on-site check, on a phone (390 px).
      await ziliao('POST', '/api/library/evaluation/templates', EVAL_TEMPLATE);
      await page.setViewportSize({ width: 390, height: 844 });
      await as(page, app.url, 'chaoyang');
      await page.goto(`${app.url}/holdings/evaluations`);
      await page.getByRole('combobox').first().click();
      await page.locator('.ant-select-item-option', { hasText: '市县资料室评估标准' }).click();
      await page.getByRole('button', { name: '申报并自评' }).click();
      await page.getByTestId('indicator-room').waitFor();
      for (const [label, score] of [
        ['有独立资料室，面积不少于 50 平方米', 15],
        ['有专（兼）职管理人员', 8],
        ['开放查阅与咨询服务', 16],
        ['管理制度健全、账目清楚', 18],
      ] as const) {
        await page.getByLabel(`${label}得分`).fill(String(score));
      }
      await page.getByLabel('有独立资料室，面积不少于 50 平方米说明').fill('资料室 60 平方米，独立使用');
      await page.getByRole('button', { name: '提交自评' }).click();
      await page.getByText('自评已提交').waitFor();
      const evalId = Number(page.url().split('/').pop());
      await as(page, app.url, 'changchun');
      await page.goto(`${app.url}/holdings/evaluations/${evalId}`);
      await page.getByRole('button', { name: '审核通过，提请实地检查' }).click();
      await page.getByText('已审核通过').waitFor();
      await as(page, app.url, 'ziliao');
      await page.goto(`${app.url}/holdings/evaluations/${evalId}`);
      await page.getByTestId('indicator-room').waitFor();
      for (const [label, score] of [
        ['有独立资料室，面积不少于 50 平方米', 14],
        ['有专（兼）职管理人员', 8],
        ['开放查阅与咨询服务', 15],
        ['管理制度健全、账目清楚', 17],
      ] as const) {
        await page.getByLabel(`${label}得分`).fill(String(score));
      }
      await page.getByLabel('有独立资料室，面积不少于 50 平方米说明').fill('实测 58 平方米');
      const jpeg = path.join(dir, '现场.jpg');
      fs.writeFileSync(
        jpeg,
        Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]),
      );
      await page.getByTestId('indicator-room').locator('input[type=file]').setInputFiles(jpeg);
      await page.getByText('照片已上传').waitFor();
      await page.getByRole('button', { name: '保存检查记录' }).click();
      await page.getByText('检查记录已保存').waitFor();
      await screenshot(page, 'library-evaluation-onsite-390');
      await page.getByRole('button', { name: '评定等级' }).click();
      await page.getByText(/评定：[\d.]+ 分，合格/).waitFor();
      const graded = await ziliao<TEvalAssessment>('GET', `/api/library/evaluations/${evalId}`);
      expect(graded).toMatchObject({
        status: 'passed',
        grade: '合格',
        photos: [expect.objectContaining({ indicatorKey: 'room' })],
      });
      expect(graded.computed.copies!.value).toBe(1);
      await screenshot(page, 'library-evaluation-graded-390');

      // 7. Printing: a reprint's proofs and a quality finding, as the 资料处 keeps them.
      const job = await ziliao<{ id: number }>('POST', '/api/library/print-jobs', {
        title: '临江县志（重印）',
        quantity: 500,
        specs: { format: '16开', paper: '70克胶版纸', binding: '精装' },
        supplier: '吉林省某印务有限公司',
        unitPrice: 86.5,
        dueDate: '2023-09-30',
      });
      await ziliao('POST', `/api/library/print-jobs/${job.id}/events`, {
        kind: 'proof',
        text: '一校：改错 37 处',
        onDate: '2023-07-01',
      });
      await page.setViewportSize({ width: 1440, height: 950 });
      await page.goto(`${app.url}/holdings/printing`);
      await page.getByText('《临江县志（重印）》').click();
      await page.getByText('一校：改错 37 处').waitFor();
      await screenshot(page, 'library-printing-1440');
    } catch (error) {
      await screenshot(page, 'library-failure');
      throw error;
    }
  });
});
