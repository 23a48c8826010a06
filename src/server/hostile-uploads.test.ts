/**
 * Issue 11, "done when": hostile uploads to the real HTTP endpoints while another client polls /api/health. Every poll
 * answers within 200 ms, every upload gets a clear Chinese 4xx, and the server's memory stays below 500 MB.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from './test/test-db.ts';
import { createTestApp, TEST_PASSWORD, type TestApp } from './test/test-app.ts';
import { buildZip, cyclicSectorDoc, zipBomb, type BombKind } from './test/hostile-files.ts';
import { closePlanExtractWorkers, warmPlanExtractWorkers } from './modules/workplan/extract-isolated.ts';
import { closeBookParseWorkers, warmBookParseWorkers } from './modules/gazetteer/read-book-isolated.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const bookFixture = (name: string) =>
  new Uint8Array(readFileSync(path.join(here, 'modules/gazetteer/ingest/fixtures', name)));
const BOMB_MB = 600;
const ENGLISH_LIBRARY_TEXT = /Error|error|Cannot|undefined|Invalid|failed|exception|Unexpected/;

describe.each(TEST_DIALECTS)('hostile uploads over HTTP (%s)', (dialect) => {
  let t: TestApp;
  let server: ServerType;
  let base = '';
  let cookie = '';
  let csrf = '';

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await t.signIn('hostile-admin', ['admin']);
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'hostile-admin', password: TEST_PASSWORD }),
    });
    cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    // As startServer does once it listens.
    warmPlanExtractWorkers();
    warmBookParseWorkers();
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.all([closePlanExtractWorkers(), closeBookParseWorkers()]);
    await t.close();
  });

  /** Uploads while polling health every 25 ms; returns the upload's answer, the slowest poll and the highest RSS. */
  async function uploadWhilePolling(
    route: string,
    fileName: string,
    bytes: Uint8Array,
    fields: Record<string, string> = {},
  ) {
    let slowest = 0;
    let peakRss = process.memoryUsage().rss;
    let polling = true;
    let polls = 0;
    // One poll first, so the poller's own connection set-up is not counted as server latency.
    await (await fetch(`${base}/api/health`)).arrayBuffer();
    const poller = (async () => {
      while (polling) {
        const started = performance.now();
        const res = await fetch(`${base}/api/health`);
        await res.arrayBuffer();
        const took = performance.now() - started;
        if (process.env.DEBUG_POLLS) console.log(`poll ${polls} ${took.toFixed(0)} ms`);
        slowest = Math.max(slowest, took);
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        polls++;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    const form = new FormData();
    form.set('file', new File([new Uint8Array(bytes)], fileName));
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    const res = await fetch(`${base}${route}`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf },
      body: form,
    });
    const body = (await res.json()) as { code: string; message: string };
    polling = false;
    await poller;
    return { status: res.status, body, slowest, peakRss, polls };
  }

  function expectClearRefusal(result: Awaited<ReturnType<typeof uploadWhilePolling>>, status: number | number[]) {
    expect([status].flat()).toContain(result.status);
    expect(result.body.message).toMatch(/[\u4e00-\u9fff]/);
    expect(result.body.message).not.toMatch(ENGLISH_LIBRARY_TEXT);
    expect(result.polls).toBeGreaterThan(0);
    expect(result.slowest).toBeLessThan(200);
    expect(result.peakRss).toBeLessThan(500 * 1024 * 1024);
  }

  it(
    'a 15 KB .doc with a cyclic sector chain costs one child process, not the server',
    { timeout: 90_000 },
    async () => {
      const doc = cyclicSectorDoc();
      expect(doc.byteLength).toBeLessThan(64 * 1024);
      const result = await uploadWhilePolling('/api/plans/preview', '工作要点.doc', doc);
      expectClearRefusal(result, [413, 422]);
      expect(result.body.message).toMatch(/读取工作要点文件.*(内存超过 256 MB 的上限|超过 30 秒)/);
      // The server still parses a good file afterwards.
      const good = await uploadWhilePolling(
        '/api/plans/preview',
        'plan.doc',
        new Uint8Array(readFileSync(path.join(here, 'modules/workplan/fixtures/yunchuan-2024-work-points.doc'))),
      );
      expect(good.status).toBe(200);
    },
  );

  for (const lie of [false, true]) {
    it(
      `a ${BOMB_MB} MB .docx zip bomb (${lie ? 'lying' : 'honest'} directory) to the plan preview is refused naming the limit`,
      { timeout: 60_000 },
      async () => {
        const result = await uploadWhilePolling('/api/plans/preview', 'bomb.docx', zipBomb('docx', BOMB_MB, lie));
        expectClearRefusal(result, 413);
        expect(result.body.message).toMatch(
          lie ? /解压后超过 1 KB.*疑似压缩炸弹/ : /(压缩比异常|超过单个文件 64 MB 的上限)/,
        );
      },
    );

    // Issue 9's readers: SheetJS and JSZip inflate whole archives, so the guard checks every entry before they start.
    for (const [kind, fileName] of [
      ['xlsx', '任务分解表.xlsx'],
      ['ofd', '工作要点.ofd'],
    ] as [BombKind, string][]) {
      it(
        `a ${BOMB_MB} MB .${kind} zip bomb (${lie ? 'lying' : 'honest'} directory) to the plan preview is refused naming the limit`,
        { timeout: 60_000 },
        async () => {
          const result = await uploadWhilePolling('/api/plans/preview', fileName, zipBomb(kind, BOMB_MB, lie));
          expectClearRefusal(result, 413);
          expect(result.body.message).toMatch(
            lie ? /解压后超过 1 KB.*疑似压缩炸弹/ : /(压缩比异常|超过单个文件 64 MB 的上限)/,
          );
          expect(result.body.message).toContain(fileName);
        },
      );
    }

    for (const [kind, fileName] of [
      ['docx', '志书.docx'],
      ['epub', '年鉴.epub'],
      ['kanripo-zip', 'KR9z9999.zip'],
    ] as [BombKind, string][]) {
      it(
        `a ${BOMB_MB} MB ${kind} zip bomb (${lie ? 'lying' : 'honest'} directory) to the book upload is refused naming the limit`,
        { timeout: 60_000 },
        async () => {
          const result = await uploadWhilePolling('/api/books', fileName, zipBomb(kind, BOMB_MB, lie), {
            type: '市县志',
            region: '220000',
          });
          expectClearRefusal(result, 413);
          expect(result.body.message).toMatch(/(压缩比异常|上限|疑似压缩炸弹)/);
        },
      );
    }
  }

  it(
    'a corrupt PDF and corrupt Kanripo zips get a clear Chinese 4xx, never a 500 or pdf.js text',
    { timeout: 60_000 },
    async () => {
      const pdf = bookFixture('sample.pdf');
      const truncatedPdf = pdf.slice(0, Math.floor(pdf.byteLength * 0.6));
      const junkMiddle = new Uint8Array([
        ...new TextEncoder().encode('%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nendobj\n'),
        ...new Uint8Array(8192).map((_, i) => (i * 131 + 7) % 256),
      ]);
      const juan = new TextEncoder().encode('#+PROPERTY: ID KR9z9999\n<pb:KR9z9999_001-1a>¶\n卷一\n');
      const zip = buildZip([{ name: 'KR9z9999/KR9z9999_001.txt', content: juan }]);
      const truncatedZip = zip.slice(0, zip.byteLength - 30);
      const binaryJuan = buildZip([
        { name: 'KR9z9999/KR9z9999_001.txt', content: new Uint8Array(4096).map((_, i) => (i * 131) % 256) },
      ]);
      const emptyZip = buildZip([{ name: 'notes/readme.md', content: new TextEncoder().encode('nothing') }]);
      for (const [name, bytes] of [
        ['截断.pdf', truncatedPdf],
        ['损坏.pdf', junkMiddle],
        ['KR9z9999.zip', truncatedZip],
        ['KR9z9998.zip', binaryJuan],
        ['KR9z9997.zip', emptyZip],
      ] as [string, Uint8Array][]) {
        const result = await uploadWhilePolling('/api/books', name, bytes, { type: '旧志', region: '220000' });
        expect(result.status, `${name}: ${result.body.message}`).toBeGreaterThanOrEqual(400);
        expect(result.status, `${name}: ${result.body.message}`).toBeLessThan(500);
        expectClearRefusal(result, result.status);
      }
    },
  );
});
