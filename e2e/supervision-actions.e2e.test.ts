import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TImportPlanResponse, TPlanPreview } from '../src/shared/workplan.ts';
import { toImportRequest } from '../src/shared/workplan-import.ts';
import { startRobotServer, startSmtpServer } from '../src/server/test/local-test-servers.ts';
import {
  ADMIN_PASSWORD,
  apiAs,
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

if (!chromiumAvailable) console.warn('跳过浏览器测试：未找到 /usr/bin/chromium（apt-get install chromium）。');

const FIXTURE = path.join(ROOT, 'src/server/modules/workplan/fixtures/yunchuan-2024-work-points.txt');
const PASSWORD = 'e2e-user-pass-1';

describe.skipIf(!chromiumAvailable)('supervision actions and notifications in the browser', () => {
  let app: RunningApp;
  let browser: Browser;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let wecom: Awaited<ReturnType<typeof startRobotServer>>;
  beforeAll(async () => {
    [smtp, wecom] = await Promise.all([startSmtpServer({ user: 'mailer', pass: 'mail-pass-1' }), startRobotServer()]);
    app = await startApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await smtp?.close();
    await wecom?.close();
  });

  it(
    'configures the channels, chases a unit from the 督办台, the unit sees it under the bell, a leader decides an extension',
    { timeout: 420_000 },
    async () => {
      const admin = await apiAs(app.url, 'admin', ADMIN_PASSWORD);
      const committee = await admin<{ id: number }>('POST', '/api/units', {
        name: '云川市地方志编纂委员会',
        kind: 'committee',
      });
      const units: Record<string, number> = {};
      for (const name of ['编纂科', '年鉴科', '资料科', '方志馆', '办公室', '指导科'])
        units[name] = (
          await admin<{ id: number }>('POST', '/api/units', { name, kind: 'department', parentId: committee.id })
        ).id;
      await admin('POST', '/api/users', {
        username: 'duban',
        displayName: '周督办',
        password: PASSWORD,
        roles: ['supervisor'],
        unitId: null,
      });
      await admin('POST', '/api/users', {
        username: 'bian',
        displayName: '编纂科联络员',
        password: PASSWORD,
        roles: ['unit_staff'],
        unitId: units['编纂科'],
        email: 'bian@yunchuan.example',
      });
      await admin('POST', '/api/users', {
        username: 'lingdao',
        displayName: '林主任',
        password: PASSWORD,
        roles: ['leader'],
        unitId: null,
      });
      const supervisorApi = await apiAs(app.url, 'duban', PASSWORD);
      const form = () => {
        const f = new FormData();
        f.set('file', new File([fs.readFileSync(FIXTURE)], 'yunchuan.txt'));
        return f;
      };
      const preview = await supervisorApi<TPlanPreview>('POST', '/api/plans/preview', form());
      const request = form();
      request.set('plan', JSON.stringify(toImportRequest(preview.parse, preview.units, true)));
      const plan = await supervisorApi<TImportPlanResponse>('POST', '/api/plans', request);

      const page = await browser.newPage({ viewport: { width: 1500, height: 950 }, locale: 'zh-CN' });
      page.setDefaultTimeout(30_000);

      // 系统管理 → 通知渠道
      await loginAs(page, app.url, 'admin', ADMIN_PASSWORD);
      await configureChannels(page, app.url, smtp.port, wecom.url, 'fangzhi@yunchuan.example');
      await page.getByRole('button', { name: '发送测试消息（企业微信）' }).click();
      await page.getByTestId('test-result-wecom').getByText('测试消息已发送，请在群里查看。').waitFor();
      expect(wecom.hits).toHaveLength(1);
      await page.waitForTimeout(400);
      await screenshot(page, 'supervision-01-channels');

      // 督办台: the supervisor chases 编纂科 on task 1.
      await page.context().clearCookies();
      await loginAs(page, app.url, 'duban', PASSWORD);
      await page.goto(`${app.url}/supervision/board?plan=${plan.planId}&date=2024-05-10`);
      const row = page.getByTestId('board-row-1');
      await row.waitFor();
      expect(await page.locator('[data-testid^=board-row-]').count()).toBe(8);
      await page.waitForTimeout(600); // let the table's fade-in finish
      await screenshot(page, 'supervision-02-board');
      await row.getByRole('button', { name: '催办' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('催办内容').fill('终审进度滞后，请于本周内报送进展并说明原因。');
      await page.waitForTimeout(600);
      await screenshot(page, 'supervision-03-chase-modal');
      await clickAndConfirm(page, dialog.getByRole('button', { name: /发\s*送/ }), {
        request: /\/api\/tasks\/\d+\/chases$/,
        toast: /已发出催办，站内通知 1 人，外发消息 2 条/,
      });
      await expect.poll(() => row.textContent()).toMatch(/催办/);
      expect(smtp.mails).toHaveLength(1);
      expect(smtp.mails[0]).toMatchObject({ to: ['bian@yunchuan.example'], subject: '催办：第1项任务' });
      expect(smtp.mails[0]!.text).toContain('终审进度滞后');
      expect(wecom.hits).toHaveLength(2);

      // The unit sees the bell's badge and the notification.
      await page.context().clearCookies();
      await loginAs(page, app.url, 'bian', PASSWORD);
      await expect.poll(() => page.getByTestId('notification-badge').textContent()).toContain('1');
      await page.getByRole('button', { name: '通知中心' }).click();
      await page.getByTestId('notification-item').first().waitFor();
      expect(await page.getByTestId('notification-item').first().textContent()).toContain('催办：第1项任务');
      await screenshot(page, 'supervision-04-notifications');

      // An extension requested by the unit (through the API the task page calls), approved on 延期审批 by a leader.
      const staffApi = await apiAs(app.url, 'bian', PASSWORD);
      const tasks = await supervisorApi<{ tasks: { taskId: number; number: string }[] }>(
        'GET',
        `/api/plans/${plan.planId}/lights`,
      );
      const task1 = tasks.tasks.find((x) => x.number === '1')!.taskId;
      await staffApi('POST', `/api/tasks/${task1}/extensions`, {
        newDate: '2024-09-30',
        reason: '出版社排期推迟，终审会延至8月。',
      });
      await page.context().clearCookies();
      await loginAs(page, app.url, 'lingdao', PASSWORD);
      await page.getByRole('menuitem', { name: /延期审批/ }).click();
      await page.getByText('出版社排期推迟，终审会延至8月。').waitFor();
      await page.waitForTimeout(600);
      await screenshot(page, 'supervision-05-extensions');
      await page.getByRole('button', { name: /^同\s*意$/ }).click();
      await page.getByRole('dialog').getByLabel('意见（选填）').fill('同意，务必9月底前交付。');
      await page.getByRole('dialog').getByRole('button', { name: '同意延期' }).click();
      await page.getByText('已同意延期，完成时限改为 2024-09-30').waitFor();
    },
  );
});
