import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { serve, type ServerType } from '@hono/node-server';
import type { Config } from './config.ts';
import { openDatabase, type DbHandle } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createApp } from './app.ts';
import type { AppDeps } from './deps.ts';
import { clockFor, type Clock } from './platform/clock.ts';
import { createLogger, type Logger } from './platform/logger.ts';
import { createLoginLimiter } from './platform/auth/login-limiter.ts';
import { systemActor } from './platform/auth/actor.ts';
import { countUsers } from './modules/users/users.repository.ts';
import { createUser } from './modules/users/users.service.ts';
import type { GazetteerSearch } from './modules/gazetteer/open-search.ts';
import { countTaskHistory } from './modules/supervision/task-history.ts';
import { liveIndicatorActuals } from './modules/library/live-indicators.ts';
import { createNotifier } from './modules/notifications/dispatch.ts';
import { startReminderJob } from './modules/supervision/actions/reminders.ts';
import { startAssignmentReminders } from './modules/compilation/remind-assignments.ts';
import { openFollowingSearch } from './modules/gazetteer/search-generations.ts';
import { startIndexFollower } from './modules/gazetteer/index-follower.ts';
import type { SectionTextSource } from './modules/gazetteer/section-texts.repository.ts';
import { runOncePerCluster } from './platform/cluster-lock.ts';
import { closePlanExtractWorkers, warmPlanExtractWorkers } from './modules/workplan/extract-isolated.ts';
import { closeBookParseWorkers, warmBookParseWorkers } from './modules/gazetteer/read-book-isolated.ts';
import { startSearchWarmup } from './modules/gazetteer/search-warmup.ts';
import { startBookRowsWriter } from './modules/gazetteer/book-rows-writer.ts';
import { sweepStaleScratchDirs } from './platform/isolate/scratch-dir.ts';
import { lowerHelperThreadsPriority } from './platform/thread-priority.ts';

/** A book's transaction in the book-rows thread that held the write lock this long is logged. */
const SLOW_BOOK_WRITE_MS = 2000;

/**
 * Opens the configured database (SQLite under DATA_DIR unless DATABASE_URL is set) and migrates it. With a logger, a
 * SQLite statement that held the event loop for 200 ms or more is logged as a warning (what stalled the server).
 */
export async function openConfiguredDatabase(config: Config, logger?: Logger): Promise<DbHandle> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const onSlowStatement = logger
    ? (sql: string, ms: number) => logger.warn({ sql: sql.slice(0, 200), ms: Math.round(ms) }, 'slow SQLite statement')
    : undefined;
  const handle = openDatabase(
    config.databaseUrl
      ? { kind: 'postgres', url: config.databaseUrl }
      : { kind: 'sqlite', file: config.sqliteFile, onSlowStatement },
  );
  await migrateToLatest(handle.db);
  return handle;
}

/**
 * On a database with no user at all, creates the administrator `admin` with FANGZHI_ADMIN_PASSWORD or a random
 * password, and returns what to tell the person starting the server.
 */
export async function bootstrapAdmin(
  deps: { db: DbHandle['db']; clock: Clock },
  adminPassword: string | null,
): Promise<string | null> {
  if ((await countUsers(deps.db)) > 0) return null;
  const password = adminPassword ?? randomBytes(9).toString('base64url');
  await createUser(deps, systemActor('bootstrap'), {
    username: 'admin',
    displayName: '系统管理员',
    password,
    roles: ['admin'],
    unitId: null,
  });
  return adminPassword
    ? '已创建管理员账号 admin，密码为 FANGZHI_ADMIN_PASSWORD 中设置的密码。'
    : `已创建管理员账号 admin，初始密码：${password}\n  请登录后在“系统管理 → 用户”中修改密码（或运行 bin/fangzhi user passwd admin --password-stdin）。`;
}

/**
 * Opens the gazetteer search index in DATA_DIR (derived data: `books reindex` builds a new generation and swaps it in;
 * the opened index follows the swap).
 */
export function openSearchIndex(config: Config, options: { workers?: number } = {}): Promise<GazetteerSearch> {
  return openFollowingSearch(config.dataDir, { ...options, textSource: textSourceOf(config) });
}

