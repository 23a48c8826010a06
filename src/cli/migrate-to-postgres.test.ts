/**
 * Issue 15: `bin/fangzhi migrate-to-postgres DATABASE_URL` moves an SQLite installation (units with their tree and
 * managed-by links, users, a plan with its original document as a blob, books with their change log, the audit log)
 * into an empty PostgreSQL database, counts every table on both sides, builds the index, and refuses a database that
 * is not empty. Runs when TEST_DATABASE_URL is set; says so and skips otherwise.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_RUN_TIMEOUT_MS, openCliSession, type CliSession } from '../server/test/run-cli.ts';
import { createScratchDatabase } from '../server/test/cluster-servers.ts';

const BASE_URL = process.env.TEST_DATABASE_URL;
const PLAN = path.resolve(import.meta.dirname, '../server/modules/workplan/fixtures/yunchuan-2024-work-points.txt');
const KANRIPO = path.resolve(import.meta.dirname, '../server/modules/gazetteer/ingest/fixtures/kanripo/KR9z0001');
const BOOK = path.resolve(import.meta.dirname, '../server/modules/gazetteer/ingest/fixtures/plain-utf8.txt');

if (!BASE_URL) console.info('TEST_DATABASE_URL 未设置：跳过 migrate-to-postgres 测试（skipped).');

describe.skipIf(!BASE_URL)('bin/fangzhi migrate-to-postgres', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-to-pg-'));
  let session: CliSession;
  let target: Awaited<ReturnType<typeof createScratchDatabase>>;
  const run = (args: string[], input?: string) =>
    session.run(args, { env: { DATA_DIR: dataDir, DATABASE_URL: '' }, ...(input ? { input } : {}) });

  beforeAll(async () => {
    session = openCliSession({ LOG_LEVEL: 'silent', FANGZHI_FIXED_DATE: '' });
    target = await createScratchDatabase(BASE_URL!, 'fangzhi_topg');
    expect((await run(['units', 'load-jilin'])).status).toBe(0);
    expect((await run(['plan', 'import', PLAN, '--create-units'])).status).toBe(0);
    expect(
      (await run(['user', 'add', 'bz', '--role', 'unit_staff', '--unit', '编纂科', '--password-stdin'], 'Horse-42-x\n'))
        .status,
    ).toBe(0);
    expect((await run(['books', 'ingest', KANRIPO, '--publish'])).status).toBe(0);
    const txt = await run(['books', 'ingest', BOOK, '--type', '市县志']);
    expect(txt.status).toBe(0);
    expect((await run(['books', 'delete', '2'])).status).toBe(0);
  }, CLI_RUN_TIMEOUT_MS);

  afterAll(async () => {
    await session?.close();
    await target?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'copies every table row by row with the same counts and blobs, resets the sequences and builds the index',
    async () => {
      const moved = await run(['migrate-to-postgres', target.url]);
      expect(moved.stderr).not.toMatch(/出错了/);
      expect(moved.status).toBe(0);
      expect(moved.stdout).toMatch(/各表行数与 SQLite 一致/);
      expect(moved.stdout).toMatch(/已从 PostgreSQL 建立检索索引：1 本书/);

      const sqlite = new Database(path.join(dataDir, 'fangzhi.sqlite'), { readonly: true });
      const client = new pg.Client({ connectionString: target.url });
      await client.connect();
      try {
        const tables = (
          sqlite
            .prepare(
              `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'`,
            )
            .all() as { name: string }[]
        ).map((t) => t.name);
        expect(tables).toEqual(
          expect.arrayContaining([
            'unit',
            'plan_source',
            'book_section',
            'book_section_piece',
            'book_change',
            'audit_log',
          ]),
        );
        for (const table of tables) {
          const n = (sqlite.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n;
          const m = Number((await client.query(`select count(*) as n from "${table}"`)).rows[0].n);
          expect(m, table).toBe(n);
        }
        expect((sqlite.prepare(`select count(*) as n from unit`).get() as { n: number }).n).toBeGreaterThan(50);
        // The original document survives byte for byte.
        const blob = sqlite.prepare(`select id, content from plan_source order by id limit 1`).get() as {
          id: number;
          content: Buffer;
        };
        const pgBlob = (await client.query(`select content from plan_source where id = $1`, [blob.id])).rows[0]
          .content as Buffer;
        expect(Buffer.compare(pgBlob, blob.content)).toBe(0);
        // The change log keeps its numbers; the next id continues after the highest one.
        const maxSeq = (sqlite.prepare(`select max(seq) as s from book_change`).get() as { s: number }).s;
        expect(Number((await client.query(`select max(seq) as s from book_change`)).rows[0].s)).toBe(maxSeq);
        const maxUnit = (sqlite.prepare(`select max(id) as m from unit`).get() as { m: number }).m;
        const next = await client.query(`select nextval(pg_get_serial_sequence('unit', 'id')) as n`);
        expect(Number(next.rows[0].n)).toBe(maxUnit + 1);
      } finally {
        sqlite.close();
        await client.end();
      }

      // The installation now runs on PostgreSQL, with the index built in DATA_DIR.
      const found = await session.run(['search', '翠屏山'], { env: { DATA_DIR: dataDir, DATABASE_URL: target.url } });
      expect(found.status).toBe(0);
      expect(found.stdout).toMatch(/翠屏山/);
    },
    CLI_RUN_TIMEOUT_MS,
  );

  it('refuses a target that is not empty, saying so in Chinese, and changes nothing', async () => {
    const again = await run(['migrate-to-postgres', target.url]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/目标数据库不是空的（表 \w+ 已有数据）/);
  });
});
