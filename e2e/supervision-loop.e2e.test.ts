import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TImportPlanResponse, TPlanPreview } from '../src/shared/workplan.ts';
import { toImportRequest } from '../src/shared/workplan-import.ts';
import {
  ADMIN_PASSWORD,
  apiAs,
  chromiumAvailable,
  clickAndConfirm,
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

  it(
    'walks the rest of the loop: file → head approves, a numbered 督办单 replied late, 申请办结 approved; 待办 → 已办',
    { timeout: 600_000 },
    async () => {
      // Its own app: the late reply needs a later day, so the same data is served again on 20 May.
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-e2e-loop-'));
      let server = await startApp({ FANGZHI_FIXED_DATE: '2024-05-10' }, { dataDir });
      try {
        const admin = await apiAs(server.url, 'admin', ADMIN_PASSWORD);
        const committee = await admin<{ id: number }>('POST', '/api/units', {
          name: '云川市地方志编纂委员会',
          kind: 'committee',
        });
        const units: Record<string, number> = {};
        for (const name of ['编纂科', '年鉴科', '资料科', '方志馆', '办公室', '指导科'])
          units[name] = (
            await admin<{ id: number }>('POST', '/api/units', { name, kind: 'department', parentId: committee.id })
          ).id;
        const people: [string, string, string, number | null][] = [
          ['duban', '周督办', 'supervisor', null],
          ['bian', '编纂科联络员', 'unit_staff', units['编纂科']!],
          ['bianhead', '编纂科科长', 'unit_head', units['编纂科']!],
        ];
        for (const [username, displayName, role, unitId] of people)
          await admin('POST', '/api/users', { username, displayName, password: PASSWORD, roles: [role], unitId });
        const supervisorApi = await apiAs(server.url, 'duban', PASSWORD);
        const form = () => {
          const f = new FormData();
          f.set('file', new File([fs.readFileSync(FIXTURE)], 'yunchuan.txt'));
          return f;
        };
        const preview = await supervisorApi<TPlanPreview>('POST', '/api/plans/preview', form());
        const request = form();
        request.set('plan', JSON.stringify(toImportRequest(preview.parse, preview.units, true)));
        await supervisorApi<TImportPlanResponse>('POST', '/api/plans', request);

        const open = async (width: number, username: string) => {
          const ctx = await browser.newContext({
            viewport: { width, height: width > 500 ? 950 : 844 },
            locale: 'zh-CN',
          });
          const page = await ctx.newPage();
          page.setDefaultTimeout(40_000);
          await loginAs(page, server.url, username, PASSWORD);
          return page;
        };

        // 10 May, 1440 px. The 联络员 files task 1's April report from 待办 and submits it.
        const staff = await open(1440, 'bian');
        await staff.goto(`${server.url}/workbench`);
        const file = staff.getByTestId('todo-file').filter({ hasText: '第1项' }).first();
        await file.waitFor();
        const taskPath = (await file.getByRole('link').getAttribute('href'))!.split('?')[0]!;
        await file.getByRole('link').click();
        await staff.getByTestId('report-form').waitFor();
        await staff.getByLabel('进展情况').fill('终审稿已完成修改，正在核对图照版权。');
        await staff.getByLabel('完成进度（%）').fill('60');
        await staff.getByRole('button', { name: '提交审核' }).click();
        await staff.getByTestId('report-编纂科').waitFor();
        await staff.goto(`${server.url}/workbench?tab=done`);
        await staff.getByTestId('done-item').filter({ hasText: '提交' }).first().waitFor();

        // The 科长 finds it in 待办, approves on the task page; it leaves 待办 and shows in 已办.
        const head = await open(1440, 'bianhead');
        await head.goto(`${server.url}/workbench`);
        const approve = head.getByTestId('todo-approve').filter({ hasText: '第1项' });
        await approve.waitFor();
        await screenshot(head, 'loop-walk-head-todo-1440');
        await approve.getByRole('link').click();
        await head.getByTestId('report-编纂科').getByRole('button', { name: '审核通过' }).click();
        await head.getByText('已审核通过').first().waitFor();
        await head.goto(`${server.url}/workbench`);
        await head.getByTestId('todo-list').waitFor();
        expect(await head.getByTestId('todo-approve').filter({ hasText: '第1项' }).count()).toBe(0);
        await head.getByTestId('workbench-tabs').getByText('已办').click();
        await head.getByTestId('done-item').filter({ hasText: '审核通过' }).first().waitFor();

        // The supervisor sends a 催办, then a numbered 一级督办 from the task page's 督办台 row with a 回复期限 of 15 May.
        const supervisor = await open(1440, 'duban');
        await supervisor.goto(`${server.url}/supervision/board`);
        const row = supervisor.getByTestId('board-row-1');
        await row.getByRole('button', { name: '催办' }).click();
        await supervisor.getByRole('dialog').waitFor();
        // The walks ask for reduced motion (support.ts): the dialog stands still at once, without antd's zoom.
        expect(await supervisor.locator('.ant-modal[class*="ant-zoom-"]').count()).toBe(0);
        await supervisor.getByRole('dialog').getByLabel('催办内容').fill('请报送5月进展。');
        await clickAndConfirm(supervisor, supervisor.getByRole('dialog').getByRole('button', { name: /发\s*送/ }), {
          request: /\/api\/tasks\/\d+\/chases$/,
          toast: /已发出催办/,
        });
        await row.getByRole('button', { name: '督办单' }).click();
        const dialog = supervisor.getByRole('dialog');
        await dialog.getByLabel('督办事项').fill('请说明终审进度滞后原因并提出措施。');
        await dialog.getByLabel('回复期限').click();
        await dialog.getByLabel('回复期限').fill('2024-05-15');
        await dialog.getByLabel('回复期限').press('Enter');
        await clickAndConfirm(supervisor, dialog.getByRole('button', { name: /发\s*送/ }), {
          request: /\/api\/tasks\/\d+\/chases$/,
          toast: /已发出一级督办/,
        });
        await supervisor.goto(`${server.url}${taskPath}`);
        const chase = supervisor.getByTestId(/^chase-\d+$/).filter({ hasText: '督字〔2024〕1号' });
        await chase.getByText('回复期限 2024-05-15').waitFor();
        await screenshot(supervisor, 'loop-walk-escalation-1440');
        for (const p of [staff, head, supervisor]) await p.context().close();
      } finally {
        await server.stop();
      }

      // 20 May: the same data, five days after the 回复期限. The rest of the walk at phone width.
      server = await startApp({ FANGZHI_FIXED_DATE: '2024-05-20' }, { dataDir });
      try {
        const open = async (username: string) => {
          const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
          const page = await ctx.newPage();
          page.setDefaultTimeout(40_000);
          await loginAs(page, server.url, username, PASSWORD);
          return page;
        };
        const noSideways = async (page: import('playwright-core').Page) =>
          expect(
            await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
          ).toBeLessThanOrEqual(1);
        const staff = await open('bian');
        await staff.goto(`${server.url}/workbench`);
        const todo = staff.getByTestId('todo-chase').filter({ hasText: '第1项' }).first();
        await todo.waitFor();
        await screenshot(staff, 'loop-walk-staff-todo-390');
        await noSideways(staff);
        await todo.getByRole('link').click();
        // The numbered 督办单 (not the earlier 催办, which had no 回复期限) is answered — five days late.
        const escalation = staff.getByTestId(/^chase-\d+$/).filter({ hasText: '督字〔2024〕1号' });
        await escalation.locator('[data-testid$="-input"]').fill('已召开专题会，6月底前交付出版社。');
        await escalation.locator('[data-testid$="-send"]').click();
        await escalation.getByText('逾期回复').waitFor();
        // 申请办结 with the evidence, on the same page.
        await staff.getByTestId('closure-request-input').fill('书稿已交付出版社，附交接单。');
        await staff.getByTestId('closure-request-send').click();
        await staff
          .getByTestId('closure')
          .getByText(/待审核|审核中|已申请/)
          .first()
          .waitFor();
        await screenshot(staff, 'loop-walk-task-staff-390');
        await noSideways(staff);
        await staff.goto(`${server.url}/workbench?tab=done`);
        await staff.getByTestId('done-item').filter({ hasText: '逾期回复' }).first().waitFor();
        await staff.getByTestId('done-item').filter({ hasText: '申请办结' }).first().waitFor();

        // The supervisor sees the late reply and the closure request in 待办, and approves the closure.
        const supervisor = await open('duban');
        await supervisor.goto(`${server.url}/workbench`);
        const closure = supervisor.getByTestId('todo-closure').filter({ hasText: '第1项' });
        await closure.waitFor();
        await screenshot(supervisor, 'loop-walk-supervisor-todo-390');
        await noSideways(supervisor);
        await closure.getByRole('link').click();
        await supervisor.getByTestId('closure-approve').click();
        await supervisor.getByText('已同意办结，任务已办结').waitFor();
        await supervisor.goto(`${server.url}/workbench`);
        await supervisor.getByTestId('todo-list').waitFor();
        expect(await supervisor.getByTestId('todo-closure').filter({ hasText: '第1项' }).count()).toBe(0);
        await supervisor.getByTestId('workbench-tabs').getByText('已办').click();
        await supervisor.getByTestId('done-item').filter({ hasText: '办结' }).first().waitFor();
        await screenshot(supervisor, 'loop-walk-supervisor-done-390');
        await noSideways(supervisor);
        for (const p of [staff, supervisor]) await p.context().close();
      } finally {
        await server.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
});
