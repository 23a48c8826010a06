/**
 * The server's search index: a pool of worker threads (one per core by default), each with its own connection to the
 * same on-disk index file. The main thread only routes: queries go to the worker with the fewest calls in flight,
 * writes (ingest, delete, publish) to a worker chosen by book (so one book's writes stay in order while two books build
 * in parallel), and merges of small segments to the first worker, one run at a time; nothing of it runs on the event loop. A worker sees the other's commits through SQLite's `data_version` before each read.
 * A worker that dies fails its calls in flight and is replaced.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../../../../shared/errors.ts';
import { letHeapsGrowBeforeCollecting } from '../../../platform/heap-growth.ts';
import { PART_CHARS, sendInParts } from '../../../platform/send-in-parts.ts';
import type { PostingIndexOptions } from './posting-index.ts';
import type {
  AnswerFrame,
  IndexedSection,
  KwicOptions,
  KwicRow,
  SearchCount,
  SearchIndex,
  SearchOptions,
  SearchResult,
  ShapedAnswer,
} from './search-index.ts';
import type { WorkerCall, WorkerReply } from './search-worker.ts';

const ENTRY = fileURLToPath(new URL('./worker-entry.mjs', import.meta.url));
/** How long the merger waits before its next step while a book is being written (the write takes tens of ms). */
const MERGE_WAIT_MS = 5;

/** What a section weighs in a message to a worker: its text and, when the worker is to find the apparatus, its anchors. */
const sentChars = (s: IndexedSection): number => s.text.length + (s.apparatus?.anchorsJson.length ?? 0);
/**
 * An index that has had no write through this pool for this long (or since it opened) is compacted: its smallest
 * segments are merged (`compact`). A busy ingest keeps the size classes alone, which leave several segments per class.
 */
export const IDLE_COMPACT_MS = 30_000;

export interface PoolOptions extends PostingIndexOptions {
  /** Worker threads (default: the number of cores, at least 1). */
  size?: number;
  /** Quiet time before the index is compacted (default `IDLE_COMPACT_MS`; tests shorten it). */
  idleCompactMs?: number;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

class SearchWorker {
  private worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  readonly ready: Promise<{ needsRebuild: boolean }>;
  private closed = false;

  constructor(private readonly options: PostingIndexOptions) {
    let ready!: (v: { needsRebuild: boolean }) => void;
    let failed!: (e: Error) => void;
    this.ready = new Promise((resolve, reject) => {
      ready = resolve;
      failed = reject;
    });
    this.worker = this.spawn(ready, failed);
  }

  private spawn(ready: (v: { needsRebuild: boolean }) => void, failed: (e: Error) => void): Worker {
    const worker = new Worker(ENTRY, { workerData: this.options });
    worker.on('message', (reply: WorkerReply) => {
      if (reply.id === 0) {
        if (reply.ok) ready(reply.value as { needsRebuild: boolean });
        return;
      }
      const call = this.pending.get(reply.id);
      if (!call) return;
      this.pending.delete(reply.id);
      if (reply.ok) call.resolve(reply.value);
      else {
        const { code, message, name } = reply.error;
        call.reject(
          name === 'AppError' && code ? new AppError(code as ErrorCode, message) : new Error(`${name}: ${message}`),
        );
      }
    });
    const die = (error: Error): void => {
      failed(error);
      // A write this worker was making when it died no longer waits for the lock: merges must not wait for it.
      const slot = this.options.writerSlot;
      if (this.options.writersWaiting && slot !== undefined) Atomics.store(this.options.writersWaiting, slot, 0);
      for (const call of this.pending.values()) call.reject(error);
      this.pending.clear();
      if (!this.closed)
        this.worker = this.spawn(
          () => undefined,
          () => undefined,
        );
    };
    worker.on('error', die);
    worker.on('exit', (code) => {
      if (!this.closed) die(new Error(`检索工作线程意外退出（退出码 ${code}），已重新启动，请重试。`));
    });
    return worker;
  }

  get load(): number {
    return this.pending.size;
  }

  call<T>(method: string, args: unknown[]): Promise<T> {
    if (this.closed) return Promise.reject(new Error('检索索引已关闭。'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, method, args } satisfies WorkerCall);
    });
  }

  async close(): Promise<void> {
    try {
      await this.call('close', []);
    } finally {
      this.closed = true;
      await this.worker.terminate();
    }
  }
}

