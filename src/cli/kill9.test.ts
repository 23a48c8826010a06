/**
 * Issue 11: kill -9 in the middle of `books ingest` and `plan import`, then restart and check. The SQLite file must be
 * intact, each book and plan either wholly there or absent, the search index in line with the books once the server
 * starts (its start-up check repairs what the crash left), and the same command must then succeed.
 *
 * Each kill lands in a named phase (parsing, writing the index, writing the database), recognised from outside by the
 * parser child and the files' sizes, with the command run in slow motion (SIGSTOP/SIGCONT) once it is past start-up:
 * a kill at a fraction of a reference run's time mostly hit start-up on a busy machine, and missed the writes.
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

/** What can be seen of a running command from outside: its child processes and the sizes of DATA_DIR's files. */
interface Observed {
  /** Child processes of the command (the isolated parser). */
  children: number;
  /** Size of each file in DATA_DIR by name (missing files are absent). */
  files: Record<string, number>;
}

function observe(pid: number, dataDir: string): Observed {
  let children = 0;
  try {
    children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).length;
  } catch {
    // exited
  }
  const files: Record<string, number> = {};
  for (const name of fs.readdirSync(dataDir)) {
    try {
      files[name] = fs.statSync(path.join(dataDir, name)).size;
    } catch {
      // removed meanwhile
    }
  }
  return { children, files };
}

/** A moment of the command, recognised from outside; `since` is what was seen when the parser child first appeared. */
interface Moment {
  name: string;
  reached(now: Observed, since: Observed, parsingForMs: number): boolean;
}

const STEP_MS = 2;
/** Bound on one run, start-up included: a 2-core machine shared with other work can be very slow, but not forever. */
const RUN_LIMIT_MS = 240_000;

/**
 * Starts the command and kills it with SIGKILL at `moment`, judged on observable state rather than on elapsed time (on a
 * busy machine start-up alone varies by seconds). Once the parser child is there, the command runs in slow motion:
 * SIGCONT for a couple of milliseconds, SIGSTOP, look; so the kill lands while the command is stopped in exactly the
 * state that was seen, even when the phase lasts only tens of milliseconds. Resolves with how the command ended.
 */
function killAt(args: string[], dataDir: string, moment: Moment): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, { env: env(dataDir), stdio: 'ignore' });
    const pid = child.pid!;
    let exited = false;
    let since: Observed | null = null;
    let sinceAt = 0;
    const started = Date.now();
    const signal = (name: NodeJS.Signals) => {
      try {
        if (!exited) process.kill(pid, name);
      } catch {
        // already gone: its exit event is on the way
      }
    };
    const tick = () => {
      if (exited) return;
      if (Date.now() - started > RUN_LIMIT_MS) {
        signal('SIGKILL');
        return reject(new Error(`${args.join(' ')}：${RUN_LIMIT_MS / 1000} 秒内未到达“${moment.name}”`));
      }
      if (since) signal('SIGSTOP');
      const now = observe(pid, dataDir);
      if (!since && now.children > 0) {
        since = now;
        sinceAt = Date.now();
      }
      if (since && moment.reached(now, since, Date.now() - sinceAt)) return signal('SIGKILL');
      if (since) signal('SIGCONT');
      setTimeout(tick, since ? STEP_MS : 10);
    };
    child.on('exit', (code, sig) => {
      exited = true;
      if (sig === 'SIGKILL') resolve({ killed: true, code });
      else reject(new Error(`${args.join(' ')} 在“${moment.name}”之前就已结束（退出码 ${code}）`));
    });
    tick();
  });
}

const grew = (file: string) => (now: Observed, since: Observed) =>
  (now.files[file] ?? 0) > (since.files[file] ?? 0) + 32;
const parsing: Moment = { name: '解析中', reached: (now, _since, ms) => now.children > 0 && ms >= 300 };

function timed(args: string[], dataDir: string): void {
  const r = spawnSync(BIN, args, { env: env(dataDir), encoding: 'utf8', timeout: RUN_LIMIT_MS });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
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
    'leaves every book whole or absent, and the index repairable, when `books ingest` is killed in each phase',
    { timeout: 900_000 },
    async () => {
      const source = bigBook(tempDir());
      const moments: Moment[] = [
        parsing,
        // The index is written just before the database: killed here, the two disagree until the start-up check.
        { name: '写检索索引', reached: grew('search.sqlite-wal') },
        { name: '写数据库', reached: grew('fangzhi.sqlite-wal') },
      ];
      for (const moment of moments) {
        const dataDir = tempDir();
        timed(['migrate'], dataDir);
        expect(await killAt(['books', 'ingest', source, '--type', '市县志'], dataDir, moment)).toEqual({
          killed: true,
          code: null,
        });
        const { books } = checkSqlite(dataDir);
        expect(books, moment.name).toBeLessThanOrEqual(1);
        await restartCheck(dataDir);
        // Restarted, the same command completes and the book is there once.
        timed(['books', 'ingest', source, '--type', '市县志'], dataDir);
        expect(checkSqlite(dataDir).books).toBe(1);
        await restartCheck(dataDir);
      }
    },
  );

  it('leaves every plan whole or absent when `plan import` is killed in each phase', { timeout: 900_000 }, async () => {
    const source = bigPlan(tempDir());
    const moments: Moment[] = [
      parsing,
      { name: '开始写数据库', reached: grew('fangzhi.sqlite-wal') },
      { name: '数据库写入过半', reached: (now) => (now.files['fangzhi.sqlite-wal'] ?? 0) > 200_000 },
    ];
    for (const moment of moments) {
      const dataDir = tempDir();
      timed(['migrate'], dataDir);
      expect(await killAt(['plan', 'import', source, '--create-units'], dataDir, moment)).toEqual({
        killed: true,
        code: null,
      });
      expect(checkSqlite(dataDir).plans, moment.name).toBeLessThanOrEqual(1);
      timed(['plan', 'import', source, '--create-units'], dataDir);
      expect(checkSqlite(dataDir).plans).toBe(1);
    }
  });
});
