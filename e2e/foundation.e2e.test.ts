import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  ADMIN_PASSWORD,
  chromiumAvailable,
  launchBrowser,
  loginAs,
  screenshot,
  startApp,
  type RunningApp,
} from './support.ts';

if (!chromiumAvailable) console.warn('跳过浏览器测试：未找到 /usr/bin/chromium（apt-get install chromium）。');

describe.skipIf(!chromiumAvailable)('foundation in the browser', () => {
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
    'admin signs in, creates a unit and a user, and that user signs in with the role given',
    { timeout: 300_000 },
    async () => {
      const page = await browser.newPage({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
      page.setDefaultTimeout(30_000);
      await page.goto(app.url);
      await page.getByRole('button', { name: /登\s*录/ }).waitFor();
      await screenshot(page, 'foundation-01-login');

      await page.getByLabel('用户名').fill('admin');
      await page.getByLabel('密码').fill('wrong-password');
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await expect.poll(() => page.getByText('用户名或密码错误。').count()).toBe(1);

      await loginAs(page, app.url, 'admin', ADMIN_PASSWORD);
      await expect.poll(() => page.url()).not.toMatch(/\/login$/);

      await page.getByRole('menuitem', { name: /组织机构/ }).click();
      await page.getByRole('button', { name: /新建单位/ }).click();
      const unitDialog = page.getByRole('dialog');
      await unitDialog.getByLabel('单位名称').fill('资料处');
      await unitDialog.getByRole('button', { name: /保\s*存/ }).click();
      await page.getByRole('cell', { name: '资料处', exact: true }).waitFor();

      // The same name again is refused with a Chinese message, and nothing is created.
      await page.getByRole('button', { name: /新建单位/ }).click();
      await page.getByRole('dialog').getByLabel('单位名称').fill('资料处');
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /保\s*存/ })
        .click();
      await page
        .getByText(/单位名称“资料处”已存在|已是单位“资料处”的名称/)
        .first()
        .waitFor();
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /取\s*消/ })
        .click();
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      await screenshot(page, 'foundation-02-units');

      await page.getByRole('menuitem', { name: /用户/ }).click();
      await page.getByRole('button', { name: /新建用户/ }).click();
      const userDialog = page.getByRole('dialog');
      await userDialog.getByLabel('用户名').fill('ziliao01');
      await userDialog.getByLabel('姓名').fill('王资料');
      await userDialog.getByLabel('初始密码').fill('ziliao-pass-1');
      await userDialog.getByLabel('角色').click();
      await page.locator('.ant-select-item-option').filter({ hasText: '处室负责人' }).click();
      await userDialog.getByLabel('姓名').click();
      await userDialog.getByLabel('所属单位').click();
      await page.locator('.ant-select-tree-node-content-wrapper').filter({ hasText: '资料处' }).click();
      await userDialog.getByRole('button', { name: /保\s*存/ }).click();
      await page.getByRole('cell', { name: '王资料' }).waitFor();
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      await screenshot(page, 'foundation-03-users');

      await page.getByRole('menuitem', { name: /审计日志/ }).click();
      await page.getByText('创建用户 ziliao01（王资料）').waitFor();
      await screenshot(page, 'foundation-04-audit');

      const other = await browser.newPage({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
      await loginAs(other, app.url, 'ziliao01', 'ziliao-pass-1');
      await expect.poll(() => other.getByTestId('current-user').textContent()).toMatch(/王资料.*处室负责人/);
      // A new unit head starts on the 工作台 with nothing waiting, and finds the plans one click away.
      await other.getByText('没有待办事项').first().waitFor();
      await other
        .getByRole('menuitem', { name: /工作要点/ })
        .first()
        .click();
      await other.getByText('还没有导入工作要点').waitFor();
      await screenshot(other, 'foundation-05-new-user');
      const forbidden = await other.evaluate(async () => (await fetch('/api/users')).status);
      expect(forbidden).toBe(403);
    },
  );
});