export class PooledSearchIndex implements SearchIndex {
  private constructor(
    private readonly workers: SearchWorker[],
    readonly needsRebuild: boolean,
    private readonly idleCompactMs: number,
  ) {
    this.armIdleCompaction();
  }

  /**
   * Starts the pool. The first worker opens the file alone (it creates or upgrades the layout); the others start once
   * it is ready. Nothing here blocks the event loop beyond starting threads.
   */
  static async open(options: PoolOptions): Promise<PooledSearchIndex> {
    const size = Math.max(1, options.size ?? os.availableParallelism());
    const { size: _size, ...engine } = options;
    // Fewer full collections in the workers, whose pauses the searches waited behind (heap-growth.ts).
    letHeapsGrowBeforeCollecting();
    // Shared by the workers, a slot each: a merge step waits while any of them is writing a book (`writersWaiting`).
    const writersWaiting = new Int32Array(new SharedArrayBuffer(4 * size));
    const optionsOf = (writerSlot: number) => ({ ...engine, writersWaiting, writerSlot });
    const first = new SearchWorker(optionsOf(0));
    const { needsRebuild } = await first.ready;
    const rest = Array.from({ length: size - 1 }, (_, i) => new SearchWorker(optionsOf(i + 1)));
    await Promise.all(rest.map((w) => w.ready));
    return new PooledSearchIndex([first, ...rest], needsRebuild, options.idleCompactMs ?? IDLE_COMPACT_MS);
  }

  /** Writes of one book always go to the same worker, so they apply in the order they were made. */
  private writer(bookId: number): SearchWorker {
    return this.workers[Math.abs(bookId) % this.workers.length] as SearchWorker;
  }

  private reader(): SearchWorker {
    let best = this.workers[0] as SearchWorker;
    for (const w of this.workers) if (w.load < best.load) best = w;
    return best;
  }

  private merging: Promise<void> | null = null;
  private mergeAgain = false;
  private closing = false;
  private idleTimer: NodeJS.Timeout | null = null;

  /** Small segments are merged by the first worker after writes, one merge run at a time. */
  private scheduleMerge(): void {
    if (this.merging) {
      this.mergeAgain = true;
      return;
    }
    this.merging = this.mergeRuns(false);
  }

  /**
   * Merge steps until there is nothing to merge (`tail`: compacting too). Any run stops when the pool closes: the merge
   * it was writing is given up (or, past its swap, finished), so closing never waits for whole merges — after a large
   * ingest the size classes' merges take minutes, which a server's shutdown would have waited for. What is left is
   * merged by the next pool once it has been quiet (`armIdleCompaction`).
   */
  private mergeRuns(tail: boolean): Promise<void> {
    const merger = this.workers[0] as SearchWorker;
    const run = async (): Promise<void> => {
      // Step by step: the worker indexes books and answers searches between steps.
      for (;;) {
        if (this.closing && !(await merger.call<boolean>('cancelMerge', []))) break;
        const more = await merger.call<boolean | 'wait'>('mergeStep', [tail]);
        if (more === 'wait') await new Promise((resolve) => setTimeout(resolve, MERGE_WAIT_MS));
        else if (!more) break;
      }
    };
    return run()
      .catch(() => undefined)
      .finally(() => {
        this.merging = null;
        if (this.mergeAgain && !this.closing) {
          this.mergeAgain = false;
          this.scheduleMerge();
        }
      });
  }

