import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TOutline, TOutlinePreview, TProjectView } from '../src/shared/compilation.ts';
import type { TSearchResponse } from '../src/shared/gazetteer.ts';
import {
  ADMIN_PASSWORD,
  apiAs,
  chromiumAvailable,
  renderDocxPages,
  sofficeAvailable,
  launchBrowser,
  loginAs,
  screenshot,
  startApp,
  type RunningApp,
} from './support.ts';

const PASSWORD = 'compile-pass-1';
const hasSoffice = sofficeAvailable;
if (!chromiumAvailable) console.warn('跳过编纂浏览器测试：未找到 /usr/bin/chromium。');

const FRAME_2022 = [
  '特载',
  '大事记',
  '概况',
  '  自然地理',
  '    【位置面积】',
  '    【气候】',
  '  人口',
  '    【人口总量】',
  '    【全省常住人口城镇化率持续提高人口结构不断优化】',
  '经济',
  '  农业',
  '    【粮食生产】',
].join('\n');

/** The unit's Word draft: a heading, text with a date after the 断限, and a table. */
async function unitDraft(file: string): Promise<void> {
  const cell = (t: string) => new TableCell({ children: [new Paragraph(t)] });
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: '人口总量', heading: HeadingLevel.HEADING_1 }),
          new Paragraph('2023年末，全省常住人口2339.4万人，比上年末减少8.3万人。'),
          new Paragraph('2024年1月，省统计局发布2023年人口变动情况抽样调查主要数据。'),
          new Table({
            rows: [
              new TableRow({ children: [cell('指标'), cell('人数（万人）')] }),
              new TableRow({ children: [cell('城镇'), cell('1491.9')] }),
            ],
          }),
        ],
      },
    ],
  });
  fs.writeFileSync(file, await Packer.toBuffer(doc));
}

/** Opens the antd select of a form item (by its label) and picks the option with that text. */
async function pick(
  page: Page,
  scope: ReturnType<Page['locator']>,
  label: string,
  option: string | RegExp,
): Promise<void> {
  await scope.locator('.ant-form-item').filter({ hasText: label }).locator('.ant-select').first().click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: option })
    .first()
    .click();
}

async function as(page: Page, url: string, username: string, password = PASSWORD): Promise<void> {
  await page.context().clearCookies();
  await loginAs(page, url, username, password);
}

/**
 * The walk: the yearbook office creates 《吉林年鉴（2023）》 from last year's frame, approves the outline, assigns
 * two 分目 to two units with deadlines; the 统计局 writer imports a .docx draft; an editor edits it; the diff shows the
 * change; the check flags a 15+-character 条目 title and a date outside the 断限; the office freezes a 送审稿, exports the
 * book (rendered through LibreOffice to pages we look at) and publishes it into the gazetteer database, where it is found.
 */
