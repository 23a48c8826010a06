/**
 * `bin/fangzhi serve` on its embedded default, an SQLite file: an upload's rows are written by the book-rows thread
 * (`gazetteer/book-rows-writer.ts`) on its own connection, while the server's connection reads. Through the real
 * process: the book is saved, found, replaced under its id and audited as the uploader, and the server's other writes
 * (publishing) go on while the thread has written.
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TAuditPage } from '../shared/audit.ts';
import type { TBook, TIngestResponse, TSearchResponse } from '../shared/gazetteer.ts';
import { ApiClient, startServerProcess, type ServerProcess } from './test/cluster-servers.ts';

const ADMIN_PASSWORD = 'sqlite-admin-pass-1';

/** A Kanripo text of `juan` juan, zipped as staff upload it. */
async function kanripoUpload(juan: number, line: string): Promise<FormData> {
  const zip = new JSZip();
  for (let j = 1; j <= juan; j++) {
    const n = String(j).padStart(3, '0');
    const body = Array.from({ length: 400 }, (_, i) => `<pb:KR9z9916_DEMO_${n}-${i + 1}a>¶\n${line}第${i + 1}葉¶`).join(
      '\n',
    );
    zip.file(
      `KR9z9916/KR9z9916_${n}.txt`,
      `#+TITLE: 白山縣志\n#+PROPERTY: ID KR9z9916\n#+PROPERTY: JUAN 卷${j}\n${body}\n`,
    );
  }
  const form = new FormData();
  form.set('file', new File([Uint8Array.from(await zip.generateAsync({ type: 'uint8array' }))], 'KR9z9916.zip'));
  return form;
}

describe('one server on an SQLite file', () => {
  let server: ServerProcess;
  let admin: ApiClient;

  beforeAll(async () => {
    server = await startServerProcess({ FANGZHI_ADMIN_PASSWORD: ADMIN_PASSWORD });
    admin = new ApiClient(server.url);
    expect((await admin.login('admin', ADMIN_PASSWORD)).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  }, 60_000);

  it('saves an uploaded book, finds it, replaces it under its id and audits both as the uploader', async () => {
    // Six juan of about 12,000 characters: the sections travel to the thread in several parts.
    const first = await admin.json<TIngestResponse>(
      'POST',
      '/api/books',
      await kanripoUpload(6, '長白山在縣東南鴨綠江出焉'),
    );
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.book.sectionCount).toBeGreaterThanOrEqual(6);
    const id = first.body.book.id;
    expect((await admin.json<TBook>('POST', `/api/books/${id}/publish`, { published: true })).status).toBe(200);
    const anonymous = new ApiClient(server.url);
    const found = await anonymous.json<TSearchResponse>('GET', `/api/search?q=${encodeURIComponent('鴨綠江')}`);
    expect(found.status).toBe(200);
    expect(found.body.total).toBe(6 * 400);

    const second = await admin.json<TIngestResponse>('POST', '/api/books', await kanripoUpload(2, '松花江自北向南'));
    expect(second.status).toBe(200);
    expect(second.body.replaced).toBe(true);
    expect(second.body.book.id).toBe(id);
    expect(second.body.book.published).toBe(true);
    const gone = await anonymous.json<TSearchResponse>('GET', `/api/search?q=${encodeURIComponent('鴨綠江')}`);
    expect(gone.body.total).toBe(0);
    const now = await anonymous.json<TSearchResponse>('GET', `/api/search?q=${encodeURIComponent('松花江')}`);
    expect(now.body.total).toBe(2 * 400);

    const audit = await admin.json<TAuditPage>('GET', '/api/audit?entityType=book&pageSize=50');
    expect(audit.status).toBe(200);
    const actions = audit.body.items.map((r) => [r.action, r.actorName]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['book.ingest', '系统管理员（admin）'],
        ['book.publish', '系统管理员（admin）'],
        ['book.replace', '系统管理员（admin）'],
      ]),
    );
    expect(server.output()).not.toMatch(/书目写入线程|SQLITE_BUSY|database is locked/);
  }, 120_000);
});
