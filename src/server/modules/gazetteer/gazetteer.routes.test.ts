import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TBook, TBookDetail, TIngestResponse, TSearchResponse, TSection } from '../../../shared/gazetteer.ts';
import { TEST_DIALECTS } from '../../test/test-db.ts';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app.ts';
import { findAuditEntries } from '../../platform/audit/audit.repository.ts';
import { syncSearchIndexWithDatabase } from './index-consistency.ts';
import { findSections } from './gazetteer.repository.ts';

const FIXTURES = path.join(import.meta.dirname, 'ingest/fixtures');

function upload(name: string, bytes: Uint8Array, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  form.set('file', new File([Uint8Array.from(bytes)], name));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return form;
}

async function zipFolder(folder: string): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const name of readdirSync(folder)) zip.file(`KR9z0001/${name}`, readFileSync(path.join(folder, name)));
  return zip.generateAsync({ type: 'uint8array' });
}

async function postForm<T>(client: TestClient, form: FormData): Promise<{ status: number; body: T }> {
  const res = await client.request('POST', '/api/books', form);
  return { status: res.status, body: (await res.json()) as T };
}

describe.each(TEST_DIALECTS)('省情数据库 API (%s)', (dialect) => {
  let t: TestApp;
  let admin: TestClient;
  let staff: TestClient;
  let county: TBook;
  let gazetteer: TBook;
  const plain = readFileSync(path.join(FIXTURES, 'plain-utf8.txt'));

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.signIn('root', ['admin']);
    staff = await t.signIn('reader', ['unit_staff']);
  });
  afterAll(async () => t.close());

  it('ingests an uploaded text file with its table of contents; the public does not see it before publication', async () => {
    const res = await postForm<TIngestResponse>(
      admin,
      upload('青岚县志.txt', plain, {
        type: '市县志',
        region: '220102',
        year: '2021',
        compiler: '青岚县地方志编纂委员会',
      }),
    );
    expect(res.status).toBe(201);
    county = res.body.book;
    expect(county).toMatchObject({
      title: '青岚县志（1990—2020）',
      type: '市县志',
      region: '220102',
      year: 2021,
      published: false,
    });
    const detail = await staff.json<TBookDetail>('GET', `/api/books/${county.id}`);
    expect(detail.body.toc.map((s) => `${s.level}${s.title}`)).toContain('3第一节 山脉');
    const mountain = detail.body.toc.find((s) => s.title === '第一节 山脉')!;
    expect(detail.body.toc.find((s) => s.ordinal === mountain.parentOrdinal)?.title).toBe('第一章 地貌');

    expect((await t.anonymous().json<TBook[]>('GET', '/api/books')).body).toEqual([]);
    expect((await t.anonymous().json('GET', `/api/books/${county.id}`)).status).toBe(404);
    expect(
      (await t.anonymous().json<TSearchResponse>('GET', `/api/search?q=${encodeURIComponent('翠屏山')}`)).body.total,
    ).toBe(0);
    const forStaff = await staff.json<TSearchResponse>('GET', `/api/search?q=${encodeURIComponent('翠屏山')}`);
    expect(forStaff.body).toMatchObject({ total: 1, sections: 1 });
    expect(forStaff.body.hits[0]).toMatchObject({
      bookTitle: '青岚县志（1990—2020）',
      sectionTitle: '第一节 山脉',
      snippet: { match: '翠屏山' },
    });
  });

  it('re-ingesting the same file replaces the book under the same id instead of adding one', async () => {
    const again = await postForm<TIngestResponse>(admin, upload('青岚县志.txt', plain));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ replaced: true, book: { id: county.id, type: '市县志', region: '220102' } });
    expect((await staff.json<TBook[]>('GET', '/api/books')).body).toHaveLength(1);
    expect((await staff.json<TSearchResponse>('GET', '/api/search?q=%E7%BF%A0%E5%B1%8F%E5%B1%B1')).body.total).toBe(1);
  });

  it('ingests a zipped Kanripo folder: juan, page anchors, notes; folded and exact-glyph search', async () => {
    const res = await postForm<TIngestResponse>(
      admin,
      upload('KR9z0001.zip', await zipFolder(path.join(FIXTURES, 'kanripo/KR9z0001')), {
        region: '寧古塔',
        year: '1779',
        period: '清乾隆四十四年',
      }),
    );
    expect(res.status).toBe(201);
    gazetteer = res.body.book;
    expect(gazetteer).toMatchObject({ sourceId: 'KR9z0001', type: '旧志', title: '青嵐縣志' });
    const folded = await staff.json<TSearchResponse>(
      'GET',
      `/api/search?q=${encodeURIComponent('青岚县')}&books=${gazetteer.id}`,
    );
    const exact = await staff.json<TSearchResponse>(
      'GET',
      `/api/search?q=${encodeURIComponent('青岚县')}&books=${gazetteer.id}&fold=0`,
    );
    expect(folded.body.total).toBeGreaterThan(0);
    expect(exact.body.total).toBe(0);
    const hit = folded.body.hits[0]!;
    expect(hit.snippet.match).toBe('青嵐縣');
    // Canonical locator: the section, the leaf and side (葉), the printed line (行).
    expect(hit.anchor?.label).toMatch(/ 葉\d+[ab]$/);
    expect(hit.locator).toMatch(/^\S+ 葉\d+[ab] 行\d+$/);
    // Stored without labels (derived from the id on reading): offset and id only.
    const stored = (await findSections(t.deps.db, gazetteer.id)).find((r) => r.ordinal === hit.sectionOrdinal);
    if (!stored) throw new Error('no section row');
    const kept = JSON.parse(stored.anchors_json) as object[];
    expect(kept.length).toBeGreaterThan(0);
    for (const a of kept) expect(Object.keys(a)).toEqual(['offset', 'id']);

    const section = await staff.json<TSection>(
      'GET',
      `/api/books/${gazetteer.id}/sections/${hit.sectionOrdinal}?q=${encodeURIComponent('青岚县')}`,
    );
    expect(section.body.hits.length).toBeGreaterThan(0);
    for (const h of section.body.hits)
      expect(section.body.text.slice(h.offset, h.offset + h.length).replace(/\s/g, '')).toBe('青嵐縣');
    expect(section.body.anchors.length).toBeGreaterThan(0);

    const anchor = section.body.anchors[section.body.anchors.length - 1]!;
    const cite = await staff.json<{ text: string; url: string }>(
      'GET',
      `/api/books/${gazetteer.id}/sections/${hit.sectionOrdinal}/citation?anchor=${anchor.id}`,
    );
    expect(cite.body.url).toBe(
      `http://localhost/library/books/${gazetteer.id}/sections/${hit.sectionOrdinal}#p-${anchor.id}`,
    );
    expect(cite.body.text).toMatch(
      /^\[1\] 青嵐縣志: .+\[M\/OL\]\. .*\[出版地不详\]: \[出版者不详\], 1779\(乾隆四十四年\): .+\[2023-04-01\]\. http:\/\/localhost\/library\//,
    );
    expect(cite.body.text).toContain(`: ${anchor.label.split(' ').pop()!}[`);
    // A line is cited as 葉 + 行 and its permalink lands on that line.
    const line = await staff.json<{ text: string; url: string; locator: string }>(
      'GET',
      `/api/books/${gazetteer.id}/sections/${hit.sectionOrdinal}/citation?line=${encodeURIComponent(hit.lineId)}`,
    );
    expect(line.body.locator).toBe(hit.locator);
    expect(line.body.url).toBe(
      `http://localhost/library/books/${gazetteer.id}/sections/${hit.sectionOrdinal}#l-${hit.lineId}`,
    );
    expect(line.body.text).toContain(`: ${hit.locator.split(' ').slice(1).join(' ')}[`);
    const missing = await staff.request(
      'GET',
      `/api/books/${gazetteer.id}/sections/${hit.sectionOrdinal}/citation?line=${encodeURIComponent(`${anchor.id}.999`)}`,
    );
    expect(missing.status).toBe(404);
  });

  it('facets by type, region and period; a province code selects the counties under it', async () => {
    const res = await staff.json<TSearchResponse>('GET', `/api/search?q=${encodeURIComponent('翠屏山')}`);
    expect(new Set(res.body.facets.type.map((f) => f.value))).toEqual(new Set(['旧志', '市县志']));
    expect(res.body.facets.period.map((f) => f.value)).toContain('清');
    const inJilin = await staff.json<TSearchResponse>(
      'GET',
      `/api/search?q=${encodeURIComponent('翠屏山')}&regions=220000`,
    );
    expect(inJilin.body.facets.book.map((b) => b.label)).toEqual(['青岚县志（1990—2020）']);
    const oldOnly = await staff.json<TSearchResponse>(
      'GET',
      `/api/search?q=${encodeURIComponent('翠屏山')}&types=${encodeURIComponent('旧志')}`,
    );
    expect(oldOnly.body.hits.every((h) => h.bookId === gazetteer.id)).toBe(true);
  });

  it('publishing opens a book to the public; metadata edits re-facet it; KWIC exports CSV and xlsx', async () => {
    expect(
      (await admin.json<TBook>('POST', `/api/books/${county.id}/publish`, { published: true })).body.published,
    ).toBe(true);
    const pub = await t.anonymous().json<TSearchResponse>('GET', `/api/search?q=${encodeURIComponent('翠屏山')}`);
    expect(pub.body.facets.book.map((b) => b.value)).toEqual([county.id]);
    expect((await t.anonymous().json<TBook[]>('GET', '/api/books')).body.map((b) => b.id)).toEqual([county.id]);

    await admin.json('PATCH', `/api/books/${county.id}`, { type: '专志' });
    const after = await staff.json<TSearchResponse>('GET', `/api/search?q=${encodeURIComponent('翠屏山')}`);
    expect(new Set(after.body.facets.type.map((f) => f.value))).toEqual(new Set(['专志', '旧志']));

    const csv = await t.anonymous().request('GET', `/api/search/kwic?q=${encodeURIComponent('河')}&format=csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.split('\r\n')[0]).toBe('书名,章节,出处,左文,检索词,右文,永久链接');
    expect(text.split('\r\n')[1]).toMatch(/,http:\/\/localhost\/library\/books\/\d+\/sections\/\d+#l-[\w.-]+$/);
    expect(text).not.toContain('青嵐縣志');
    const xlsx = await staff.request('GET', `/api/search/kwic?q=${encodeURIComponent('河')}&format=xlsx`);
    expect(new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
  });

  it('refuses a corrupt or unsupported file with a message naming it, and leaves nothing behind', async () => {
    const before = (await staff.json<TBook[]>('GET', '/api/books')).body.length;
    const corrupt = await postForm<{ code: string; message: string }>(
      admin,
      upload('损坏.docx', new TextEncoder().encode('not a zip at all')),
    );
    expect(corrupt.status).toBe(422);
    expect(corrupt.body.message).toContain('损坏.docx');
    expect(corrupt.body.message).not.toContain('fangzhi-upload');
    const old = await postForm<{ message: string }>(
      admin,
      upload('旧稿.doc', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0])),
    );
    expect(old.status).toBe(415);
    expect(old.body.message).toContain('.docx');
    expect((await staff.json<TBook[]>('GET', '/api/books')).body).toHaveLength(before);
  });

  it('keeps the rows when indexing fails after the commit, says so, and the index catches up from the database', async () => {
    // The database is the source of truth and the index a cache (issue 15): the transaction holds the rows and the
    // change log only, and the index is written after the commit. (Before, an index failure rolled the rows back.)
    const index = t.deps.search.index;
    const original = index.indexBook.bind(index);
    index.indexBook = () => Promise.reject(new Error('disk full'));
    let res: { status: number; body: TIngestResponse };
    try {
      res = await postForm<TIngestResponse>(
        admin,
        upload('另一部志.md', new TextEncoder().encode('# 另一部志\n\n## 山川\n\n碧水河在东。\n')),
      );
    } finally {
      index.indexBook = original;
    }
    expect(res.status).toBe(201);
    expect(res.body.warnings.join()).toContain('检索索引暂未更新');
    const books = (await staff.json<TBook[]>('GET', '/api/books')).body;
    expect(books.map((b) => b.title)).toContain('另一部志');
    const audit = (await findAuditEntries(t.deps.db, { page: 1, pageSize: 1000, action: 'book.ingest' })).rows;
    expect(audit.map((a) => a.summary).join()).toContain('另一部志');
    const found = async () =>
      (await staff.json<TSearchResponse>('GET', `/api/search?q=${encodeURIComponent('碧水河')}`)).body.total;
    expect(await found()).toBe(0);
    // What a server's start (and its follower, index-follower.test.ts) does: the index is repaired from the rows.
    expect(await syncSearchIndexWithDatabase(t.deps)).toEqual([res.body.book.id]);
    expect(await found()).toBe(1);
    expect((await admin.json('DELETE', `/api/books/${res.body.book.id}`)).status).toBe(200);
  });

  it('deletes a book from the database and the index', async () => {
    expect((await admin.json('DELETE', `/api/books/${gazetteer.id}`)).status).toBe(200);
    const res = await staff.json<TSearchResponse>('GET', `/api/search?q=${encodeURIComponent('翠屏山')}`);
    expect(res.body.facets.book.map((b) => b.value)).toEqual([county.id]);
    expect((await staff.json('GET', `/api/books/${gazetteer.id}`)).status).toBe(404);
  });

  it('serves an OpenAPI document derived from the schemas', async () => {
    const doc = await t
      .anonymous()
      .json<{ openapi: string; paths: Record<string, Record<string, { parameters?: { name: string }[] }>> }>(
        'GET',
        '/api/docs',
      );
    expect(doc.body.openapi).toBe('3.1.0');
    expect(doc.body.paths['/api/search']?.get?.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['q', 'fold', 'types', 'regions', 'page']),
    );
  });

  it('answers a malformed query with a Chinese message', async () => {
    const res = await t.anonymous().json<{ message: string }>('GET', `/api/search?q=${encodeURIComponent('"長白山')}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('引号');
  });
});
