import type { Config } from './config.ts';
import type { Db, Dialect } from './db/database.ts';
import type { Clock } from './platform/clock.ts';
import type { Logger } from './platform/logger.ts';
import type { LoginLimiter } from './platform/auth/login-limiter.ts';
import type { PasswordHashing } from './platform/auth/password.ts';
import type { GazetteerSearch } from './modules/gazetteer/open-search.ts';
import type { BookRowsWriter } from './modules/gazetteer/book-rows-writer.ts';
import type { TaskHistoryPort } from './modules/workplan/task-history-port.ts';
import type { NotifyPort } from './modules/supervision/notify-port.ts';
import type { LiveIndicatorsPort } from './modules/supervision/live-indicators-port.ts';
import type { SearchIndexStatus } from './modules/gazetteer/index-follower.ts';
import type { RunOncePerCluster } from './platform/cluster-lock.ts';

/** Everything the HTTP layer hands to services; built once in `main.ts` (or a test) and passed explicitly. */
export interface AppDeps {
  db: Db;
  dialect: Dialect;
  clock: Clock;
  logger: Logger;
  config: Config;
  loginLimiter: LoginLimiter;
  /** The gazetteer search index (its own SQLite file, derived from the books) and the folding it was built with. */
  search: GazetteerSearch;
  /** A server on an SQLite file: the thread that writes an ingest's rows off the event loop (gazetteer's `book-rows-writer.ts`). */
  bookRows?: BookRowsWriter;
  /** The notification centre as supervision sees it (in-app, e-mail, robots); built by `createNotifier`. */
  notify: NotifyPort;
  /** What hangs on each task, for the plan import's revision preview (supervision's `countTaskHistory`). */
  taskHistory: TaskHistoryPort;
  /** Live actuals of plan indicators bound to a library count (the library's `liveIndicatorActuals`, issue 14). */
  liveIndicators: LiveIndicatorsPort;
  /** Several servers, one database (issue 15): where this server's search index stands (`/api/health`). */
  searchIndexStatus?: () => SearchIndexStatus;
  /** Several servers, one database (issue 15): runs a job (reminders) on one server of the cluster at a time. */
  runOncePerCluster?: RunOncePerCluster;
  /**
   * Tests only (`createTestApp`): cheap argon2 parameters so that signing in dozens of test users takes no time.
   * Production never sets it and hashes with `PRODUCTION_PASSWORD_HASHING`.
   */
  passwordHashing?: PasswordHashing | undefined;
}