  /** Compacts once the index has been quiet for `idleCompactMs` (restarted by every write). */
  private armIdleCompaction(): void {
    if (this.closing) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      void this.compact();
    }, this.idleCompactMs);
    this.idleTimer.unref();
  }

  /**
   * Merges the smallest segments into one where that pays (`tailToMerge`), after the merges already scheduled: what a
   * bulk load does at its end, and the pool by itself once writes have stopped for a while.
   */
  async compact(): Promise<void> {
    // The merges a write scheduled first; one merge run at a time.
    for (;;) {
      await this.settle();
      if (this.closing) return;
      if (!this.merging) break;
    }
    this.merging = this.mergeRuns(true);
    await this.settle();
  }

  /** Units of each segment, smallest first. */
  segmentUnits(): Promise<number[]> {
    return this.reader().call('segmentUnits', []);
  }

  /** Per worker, the write being sent (its parts and its call), which the next write to that worker waits for. */
  private readonly sending = new Map<SearchWorker, Promise<void>>();
  private nextStage = 1;

  /**
   * Sends a write to the worker of `bookId`, in the order writes were made: its sections first, in parts when they are
   * large (`stage`), then the call itself. The merges follow when `merge` says so.
   */
  private async write<T>(
    bookId: number,
    method: string,
    args: (token: number | null) => unknown[],
    sections: readonly IndexedSection[] = [],
    merge = true,
  ): Promise<T> {
    const worker = this.writer(bookId);
    const previous = this.sending.get(worker);
    let sent!: () => void;
    const mine = new Promise<void>((resolve) => (sent = resolve));
    const chain = previous ? previous.then(() => mine) : mine;
    this.sending.set(worker, chain);
    let reply: Promise<T>;
    try {
      if (previous) await previous;
      const token = await this.stage(worker, sections);
      reply = worker.call<T>(method, args(token));
    } finally {
      sent();
      if (this.sending.get(worker) === chain) this.sending.delete(worker);
    }
    const value = await reply;
    if (merge) this.scheduleMerge();
    this.armIdleCompaction();
    return value;
  }

  /**
   * Sends `sections` to `worker` in parts of about `PART_CHARS`, yielding to the event loop between them (one message
   * with a whole book, millions of characters, held the event loop for 20–60 ms while it was copied), and returns
   * the token the write names them by; null when they are small enough to go with the write itself. The parts are not
   * waited for (a merge step may run between them in the worker): the write after them fails if one did not arrive.
   */
  private async stage(worker: SearchWorker, sections: readonly IndexedSection[]): Promise<number | null> {
    let chars = 0;
    for (const s of sections) chars += sentChars(s);
    if (chars <= PART_CHARS) return null;
    const token = this.nextStage++;
    await sendInParts(sections, sentChars, (part) => void worker.call('stage', [token, part]).catch(() => undefined));
    return token;
  }

  indexBook(bookId: number, sections: IndexedSection[]): Promise<void> {
    return this.write(
      bookId,
      'indexBook',
      (token) => (token === null ? [bookId, sections] : [bookId, [], token, sections.length]),
      sections,
    );
  }
  /** A batch of books as one segment (bulk builds: `books reindex`, a new generation). */
  indexBooks(batch: { bookId: number; sections: IndexedSection[] }[]): Promise<void> {
    const all = batch.flatMap((b) => b.sections);
    return this.write(
      batch[0]?.bookId ?? 0,
      'indexBooks',
      (token) =>
        token === null
          ? [batch]
          : [batch.map((b) => ({ bookId: b.bookId, sections: [] })), token, batch.map((b) => b.sections.length)],
      all,
    );
  }
  indexSection(section: IndexedSection): Promise<void> {
    return this.write(section.bookId, 'indexSection', () => [section]);
  }
  removeBook(bookId: number): Promise<void> {
    return this.write(bookId, 'removeBook', () => [bookId]);
  }
  setBookPublished(bookId: number, published: boolean): Promise<void> {
    return this.write(bookId, 'setBookPublished', () => [bookId, published], [], false);
  }
  /** Waits for the merges scheduled so far (tests, and before measuring the index). */
  async settle(): Promise<void> {
    while (this.merging) await this.merging;
  }
  search(query: string, options?: SearchOptions): Promise<SearchResult> {
    return this.reader().call('search', [query, options]);
  }
  searchAnswer(query: string, options: SearchOptions, frame: AnswerFrame): Promise<ShapedAnswer> {
    return this.reader().call('searchAnswer', [query, options, frame]);
  }
  count(query: string, options?: Pick<SearchOptions, 'fold' | 'filters'>): Promise<SearchCount> {
    return this.reader().call('count', [query, options]);
  }
  kwic(query: string, options?: KwicOptions): Promise<KwicRow[]> {
    return this.reader().call('kwic', [query, options]);
  }
  searchText(sectionId: number, options?: { fold?: boolean }): Promise<string | null> {
    return this.reader().call('searchText', [sectionId, options]);
  }
  async warm(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.call('warm', [])));
  }
  bookFingerprints(): Promise<Map<number, string>> {
    return this.reader().call('bookFingerprints', []);
  }
  measureSize(): Promise<{ indexBytes: number; fileBytes: number }> {
    return this.reader().call('measureSize', []);
  }
  /** RSS is per process; the heap of each worker is its own. */
  workerHeaps(): Promise<number[]> {
    return Promise.all(this.workers.map((w) => w.call<NodeJS.MemoryUsage>('memory', []).then((m) => m.heapUsed)));
  }
  async close(): Promise<void> {
    this.closing = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    await this.settle();
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
