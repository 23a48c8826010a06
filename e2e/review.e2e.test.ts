import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type {
  TOutline,
  TOutlinePreview,
  TOutlineRevision,
  TProjectView,
  TSubmission,
} from '../src/shared/compilation.ts';
import type { TOpinion, TRoundView } from '../src/shared/review.ts';
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

const PASSWORD = 'review-pass-1';
const hasSoffice = sofficeAvailable;
if (!chromiumAvailable) console.warn('跳过评审浏览器测试：未找到 /usr/bin/chromium。');
if (!hasSoffice) console.warn('评审浏览器测试不渲染 .docx：未找到 soffice。');

const FRAME = ['概况', '  自然地理', '    【位置面积】', '    【气候】', '  人口', '    【人口总量】'].join('\n');
const DRAFTS: Record<string, string> = {
  位置面积: '<p>吉林省位于中国东北地区中部，面积18.74万平方千米。</p>',
  气候: '<p>全省属温带大陆性季风气候，四季分明，雨热同季。</p>',
  人口总量: '<p>2023年末，全省常住人口2339.4万人，比上年末减少8.3万人。</p>',
};
const NOTES = {
  正文: '条目即正文',
  凡例: '年鉴不设凡例',
  图表: '本卷无图表',
  照片: '另行报送',
  附录: '不设附录',
  编纂始末: '不设',
};

/** Opens the antd select of a form item (by its exact label) inside `scope` and picks the option. */
async function pick(page: Page, scope: Locator, label: string, option: string | RegExp): Promise<void> {
  await scope
    .locator('.ant-form-item')
    .filter({ has: page.locator('.ant-form-item-label', { hasText: new RegExp(`^${label}$`) }) })
    .locator('.ant-select')
    .first()
    .click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: option })
    .first()
    .click();
}

async function as(page: Page, url: string, username: string): Promise<void> {
  await page.context().clearCookies();
  await loginAs(page, url, username, PASSWORD);
}

/** Selects `needle` in the frozen text as a reader would, and lets the page see the mouse-up. */
async function selectPassage(page: Page, needle: string): Promise<void> {
  await page.evaluate((text) => {
    for (const box of document.querySelectorAll<HTMLElement>('[data-ordinal]')) {
      const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const at = n.textContent!.indexOf(text);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(n, at);
        range.setEnd(n, at + text.length);
        const sel = window.getSelection()!;
        sel.removeAllRanges();
        sel.addRange(range);
        box.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
        return;
      }
    }
    throw new Error(`passage not found: ${text}`);
  }, needle);
}

/**
 * The walk: 《吉林年鉴（2023）》 goes through 初审 with two external experts whose opinions point at passages,
 * the editor answers them in the response matrix and revises (new version, new 送审稿), 复审 sees the earlier opinions,
 * 终审 passes with the panel's password-confirmed signatures; the 审查验收意见书 and 修改说明 render through LibreOffice.
 */
