import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  ADMIN_PASSWORD,
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
if (!hasSample) console.warn(`跳过工作要点浏览器测试：未找到参考文件 ${SAMPLE}`);
if (!chromiumAvailable) console.warn('跳过浏览器测试：未找到 /usr/bin/chromium（apt-get install chromium）。');

describe.skipIf(!chromiumAvailable || !hasSample)('work-plan import in the browser', () => {
  let app: RunningApp;
  let browser: Browser;
  beforeAll(async () => {
    app = await startApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it(
    'imports the reference document, corrects one unit in the preview, confirms and sees 40 tasks',
    { timeout: 420_000 },
    async () => {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, locale: 'zh-CN' });
      page.setDefaultTimeout(30_000);
      await loginAs(page, app.url, 'admin', ADMIN_PASSWORD);

      await page.getByRole('menuitem', { name: /组织机构/ }).click();
      await page.getByRole('button', { name: /载入吉林省模板/ }).click();
      await page
        .getByRole('button', { name: /载\s*入/ })
        .last()
        .click();
      await page.getByText('吉林省地方志编纂委员会', { exact: true }).waitFor();

      await page.getByRole('menuitem', { name: /工作要点/ }).click();
      await page.getByRole('button', { name: /导入工作要点/ }).click();
      await page.locator('input[type=file]').setInputFiles(SAMPLE);
      await page.getByRole('button', { name: /解析预览/ }).click();
      await page.getByText('共 9 个部分、40 项任务').waitFor();
      await expect.poll(() => page.locator('[data-testid=plan-source] mark.hl-unit').count()).toBeGreaterThan(40);
      await screenshot(page, 'workplan-01-preview');

      // Correct task 1: the person decides 办公室 leads instead of 研究室.
      await page.getByRole('button', { name: '编辑第 1 项' }).click();
      const dialog = page.getByRole('dialog');
      const lead = dialog.locator('.ant-form-item').filter({ hasText: '牵头单位' });
      await lead.locator('.ant-select-selection-item-remove').first().click();
      await lead.locator('input').fill('办公室');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Escape');
      await screenshot(page, 'workplan-02-edit-task');
      await dialog.getByRole('button', { name: /确\s*定/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      const firstRow = page.locator('[data-testid=import-tasks] .import-task').first();
      await expect.poll(() => firstRow.textContent()).toMatch(/办公室/);
      expect(await firstRow.locator('.import-task-meta').textContent()).not.toMatch(/研究室/);

      // A laptop (1440 px): the task text has the width; a phone (390 px): the list stacks and stays readable.
      await page.setViewportSize({ width: 1440, height: 900 });
      const textWidth = await firstRow.locator('.import-task-text').evaluate((el) => el.getBoundingClientRect().width);
      expect(textWidth).toBeGreaterThan(600);
      await screenshot(page, 'workplan-05-preview-1440');
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, 'workplan-06-preview-390');
      // The app shell keeps an 80 px icon rail on phones; the task text takes the rest of the card's width.
      expect(
        await firstRow.locator('.import-task-text').evaluate((el) => el.getBoundingClientRect().width),
      ).toBeGreaterThan(200);
      await page.setViewportSize({ width: 1600, height: 1000 });

      await page.getByRole('button', { name: /确认导入/ }).click();
      await page.getByText('任务分解表').waitFor();
      await page.getByText('第 1 版 · 9 个部分 · 40 项任务').waitFor();
      await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(40);
      const saved = page.locator('.ant-table-tbody tr.ant-table-row').first();
      expect(await saved.textContent()).toMatch(/办公室/);
      await screenshot(page, 'workplan-03-saved-plan');

      await page.getByRole('menuitem', { name: /工作要点/ }).click();
      await page.getByRole('cell', { name: '吉林省地方志编纂委员会2023年工作要点' }).waitFor();
      await screenshot(page, 'workplan-04-plan-list');
    },
  );
});
