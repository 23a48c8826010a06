import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { CLI_RUN_TIMEOUT_MS, openCliSession, runCli, type CliSession } from '../server/test/run-cli.ts';

/**
 * A case runs all its commands in one CLI session (one Node process), each within CLI_RUN_TIMEOUT_MS; nothing here
 * depends on speed.
 */
const CASE_TIMEOUT_MS = 4 * CLI_RUN_TIMEOUT_MS;
const ENV = { DATABASE_URL: '', LOG_LEVEL: 'silent' };
let session: CliSession | null = null;
const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-cli-'));
  dirs.push(d);
  return d;
};
const run = (dataDir: string, args: string[], input?: string) =>
  (session ??= openCliSession(ENV)).run(args, {
    env: { DATA_DIR: dataDir },
    ...(input === undefined ? {} : { input }),
  });

afterEach(async () => {
  await session?.close();
  session = null;
});
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('bin/fangzhi', () => {
  it('prints help in Chinese and English', { timeout: CASE_TIMEOUT_MS }, async () => {
    const { status, stdout: out } = await runCli(['--help']);
    expect(status).toBe(0);
    expect(out).toMatch(/启动网页服务/);
    expect(out).toMatch(/start the web server/);
  });

  it(
    "migrate gives an SQLite file's free pages back when they are over a quarter of it",
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      const data = tempDir();
      expect((await run(data, ['migrate'])).stdout).not.toMatch(/已压缩/);
      const file = path.join(data, 'fangzhi.sqlite');
      // What an upgrade that moved the books' texts leaves behind: many pages no table uses any more.
      const db = new SQLite(file);
      db.exec('CREATE TABLE scratch (b BLOB)');
      const insert = db.prepare('INSERT INTO scratch VALUES (?)');
      for (let i = 0; i < 64; i++) insert.run(Buffer.alloc(256 * 1024, i));
      db.exec('DROP TABLE scratch');
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      const before = fs.statSync(file).size;
      const first = await run(data, ['migrate']);
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/已压缩数据库文件：\d+\.\d MB → \d+\.\d MB/);
      expect(fs.statSync(file).size).toBeLessThan(before / 4);
      expect((await run(data, ['migrate'])).stdout).not.toMatch(/已压缩/);
    },
  );

  it(
    'adds users, lists them, backs up, and restores into an empty data dir with the same users, units and audit log',
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      const data = tempDir();
      expect((await run(data, ['migrate'])).status).toBe(0);
      const bad = await run(
        data,
        ['user', 'add', 'wang', '--role', 'unit_staff', '--unit', '没有这个处', '--password-stdin'],
        'wang-pass-123\n',
      );
      expect(bad.status).toBe(1);
      expect(bad.stderr).toMatch(/找不到单位“没有这个处”/);
      const ok = await run(
        data,
        ['user', 'add', 'wang', '--role', 'supervisor', '--name', '王督办', '--password-stdin'],
        'wang-pass-123\n',
      );
      expect(ok.status, ok.stderr).toBe(0);
      const short = await run(data, ['user', 'add', 'li', '--role', 'leader', '--password-stdin'], '123\n');
      expect(short.stderr).toMatch(/密码至少 8 位/);
      const list = JSON.parse((await run(data, ['user', 'list', '--json'])).stdout) as {
        username: string;
        roles: string[];
      }[];
      expect(list).toEqual([expect.objectContaining({ username: 'wang', roles: ['supervisor'] })]);

      const backup = path.join(tempDir(), 'backup.sqlite');
      expect((await run(data, ['backup', backup])).status).toBe(0);
      const restored = tempDir();
      const r = await run(restored, ['restore', backup]);
      expect(r.status, r.stderr).toBe(0);
      const snapshot = (file: string) => {
        const db = new SQLite(file, { readonly: true });
        const result = {
          users: db.prepare('SELECT username, display_name, password_hash FROM app_user ORDER BY id').all(),
          units: db.prepare('SELECT name FROM unit ORDER BY id').all(),
          audit: db.prepare("SELECT action, summary FROM audit_log WHERE action <> 'system.restore' ORDER BY id").all(),
        };
        db.close();
        return result;
      };
      expect(snapshot(path.join(restored, 'fangzhi.sqlite'))).toEqual(snapshot(path.join(data, 'fangzhi.sqlite')));
      expect((await run(restored, ['restore', backup])).stderr).toMatch(/已有数据库/);
      const notOurs = path.join(tempDir(), 'other.sqlite');
      new SQLite(notOurs).exec('CREATE TABLE x (a)');
      expect((await run(tempDir(), ['restore', notOurs])).stderr).toMatch(/不是方志系统的备份/);
    },
  );

  it(
    'parses a plan without a database, and imports it only once units are known',
    { timeout: CASE_TIMEOUT_MS },
    async () => {
      const fixture = path.resolve(
        import.meta.dirname,
        '../server/modules/workplan/fixtures/yunchuan-2024-work-points.docx',
      );
      const noDb = path.join(tempDir(), 'never-created');
      const parsed = await run(noDb, ['plan', 'parse', fixture, '--json']);
      expect(parsed.status, parsed.stderr).toBe(0);
      const json = JSON.parse(parsed.stdout) as {
        plan: { year: number };
        sections: { tasks: { number: string; leadUnits: string[] }[] }[];
      };
      expect(json.plan.year).toBe(2024);
      expect(json.sections.flatMap((s) => s.tasks).length).toBeGreaterThan(5);
      expect(fs.existsSync(noDb)).toBe(false);

      const data = tempDir();
      const refused = await run(data, ['plan', 'import', fixture]);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/未保存任何内容/);
      expect(JSON.parse((await run(data, ['plan', 'list', '--json'])).stdout)).toEqual([]);
      const ok = await run(data, ['plan', 'import', fixture, '--create-units']);
      expect(ok.status, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/已导入《云川市地方志编纂委员会2024年工作要点》/);
      expect((await run(data, ['plan', 'import', fixture])).stdout).toMatch(/完全相同，未作更改/);
    },
  );

  it('stops with a readable message on a wrong setting', { timeout: CASE_TIMEOUT_MS }, async () => {
    const r = await runCli(['migrate'], { env: { PORT: '99999' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/PORT="99999"/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