describe.skipIf(!chromiumAvailable)('reviewing a yearbook in the browser', () => {
  let app: RunningApp;
  let browser: Browser;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-review-e2e-'));
  beforeAll(async () => {
    app = await startApp({ FANGZHI_FIXED_DATE: '2024-02-01' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('takes 《吉林年鉴（2023）》 through 初审, 复审 and 终审', { timeout: 400_000 }, async () => {
    const admin = await apiAs(app.url, 'admin', ADMIN_PASSWORD);
    const unitIds: Record<string, number> = {};
    for (const name of ['年鉴处', '指导处'])
      unitIds[name] = (await admin<{ id: number }>('POST', '/api/units', { name, kind: 'department' })).id;
    const userIds: Record<string, number> = {};
    for (const [username, displayName, role, unit] of [
      ['nianjian', '年鉴处编辑', 'supervisor', '年鉴处'],
      ['zhushen', '指导处主审', 'unit_head', '指导处'],
      ['zhangjia', '张甲教授', 'expert', null],
      ['liyi', '李乙研究员', 'expert', null],
      ['wangbing', '王丙专家', 'expert', null],
    ] as const)
      userIds[username] = (
        await admin<{ id: number }>('POST', '/api/users', {
          username,
          displayName,
          password: PASSWORD,
          roles: [role],
          unitId: unit ? unitIds[unit] : null,
        })
      ).id;
    // The book, built like the compilation walk does: outline approved, a draft in every 条目, a frozen 送审稿.
    const office = await apiAs(app.url, 'nianjian', PASSWORD);
    const project = (
      await office<TProjectView>('POST', '/api/compilation/projects', {
        kind: 'yearbook',
        title: '吉林年鉴（2023）',
        year: 2023,
      })
    ).project;
    const base = `/api/compilation/projects/${project.id}`;
    const preview = await office<TOutlinePreview>('POST', `${base}/outline/preview`, { text: FRAME });
    await office('POST', `${base}/outline/import`, { headings: preview.headings });
    await office('POST', `${base}/outline/submit`);
    const [revision] = await office<TOutlineRevision[]>('GET', `${base}/outline/revisions`);
    await office('POST', `${base}/outline/revisions/${revision!.id}/decision`, { approve: true });
    const outline = await office<TOutline>('GET', `${base}/outline`);
    const nodeId = (title: string) => outline.nodes.find((n) => n.title === title)!.id;
    for (const [title, html] of Object.entries(DRAFTS))
      await office('POST', `${base}/nodes/${nodeId(title)}/drafts`, { html });
    await office<TSubmission>('POST', `${base}/submissions`, { title: '初审稿', notes: NOTES });

    const page = await browser.newPage({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    page.setDefaultTimeout(20_000);
    try {
      await walk(page);
    } catch (error) {
      await screenshot(page, 'review-failure');
      throw error;
    }

    async function walk(page: Page): Promise<void> {
      // 1. The office opens 初审 on the frozen 送审稿 and invites the panel.
      await as(page, app.url, 'nianjian');
      // (评审 is a menu group now — 书稿评审, 评审活动, 评分表 — so the walk opens 书稿评审 by its address.)
      await page.goto(`${app.url}/review`);
      await page.getByRole('button', { name: /新建评审/ }).click();
      const dialog = page.getByRole('dialog');
      await pick(page, dialog, '编纂项目', '吉林年鉴（2023）');
      await pick(page, dialog, '送审稿', /第 1 次/);
      await pick(page, dialog, '评审阶段', /^初审$/);
      await dialog.getByLabel('召集单位').fill('吉林省地方志编纂委员会办公室');
      await dialog.getByLabel('审读截止').fill('2024-02-20');
      await dialog.getByLabel('评审会日期').fill('2024-02-28');
      await dialog.getByRole('button', { name: /创\s*建/ }).click();
      await page.waitForURL(/\/review\/\d+/);
      const first = Number(/review\/(\d+)/.exec(page.url())![1]);
      await page.getByText('篇目已在编纂中报批并获批准').waitFor();
      const invite = page.locator('form.ant-form-inline');
      for (const [name, role] of [
        ['指导处主审', '主审人'],
        ['张甲教授', '外部专家'],
        ['李乙研究员', '外部专家'],
      ] as const) {
        await invite.locator('.ant-select').first().click();
        await page.keyboard.type(name);
        await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: name }).click();
        await invite.locator('.ant-select').nth(1).click();
        await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: role }).click();
        await invite.getByRole('button', { name: /邀\s*请/ }).click();
        await page.locator('.ant-list-item').filter({ hasText: name }).waitFor();
      }
      await page.getByRole('button', { name: '开始评审并通知评审组' }).click();
      await page.getByText('评审中').first().waitFor();
      await screenshot(page, 'review-01-round-1440');
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, 'review-01-round-390');
      await page.setViewportSize({ width: 1440, height: 900 });

      // 2. Each external expert lands on their review list, declares no conflict and anchors an opinion to a passage.
      for (const [username, passage, category, severity, text] of [
        ['zhangjia', '2339.4万人', '资料', '必须修改', '常住人口数据请注明来源和统计口径。'],
        ['liyi', '四季分明', '行文', '建议修改', '“四季分明，雨热同季”宜补充年均气温等数据。'],
      ] as const) {
        await as(page, app.url, username);
        await page.waitForURL(/\/review$/);
        // An expert's menu is the 评审 group only (书稿评审 and 评审活动, each showing only their own work).
        const menu = await page.getByRole('menuitem').allTextContents();
        expect(menu).toContain('评审');
        expect(menu.filter((t) => !['评审', '书稿评审', '评审活动'].includes(t))).toEqual([]);
        await page.getByRole('link', { name: '吉林年鉴（2023）' }).click();
        await page.getByRole('button', { name: '提交声明' }).click();
        await page.getByText('已声明无利益冲突').first().waitFor();
        await page.getByRole('tab', { name: '审读与意见' }).click();
        await page.getByText('2339.4万人', { exact: false }).first().waitFor();
        await selectPassage(page, passage);
        await page.getByText(`所选文字：“${passage}”`).waitFor();
        const card = page.locator('.ant-card').filter({ hasText: '提出意见' }).last();
        await pick(page, card, '类别', category);
        await pick(page, card, '程度', severity);
        await card.getByLabel('意见内容').fill(text);
        await card.getByRole('button', { name: '提交意见' }).click();
        await page.locator('mark.fz-review-mark', { hasText: passage }).waitFor();
      }
      await screenshot(page, 'review-02-reader-1440');
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, 'review-02-reader-390');
      await page.setViewportSize({ width: 1440, height: 900 });
      // The author rewords their own open opinion from the opinion list (修改 / 撤回 show only on their own).
      await page.goto(`${app.url}/review/${first}?tab=opinions`);
      const mine = page.locator('[data-testid^="opinion-"]').filter({ hasText: '四季分明' });
      expect(
        await page.locator('[data-testid^="opinion-"]').filter({ hasText: '常住人口' }).getByRole('button').count(),
      ).toBe(0);
      await mine.getByRole('button', { name: /修\s*改/ }).click();
      const editDialog = page.getByRole('dialog', { name: '修改我的意见' });
      await editDialog.getByLabel('意见内容').fill('“四季分明，雨热同季”宜补充年均气温、年降水量等数据。');
      await editDialog.getByRole('button', { name: /保\s*存/ }).click();
      await mine.getByText('年降水量', { exact: false }).waitFor();
      await mine.getByRole('button', { name: /撤\s*回/ }).waitFor();
      await screenshot(page, 'review-02b-own-opinion-1440');
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, 'review-02b-own-opinion-390');
      await page.setViewportSize({ width: 1440, height: 900 });

      // 3. The 主审人 records 修改后通过; the panel signs by entering their passwords again.
      await as(page, app.url, 'zhushen');
      await page.goto(`${app.url}/review/${first}`);
      await page.getByRole('button', { name: '提交声明' }).click();
      await page.getByText('已声明无利益冲突').first().waitFor();
      await page.getByRole('tab', { name: '结论与签名' }).click();
      await page.getByLabel('修改后通过').check();
      await page
        .getByLabel('评审意见')
        .fill('该卷框架合理，资料较为翔实，体例基本规范。\n请按专家意见核实人口数据来源，补充气候数据后报复审。');
      await page.getByRole('button', { name: /作出结论/ }).click();
      await page.getByText('尚未签名：').waitFor();
      for (const username of ['zhushen', 'zhangjia', 'liyi']) {
        if (username !== 'zhushen') await as(page, app.url, username);
        await page.goto(`${app.url}/review/${first}?tab=decision`);
        await page.getByLabel('登录密码').fill(PASSWORD);
        await page.getByRole('button', { name: '确认签名' }).click();
        await page.getByText('已确认签名').waitFor();
      }
      await page.getByText('评审组已全部签名').waitFor();

      // 4. The editor revises (a new version, a new 送审稿) and answers each opinion in the response matrix.
      await office('POST', `${base}/nodes/${nodeId('人口总量')}/drafts`, {
        html: '<p>2023年末，全省常住人口2339.4万人（据省统计局2023年人口变动情况抽样调查），比上年末减少8.3万人。</p>',
      });
      await office('POST', `${base}/nodes/${nodeId('气候')}/drafts`, {
        html: '<p>全省属温带大陆性季风气候，四季分明，雨热同季。年平均气温5.6℃。</p>',
      });
      await office<TSubmission>('POST', `${base}/submissions`, { title: '复审稿', notes: NOTES });
      await as(page, app.url, 'nianjian');
      await page.goto(`${app.url}/review/${first}?tab=responses`);
      await page.getByText('还有 1 条必须修改或否决意见未落实').waitFor();
      for (const [who, response, reason] of [
        ['张甲教授', '采纳', ''],
        ['李乙研究员', '部分采纳', '补充了年平均气温；降水数据待气象局年报发布后补充。'],
      ] as const) {
        await page
          .locator('[data-testid^="opinion-"]')
          .filter({ hasText: who })
          .getByRole('button', { name: /答\s*复/ })
          .click();
        const modal = page.getByRole('dialog');
        await modal.getByLabel(response, { exact: true }).check();
        if (reason) await modal.getByLabel('理由').fill(reason);
        await pick(page, modal, '落实于', /第 2 次送审稿/);
        await modal.getByRole('button', { name: '保存答复' }).click();
        await page.getByText('答复已保存').first().waitFor();
        await modal.waitFor({ state: 'hidden' });
      }
      await page.getByText('必须修改和否决意见均已落实。').waitFor();
      await screenshot(page, 'review-03-responses-1440');
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, 'review-03-responses-390');
      await page.setViewportSize({ width: 1440, height: 900 });

      // 5. 复审 on the new 送审稿 (set up through the API); its expert sees the 初审 opinions and their answers.
      const [sub2] = await office<TSubmission[]>('GET', `${base}/submissions`);
      const body = {
        submissionId: sub2!.id,
        conveningBody: '吉林省地方志编纂委员会办公室',
        readingDeadline: '2024-03-20',
      };
      const second = await office<TRoundView>('POST', '/api/review/rounds', { ...body, stage: 'second_review' });
      await office('POST', `/api/review/rounds/${second.id}/panel`, { userId: userIds.zhushen, role: 'chair' });
      await office('POST', `/api/review/rounds/${second.id}/panel`, { userId: userIds.wangbing, role: 'external' });
      await office('POST', `/api/review/rounds/${second.id}/transition`, { action: 'start' });
      await as(page, app.url, 'wangbing');
      await page.goto(`${app.url}/review/${second.id}?tab=opinions`);
      await page.getByText('常住人口数据请注明来源和统计口径。').waitFor();
      await page.getByText('已在第 2 次送审稿“复审稿”中修改').first().waitFor();
      await screenshot(page, 'review-04-earlier-opinions');
      // … and nothing of round 1 itself, which is not theirs.
      await page.goto(`${app.url}/review/${first}`);
      await page.getByText('评审不存在').waitFor();
      const chair = await apiAs(app.url, 'zhushen', PASSWORD);
      const wang = await apiAs(app.url, 'wangbing', PASSWORD);
      for (const c of [chair, wang]) await c('POST', `/api/review/rounds/${second.id}/conflict`, { conflict: false });
      await chair('POST', `/api/review/rounds/${second.id}/decision`, { decision: 'pass', text: '同意通过复审。' });
      for (const c of [chair, wang]) await c('POST', `/api/review/rounds/${second.id}/sign`, { password: PASSWORD });

      // 6. 终审 passes with signatures, decided and signed in the browser.
      const final = await office<TRoundView>('POST', '/api/review/rounds', {
        ...body,
        stage: 'final_review',
        meetingDate: '2024-04-10',
      });
      await office('POST', `/api/review/rounds/${final.id}/panel`, { userId: userIds.zhushen, role: 'chair' });
      await office('POST', `/api/review/rounds/${final.id}/panel`, { userId: userIds.zhangjia, role: 'external' });
      await office('POST', `/api/review/rounds/${final.id}/transition`, { action: 'start' });
      await as(page, app.url, 'zhushen');
      await page.goto(`${app.url}/review/${final.id}`);
      await page.getByRole('button', { name: '提交声明' }).click();
      await page.getByRole('tab', { name: '结论与签名' }).click();
      await page.getByLabel('通过', { exact: true }).check();
      await page
        .getByLabel('评审意见')
        .fill('经终审，该卷观点正确，资料翔实，体例规范，文字通顺，同意通过终审，交付出版。');
      await page.getByRole('button', { name: /作出结论/ }).click();
      for (const username of ['zhushen', 'zhangjia']) {
        if (username !== 'zhushen') {
          await as(page, app.url, username);
          await page.goto(`${app.url}/review/${final.id}`);
          await page.getByRole('button', { name: '提交声明' }).click();
          await page.getByText('已声明无利益冲突').first().waitFor();
        }
        await page.goto(`${app.url}/review/${final.id}?tab=decision`);
        await page.getByLabel('登录密码').fill(PASSWORD);
        await page.getByRole('button', { name: '确认签名' }).click();
        await page.getByText('已确认签名').waitFor();
      }
      await page.getByText('评审组已全部签名').waitFor();
      const opinions = await office<TOpinion[]>('GET', `/api/review/rounds/${final.id}/opinions`);
      expect(opinions.filter((o) => o.earlier).length).toBeGreaterThanOrEqual(2);

      // 7. The documents: 审查验收意见书 of 终审 and 修改说明 of 初审, rendered and read back.
      await as(page, app.url, 'nianjian');
      await page.goto(`${app.url}/review/${final.id}`);
      await screenshot(page, 'review-05-final-1440');
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByRole('tab', { name: '结论与签名' }).click();
      await screenshot(page, 'review-05-final-390');
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.getByRole('tab', { name: '概况与评审组' }).click();
      const letterDownload = page.waitForEvent('download');
      await page.getByRole('button', { name: /审查验收意见书 .docx/ }).click();
      const letter = path.join(work, 'letter.docx');
      await (await letterDownload).saveAs(letter);
      await page.goto(`${app.url}/review/${first}`);
      const notesDownload = page.waitForEvent('download');
      await page.getByRole('button', { name: /修改说明 .docx/ }).click();
      const notes = path.join(work, 'notes.docx');
      await (await notesDownload).saveAs(notes);
      for (const f of [letter, notes]) expect(fs.readFileSync(f).subarray(0, 2).toString()).toBe('PK');
      if (hasSoffice) {
        const letterText = await renderDocxPages(letter, 'review-letter');
        expect(letterText).toContain('《吉林年鉴（2023）》终审审查验收意见书');
        expect(letterText).toContain('评审结论为：通过');
        expect(letterText).toMatch(/主审人：指导处主审（指导处）已于2024年2月1日登录确认签名/);
        const notesText = await renderDocxPages(notes, 'review-notes');
        expect(notesText).toContain('常住人口数据请注明来源和统计口径。');
        expect(notesText).toContain('答复：部分采纳。理由：补充了年平均气温');
        expect(notesText).toContain('已在第2次送审稿“复审稿”中修改');
      }
    }
  });
});
