import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TImportPlanResponse, TPlanPreview } from '../src/shared/workplan.ts';
import { toImportRequest } from '../src/shared/workplan-import.ts';
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

if (!chromiumAvailable) console.warn('跳过浏览器测试：未找到 /usr/bin/chromium（apt-get install chromium）。');

const FIXTURE = path.join(ROOT, 'src/server/modules/workplan/fixtures/yunchuan-2024-work-points.txt');
const PASSWORD = 'e2e-user-pass-1';

/**
 * The first part of the 督办 loop in the browser, on a pinned date: import → the unit's 联络员 finds 签收 in 待办 on the
 * 工作台 and acknowledges on the task page → a leader writes a 批示 → the unit answers it from 待办 → the item moves to
 * 已办; the same pages at 390 px.
 */
describe.skipIf(!chromiumAvailable)('the 督办 loop in the browser', () => {
  let app: RunningApp;
  let browser: Browser;
  beforeAll(async () => {
    app = await startApp({ FANGZHI_FIXED_DATE: '2024-05-10' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('walks 签收 and 批示 through 待办 and 已办, at desktop and phone width', { timeout: 180_000 }, async () => {
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
    await supervisorApi<TImportPlanResponse>('POST', '/api/plans', request);

    for (const width of [1440, 390]) {
      const ctx = await browser.newContext({ viewport: { width, height: width > 500 ? 950 : 844 }, locale: 'zh-CN' });
      const page = await ctx.newPage();
      page.setDefaultTimeout(15_000);
      await loginAs(page, app.url, 'bian', PASSWORD);
      await page.goto(`${app.url}/workbench`);
      await page.getByTestId('workbench').waitFor();
      if (width === 1440) {
        // 签收 waits in 待办; after acknowledging on the task page it leaves 待办 and shows in 已办.
        const ack = page.getByTestId('todo-ack').filter({ hasText: '第1项' });
        await ack.waitFor();
        await screenshot(page, `loop-workbench-staff-${width}`);
        await ack.getByRole('link').click();
        await page.getByTestId('ack-task').click();
        await page.getByTestId('acks').getByText('编纂科 已签收').waitFor();
        await page.goto(`${app.url}/workbench`);
        await page.getByTestId('todo-list').waitFor();
        expect(await page.getByTestId('todo-ack').filter({ hasText: '签收第1项任务' }).count()).toBe(0);
        await page.getByTestId('workbench-tabs').getByText('已办').click();
        await page.getByTestId('done-item').filter({ hasText: '编纂科签收' }).first().waitFor();
        expect(page.url()).toContain('tab=done');

        // A leader writes a 批示 on task 1 from its page.
        const leader = await (
          await browser.newContext({ viewport: { width: 1440, height: 950 }, locale: 'zh-CN' })
        ).newPage();
        await loginAs(leader, app.url, 'lingdao', PASSWORD);
        await leader.goto(`${app.url}/workbench`);
        await leader.getByTestId('workbench').waitFor();
        await page.goto(`${app.url}/workbench`);
        const taskHref = await page
          .getByTestId('todo-file')
          .filter({ hasText: '第1项' })
          .first()
          .getByRole('link')
          .getAttribute('href');
        await leader.goto(`${app.url}${taskHref!.split('?')[0]}`);
        await leader.getByTestId('instruction-input').fill('请倒排工期，确保6月底前交付出版社。');
        await leader.getByTestId('instruction-send').click();
        await leader.getByText('待回复：编纂科、年鉴科').waitFor();
        await screenshot(leader, 'loop-task-leader-1440');
        await leader.context().close();

        // The unit answers from its 待办.
        await page.goto(`${app.url}/workbench`);
        const todo = page.getByTestId('todo-instruction').filter({ hasText: '第1项' });
        await todo.waitFor();
        await todo.getByRole('link').click();
        const reply = page.locator('[data-testid^="instruction-reply-"][data-testid$="-input"]');
        await reply.fill('已制定倒排计划，每周调度一次。');
        await page.locator('[data-testid^="instruction-reply-"][data-testid$="-send"]').click();
        await page.getByText('编纂科（2024-05-10）：已制定倒排计划，每周调度一次。').waitFor();
        await screenshot(page, 'loop-task-staff-1440');
      } else {
        // At phone width the 工作台 and 我的任务 are cards, and nothing overflows sideways.
        await screenshot(page, `loop-workbench-staff-${width}`);
        await page.goto(`${app.url}/supervision/my`);
        await page.getByTestId('my-task-cards').waitFor();
        await screenshot(page, `loop-my-tasks-${width}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(1);
      }
      await ctx.close();
    }
  });
});
