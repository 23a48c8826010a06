/**
 * Issue 15: several servers, one PostgreSQL. Two `bin/fangzhi serve` processes with their own data directories on one
 * database: a book ingested, edited, unpublished and deleted through A is found, changed and gone through B within
 * 2 s; a session opened on A works on B; failed sign-ins count across both. Runs when TEST_DATABASE_URL is set (CI
 * sets it); says so and skips otherwise.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TBook, TIngestResponse, TSearchResponse } from '../shared/gazetteer.ts';
import {
  ApiClient,
  createScratchDatabase,
  startServerProcess,
  within,
  type ServerProcess,
} from './test/cluster-servers.ts';

const BASE_URL = process.env.TEST_DATABASE_URL;
const ADMIN_PASSWORD = 'cluster-admin-pass-1';
const PROPAGATION_MS = 2000;

if (!BASE_URL) console.info('TEST_DATABASE_URL 未设置：跳过双服务器集群测试（two-server cluster test skipped).');

/** A one-juan Kanripo text, zipped as staff upload it; its ID keeps the book's identity across edits of the text. */
async function kanripoUpload(body: string): Promise<FormData> {
  const zip = new JSZip();
  zip.file(
    'KR9z9915/KR9z9915_001.txt',
    `#+TITLE: 青岚縣志\n#+PROPERTY: ID KR9z9915\n#+PROPERTY: JUAN 卷一\n<pb:KR9z9915_DEMO_001-1a>¶\n青岚縣志卷一¶\n${body}¶\n`,
  );
  const form = new FormData();
  form.set('file', new File([Uint8Array.from(await zip.generateAsync({ type: 'uint8array' }))], 'KR9z9915.zip'));
  return form;
}

const BOOK_V1 = '　　翠屏山在縣城東十里山勢如屏四時常翠';
const BOOK_V2 = '　　松花江自北向南穿城而過';

describe.skipIf(!BASE_URL)('two servers, one PostgreSQL (issue 15)', () => {
  let db: Awaited<ReturnType<typeof createScratchDatabase>>;
  let a: ServerProcess;
  let b: ServerProcess;
  let adminA: ApiClient;
  let adminB: ApiClient;
  let bookId = 0;

  beforeAll(async () => {
    db = await createScratchDatabase(BASE_URL!);
    const env = { DATABASE_URL: db.url, FANGZHI_ADMIN_PASSWORD: ADMIN_PASSWORD };
    // One after the other: the first migrates the database and creates the administrator.
    a = await startServerProcess(env);
    b = await startServerProcess(env);
    adminA = new ApiClient(a.url);
    expect((await adminA.login('admin', ADMIN_PASSWORD)).status).toBe(200);
    adminB = adminA.on(b.url);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  }, 60_000);

  const count = async (client: ApiClient, q: string) => {
    const res = await client.json<TSearchResponse>('GET', `/api/search?q=${encodeURIComponent(q)}`);
    return res.status === 200 ? res.body.total : -1;
  };

  it('a session opened on A is valid on B (sessions live in the database; no sticky sessions needed)', async () => {
    const me = await adminB.json<{ username: string }>('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('admin');
    // B started with an empty data directory: it answers at once and builds its (empty) index in the background.
    const health = () => new ApiClient(b.url).json<{ searchIndex: { state: string } }>('GET', '/api/health');
    await within(30_000, async () => (await health()).body.searchIndex.state === 'ready');
    expect((await health()).body.searchIndex.state).toBe('ready');
  });

  it('a book ingested and published through A is found through B within 2 s', async () => {
    const res = await adminA.json<TIngestResponse>('POST', '/api/books', await kanripoUpload(BOOK_V1));
    expect(res.status).toBe(201);
    bookId = res.body.book.id;
    expect((await adminA.json<TBook>('POST', `/api/books/${bookId}/publish`, { published: true })).status).toBe(200);
    const anonymousB = new ApiClient(b.url);
    const ms = await within(PROPAGATION_MS, async () => (await count(anonymousB, '翠屏山')) === 1);
    expect(ms).toBeLessThan(PROPAGATION_MS);
  });

  it('after pg_dump and pg_restore into a new database, a new server builds its index by itself and finds the book', async () => {
    const dump = path.join(os.tmpdir(), `fangzhi-cluster-${process.pid}.dump`);
    const restored = await createScratchDatabase(BASE_URL!, 'fangzhi_restored');
    let c: ServerProcess | null = null;
    try {
      execFileSync('pg_dump', ['-Fc', '-f', dump, db.url]);
      execFileSync('pg_restore', ['--no-owner', '-d', restored.url, dump]);
      c = await startServerProcess({ DATABASE_URL: restored.url, FANGZHI_ADMIN_PASSWORD: ADMIN_PASSWORD });
      const anonymousC = new ApiClient(c.url);
      await within(60_000, async () => {
        const health = await anonymousC.json<{ searchIndex: { state: string } }>('GET', '/api/health');
        return health.body.searchIndex.state === 'ready';
      });
      expect(await count(anonymousC, '翠屏山')).toBe(1);
    } finally {
      await c?.stop();
      await restored.drop();
      fs.rmSync(dump, { force: true });
    }
  }, 120_000);

  it('an edit through A (new text, new facets) is seen through B within 2 s', async () => {
    const res = await adminA.json<TIngestResponse>('POST', '/api/books', await kanripoUpload(BOOK_V2));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ replaced: true, book: { id: bookId } });
    expect((await adminA.json('PATCH', `/api/books/${bookId}`, { type: '专志' })).status).toBe(200);
    await within(
      PROPAGATION_MS,
      async () => (await count(adminB, '松花江')) === 1 && (await count(adminB, '翠屏山')) === 0,
    );
    const typed = await adminB.json<TSearchResponse>(
      'GET',
      `/api/search?q=${encodeURIComponent('松花江')}&types=${encodeURIComponent('专志')}`,
    );
    expect(typed.body.total).toBe(1);
  });

  it('unpublished through A, the public no longer finds it through B; deleted through A, it is gone from B', async () => {
    expect((await adminA.json('POST', `/api/books/${bookId}/publish`, { published: false })).status).toBe(200);
    const anonymousB = new ApiClient(b.url);
    await within(PROPAGATION_MS, async () => (await count(anonymousB, '松花江')) === 0);
    expect(await count(adminB, '松花江')).toBe(1);
    expect((await adminA.json('DELETE', `/api/books/${bookId}`)).status).toBe(200);
    await within(PROPAGATION_MS, async () => (await count(adminB, '松花江')) === 0);
    expect((await adminB.json('GET', `/api/books/${bookId}`)).status).toBe(404);
  });

  it('failed sign-ins count across both servers: five wrong passwords split over A and B lock the pair on both', async () => {
    const tryLogin = async (base: string, password: string) =>
      (await new ApiClient(base).login('admin', password)).status;
    for (const base of [a.url, b.url, a.url, b.url, a.url]) expect(await tryLogin(base, 'wrong-password')).toBe(401);
    // The sixth attempt is refused even with the right password, on either server.
    expect(await tryLogin(b.url, ADMIN_PASSWORD)).toBe(429);
    expect(await tryLogin(a.url, ADMIN_PASSWORD)).toBe(429);
  });
});
