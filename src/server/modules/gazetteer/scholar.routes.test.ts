/**
 * What scholars use beyond search: the per-book search rule, search within a 卷, the variant panel, browsing without a
 * query, bibliographic records and their exports (issue 16). Through the real API on each dialect.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  TBook,
  TBookDetail,
  TCitation,
  TIngestResponse,
  TSearchResponse,
  TSearchVariants,
  TSection,
} from '../../../shared/gazetteer.ts';
import type { TBrowseResponse, TGlyphList, TParallelResponse, TSavedSearch } from '../../../shared/gazetteer-bib.ts';
import { TEST_DIALECTS } from '../../test/test-db.ts';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app.ts';

const FIXTURES = path.join(import.meta.dirname, 'ingest/fixtures');

async function zipKanripo(): Promise<File> {
  const folder = path.join(FIXTURES, 'kanripo/KR9z0001');
  const zip = new JSZip();
  for (const name of readdirSync(folder)) zip.file(`KR9z0001/${name}`, readFileSync(path.join(folder, name)));
  return new File([Uint8Array.from(await zip.generateAsync({ type: 'uint8array' }))], 'KR9z0001.zip');
}

async function ingest(client: TestClient, file: File, fields: Record<string, string>): Promise<TBook> {
  const form = new FormData();
  form.set('file', file);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const res = await client.request('POST', '/api/books', form);
  expect(res.status).toBe(201);
  return ((await res.json()) as TIngestResponse).book;
}

const q = (s: string) => encodeURIComponent(s);

describe.each(TEST_DIALECTS)('scholars’ gazetteer API (%s)', (dialect) => {
  let t: TestApp;
  let admin: TestClient;
  let old: TBook;
  let county: TBook;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.signIn('root', ['admin']);
    old = await ingest(admin, await zipKanripo(), {
      region: '寧古塔',
      year: '1779',
      period: '清乾隆四十四年',
      published: 'true',
    });
    county = await ingest(admin, new File([readFileSync(path.join(FIXTURES, 'plain-utf8.txt'))], '青岚县志.txt'), {
      type: '市县志',
      region: '220102',
      year: '2021',
      compiler: '青岚县地方志编纂委员会',
    });
  }, 60_000);
  afterAll(async () => t.close());

  it('imports the edition and 卷数 from Kanripo and names regions', async () => {
    expect(old).toMatchObject({
      edition: '虛構示例本 (DEMO)',
      regionName: '寧古塔',
      bib: { juanCount: 2, contributors: [] },
    });
    expect(county.regionName).toBe('南关区');
  });

  it('keeps the edition header and title-and-卷 lines for display but not for search; the per-book rule can index them', async () => {
    const section = await admin.json<TSection>('GET', `/api/books/${old.id}/sections/3`);
    const apparatus = section.body.apparatus.map((r) => section.body.text.slice(r.start, r.end).trim());
    expect(apparatus).toEqual(expect.arrayContaining(['欽定四庫全書', '青嵐縣志卷一']));
    expect(
      (await admin.json<TSearchResponse>('GET', `/api/search?q=${q('四庫全書')}&books=${old.id}`)).body.total,
    ).toBe(0);

    const none = await admin.json<TBook>('PATCH', `/api/books/${old.id}`, { searchRule: { mode: 'none' } });
    expect(none.body.searchRule).toEqual({ mode: 'none', extraLines: [] });
    expect(
      (await admin.json<TSearchResponse>('GET', `/api/search?q=${q('四庫全書')}&books=${old.id}`)).body.total,
    ).toBeGreaterThan(0);
    expect((await admin.json<TSection>('GET', `/api/books/${old.id}/sections/3`)).body.apparatus).toEqual([]);

    await admin.json('PATCH', `/api/books/${old.id}`, { searchRule: { mode: 'format', extraLines: ['山川'] } });
    expect(
      (await admin.json<TSearchResponse>('GET', `/api/search?q=${q('四庫全書')}&books=${old.id}`)).body.total,
    ).toBe(0);
    expect(
      (await admin.json<TSearchResponse>('GET', `/api/search?q=${q('山川')}&books=${old.id}&fold=0`)).body.total,
    ).toBe(0);
    await admin.json('PATCH', `/api/books/${old.id}`, { searchRule: null });
    expect(
      (await admin.json<TSearchResponse>('GET', `/api/search?q=${q('山川')}&books=${old.id}&fold=0`)).body.total,
    ).toBeGreaterThan(0);

    const bad = await admin.json<{ code: string; message: string }>('PATCH', `/api/books/${old.id}`, {
      searchRule: { mode: 'some' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('检索规则');
  });

  it('searches within one 卷 and shows which glyph forms the folding matched', async () => {
    const all = await admin.json<TSearchResponse>('GET', `/api/search?q=${q('翠屏山')}&books=${old.id}`);
    const ordinals = [...new Set(all.body.hits.map((h) => h.sectionOrdinal))];
    expect(ordinals.length).toBeGreaterThan(0);
    const within = await admin.json<TSearchResponse>(
      'GET',
      `/api/search?q=${q('翠屏山')}&books=${old.id}&section=${ordinals[0]}`,
    );
    expect(within.body.hits.every((h) => h.sectionOrdinal === ordinals[0])).toBe(true);
    expect(within.body.total).toBe(all.body.hits.filter((h) => h.sectionOrdinal === ordinals[0]).length);
    const noBook = await admin.json<{ message: string }>('GET', `/api/search?q=${q('翠屏山')}&section=1`);
    expect(noBook.status).toBe(400);
    expect(noBook.body.message).toContain('指定一本书');

    const folded = await admin.json<TSearchResponse>('GET', `/api/search?q=${q('青岚县')}&books=${old.id}`);
    const panel = await admin.json<TSearchVariants>('GET', `/api/search/variants?q=${q('青岚县')}&books=${old.id}`);
    expect(panel.body.variants).toEqual([{ form: '青嵐縣', count: folded.body.total }]);
    expect(
      (await admin.json<TSearchVariants>('GET', `/api/search/variants?q=${q('青嵐縣')}&fold=0`)).body.variants,
    ).toBeNull();
  });

  it('browses by region (historical names under today’s divisions), period, kind and compiler; the public sees published books', async () => {
    const pub = await t.anonymous().json<TBrowseResponse>('GET', '/api/books/browse');
    expect(pub.status).toBe(200);
    const province = pub.body.regions.find((r) => r.key === '230000');
    expect(province).toMatchObject({ label: '黑龙江省', count: 1 });
    const leaf = province?.children[0]?.children[0]?.children[0];
    expect(leaf).toMatchObject({ key: '寧古塔', label: '寧古塔（旧称）', count: 1 });
    expect(pub.body.regions.some((r) => r.key === '220000')).toBe(false);
    expect(pub.body.periods).toEqual([{ value: '清', label: '清', count: 1 }]);

    const staff = await admin.json<TBrowseResponse>('GET', `/api/books/browse?region=220000`);
    expect(staff.body.regions.find((r) => r.key === '220000')).toMatchObject({ label: '吉林省', count: 1 });
    expect(staff.body.books.map((b) => b.id)).toEqual([county.id]);
    expect(
      (await admin.json<TBrowseResponse>('GET', `/api/books/browse?region=231084`)).body.books.map((b) => b.id),
    ).toEqual([old.id]);
    expect(
      (
        await admin.json<TBrowseResponse>('GET', `/api/books/browse?compiler=${q('青岚县地方志编纂委员会')}`)
      ).body.books.map((b) => b.id),
    ).toEqual([county.id]);
    expect(
      (
        await admin.json<TBrowseResponse>('GET', `/api/books/browse?type=${q('旧志')}&period=${q('清')}`)
      ).body.books.map((b) => b.id),
    ).toEqual([old.id]);
  });

  it('edits the bibliographic record; citations and exports name compilers with dynasty, role, edition and 卷数', async () => {
    const bib = {
      juanCount: 2,
      contributors: [
        { name: '李某', dynasty: '清', role: '修' },
        { name: '王某', dynasty: '清', role: '纂' },
      ],
      compiledYear: 1778,
      printedYear: 1779,
      editionKind: '刻本',
      holding: '某省图书馆',
      series: null,
    };
    const saved = await admin.json<TBook>('PATCH', `/api/books/${old.id}`, { bib, edition: '乾隆刻本' });
    expect(saved.body.bib).toEqual(bib);
    const detail = await t.anonymous().json<TBookDetail>('GET', `/api/books/${old.id}`);
    expect(detail.body.bib?.contributors.map((c) => c.name)).toEqual(['李某', '王某']);

    const cite = await t
      .anonymous()
      .json<TCitation>('GET', `/api/books/${old.id}/sections/3/citation?line=${q('001-1a.4')}`);
    expect(cite.body.text).toMatch(
      /^\[1\] \[清\]李某, \[清\]王某\. 青嵐縣志: 卷一\[M\/OL\]\. 乾隆刻本\. .*: 葉1a 行4\[/,
    );
    expect(cite.body.locator).toBe('卷一 葉1a 行4');

    const bibtex = await t.anonymous().request('GET', `/api/books/${old.id}/export?format=bibtex`);
    expect(bibtex.headers.get('content-type')).toContain('application/x-bibtex');
    const bibtexText = await bibtex.text();
    expect(bibtexText).toMatch(/^@book\{KR9z0001,/);
    expect(bibtexText).toContain('author = {王某}');
    expect(bibtexText).toContain('editor = {李某}');
    expect(bibtexText).toContain('volumes = 2');
    const ris = await (await t.anonymous().request('GET', `/api/books/${old.id}/export?format=ris`)).text();
    expect(ris.split('\r\n').slice(0, 4)).toEqual(['TY  - BOOK', 'TI  - 青嵐縣志', 'AU  - 王某', 'A2  - 李某']);
    expect(ris).toContain('ER  - ');
    const csl = JSON.parse(
      await (await t.anonymous().request('GET', `/api/books/${old.id}/export?format=csl-json`)).text(),
    ) as Record<string, unknown>[];
    expect(csl[0]).toMatchObject({
      type: 'book',
      title: '青嵐縣志',
      author: [{ literal: '王某' }],
      editor: [{ literal: '李某' }],
      issued: { 'date-parts': [[1779]] },
      edition: '乾隆刻本',
      archive: '某省图书馆',
    });

    expect((await t.anonymous().request('GET', `/api/books/${county.id}/export?format=ris`)).status).toBe(404);
    const badFormat = await t
      .anonymous()
      .json<{ message: string }>('GET', `/api/books/${old.id}/export?format=endnote`);
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.message).toContain('bibtex');
  });

  it('serves a woff2 subset of the extension font for rare characters, and says in Chinese when it cannot', async () => {
    const installed =
      existsSync('/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf') ||
      existsSync('/usr/share/fonts/truetype/hanazono/HanaMinB.ttf');
    const res = await t.anonymous().request('GET', `/api/glyphs/font.woff2?chars=${q('𬗟㐀')}`);
    if (installed) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('font/woff2');
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe('wOF2');
      expect(bytes.length).toBeLessThan(20_000);
    } else {
      console.log('未安装 fonts-babelstone-han，只检查无字体时的提示。');
      expect(res.status).toBe(404);
      expect(((await res.json()) as { message: string }).message).toContain('fonts-babelstone-han');
    }
    const common = await t.anonymous().json<{ message: string }>('GET', `/api/glyphs/font.woff2?chars=${q('山')}`);
    expect(common.status).toBe(400);
    expect(common.body.message).toContain('扩展区');
  });

  it('lists a book’s 缺字 (codes with no character), composed-glyph descriptions and where they first occur', async () => {
    const list = await t.anonymous().json<TGlyphList>('GET', `/api/books/${old.id}/glyphs`);
    expect(list.status).toBe(200);
    const codes = list.body.missing.map((g) => g.code);
    // The demo codes are in no glyph table, so they stay 〓 and are listed by code, with their first 卷/葉/行.
    expect(codes).toEqual(expect.arrayContaining(['KR9001', 'KR9002', 'KR9003']));
    const first = list.body.missing.find((g) => g.code === 'KR9001')!;
    expect(first.first.locator).toMatch(/^卷一 葉1a 行\d+$/);
    expect(list.body.described.map((d) => d.text)).toContain('[卄/木]');
    const section = await t.anonymous().json<TSection>('GET', `/api/books/${old.id}/sections/${first.first.ordinal}`);
    for (const g of section.body.glyphs) expect(section.body.text[g.offset]).toBe('〓');
    expect((await t.anonymous().request('GET', `/api/books/${county.id}/glyphs`)).status).toBe(404);
  });

  it('reads two books side by side and links every passage found in both', async () => {
    const juan = (await admin.json<TSection>('GET', `/api/books/${old.id}/sections/3`)).body;
    const body = juan.text
      .split('\n')
      .filter((l) => l.replace(/\s/g, '').length > 0)
      .slice(2)
      .join('')
      .replace(/[\s\u3000]/g, '');
    const passage = body.slice(0, 24);
    expect(passage.length).toBe(24);
    const sequel = await ingest(admin, new File([`青嵐縣續志\n\n舊志云${passage}今按此說近是\n`], '青嵐縣續志.txt'), {
      type: '旧志',
    });

    const res = await admin.json<TParallelResponse>(
      'GET',
      `/api/books/parallel?left=${old.id}&ls=3&right=${sequel.id}&rs=1`,
    );
    expect(res.status).toBe(200);
    expect(res.body.alignedBy).toBe('chosen');
    expect(res.body.links.length).toBeGreaterThan(0);
    const link = res.body.links[0]!;
    const squash = (s: string) => s.replace(/[\s\u3000]/g, '');
    const leftText = squash(res.body.left.text.slice(link.left.offset, link.left.offset + link.left.length));
    expect(leftText).toBe(squash(res.body.right.text.slice(link.right.offset, link.right.offset + link.right.length)));
    expect(leftText).toContain(passage.slice(0, 16));
    expect(link.left.locator).toMatch(/^卷一 葉1[ab] 行\d+$/);

    // Aligned by 卷 title when no right section is chosen; the public cannot open an unpublished book.
    const self = await admin.json<TParallelResponse>('GET', `/api/books/parallel?left=${old.id}&ls=3&right=${old.id}`);
    expect(self.body).toMatchObject({ alignedBy: 'title', right: { ordinal: 3 } });
    expect((await t.anonymous().request('GET', `/api/books/parallel?left=${old.id}&right=${sequel.id}`)).status).toBe(
      404,
    );
  });

  it('keeps each signed-in reader’s saved searches and history to themselves', async () => {
    const reader = await t.signIn('scholar', ['local_staff']);
    const other = await t.signIn('other', ['unit_staff']);
    const saved = await reader.json<TSavedSearch>('POST', '/api/saved-searches', {
      name: '长白山（本书）',
      query: `q=${q('長白山')}&books=${old.id}&view=kwic`,
    });
    expect(saved.status).toBe(201);
    for (const query of ['q=%E5%B1%B1', 'q=%E6%B0%B4', 'q=%E5%B1%B1']) {
      expect((await reader.json('POST', '/api/saved-searches/history', { query })).status).toBe(200);
    }
    const mine = await reader.json<{ saved: TSavedSearch[]; history: TSavedSearch[] }>('GET', '/api/saved-searches');
    expect(mine.body.saved.map((s) => s.name)).toEqual(['长白山（本书）']);
    // The repeated query moves to the top instead of appearing twice.
    expect(mine.body.history.map((h) => h.query)).toEqual(['q=%E5%B1%B1', 'q=%E6%B0%B4']);
    expect((await other.json<{ saved: TSavedSearch[] }>('GET', '/api/saved-searches')).body.saved).toEqual([]);
    expect((await other.json('DELETE', `/api/saved-searches/${saved.body.id}`)).status).toBe(404);
    const bad = await reader.json<{ message: string }>('POST', '/api/saved-searches', { name: '空', query: 'books=1' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('检索词');
    expect((await reader.json('DELETE', `/api/saved-searches/${saved.body.id}`)).status).toBe(200);
    expect((await reader.json<{ saved: TSavedSearch[] }>('GET', '/api/saved-searches')).body.saved).toEqual([]);
  });
});
