/**
 * Each server's search index is a cache of the books in the database (issue 15). The database's change log
 * (`book_change`) is the source of truth; this follower keeps the index of one data directory in step with it:
 *  - at start, an index that exists is checked against the database (`index-consistency.ts`) and continues from the
 *    seq recorded beside it; an index that does not exist (a new server, a restored database on a new machine) or has
 *    an outdated layout is built in the background: the server answers at once, search says it is building, and
 *    `/api/health` reports the progress;
 *  - then it applies every change after its seq: at once on PostgreSQL NOTIFY, and by polling (the fallback, and the
 *    only way on SQLite). A change re-indexes the book from its committed rows (or removes it), so applying one twice is
 *    harmless; changes this process applied to its index right after their commit are skipped (`applied-locally.ts`),
 *    and a change whose index write failed after its commit is applied here, from its committed rows.
 */
import type { Db } from '../../db/database.ts';
import { listenForNotifications, type Listener } from '../../db/listen.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Logger } from '../../platform/logger.ts';
import type { GazetteerSearch } from './open-search.ts';
import type { PreloadStatus } from './search/page-cache.ts';
import { BOOK_CHANGE_CHANNEL, findBookChangesAfter, findLastBookChangeSeq } from './book-changes.repository.ts';
import { takeAppliedLocally, withIndexWriteLock } from './applied-locally.ts';
import { indexFromRows, reindexAll } from './ingest-book.ts';
import { syncSearchIndexWithDatabase } from './index-consistency.ts';
import type { SearchWarmupStatus } from './search-warmup.ts';
import {
  buildNewGeneration,
  readAppliedSeq,
  writeAppliedSeq,
  type BuildProgress,
  type FollowingIndex,
} from './search-generations.ts';

export interface SearchIndexStatus {
  /** `building`: no usable index yet, one is being built; `ready`: searching works; `failed`: the build failed. */
  state: 'building' | 'ready' | 'failed';
  /** Books indexed so far and in all, while building. */
  progress?: BuildProgress;
  /** The last change of the change log this server's index holds. */
  appliedSeq: number | null;
  /** Reading the index and the text database into the page cache after start (absent before warm-up). */
  preload?: PreloadStatus;
  /** The searches the server runs on itself once the index is ready (search-warmup.ts; absent outside a server). */
  warmup?: SearchWarmupStatus;
}

export interface IndexFollower {
  status(): SearchIndexStatus;
  /** Applies every committed change now (tests; the server relies on NOTIFY and polling). */
  catchUp(): Promise<void>;
  /** Resolves when a background build (if any) has finished and been swapped in. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface IndexFollowerDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  search: GazetteerSearch & { index: FollowingIndex };
}

export interface IndexFollowerOptions {
  dataDir: string;
  /** PostgreSQL: LISTEN here for changes (a connection of its own). Absent on SQLite. */
  databaseUrl?: string | null;
  /** PostgreSQL schema the tables live in (tests). */
  schema?: string;
  /** Polling interval; the fallback on PostgreSQL, the only way on SQLite. Default 1 s. */
  pollMs?: number;
  /** Changes read per round. */
  batch?: number;
  /** How the index was opened (the gaiji table); a built generation must fold the same way. */
  searchOptions?: Parameters<typeof buildNewGeneration>[2];
}

const RETRY_BUILD_MS = 30_000;

