/** Issue 11, items 9 and 10 on restore: sessions in a backup are void, and the search index follows the restored books. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../../bin/fangzhi');
const FIXTURE = path.resolve(import.meta.dirname, '../server/modules/gazetteer/ingest/fixtures/plain-utf8.txt');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-restore-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const run = (dataDir: string, args: string[], input?: string) => {
  const r = spawnSync(BIN, args, { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' }, input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

describe('restore', () => {
  it('drops every session that was live when the backup was taken, and brings the search index in line', { timeout: 180_000 }, () => {
    const live = path.join(root, 'live');
    run(live, ['user', 'add', 'zhang', '--role', 'unit_staff', '--name', '张三', '--password-stdin'], 'a-long-password-1\n');
    run(live, ['books', 'ingest', FIXTURE, '--type', '市县志']);
    // A signed-in browser at backup time (its row is what a sign-in writes).
    const db = new SQLite(path.join(live, 'fangzhi.sqlite'));
    const userId = db.prepare("SELECT id FROM app_user WHERE username = 'zhang'").pluck().get() as number;
    db.prepare("INSERT INTO session (id, user_id, csrf_token, created_at, expires_at, last_seen_at) VALUES ('h', ?, 'c', '2024-01-01T00:00:00Z', '2999-01-01T00:00:00Z', '2999-01-01T00:00:00Z')").run(userId);
    db.close();
    const backup = path.join(root, 'backup.sqlite');
    run(live, ['backup', backup]);

    const restored = path.join(root, 'restored');
    const out = run(restored, ['restore', backup]);
    expect(out).toMatch(/检索索引已按恢复后的数据更新（1 本书）/);
    const after = new SQLite(path.join(restored, 'fangzhi.sqlite'), { readonly: true });
    expect(after.prepare('SELECT COUNT(*) FROM session').pluck().get()).toBe(0);
    expect(after.prepare("SELECT summary FROM audit_log WHERE action = 'system.restore'").pluck().get()).toMatch(/备份中的 1 个登录会话已作废/);
    after.close();
    // The restored data dir had no index at all; the restore built it from the books.
    const hits = JSON.parse(run(restored, ['search', '翠屏山', '--json'])) as { total: number };
    expect(hits.total).toBeGreaterThan(0);
  });
});
