import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { convertWithLibreOffice, findSoffice } from '../src/server/modules/documents/render-with-libreoffice.ts';
import { startRobotServer, startSmtpServer } from '../src/server/test/local-test-servers.ts';
import {
  ADMIN_PASSWORD,
  apiAs,
  ARTIFACTS,
  chromiumAvailable,
  clickAndConfirm,
  configureChannels,
  launchBrowser,
  loginAs,
  ROOT,
  screenshot,
  startApp,
  type RunningApp,
} from './support.ts';

const SAMPLE = path.resolve(ROOT, '../shared/samples/jilin-fangzhi-2023-work-points.txt');
const ATTACHMENT = path.join(ROOT, 'src/server/modules/workplan/fixtures/yunchuan-2024-work-points.pdf');
const hasSample = fs.existsSync(SAMPLE);
if (!hasSample) console.warn(`跳过“一年督办”浏览器测试：未找到参考文件 ${SAMPLE}`);
if (!chromiumAvailable) console.warn('跳过浏览器测试：未找到 /usr/bin/chromium（apt-get install chromium）。');
const PASSWORD = 'year-walk-pass-1';
const hasSoffice = findSoffice() !== null;

async function as(page: Page, url: string, username: string, password = PASSWORD): Promise<void> {
  await page.context().clearCookies();
  await loginAs(page, url, username, password);
}

/**
 * The year of issue 4, in one walk on 5 July 2023: import the reference plan, set a monthly cycle, 资料处 plans and
 * reports task 21 with an attachment, its head approves, the leader sees the light and the indicator, the supervisor
 * chases an overdue unit (mail and robot arrive at local servers), and the bulletin and task table are exported.
 */