describe.skipIf(!chromiumAvailable)('compiling a yearbook in the browser', () => {
  let app: RunningApp;
  let browser: Browser;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-compile-e2e-'));
  beforeAll(async () => {
    app = await startApp({ FANGZHI_FIXED_DATE: '2024-02-01' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('walks a yearbook volume from last year’s frame to the gazetteer database', { timeout: 300_000 }, async () => {
    const admin = await apiAs(app.url, 'admin', ADMIN_PASSWORD);
    const unitIds: Record<string, number> = {};
    for (const name of ['年鉴处', '省统计局', '省气象局'])
      unitIds[name] = (await admin<{ id: number }>('POST', '/api/units', { name, kind: 'department' })).id;
    const people: [string, string, string, string][] = [
      ['nianjian', '年鉴处编辑', 'supervisor', '年鉴处'],
      ['tongji', '统计局撰稿人', 'unit_staff', '省统计局'],
      ['qixiang', '气象局撰稿人', 'unit_staff', '省气象局'],
    ];
    const userIds: Record<string, number> = {};
    for (const [username, displayName, role, unit] of people)
      userIds[username] = (
        await admin<{ id: number }>('POST', '/api/users', {
          username,
          displayName,
          password: PASSWORD,
          roles: [role],
          unitId: unitIds[unit],
        })
      ).id;
    // Last year's volume, whose frame this year's starts from.
    const office = await apiAs(app.url, 'nianjian', PASSWORD);
    const y2022 = (
      await office<TProjectView>('POST', '/api/compilation/projects', {
        kind: 'yearbook',
        title: '吉林年鉴（2022）',
        year: 2022,
      })
    ).project;
    const preview = await office<TOutlinePreview>('POST', `/api/compilation/projects/${y2022.id}/outline/preview`, {
      text: FRAME_2022,
    });
    await office('POST', `/api/compilation/projects/${y2022.id}/outline/import`, { headings: preview.headings });

    const page = await browser.newPage({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    page.setDefaultTimeout(20_000);
    try {
      await walk(page, office);
    } catch (error) {
      await screenshot(page, 'compile-failure');
      throw error;
    }

    async function walk(page: Page, office: Awaited<ReturnType<typeof apiAs>>): Promise<void> {
      // 1. The office creates this year's volume from last year's frame.
      await as(page, app.url, 'nianjian');
      await page.getByRole('menuitem', { name: /编纂/ }).click();
      await page.getByRole('button', { name: /新建项目/ }).click();
      const dialog = page.getByRole('dialog');
      await pick(page, dialog, '类型', /^年鉴$/);
      await dialog.getByLabel('书名').fill('吉林年鉴（2023）');
      await dialog.getByLabel('卷年').fill('2023');
      await pick(page, dialog, '沿用框架', '吉林年鉴（2022）');
      await dialog.getByRole('button', { name: /创\s*建/ }).click();
      await page.getByText('沿用往年框架的篇目中有 12 条尚未更新').waitFor();
      const projectId = Number(/compilation\/(\d+)/.exec(page.url())![1]);
      await screenshot(page, 'compile-01-outline-1440');
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, 'compile-01-outline-390');
      await page.setViewportSize({ width: 1440, height: 900 });

      // 2. The outline revision is approved: drafting may start.
      await page.getByRole('tab', { name: '报批与记录' }).click();
      await page.getByRole('button', { name: /篇目报批/ }).click();
      await page.getByRole('button', { name: /批\s*准/ }).click();
      await page.getByText('篇目已批准').first().waitFor();

      // 3. Two 分目 to two units, with deadlines (their contacts hold the 联络员 role).
      await office('POST', `/api/compilation/projects/${projectId}/members`, {
        userId: userIds.tongji,
        role: 'unit_liaison',
      });
      await office('POST', `/api/compilation/projects/${projectId}/members`, {
        userId: userIds.qixiang,
        role: 'unit_liaison',
      });
      await page.getByRole('tab', { name: '分工与进度' }).click();
      for (const [node, unit, due] of [
        ['人口', '省统计局', '2024-03-15'],
        ['自然地理', '省气象局', '2024-03-20'],
      ] as const) {
        const form = page.locator('form').first();
        await form.locator('.ant-select').first().click();
        await page
          .locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper')
          .filter({ hasText: `${node}（分目）` })
          .click();
        await form.locator('.ant-select').nth(2).click();
        await page.keyboard.type(unit);
        await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: unit }).click();
        await page.getByPlaceholder('截止日期').click();
        await page.getByPlaceholder('截止日期').fill(due);
        await page.keyboard.press('Enter');
        await page.getByRole('button', { name: /^分\s*配$/ }).click();
        await page.getByText(`概况 / ${node}`).waitFor();
      }
      await screenshot(page, 'compile-02-assignments');

      // 4. The 统计局 writer sees only its nodes and imports its .docx draft into 人口总量.
      const outline = await office<TOutline>('GET', `/api/compilation/projects/${projectId}/outline`);
      const total = outline.nodes.find((n) => n.title === '人口总量')!;
      await as(page, app.url, 'tongji');
      await page.goto(`${app.url}/compilation/${projectId}?tab=outline`);
      await page.getByText('人口总量').first().waitFor();
      expect(await page.getByText('自然地理').count()).toBe(0);
      await page.goto(`${app.url}/compilation/${projectId}?tab=drafts&node=${total.id}`);
      const docx = path.join(work, '人口总量.docx');
      await unitDraft(docx);
      await page.locator('input[type=file][accept=".docx"]').setInputFiles(docx);
      await page.getByText('第 1 版 · ').waitFor();
      await page.locator('.fz-draft-editor table').waitFor();

      // 5. An editor edits it: a new version.
      await as(page, app.url, 'nianjian');
      await page.goto(`${app.url}/compilation/${projectId}?tab=drafts&node=${total.id}`);
      const editor = page.locator('.fz-draft-editor .tiptap');
      await editor.getByText('比上年末减少8.3万人').click();
      await page.keyboard.press('End');
      await page.keyboard.type('人口自然增长率为-5.75‰。');
      await page.getByPlaceholder('本次修改说明（可选）').fill('补充自然增长率');
      await page.getByRole('button', { name: '保存为新版本' }).click();
      await page.getByText('第 2 版 · ').waitFor();

      // 6. The diff of the two versions shows the change.
      await page.getByRole('checkbox', { name: /第 1 版/ }).check();
      await page.getByRole('checkbox', { name: /第 2 版/ }).check();
      await page.getByRole('button', { name: /比\s*较/ }).click();
      await expect
        .poll(() => page.locator('.fz-diff-ins').allTextContents())
        .toContainEqual(expect.stringContaining('人口自然增长率为-5.75‰'));
      await screenshot(page, 'compile-03-draft-diff');

      // 7. The check flags the 15+-character 条目 title and the date outside the 断限.
      await page.getByRole('tab', { name: '检查' }).click();
      await page.getByRole('button', { name: '检查全书' }).click();
      await page
        .locator('.ant-tabs-tabpane-active')
        .getByText(/条目标题“全省常住人口城镇化率持续提高人口结构不断优化”有 \d+ 个字，超过 15 字/)
        .waitFor();
      await page
        .locator('.ant-tabs-tabpane-active')
        .getByText(/“2024年1月”晚于断限下限（2023-12-31）/)
        .waitFor();
      await screenshot(page, 'compile-04-check');

      // 8. The office freezes a 送审稿 with its 齐清定 checklist.
      await page.getByRole('tab', { name: '送审与发布' }).click();
      const checklist = page.locator('.ant-tabs-tabpane-active form');
      await checklist.getByText('齐清定检查').waitFor();
      for (const input of await checklist.getByPlaceholder(/说明（如“本书不设/).all())
        await input.fill('本卷按上卷体例，另行报送');
      await page.getByRole('button', { name: '冻结送审稿' }).click();
      await page.getByText('第 1 次', { exact: true }).waitFor();

      // 9. The book .docx, rendered through LibreOffice to pages we look at.
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: /导出全书 .docx/ }).click();
      const book = path.join(work, 'book.docx');
      await (await download).saveAs(book);
      expect(fs.readFileSync(book).subarray(0, 2).toString()).toBe('PK');
      if (hasSoffice) {
        const text = await renderDocxPages(book, 'compile-book');
        expect(text).toContain('目录');
        expect(text).toContain('【人口总量】');
        expect(text).toContain('人口自然增长率为-5.75‰');
      }

      // 10. One step into the gazetteer database, where readers find it.
      await page.getByRole('button', { name: /发布到省情数据库/ }).click();
      await page.getByText(/《吉林年鉴（2023）》已发布到省情数据库/).waitFor();
      await screenshot(page, 'compile-05-published');
      const found = (await (
        await fetch(`${app.url}/api/search?q=${encodeURIComponent('人口自然增长率')}`)
      ).json()) as TSearchResponse;
      expect(found.hits.map((h) => h.bookTitle)).toEqual(['吉林年鉴（2023）']);
      await page.context().clearCookies();
      await page.goto(`${app.url}/library?q=${encodeURIComponent('人口自然增长率')}`);
      await page.getByText('吉林年鉴（2023）').first().waitFor();
      await screenshot(page, 'compile-06-library-search');
    }
  });
});