/** The main database as the search engine's source of section texts (they are stored once, there). */
export function textSourceOf(config: Pick<Config, 'databaseUrl' | 'sqliteFile'>): SectionTextSource {
  return config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl }
    : { kind: 'sqlite', file: config.sqliteFile };
}

export interface RunningServer {
  server: ServerType;
  deps: AppDeps;
  url: string;
  close(): Promise<void>;
}

export async function startServer(
  config: Config,
  options: { logger?: Logger; clock?: Clock } = {},
): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? clockFor(config.fixedDate);
  // The collector's and libuv's threads do the workers' work: at the workers' priority, not the event loop's.
  await lowerHelperThreadsPriority();
  const handle = await openConfiguredDatabase(config, logger);
  const firstStart = await bootstrapAdmin({ db: handle.db, clock }, config.adminPassword);
  // Scratch folders of uploads whose server process is gone (killed while a book was being read).
  const swept = await sweepStaleScratchDirs();
  if (swept.length > 0) logger.warn({ folders: swept }, `已清理 ${swept.length} 个遗留的临时上传目录`);
  // The index is a cache of the books (issue 15): an existing one is checked and follows the change log; a missing or
  // outdated one is built in the background while the server already answers (search says so, /api/health shows it).
  const textSource = textSourceOf(config);
  const search = await openFollowingSearch(config.dataDir, { allowMissing: true, textSource });
  const follower = await startIndexFollower(
    { db: handle.db, clock, logger, search },
    { dataDir: config.dataDir, databaseUrl: config.databaseUrl, searchOptions: { textSource } },
  );
  // Searches the server runs on itself once the index is ready, so its first readers find the search code compiled.
  const warmup = startSearchWarmup({ db: handle.db, clock, logger, search }, { ready: follower.ready() });
  // And so does each new generation `books reindex` swaps in, before it answers.
  search.index.beforeSwap = (next) => warmup.warmGeneration(next);
  // On an SQLite file an ingest's rows are written in a thread of their own, not on the event loop.
  // Its transaction holds the write lock while the server's own writes wait for it (up to 5 s, on timers): one that
  // held it for seconds is logged, with the book's size.
  const bookRows =
    handle.sqlite && !handle.sqlite.memory
      ? startBookRowsWriter(handle.sqlite.name, {
          onWritten: (ms, sections) => {
            if (ms >= SLOW_BOOK_WRITE_MS)
              logger.warn({ ms: Math.round(ms), sections }, '书目写入事务占用写锁较久，其间其他写入在等待');
          },
        })
      : undefined;
  const deps: AppDeps = {
    db: handle.db,
    dialect: handle.dialect,
    clock,
    logger,
    config,
    loginLimiter: createLoginLimiter(),
    search,
    bookRows,
    notify: createNotifier({ db: handle.db, clock, logger }),
    taskHistory: countTaskHistory,
    liveIndicators: liveIndicatorActuals,
    searchIndexStatus: () => ({ ...follower.status(), warmup: warmup.status() }),
    runOncePerCluster: (name, job) => runOncePerCluster(handle.db, name, job),
  };
  const app = createApp(deps);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  // Reminders (填报/节点/逾期) now and every ten minutes; each is sent once, so restarts and reruns repeat nothing.
  const stopReminders = startReminderJob(deps);
  // 编纂: 供稿/撰稿/审读 due in three days or overdue, once each.
  const stopAssignmentReminders = startAssignmentReminders(deps);
  // Touch the index file once the server listens (in the workers), so the first reader does not pay for a cold cache.
  setImmediate(() => {
    // Document parsers run in child processes; start one of each now rather than in a user's first upload.
    warmPlanExtractWorkers();
    warmBookParseWorkers();
    search.index.warm?.().catch((error: unknown) => logger.warn({ err: error }, 'search index warm-up failed'));
  });
  if (firstStart) process.stdout.write(`\n${firstStart}\n`);
  process.stdout.write(
    `\n方志 Fangzhi 已启动：${url}\n数据库：${handle.dialect === 'sqlite' ? config.sqliteFile : 'PostgreSQL'}\n\n`,
  );
  return {
    server,
    deps,
    url,
    close: async () => {
      await stopReminders();
      stopAssignmentReminders();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([closePlanExtractWorkers(), closeBookParseWorkers()]);
      await warmup.stop();
      await follower.close();
      await bookRows?.close();
      await search.index.close();
      await handle.close();
    },
  };
}
