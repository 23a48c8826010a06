import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  ADMIN_PASSWORD,
  ROOT,
  chromiumAvailable,
  launchBrowser,
  loginAs,
  screenshot,
  startApp,
  type RunningApp,
} from './support.ts';

if (!chromiumAvailable) console.warn('跳过浏览器测试：未找到 /usr/bin/chromium（apt-get install chromium）。');

const FIXTURES = path.join(ROOT, 'src/server/modules/gazetteer/ingest/fixtures');

describe.skipIf(!chromiumAvailable)('省情数据库 in the browser', () => {
  let app: RunningApp;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    // Books are ingested from the command line before the server starts, as an office would do in bulk.
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-e2e-gz-'));
    const cli = (...args: string[]) =>
      execFileSync(path.join(ROOT, 'bin/fangzhi'), args, {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
        encoding: 'utf8',
      });
    cli('migrate');
    cli(
      'books',
      'ingest',
      path.join(FIXTURES, 'kanripo/KR9z0001'),
      '--region',
      '220000',
      '--year',
      '1779',
      '--period',
      '清乾隆四十四年',
      '--compiler',
      '李某等纂',
      '--publish',
    );
    cli(
      'books',
      'ingest',
      path.join(FIXTURES, 'plain-utf8.txt'),
      '--type',
      '市县志',
      '--region',
      '220102',
      '--year',
      '2021',
    );
    app = await startApp({ DATA_DIR: dataDir });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'an anonymous reader searches, opens a hit in the reader and copies a citation',
    { timeout: 300_000 },
    async () => {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);

      await page.goto(`${app.url}/library`);
      await page.getByRole('link', { name: '《青嵐縣志》' }).waitFor();
      // The unpublished county chronicle is not shown to the public.
      expect(await page.getByText('青岚县志（1990—2020）').count()).toBe(0);
      await screenshot(page, 'gazetteer-01-library');

      // Simplified input finds the traditional text (folding on).
      await page.getByLabel('检索词').fill('青岚县');
      await page.getByRole('button', { name: /检\s*索/ }).click();
      await expect.poll(() => page.getByTestId('search-summary').textContent()).toMatch(/共命中 [1-9]\d* 处/);
      await page.locator('.gz-hit-snippet mark').first().waitFor();
      expect(await page.locator('.gz-hit-snippet mark').first().textContent()).toBe('青嵐縣');
      await screenshot(page, 'gazetteer-02-results');

      // Exact-glyph search keeps the simplified form apart.
      await page.getByLabel('繁简异体通检').click();
      await expect.poll(() => page.getByTestId('search-summary').textContent()).toMatch(/共命中 0 处/);
      await page.getByLabel('繁简异体通检').click();
      await expect.poll(() => page.getByTestId('search-summary').textContent()).toMatch(/共命中 [1-9]/);

      await page.getByText('KWIC 语境索引').click();
      await page.locator('.gz-kwic td.gz-key').first().waitFor();
      expect(await page.locator('.gz-kwic td.gz-key').first().textContent()).toBe('青嵐縣');
      await screenshot(page, 'gazetteer-02b-kwic');
      await page.getByText('命中列表').click();

      await page.getByTestId('hit-0').click();
      await page.getByTestId('section-text').waitFor();
      await page.locator('.gz-reader mark.current').first().waitFor();
      expect((await page.locator('.gz-reader mark.current').first().textContent())?.replace(/\s/g, '')).toBe('青嵐縣');
      expect(await page.locator('.gz-page a').count()).toBeGreaterThan(0);
      await screenshot(page, 'gazetteer-03-reader');

      await page.getByRole('button', { name: /引\s*用/ }).click();
      const citation = page.getByTestId('citation-text');
      await citation.waitFor();
      const text = (await citation.textContent()) ?? '';
      expect(text).toMatch(
        /^\[1\] 李某, 等\. 青嵐縣志: .+\[M\/OL\]\. .*\[出版地不详\]: \[出版者不详\], 1779\(乾隆四十四年\): .+\[\d{4}-\d{2}-\d{2}\]\. http:\/\/127\.0\.0\.1:\d+\/library\/books\/\d+\/sections\/\d+#l-/,
      );
      await page.getByRole('dialog').getByRole('button', { name: /复制/ }).first().click();
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(text);
      await page.waitForTimeout(500); // let the dialog's opening animation finish before the picture
      await screenshot(page, 'gazetteer-04-citation');

      // The permalink (to the cited line) opens the same line for anyone.
      const url = /http:\S+#l-[\w.-]+/.exec(text)![0].replace(/\.$/, '');
      const other = await context.newPage();
      await other.goto(url);
      await other.getByTestId('section-text').waitFor();
      expect(await other.locator(`[id="l-${url.split('#l-')[1]}"].selected`).count()).toBe(1);
      await context.close();
    },
  );

  it('staff see every book, upload one with progress, and publish it', { timeout: 300_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    page.setDefaultTimeout(30_000);
    await loginAs(page, app.url, 'admin', ADMIN_PASSWORD);
    await page.getByRole('menuitem', { name: /书目管理/ }).click();
    await page.getByRole('link', { name: '《青岚县志（1990—2020）》' }).waitFor();

    await page.locator('input[type=file]').setInputFiles(path.join(FIXTURES, 'sample.md'));
    await page
      .getByText(/已导入《青岚县年鉴（2023）》/)
      .first()
      .waitFor();
    await page.getByRole('link', { name: '《青岚县年鉴（2023）》' }).waitFor();
    const toggle = page.getByRole('switch', { name: '发布《青岚县年鉴（2023）》' });
    await toggle.click();
    await page.getByText('发布状态已更新').waitFor();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');
    await screenshot(page, 'gazetteer-05-books-admin');

    const status = await page.evaluate(async () => {
      const res = await fetch('/api/books', { credentials: 'omit' });
      return ((await res.json()) as { title: string }[]).map((b) => b.title).sort();
    });
    expect(status).toEqual(['青嵐縣志', '青岚县年鉴（2023）'].sort());

    await page.getByRole('link', { name: '《青岚县志（1990—2020）》' }).click();
    await page.getByRole('treeitem').first().waitFor();
    await screenshot(page, 'gazetteer-06-book-toc');
  });
});