describe.skipIf(!chromiumAvailable || !hasSample)('a year of supervision in the browser', () => {
  let app: RunningApp;
  let browser: Browser;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let robot: Awaited<ReturnType<typeof startRobotServer>>;
  beforeAll(async () => {
    [smtp, robot] = await Promise.all([startSmtpServer({ user: 'mailer', pass: 'mail-pass-1' }), startRobotServer()]);
    app = await startApp({ FANGZHI_FIXED_DATE: '2023-07-05' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await smtp?.close();
    await robot?.close();
  });

  it('walks the year from import to the exported bulletin', { timeout: 900_000 }, async () => {
    // The scene: the Jilin units and the people of the walk (set through the API; the walk itself is in the pages).
    const admin = await apiAs(app.url, 'admin', ADMIN_PASSWORD);
    await admin('POST', '/api/units/templates/jilin');
    const units = await admin<{ id: number; name: string }[]>('GET', '/api/units');
    const unitId = (name: string) => units.find((u) => u.name === name)!.id;
    const people: [string, string, string, string | null, string | null][] = [
      ['duban', '周督办', 'supervisor', null, null],
      ['ziliao', '资料处联络员', 'unit_staff', '资料处', 'ziliao@jlfz.example'],
      ['ziliaochu', '资料处处长', 'unit_head', '资料处', null],
      ['lingdao', '林主任', 'leader', null, null],
      ['fangzhiguan', '方志馆联络员', 'unit_staff', '吉林省方志馆', 'fzg@jlfz.example'],
    ];
    for (const [username, displayName, role, unit, email] of people) {
      await admin('POST', '/api/users', {
        username,
        displayName,
        password: PASSWORD,
        roles: [role],
        unitId: unit ? unitId(unit) : null,
        ...(email ? { email } : {}),
      });
    }

    const page = await browser.newPage({
      viewport: { width: 1500, height: 950 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    page.setDefaultTimeout(30_000);
    try {
      await walk(page);
    } catch (error) {
      await screenshot(page, 'year-failure');
      throw error;
    }
  });

  async function walk(page: Page): Promise<void> {
    // 系统管理员 configures e-mail and the 企业微信 robot.
    await loginAs(page, app.url, 'admin', ADMIN_PASSWORD);
    await configureChannels(page, app.url, smtp.port, robot.url, 'fangzhi@jlfz.example');

    // 督办员 imports the reference plan and sets a monthly cycle.
    await as(page, app.url, 'duban');
    await page.getByRole('menuitem', { name: /工作要点/ }).click();
    await page.getByRole('button', { name: /导入工作要点/ }).click();
    await page.locator('input[type=file]').setInputFiles(SAMPLE);
    await page.getByRole('button', { name: /解析预览/ }).click();
    await page.getByText('共 9 个部分、40 项任务').waitFor();
    await page.getByRole('button', { name: /确认导入/ }).click();
    await page.getByText('第 1 版 · 9 个部分 · 40 项任务').waitFor();
    const planUrl = page.url();
    const planId = Number(/\/plans\/(\d+)/.exec(planUrl)![1]);
    const settings = page.getByTestId('supervision-settings');
    await settings.locator('.ant-form-item').filter({ hasText: '填报周期' }).locator('.ant-select').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '每月' }).click();
    await settings.getByLabel('报送日').fill('25');
    await settings.getByRole('button', { name: '保存设置' }).click();
    await page.getByText('督办设置已保存').waitFor();

    // 资料处 staff: milestones and an indicator for task 21, then the June report with an attachment.
    await as(page, app.url, 'ziliao');
    await page.goto(`${app.url}/supervision/my`);
    await page.getByTestId('task-link-21').first().click();
    await page.getByTestId('task-header').getByText('第 21 项任务').waitFor();
    const taskUrl = page.url().replace(/\?.*$/, '');
    for (const [name, date] of [
      ['完成2022年志书数据转换', '2023-06-30'],
      ['完成年鉴数据转换并加入省情数据库', '2023-11-30'],
    ] as const) {
      await page.getByRole('button', { name: '添加节点' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('节点名称').fill(name);
      await dialog.getByLabel('完成日期').fill(date);
      await dialog.getByLabel('完成日期').press('Enter');
      await dialog.getByRole('button', { name: '保存节点' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByTestId('milestones-card').getByText(name).waitFor();
    }
    await page.getByRole('button', { name: '添加指标' }).click();
    const indicatorDialog = page.getByRole('dialog');
    await indicatorDialog.getByLabel('指标名称').fill('转换网络图书');
    await indicatorDialog.getByLabel('目标值').fill('40');
    await indicatorDialog.getByLabel('计量单位').fill('部');
    await indicatorDialog.getByRole('button', { name: '保存指标' }).click();
    await indicatorDialog.waitFor({ state: 'hidden' });
    await page.getByTestId('indicators-card').getByText('转换网络图书').waitFor();

    await page.goto(`${taskUrl}?period=2023-06`);
    const form = page.getByTestId('report-form');
    await form
      .getByLabel('进展情况')
      .fill(
        '已完成2022年全省地方志系统出版志书18部的数据转换，形成网络图书并加入吉林省情数据库；年鉴数据转换正在进行。',
      );
    await form.getByLabel('完成进度（%）').fill('55');
    await form.getByLabel(/转换网络图书（实际/).fill('18');
    await form.getByLabel('存在问题').fill('部分年鉴仅有纸本，需扫描后识别。');
    await form.getByLabel('下一步计划').fill('9月底前完成年鉴扫描与识别，11月底前全部入库。');
    await form.getByRole('button', { name: '保存草稿' }).click();
    await page
      .getByText(/草稿已保存|已保存草稿/)
      .first()
      .waitFor();
    await form.locator('input[type=file]').setInputFiles(ATTACHMENT);
    await form.getByText('yunchuan-2024-work-points.pdf').waitFor();
    await form.getByRole('button', { name: '提交审核' }).click();
    await expect.poll(() => page.getByTestId('report-status').first().textContent()).toMatch(/待审核/);
    await screenshot(page, 'year-01-task21-report');

    // The head of 资料处 approves.
    await as(page, app.url, 'ziliaochu');
    await page.goto(`${taskUrl}?period=2023-06`);
    await page.getByRole('button', { name: '审核通过' }).click();
    const approve = page.getByRole('dialog');
    if (await approve.isVisible().catch(() => false))
      await approve
        .getByRole('button', { name: /审核通过|确\s*定/ })
        .last()
        .click();
    await expect.poll(() => page.getByTestId('report-status').first().textContent()).toMatch(/已审核/);
    await page
      .getByTestId('task-timeline')
      .getByText(/审核通过/)
      .first()
      .waitFor();
    await screenshot(page, 'year-02-task21-approved');

    // The leader's dashboard shows task 21's light and its indicator.
    await as(page, app.url, 'lingdao');
    await page.goto(`${app.url}/supervision/dashboard?plan=${planId}&date=2023-07-05`);
    await page.getByTestId('light-summary').waitFor();
    const row21 = page.getByTestId('task-light-21');
    await row21.waitFor();
    expect(await row21.textContent()).toMatch(/(绿灯|黄灯|红灯)[\s\S]*\/ 55%/);
    await expect.poll(() => page.getByTestId('indicators').textContent()).toMatch(/转换网络图书[\s\S]*18/);
    await page.waitForTimeout(800);
    await screenshot(page, 'year-03-leader-dashboard');

    // The supervisor chases 方志馆, whose June report on task 16 is overdue: the mail and the robot message arrive.
    await as(page, app.url, 'duban');
    await page.goto(`${app.url}/supervision/board?plan=${planId}&date=2023-07-05`);
    const row16 = page.getByTestId('board-row-16');
    await row16.waitFor();
    expect(await row16.textContent()).toMatch(/逾期|未报/);
    const mailsBefore = smtp.mails.length;
    const robotBefore = robot.hits.length;
    await row16.getByRole('button', { name: '催办' }).click();
    const chase = page.getByRole('dialog');
    await chase.getByLabel('催办内容').fill('6月份进展逾期未报，请于7月10日前补报图书购置进展。');
    await clickAndConfirm(page, chase.getByRole('button', { name: /发\s*送/ }), {
      request: /\/api\/tasks\/\d+\/chases$/,
      toast: /已发出催办/,
    });
    await expect.poll(() => smtp.mails.length).toBe(mailsBefore + 1);
    expect(smtp.mails.at(-1)).toMatchObject({ to: ['fzg@jlfz.example'], subject: '催办：第16项任务' });
    expect(smtp.mails.at(-1)!.text).toContain('6月份进展逾期未报');
    await expect.poll(() => robot.hits.length).toBe(robotBefore + 1);
    expect(JSON.stringify(robot.hits.at(-1))).toContain('第16项任务');
    await screenshot(page, 'year-04-chase');

    // The bulletin for June and the task table are exported from the plan page.
    await page.goto(planUrl);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-year-'));
    const [tableDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-tasks').click(),
    ]);
    const tablePath = path.join(out, 'tasks.xlsx');
    await tableDownload.saveAs(tablePath);
    await page.getByTestId('export-bulletin-period').click();
    await page.locator('.ant-picker-dropdown .ant-picker-cell-inner').filter({ hasText: /^6月$/ }).click();
    await expect.poll(() => page.getByTestId('export-bulletin-period').inputValue()).toBe('2023年6月');
    const [bulletinDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-bulletin').click(),
    ]);
    const bulletinPath = path.join(ARTIFACTS, 'year-05-bulletin.docx');
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await bulletinDownload.saveAs(bulletinPath);
    expect(bulletinDownload.suggestedFilename()).toMatch(/2023年6月.*通报/);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(tablePath);
    const sheet = workbook.worksheets[0]!;
    const rows: string[] = [];
    sheet.eachRow((r) => rows.push(r.values ? JSON.stringify(r.values) : ''));
    const row = rows.find((r) => r.includes('省情数据库') && r.includes('资料处'))!;
    expect(row).toContain('已完成2022年全省地方志系统出版志书18部的数据转换');

    if (hasSoffice) {
      // Own profile, one conversion at a time: another LibreOffice on the machine cannot block or slow this one.
      const pdf = fs.readFileSync(await convertWithLibreOffice(bulletinPath, ARTIFACTS), 'latin1');
      expect((pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBeGreaterThan(0);
    } else {
      console.warn('未安装 LibreOffice：跳过通报的 PDF 渲染检查。');
    }
    fs.rmSync(out, { recursive: true, force: true });
  }
});
