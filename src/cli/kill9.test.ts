/**
 * Issue 11: kill -9 in the middle of `books ingest` and `plan import`, then restart and check. The SQLite file must be
 * intact, each book and plan either wholly there or absent, the search index in line with the books once the server
 * starts (its start-up check repairs what the crash left), and the same command must then succeed.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/db/database.ts';
import { systemClock } from '../server/platform/clock.ts';
import { openFollowingSearch } from '../server/modules/gazetteer/search-generations.ts';
import { findIndexMismatches, syncSearchIndexWithDatabase } from '../server/modules/gazetteer/index-consistency.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/fangzhi');
const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-kill9-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const env = (dataDir: string) => ({
  ...process.env,
  DATA_DIR: dataDir,
  DATABASE_URL: '',
  LOG_LEVEL: 'silent',
  FANGZHI_KR_GAIJI: '',
});

/** A long generated county chronicle (our own text): long enough that its transaction and indexing take a while. */
function bigBook(dir: string): string {
  const lines = ['青岚县志（测试）', ''];
  for (let chapter = 1; chapter <= 40; chapter++) {
    lines.push(`第${chapter}章 第${chapter}编`);
    for (let section = 1; section <= 12; section++) {
      lines.push(`第${section}节 条目${chapter}-${section}`);
      for (let p = 0; p < 30; p++)
        lines.push(`青岚县第${chapter}章第${section}节第${p}段，记山川物产、户口田赋、学校选举之事，以备查考。`);
    }
  }
  const file = path.join(dir, '青岚县志.txt');
  fs.writeFileSync(file, lines.join('\n'));
  return file;
}

/** A plan with many items, so the import transaction is long enough to be interrupted. */
function bigPlan(dir: string): string {
  const lines = ['松岭县地方志办公室2024年工作要点', '一、志书编纂'];
  for (let i = 1; i <= 800; i++)
    lines.push(`${i}.完成第${i}卷资料长编的征集与审核，形成初稿${i}份。（编纂股牵头，综合股配合）`);
  const file = path.join(dir, '松岭县2024年工作要点.txt');
  fs.writeFileSync(file, lines.join('\n'));
  return file;
}

/** Starts the command and kills it with SIGKILL after `afterMs`; resolves with how it ended. */
function killAfter(
  args: string[],
  dataDir: string,
  afterMs: number,
): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(BIN, args, { env: env(dataDir), stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code });
    });
  });
}

function timed(args: string[], dataDir: string): number {
  const started = Date.now();
  const r = spawnSync(BIN, args, { env: env(dataDir), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return Date.now() - started;
}

function checkSqlite(dataDir: string) {
  const db = new SQLite(path.join(dataDir, 'fangzhi.sqlite'), { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const books = db
      .prepare(
        'SELECT b.id, b.section_count AS declared, (SELECT COUNT(*) FROM book_section s WHERE s.book_id = b.id) AS actual FROM book b',
      )
      .all() as { declared: number; actual: number }[];
    for (const b of books) expect(b.actual).toBe(b.declared);
    const plans = db
      .prepare(
        'SELECT p.id, (SELECT COUNT(*) FROM task t WHERE t.plan_id = p.id) AS tasks, (SELECT COUNT(*) FROM plan_source s WHERE s.plan_id = p.id) AS sources FROM plan p',
      )
      .all() as { tasks: number; sources: number }[];
    for (const p of plans) expect([p.tasks, p.sources]).toEqual([800, 1]);
    expect(db.prepare('SELECT COUNT(*) FROM task WHERE plan_id NOT IN (SELECT id FROM plan)').pluck().get()).toBe(0);
    return { books: books.length, plans: plans.length };
  } finally {
    db.close();
  }
}

/** What the server does at start: compare index and database, repair the difference; afterwards none may remain. */
async function restartCheck(dataDir: string): Promise<void> {
  const handle = openDatabase({ kind: 'sqlite', file: path.join(dataDir, 'fangzhi.sqlite') });
  const search = await openFollowingSearch(dataDir, { env: {} });
  try {
    await syncSearchIndexWithDatabase({ db: handle.db, clock: systemClock, search });
    expect(await findIndexMismatches({ db: handle.db, search })).toEqual([]);
  } finally {
    await search.index.close();
    await handle.close();
  }
}

describe('kill -9 during ingest and import', () => {
  it(
    'leaves every book whole or absent, and the index repairable, at any moment of `books ingest`',
    { timeout: 300_000 },
    async () => {
      const source = bigBook(tempDir());
      const reference = tempDir();
      timed(['migrate'], reference);
      const full = timed(['books', 'ingest', source, '--type', '市县志'], reference);
      let interrupted = 0;
      for (const fraction of [0.45, 0.7, 0.9]) {
        const dataDir = tempDir();
        timed(['migrate'], dataDir);
        const outcome = await killAfter(
          ['books', 'ingest', source, '--type', '市县志'],
          dataDir,
          Math.round(full * fraction),
        );
        if (outcome.killed) interrupted++;
        const { books } = checkSqlite(dataDir);
        expect(books).toBeLessThanOrEqual(1);
        await restartCheck(dataDir);
        // Restarted, the same command completes and the book is there once.
        timed(['books', 'ingest', source, '--type', '市县志'], dataDir);
        expect(checkSqlite(dataDir).books).toBe(1);
        await restartCheck(dataDir);
      }
      expect(interrupted).toBeGreaterThanOrEqual(2);
    },
  );

  it('leaves every plan whole or absent at any moment of `plan import`', { timeout: 300_000 }, async () => {
    const source = bigPlan(tempDir());
    const reference = tempDir();
    timed(['migrate'], reference);
    const full = timed(['plan', 'import', source, '--create-units'], reference);
    let interrupted = 0;
    for (const fraction of [0.6, 0.8, 0.95]) {
      const dataDir = tempDir();
      timed(['migrate'], dataDir);
      const outcome = await killAfter(
        ['plan', 'import', source, '--create-units'],
        dataDir,
        Math.round(full * fraction),
      );
      if (outcome.killed) interrupted++;
      expect(checkSqlite(dataDir).plans).toBeLessThanOrEqual(1);
      timed(['plan', 'import', source, '--create-units'], dataDir);
      expect(checkSqlite(dataDir).plans).toBe(1);
    }
    expect(interrupted).toBeGreaterThanOrEqual(2);
  });
});