export async function startIndexFollower(
  deps: IndexFollowerDeps,
  options: IndexFollowerOptions,
): Promise<IndexFollower> {
  const { db, logger, search } = deps;
  const index = search.index;
  const batch = options.batch ?? 200;
  let generation: string | null = null;
  let appliedSeq: number | null = null;
  let state: SearchIndexStatus['state'] = 'ready';
  let closed = false;
  let running: Promise<void> | null = null;
  let again = false;
  let buildDone: Promise<void> = Promise.resolve();
  let retryTimer: NodeJS.Timeout | null = null;

  /** An index whose seq is unknown or ahead of the database (a restore of older data): check it, then trust it. */
  const establish = async (file: string): Promise<number> => {
    const last = await findLastBookChangeSeq(db);
    const recorded = readAppliedSeq(file);
    const repaired = await syncSearchIndexWithDatabase({ db, clock: deps.clock, search });
    if (repaired.length > 0)
      logger.warn({ books: repaired }, `检索索引与数据库不一致，已重建 ${repaired.length} 本书的索引`);
    const seq = recorded === null || recorded > last ? last : recorded;
    writeAppliedSeq(file, seq);
    return seq;
  };

  const round = async (): Promise<void> => {
    if (index.building) return;
    const file = await index.refresh();
    if (file === null) return;
    if (file !== generation || appliedSeq === null) {
      const recorded = readAppliedSeq(file);
      appliedSeq = recorded ?? (await establish(file));
      generation = file;
    }
    for (;;) {
      const changes = await findBookChangesAfter(db, appliedSeq, batch);
      if (changes.length === 0 || closed) return;
      const seqsOf = new Map<number, number[]>();
      for (const c of changes) seqsOf.set(c.book_id, [...(seqsOf.get(c.book_id) ?? []), c.seq]);
      for (const [id, seqs] of seqsOf) {
        // Under the book's lock: a local change still writing the index has finished (and recorded itself) or failed.
        await withIndexWriteLock(index, id, async () => {
          const skipped = seqs.map((seq) => takeAppliedLocally(index, seq, file));
          if (skipped.includes(false)) await indexFromRows(db, { search }, id);
        });
      }
      // Swapped for a newer generation meanwhile: it records its own seq; start from there next round.
      if (index.generation !== file) return;
      appliedSeq = changes[changes.length - 1]!.seq;
      writeAppliedSeq(file, appliedSeq);
    }
  };

  const catchUp = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await round();
        } catch (error) {
          logger.warn({ err: error }, 'search index catch-up failed; retrying on the next change or poll');
        }
      } while (again && !closed);
    })().finally(() => (running = null));
    return running;
  };

  const build = (): Promise<void> => {
    state = 'building';
    index.building = { done: 0, total: 0 };
    logger.warn('检索索引不存在或版本过旧，正在后台重建；建好之前全文检索暂不可用。');
    return buildNewGeneration(
      options.dataDir,
      async (fresh) => {
        const seq = await findLastBookChangeSeq(db);
        const n = await reindexAll({ db, clock: deps.clock, search: fresh }, (done, total) => {
          index.building = { done, total };
        });
        logger.info({ books: n }, 'search index built');
        return seq;
      },
      options.searchOptions ?? {},
    ).then(
      async () => {
        index.building = null;
        await index.refresh();
        state = 'ready';
        generation = null;
        void catchUp();
        await index.warm().catch((error: unknown) => logger.warn({ err: error }, 'search index warm-up failed'));
      },
      (error: unknown) => {
        logger.error({ err: error }, '检索索引重建失败，30 秒后重试');
        state = 'failed';
        if (!closed) {
          retryTimer = setTimeout(() => void (buildDone = build()), RETRY_BUILD_MS);
          retryTimer.unref();
        }
      },
    );
  };

  if (index.generation === null || index.needsRebuild) buildDone = build();
  else {
    generation = index.generation;
    appliedSeq = await establish(generation);
  }

  const timer = setInterval(() => void catchUp(), options.pollMs ?? 1000);
  timer.unref();
  let listener: Listener | null = null;
  if (options.databaseUrl) {
    listener = listenForNotifications(
      options.databaseUrl,
      BOOK_CHANGE_CHANNEL,
      () => void catchUp(),
      (error) => logger.warn({ err: error }, 'LISTEN for book changes lost; polling meanwhile'),
      options.schema ? { schema: options.schema } : {},
    );
  }

  return {
    status: () => ({
      state,
      ...(index.building ? { progress: { ...index.building } } : {}),
      appliedSeq: state === 'ready' ? appliedSeq : null,
      ...(index.preloadStatus ? { preload: index.preloadStatus } : {}),
    }),
    catchUp,
    ready: () => buildDone,
    close: async () => {
      closed = true;
      clearInterval(timer);
      if (retryTimer) clearTimeout(retryTimer);
      await listener?.close();
      await running;
    },
  };
}
