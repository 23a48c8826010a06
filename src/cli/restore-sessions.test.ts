/** Issue 11, items 9 and 10 on restore: sessions in a backup are void, and the search index follows the restored books. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/db/database.ts';
import { findUserByUsername } from '../server/modules/users/users.repository.ts';
import { findLiveSession, insertSession } from '../server/platform/auth/session.repository.ts';
import { findAuditEntries } from '../server/platform/audit/audit.repository.ts';
import { CLI_RUN_TIMEOUT_MS, openCliSession } from '../server/test/run-cli.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../server/modules/gazetteer/ingest/fixtures/plain-utf8.txt');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-restore-'));
const session = openCliSession({ DATABASE_URL: '', LOG_LEVEL: 'silent' });
afterAll(async () => {
  await session.close();
  fs.rmSync(root, { recursive: true, force: true });
});
const run = async (dataDir: string, args: string[], input?: string) => {
  const r = await session.run(args, { env: { DATA_DIR: dataDir }, ...(input === undefined ? {} : { input }) });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

describe('restore', () => {
  it(
    'drops every session that was live when the backup was taken, and brings the search index in line',
    { timeout: 6 * CLI_RUN_TIMEOUT_MS },
    async () => {
      const live = path.join(root, 'live');
      await run(
        live,
        ['user', 'add', 'zhang', '--role', 'leader', '--name', '张三', '--password-stdin'],
        'a-long-password-1\n',
      );
      await run(live, ['books', 'ingest', FIXTURE, '--type', '市县志']);
      // A signed-in browser at backup time, written as a sign-in writes it (through the session table's owner).
      const liveDb = openDatabase({ kind: 'sqlite', file: path.join(live, 'fangzhi.sqlite') });
      try {
        const user = await findUserByUsername(liveDb.db, 'zhang');
        await insertSession(liveDb.db, {
          id: 'h',
          userId: user!.id,
          csrfToken: 'c',
          createdAt: '2024-01-01T00:00:00.000Z',
          expiresAt: '2999-01-01T00:00:00.000Z',
          lastSeenAt: '2999-01-01T00:00:00.000Z',
          ip: null,
          userAgent: null,
        });
      } finally {
        await liveDb.close();
      }
      const backup = path.join(root, 'backup.sqlite');
      await run(live, ['backup', backup]);

      const restored = path.join(root, 'restored');
      const out = await run(restored, ['restore', backup]);
      expect(out).toMatch(/检索索引已按恢复后的数据更新（1 本书）/);
      const after = openDatabase({ kind: 'sqlite', file: path.join(restored, 'fangzhi.sqlite') });
      try {
        expect(
          await findLiveSession(after.db, 'h', '2024-06-01T00:00:00.000Z', '2000-01-01T00:00:00.000Z'),
        ).toBeUndefined();
        const audit = await findAuditEntries(after.db, { action: 'system.restore', page: 1, pageSize: 10 });
        expect(audit.rows.map((r) => r.summary)).toEqual([expect.stringMatching(/备份中的 1 个登录会话已作废/)]);
      } finally {
        await after.close();
      }
      // The restored data dir had no index at all; the restore built it from the books.
      const hits = JSON.parse(await run(restored, ['search', '翠屏山', '--json'])) as { total: number };
      expect(hits.total).toBeGreaterThan(0);
    },
  );
});
