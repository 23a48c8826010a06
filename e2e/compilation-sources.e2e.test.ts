import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TOutline, TOutlinePreview, TProjectView } from '../src/shared/compilation.ts';
import type { TCard, TSource } from '../src/shared/compilation-sources.ts';
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

const PASSWORD = 'sources-pass-1';
const hasSoffice = sofficeAvailable;
if (!chromiumAvailable) console.warn('跳过编纂资料浏览器测试：未找到 /usr/bin/chromium。');

async function as(page: Page, url: string, username: string): Promise<void> {
  await page.context().clearCookies();
  await loginAs(page, url, username, PASSWORD);
}

/**
 * 资料 in the browser: the chief registers a source and enters a card from it, records a contradiction between two
 * cards, is refused 定稿 until it is resolved in the dialog, cites a card from the draft editor and sees the paragraph's
 * source; the 资料长编 is reordered and exported (rendered through LibreOffice); a unit contact on a phone sees only the
 * cards of its own node, never the 秘密 one.
 */
describe.skipIf(!chromiumAvailable)('编纂资料 in the browser', () => {
  let app: RunningApp;
  let browser: Browser;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-sources-e2e-'));
  beforeAll(async () => {
    app = await startApp({ FANGZHI_FIXED_DATE: '2024-02-01' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it(
    'collects sources and cards, gates 定稿 on contradictions, cites cards and exports the 长编',
    { timeout: 300_000 },
    async () => {
      const admin = await apiAs(app.url, 'admin', ADMIN_PASSWORD);
      const unitIds: Record<string, number> = {};
      for (const name of ['资料处', '县农业农村局'])
        unitIds[name] = (await admin<{ id: number }>('POST', '/api/units', { name, kind: 'department' })).id;
      const userIds: Record<string, number> = {};
      for (const [username, displayName, role, unit] of [
        ['zhubian', '县志主编', 'supervisor', '资料处'],
        ['nongye', '农业局联络员', 'unit_staff', '县农业农村局'],
      ] as const)
        userIds[username] = (
          await admin<{ id: number }>('POST', '/api/users', {
            username,
            displayName,
            password: PASSWORD,
            roles: [role],
            unitId: unitIds[unit],
          })
        ).id;
      const chief = await apiAs(app.url, 'zhubian', PASSWORD);
      const projectId = (
        await chief<TProjectView>('POST', '/api/compilation/projects', { kind: 'chronicle', title: '青岚县志' })
      ).project.id;
      const base = `/api/compilation/projects/${projectId}`;
      const preview = await chief<TOutlinePreview>('POST', `${base}/outline/preview`, {
        text: '第一篇 建置\n第一章 建置沿革\n第二章 行政区划\n第二篇 经济\n第一章 农业',
      });
      const outline = await chief<TOutline>('POST', `${base}/outline/import`, { headings: preview.headings });
      const node = (title: string) => outline.nodes.find((n) => n.title === title)!;
      await chief('POST', `${base}/members`, {
        userId: userIds.nongye,
        role: 'unit_liaison',
        unitId: unitIds['县农业农村局'],
      });
      await chief('PATCH', `${base}/outline/nodes/${node('农业').id}`, { ownerUnitId: unitIds['县农业农村局'] });
      await chief('POST', `${base}/outline/submit`);
      const [rev] = await chief<{ id: number }[]>('GET', `${base}/outline/revisions`);
      await chief('POST', `${base}/outline/revisions/${rev!.id}/decision`, { approve: true });
      // Material entered beforehand (the browser enters one more source and card itself).
      const press = await chief<TSource>('POST', `${base}/sources`, {
        kind: 'press',
        title: '青岚建县',
        fields: { paper: '吉林日报', date: '1956年5月5日', page: '2' },
      });
      const secret = await chief<TSource>('POST', `${base}/sources`, {
        kind: 'archive',
        title: '边界勘定报告',
        fields: { fonds: '9', fileNo: '9-1' },
        classification: 'secret',
      });
      const stats = await chief<TSource>('POST', `${base}/sources`, {
        kind: 'statistics',
        title: '青岚县统计年鉴（1986）',
        fields: { caliber: '全县，农业部门口径', publisher: '青岚县统计局' },
      });
      const yan = node('建置沿革').id;
      await chief<TCard>('POST', `${base}/cards`, {
        sourceId: press.id,
        text: '青岚县于1956年春正式成立，全县军民集会庆祝。',
        time: '1956年春',
        subject: '建县',
        nodeIds: [yan],
      });
      await chief<TCard>('POST', `${base}/cards`, {
        sourceId: secret.id,
        text: '县境东界于1985年重新勘定。',
        time: '1985年',
        subject: '边界',
        nodeIds: [node('行政区划').id],
      });
      await chief<TCard>('POST', `${base}/cards`, {
        sourceId: stats.id,
        text: '1985年全县粮食总产量12.6万吨。',
        time: '1985年',
        subject: '粮食',
        place: '青岚县',
        nodeIds: [node('农业').id],
      });

      const page = await browser.newPage({
        viewport: { width: 1440, height: 900 },
        locale: 'zh-CN',
        acceptDownloads: true,
      });
      page.setDefaultTimeout(20_000);
      try {
        // 1. A source registered in the browser, and a card entered from it straight away.
        await as(page, app.url, 'zhubian');
        await page.goto(`${app.url}/compilation/${projectId}?tab=materials`);
        await page.getByRole('tab', { name: '资料来源' }).click();
        await page.getByRole('button', { name: /登记资料来源/ }).click();
        let dialog = page.getByRole('dialog');
        await dialog.getByLabel('题名').fill('关于设立青岚县的批复');
        await dialog.getByLabel('馆藏单位').fill('青岚县档案馆');
        await dialog.getByLabel('全宗号').fill('1');
        await dialog.getByLabel('档号').fill('1-1-3');
        await dialog.getByRole('button', { name: /登\s*记/ }).click();
        dialog = page.getByRole('dialog', { name: '录入摘录卡片' });
        await dialog.getByLabel(/摘录原文/).fill('1956年3月，国务院批准设立青岚县。');
        await dialog.getByLabel('时间').fill('1956年3月');
        await dialog.getByLabel('主题').fill('建县');
        await dialog.locator('.ant-form-item').filter({ hasText: '关联篇目' }).locator('.ant-select').click();
        await page
          .locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper')
          .filter({ hasText: '建置沿革' })
          .click();
        await dialog.locator('.ant-select-selection-item').filter({ hasText: '建置沿革' }).waitFor();
        await dialog.getByText('录入摘录卡片').click();
        await dialog.getByRole('button', { name: /保\s*存/ }).click();
        await page.getByText('卡片已录入').waitFor();
        await page.getByText('青岚县档案馆藏，全宗号1，档号1-1-3：《关于设立青岚县的批复》', { exact: true }).waitFor();
        await screenshot(page, 'sources-01-sources-1440');

        // 1b. On a phone: a source is corrected, an unused one deleted, and one cited by a card is kept with a reason.
        await chief<TSource>('POST', `${base}/sources`, {
          kind: 'web',
          title: '县政府网站旧页',
          fields: { url: 'https://example.org/old', accessedAt: '2023-04-01' },
        });
        await page.setViewportSize({ width: 390, height: 844 });
        await page.reload();
        await page.getByRole('tab', { name: '资料来源' }).click();
        const item = (title: string) =>
          page.locator('.ant-tabs-tabpane-active .ant-list-item').filter({ hasText: title });
        await item('县政府网站旧页')
          .getByRole('button', { name: /修\s*改/ })
          .click();
        dialog = page.getByRole('dialog', { name: '修改资料来源' });
        await dialog.getByLabel('题名').fill('县政府网站（存档页）');
        await dialog.getByRole('button', { name: /保\s*存/ }).click();
        await page.getByText('资料来源已修改').waitFor();
        await item('县政府网站（存档页）').waitFor();
        await screenshot(page, 'sources-01b-sources-edit-390');
        await item('县政府网站（存档页）')
          .getByRole('button', { name: /删\s*除/ })
          .click();
        await page
          .locator('.ant-popconfirm:visible')
          .getByRole('button', { name: /确\s*定|OK/ })
          .click();
        await page.getByText('资料来源已删除').waitFor();
        await expect.poll(() => item('县政府网站（存档页）').count()).toBe(0);
        await item('青岚建县')
          .getByRole('button', { name: /删\s*除/ })
          .click();
        await page
          .locator('.ant-popconfirm:visible')
          .getByRole('button', { name: /确\s*定|OK/ })
          .click();
        await page.getByText(/还有 1 张摘录卡片引用，不能删除/).waitFor();
        await screenshot(page, 'sources-01c-sources-delete-refused-390');
        await page.setViewportSize({ width: 1440, height: 900 });

        // 2. The cards, filtered by subject; two of them recorded as contradicting on 建县时间.
        await page.getByRole('tab', { name: '摘录卡片' }).click();
        await page.getByPlaceholder('主题').fill('建县');
        await page.getByRole('button', { name: /^筛\s*选$/ }).click();
        await page.getByText('国务院批准设立青岚县').waitFor();
        const cards = page.locator('.ant-tabs-tabpane-active .ant-tabs-tabpane-active .ant-list-item');
        await expect.poll(() => cards.count()).toBe(2);
        await page
          .getByLabel(/选择卡片 #/)
          .first()
          .check();
        await page
          .getByLabel(/选择卡片 #/)
          .nth(1)
          .check();
        await page.getByRole('button', { name: /记录矛盾（已选 2 张）/ }).click();
        await page.getByPlaceholder(/哪一事实记载不一/).fill('建县时间');
        await page
          .getByRole('dialog')
          .getByRole('button', { name: /记\s*录/ })
          .click();
        await page.getByText('已记录资料矛盾').waitFor();
        await screenshot(page, 'sources-02-cards-1440');
        await page.setViewportSize({ width: 390, height: 844 });
        await screenshot(page, 'sources-02-cards-390');
        await page.setViewportSize({ width: 1440, height: 900 });

        // 3. A draft citing a card from the editor; 定稿 is refused while the contradiction stands.
        await chief('POST', `${base}/nodes/${yan}/drafts`, { html: '<p>青岚县设立于1956年3月。</p>' });
        await page.goto(`${app.url}/compilation/${projectId}?tab=drafts&node=${yan}`);
        await page.locator('.fz-draft-editor .ProseMirror').click();
        await page.keyboard.press('End');
        await page.getByRole('button', { name: /引用资料/ }).click();
        await page.getByRole('dialog').getByText('国务院批准设立青岚县').click();
        await expect.poll(() => page.locator('.fz-draft-editor sup.fz-card-ref').count()).toBe(1);
        await page.getByRole('button', { name: '保存为新版本' }).click();
        await page.getByText('已保存为新版本').waitFor();
        await page.getByText(/1 段中 1 段注明了出处/).waitFor();
        await page
          .getByText(/档号1-1-3/)
          .first()
          .waitFor();
        await page.getByRole('button', { name: /^定\s*稿$/ }).click();
        await page.getByText(/资料矛盾未裁定：“建置沿革”（卡片 #\d+ 与 卡片 #\d+）/).waitFor();
        await screenshot(page, 'sources-03-draft-cited-1440');
        await page.setViewportSize({ width: 390, height: 844 });
        await screenshot(page, 'sources-03-draft-cited-390');
        await page.setViewportSize({ width: 1440, height: 900 });

        // 4. The contradiction resolved in the dialog; then 定稿 goes through.
        await page.goto(`${app.url}/compilation/${projectId}?tab=materials`);
        await page.getByRole('tab', { name: /资料矛盾/ }).click();
        await page.getByRole('button', { name: /裁\s*定/ }).click();
        dialog = page.getByRole('dialog');
        await dialog.locator('label').filter({ hasText: '国务院批准设立青岚县' }).click();
        await dialog.getByPlaceholder(/裁定理由/).fill('以国务院批复档案为准，报载“春”为约略之词');
        await screenshot(page, 'sources-04-resolve-1440');
        await dialog.getByRole('button', { name: /裁\s*定/ }).click();
        await page.getByText(/采信 #\d+（县志主编）/).waitFor();
        const final = await chief<{ status: string }>('POST', `${base}/nodes/${yan}/status`, { status: 'final' });
        expect(final.status).toBe('final');

        // 5. The 资料长编 of the node: time order, one move, a note, saved and exported.
        await page.getByRole('tab', { name: '资料长编' }).click();
        await page.locator('.ant-select').filter({ hasText: '选择篇目查看其资料长编' }).click();
        await page
          .locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper')
          .filter({ hasText: '建置沿革' })
          .click();
        await page.getByText('按时间排序（时间不详的在后） · 2 张卡片').waitFor();
        await page.getByLabel('下移').first().click();
        await page.getByPlaceholder('编者按（可选）').first().fill('报载时间为约略之词，见档案');
        await page.getByRole('button', { name: '保存顺序与编者按' }).click();
        await page.getByText('按编者排定的顺序 · 2 张卡片').waitFor();
        await screenshot(page, 'sources-05-source-compilation-1440');
        await page.setViewportSize({ width: 390, height: 844 });
        await screenshot(page, 'sources-05-source-compilation-390');
        await page.setViewportSize({ width: 1440, height: 900 });
        const download = page.waitForEvent('download');
        await page.getByRole('button', { name: /导出长编 .docx/ }).click();
        const docx = path.join(work, 'source-compilation.docx');
        await (await download).saveAs(docx);
        expect(fs.readFileSync(docx).subarray(0, 2).toString()).toBe('PK');
        if (hasSoffice) {
          const text = await renderDocxPages(docx, 'sources-source-compilation');
          expect(text).toContain('建置沿革资料长编');
          // Moved down by hand: the 档案 card (1956年3月) now comes first.
          expect(text.indexOf('国务院批准设立青岚县')).toBeLessThan(text.indexOf('青岚县于1956年春正式成立'));
          expect(text).toContain('编者按：报载时间为约略之词，见档案');
        }
        // The book with the paragraph's source as a footnote.
        const book = await fetch(`${app.url}${base}/export?format=docx&nodeId=${yan}&sourceNotes=1`, {
          headers: { cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') },
        });
        expect(book.status).toBe(200);
        const bookFile = path.join(work, 'book-notes.docx');
        fs.writeFileSync(bookFile, Buffer.from(await book.arrayBuffer()));
        if (hasSoffice) {
          const text = await renderDocxPages(bookFile, 'sources-book-notes');
          expect(text).toContain('青岚县设立于1956年3月');
          expect(text).toContain('档号1-1-3');
          expect(text).not.toContain('〔卡');
        }

        // 6. The unit contact on a phone: only the card of its own node, never the 秘密 one.
        await page.setViewportSize({ width: 390, height: 844 });
        await as(page, app.url, 'nongye');
        await page.goto(`${app.url}/compilation/${projectId}?tab=materials`);
        await page.getByText('1985年全县粮食总产量12.6万吨。').waitFor();
        await expect
          .poll(() => page.locator('.ant-tabs-tabpane-active .ant-tabs-tabpane-active .ant-list-item').count())
          .toBe(1);
        expect(await page.getByText('县境东界').count()).toBe(0);
        await page.getByText(/另有 \d+ 张卡片因密级或分工不向您显示/).waitFor();
        await screenshot(page, 'sources-06-liaison-390');
      } catch (error) {
        await screenshot(page, 'sources-failure');
        throw error;
      }
    },
  );
});
