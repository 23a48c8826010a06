/**
 * A scholar's journey as an anonymous reader (issue 16), on two real Kanseki Repository titles from ../shared/corpus,
 * ingested at test time (nothing of them is in the repository): browse 吉林 → 《欽定盛京通志》 → 卷十四 in vertical
 * reading with a rare character drawn from the served extension font, search 長白山 within the book, open a hit, copy
 * a citation naming compiler and edition with 卷/葉/行, and open its permalink in a fresh browser to land on the line.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, ROOT, chromiumAvailable, launchBrowser, startApp, type RunningApp } from './support.ts';

/** What the reader sees (a 卷 is far too long for a full-page picture). */
async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

const CORPUS = path.resolve(ROOT, '../shared/corpus/kanripo');
const hasCorpus = fs.existsSync(path.join(CORPUS, 'KR2k0040')) && fs.existsSync(path.join(CORPUS, 'KR2k0130'));
if (!chromiumAvailable) console.warn('跳过浏览器测试：未找到 /usr/bin/chromium（apt-get install chromium）。');
if (!hasCorpus) console.warn('跳过学者阅读的浏览器测试：未找到 ../shared/corpus/kanripo（KR2k0040、KR2k0130）。');

describe.skipIf(!chromiumAvailable || !hasCorpus)('省情数据库 for scholars, in the browser', () => {
  let app: RunningApp;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-e2e-scholar-'));
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
      path.join(CORPUS, 'KR2k0040'),
      '--region',
      '220000',
      '--year',
      '1779',
      '--period',
      '清乾隆四十四年',
      '--compiler',
      '阿桂等奉敕撰',
      '--publish',
    );
    cli(
      'books',
      'ingest',
      path.join(CORPUS, 'KR2k0130'),
      '--region',
      '卜魁',
      '--period',
      '清康熙',
      '--compiler',
      '方式濟撰',
      '--publish',
    );
    app = await startApp({ DATA_DIR: dataDir });
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('browse → 卷十四 縱排 → search within the book → hit → citation → permalink', { timeout: 180_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);

    // Browse without a query: 吉林省 in the region tree, with its count; the historical 卜魁 sits under 黑龙江省.
    await page.goto(`${app.url}/library/browse`);
    await page.getByText('卜魁（旧称）（1）').waitFor();
    await page.getByText('吉林省（1）').click();
    await expect.poll(() => page.getByRole('link', { name: '《龍沙紀略》' }).count()).toBe(0);
    await page.getByRole('link', { name: '《欽定盛京通志》' }).waitFor();
    await screenshot(page, 'scholar-01-browse');

    // The book page shows the record: edition from the Kanripo witness (WYG), never a code.
    await page.getByRole('link', { name: '《欽定盛京通志》' }).click();
    await expect.poll(() => page.getByTestId('book-edition').textContent()).toBe('文淵閣四庫全書本');
    expect(await page.getByText('吉林省', { exact: true }).count()).toBeGreaterThan(0);
    await page.getByRole('treeitem', { name: /^卷十四（/ }).click();

    // 卷十四 in vertical reading: lines are columns, and the rare 𬗟 (CJK Ext. E) is drawn from the served font.
    await page.getByTestId('section-title').filter({ hasText: '卷十四' }).waitFor();
    await page.getByRole('switch', { name: '縱排' }).click();
    await page.locator('.gz-reader.vertical').waitFor();
    expect(await page.locator('.gz-reader').evaluate((el) => getComputedStyle(el).writingMode)).toBe('vertical-rl');
    await page.locator('[data-glyph-font="ready"]').waitFor();
    expect(await page.evaluate(() => document.fonts.check('20px FangzhiExt', '𬗟'))).toBe(true);
    await screenshot(page, 'scholar-02-juan14-vertical');
    // The line with 𬗟, large: a picture of the glyph itself (looked at by hand, see the report).
    const big = new URL(page.url());
    big.searchParams.set('fs', '28');
    await page.goto(big.toString());
    await page.locator('.gz-reader.vertical[data-glyph-font="ready"]').waitFor();
    const rareLine = page.locator('.gz-line', { hasText: '𬗟' }).first();
    await rareLine.scrollIntoViewIfNeeded();
    await rareLine.screenshot({ path: path.join(ARTIFACTS, 'scholar-03-rare-glyph.png') });
    // The edition header is shown (greyed) but is not part of the searchable text.
    expect(await page.locator('.gz-app', { hasText: '欽定四庫全書' }).count()).toBeGreaterThan(0);

    // Search 長白山 within this book from the reader's toolbar.
    await page.getByLabel('书内检索').fill('長白山');
    await page.getByLabel('书内检索').press('Enter');
    await expect.poll(() => page.getByTestId('search-summary').textContent()).toMatch(/“長白山”共命中 [1-9]\d* 处/);
    expect(new URL(page.url()).searchParams.get('books')).not.toBeNull();
    await page.getByTestId('variant-panel').waitFor();
    await screenshot(page, 'scholar-04-search-in-book');
    const firstLocator = (await page.getByTestId('hit-0').textContent()) ?? '';
    expect(firstLocator).toMatch(/^卷\S+ 葉\d+[ab] 行\d+$/);

    // KWIC mode survives a refresh (it is in the URL).
    await page.getByText('KWIC 语境索引').click();
    await page.locator('.gz-kwic td.gz-key').first().waitFor();
    await page.reload();
    await page.locator('.gz-kwic td.gz-key').first().waitFor();
    expect(await page.locator('.gz-kwic td.gz-key').first().textContent()).toBe('長白山');
    await page.getByText('命中列表').click();

    // Open the first hit: the reader lands on it.
    await page.getByTestId('hit-0').click();
    await page.locator('.gz-reader mark.current').first().waitFor();
    expect((await page.locator('.gz-reader mark.current').first().textContent())?.replace(/\s/g, '')).toBe('長白山');

    // Cite it: compiler, edition, 卷 in the title part, 葉/行 as the page, a permalink to the line.
    await page.getByRole('button', { name: /引\s*用/ }).click();
    const citation = page.getByTestId('citation-text');
    await citation.waitFor();
    const text = (await citation.textContent()) ?? '';
    expect(text).toMatch(
      /^\[1\] 阿桂, 等\. 欽定盛京通志: 卷\S+\[M\/OL\]\. 文淵閣四庫全書本\. \[出版地不详\]: \[出版者不详\], 1779\(乾隆四十四年\): 葉\d+[ab] 行\d+\[\d{4}-\d{2}-\d{2}\]\. http:\/\/127\.0\.0\.1:\d+\/library\/books\/\d+\/sections\/\d+#l-\d+-\d+[ab]\.\d+\.$/,
    );
    expect(await page.getByTestId('citation-locator').textContent()).toBe(firstLocator);
    await page.getByRole('dialog').getByRole('button', { name: '复制' }).first().click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(text);
    await page.waitForTimeout(400);
    await screenshot(page, 'scholar-05-citation');

    // The permalink, opened by someone else, lands on the cited line.
    const url = /http:\S+#l-[\w.-]+/.exec(text)![0].replace(/\.$/, '');
    const lineId = url.split('#l-')[1]!;
    const other = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const reader = await other.newPage();
    await reader.goto(url);
    const line = reader.locator(`[id="l-${lineId}"]`);
    await line.waitFor();
    await expect.poll(() => line.getAttribute('class')).toContain('selected');
    expect((await line.textContent())?.replace(/\s/g, '')).toContain('長');
    await expect
      .poll(() =>
        line.evaluate((el) => {
          const r = el.getBoundingClientRect();
          return r.top >= 0 && r.bottom <= window.innerHeight;
        }),
      )
      .toBe(true);
    await screenshot(reader, 'scholar-06-permalink-phone');
    await other.close();
    await context.close();
  });

  it('parallel reading links the passage 盛京通志 卷一百五 shares with 龍沙紀略', { timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    page.setDefaultTimeout(20_000);
    await page.goto(`${app.url}/library`);
    const ids = await page.evaluate(async () => {
      const books = (await (await fetch('/api/books')).json()) as { id: number; title: string }[];
      const toc = async (id: number) =>
        ((await (await fetch(`/api/books/${id}`)).json()) as { toc: { ordinal: number; title: string }[] }).toc;
      const shengjing = books.find((b) => b.title === '欽定盛京通志')!;
      const longsha = books.find((b) => b.title === '龍沙紀略')!;
      const juan = (await toc(shengjing.id)).find((s) => s.title === '卷一百五')!;
      const text = (await toc(longsha.id)).find((s) => s.title !== '提要')!;
      return { left: shengjing.id, ls: juan.ordinal, right: longsha.id, rs: text.ordinal };
    });
    await page.goto(`${app.url}/library/parallel?left=${ids.left}&ls=${ids.ls}&right=${ids.right}&rs=${ids.rs}`);
    await expect.poll(() => page.getByTestId('parallel-summary').textContent()).toMatch(/共有段落 [1-9]\d* 处/);
    const leftMark = page.getByTestId('parallel-left').locator('mark.gz-shared').first();
    await leftMark.click();
    const rightMark = page.getByTestId('parallel-right').locator('mark.gz-shared.current').first();
    await rightMark.waitFor();
    const squash = (s: string | null) => (s ?? '').replace(/\s/g, '');
    expect(squash(await rightMark.textContent()).slice(0, 4)).toBe(
      squash(await page.getByTestId('parallel-left').locator('mark.gz-shared.current').first().textContent()).slice(
        0,
        4,
      ),
    );
    await screenshot(page, 'scholar-07-parallel');
    await page.close();
  });

  it(
    'explains the query language beside the search box and answers NEAR and OR queries as the API counts them',
    { timeout: 120_000 },
    async () => {
      const page = await browser.newPage({ viewport: { width: 390, height: 900 }, locale: 'zh-CN' });
      page.setDefaultTimeout(20_000);
      await page.goto(`${app.url}/library`);
      await page.getByText('检索式写法').click();
      await page.getByText('两词相距不超过 10 个字（只写 NEAR 即 10）').waitFor();
      // The help fits a phone's width (once its opening animation is over).
      const edges = async () => {
        const box = await page.locator('.ant-popover-inner').boundingBox();
        return box ? [Math.round(box.x), Math.round(box.x + box.width)] : null;
      };
      await expect.poll(async () => ((await edges()) ?? [-1, 0])[1]).toBeLessThanOrEqual(390);
      expect(((await edges()) ?? [-1, 0])[0]).toBeGreaterThanOrEqual(0);
      await screenshot(page, 'scholar-08-query-help');
      const total = (q: string) =>
        page.evaluate(async (query) => {
          const res = await fetch(`/api/search?q=${encodeURIComponent(query)}&pageSize=20`);
          return ((await res.json()) as { total: number }).total;
        }, q);
      // Every 長白山 is a 長白 with a 白山 overlapping it: at least two hits each for the NEAR.
      const base = await total('長白山');
      expect(base).toBeGreaterThan(0);
      for (const query of ['長白 NEAR/0 白山', '長白山 OR 寧古塔']) {
        const expected = await total(query);
        expect(expected).toBeGreaterThanOrEqual(query.includes('NEAR') ? 2 * base : base);
        await page.getByLabel('检索词').fill(query);
        await page.getByLabel('检索词').press('Enter');
        await expect.poll(() => page.getByTestId('search-summary').textContent()).toContain(`共命中 ${expected} 处`);
      }
      await screenshot(page, 'scholar-09-near');
      await page.close();
    },
  );
});
