/**
 * The search index file, replaceable under a running server. `books reindex` (or a server that starts without an
 * index) builds a complete new file (`search-<stamp>.sqlite`) and then points `search.current` at it with an atomic
 * rename; every process holding the index (a server, a CLI run) notices the pointer within a second and reopens.
 *
 * Beside each generation:
 *  - `<generation>.applied` — the last seq of the change log (`book_change`) the generation holds; the server's
 *    follower (`index-follower.ts`) continues from it;
 *  - `<generation>.reader-<pid>` — a lease for each process that has the file open. A rebuild deletes only generations
 *    that are neither in force, nor the one just replaced, nor leased by a live process: nothing is deleted under a
 *    reader. (A data directory belongs to one host, so a pid says whether the reader still lives.)
 * Without a pointer file the index is `search.sqlite`, as before; it is never deleted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { openGazetteerSearch, openSearchEngine, type GazetteerSearch, type OpenSearchOptions } from './open-search.ts';
import { createFolder } from './search/fold.ts';
import { loadGaijiTable } from './ingest/read-source.ts';
import { listVariantPairs } from './ingest/kr-gaiji.ts';
import type {
  AnswerFrame,
  IndexedSection,
  SearchIndex,
  SearchOptions as EngineSearchOptions,
  ShapedAnswer,
} from './search/search-index.ts';
import { preloadBudgetBytes, preloadFiles, type PreloadStatus } from './search/page-cache.ts';

const POINTER = 'search.current';
const LEGACY = 'search.sqlite';
const GENERATION = /^search-\d{8}T\d{9}Z?\.sqlite$/;
const COMPANION = /(-wal|-shm|\.applied|\.reader-\d+)$/;
const COMPANION_ONLY = /^(-wal|-shm|\.applied|\.reader-\d+)$/;
const CHECK_EVERY_MS = 1000;
const BEFORE_SWAP_MAX_MS = 30_000;

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The index file currently in force in `dataDir`. */
export function activeIndexFile(dataDir: string): string {
  try {
    const name = fs.readFileSync(path.join(dataDir, POINTER), 'utf8').trim();
    if (GENERATION.test(name) && fs.existsSync(path.join(dataDir, name))) return path.join(dataDir, name);
  } catch {
    // no pointer yet
  }
  return path.join(dataDir, LEGACY);
}

/** True when `dataDir` has an index to open (a generation in force, or the legacy file). */
export function indexExists(dataDir: string): boolean {
  return fs.existsSync(activeIndexFile(dataDir));
}

/** The last change-log seq the index file holds, or null when it does not say (an index from before issue 15). */
export function readAppliedSeq(file: string): number | null {
  try {
    const seq = Number(fs.readFileSync(`${file}.applied`, 'utf8').trim());
    return Number.isSafeInteger(seq) && seq >= 0 ? seq : null;
  } catch {
    return null;
  }
}

/** Records (atomically) that the index file holds every change up to `seq`. */
export function writeAppliedSeq(file: string, seq: number): void {
  const temp = `${file}.applied.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${seq}\n`);
  fs.renameSync(temp, `${file}.applied`);
}

function takeLease(file: string): void {
  try {
    fs.writeFileSync(`${file}.reader-${process.pid}`, '');
  } catch {
    // a read-only data directory: nothing will be deleted there either
  }
}

function dropLease(file: string): void {
  fs.rmSync(`${file}.reader-${process.pid}`, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when a live process other than a dead one holds a lease on `name` in `dataDir`. */
function isLeased(dataDir: string, name: string, entries: readonly string[]): boolean {
  return entries.some((entry) => {
    const m = /\.reader-(\d+)$/.exec(entry);
    return m !== null && entry.slice(0, -m[0].length) === name && isAlive(Number(m[1]));
  });
}

/** Where a build stands while the index in force is not yet usable. */
export interface BuildProgress {
  done: number;
  total: number;
}

type SearchOptions = Omit<OpenSearchOptions, 'path'>;

/**
 * A SearchIndex that follows the pointer: before each use (at most once a second) it opens the new generation if the
 * pointer moved, warms it (`beforeSwap`) while the old one still answers, puts it in force, and closes the old one once
 * the calls using it have finished. It may also stand empty
 * while a first index is built (`building`): reads then refuse with a clear message and writes are left to the change
 * log, which the follower replays into the new index.
 */
export class FollowingIndex implements SearchIndex {
  private lastCheck = 0;
  private reopening: Promise<void> | null = null;
  /** Set while an index is being built and the one in force (if any) must not answer. */
  building: BuildProgress | null = null;
  /** Reading the files into the page cache (`page-cache.ts`): wanted once warmed, again after each swap. */
  private preloadWanted = false;
  private preloadAbort: AbortController | null = null;
  private preloadState: PreloadStatus | null = null;
  /** Calls running on each generation, and generations out of force waiting for theirs to finish before closing. */
  private readonly users = new Map<SearchIndex, number>();
  private readonly retired = new Map<SearchIndex, string | null>();
  /**
   * Run on a new generation before it is put in force (not on the first index): the server warms its search code
   * there (search-warmup.ts). Readers meanwhile use the generation in force; at most BEFORE_SWAP_MAX_MS.
   */
  beforeSwap: ((next: SearchIndex) => Promise<void>) | null = null;

  constructor(
    private current: SearchIndex | null,
    private file: string | null,
    private readonly dataDir: string,
    private readonly reopen: (file: string) => Promise<SearchIndex>,
    private readonly preload: PreloadOptions = { budgetBytes: 0, textFiles: [] },
  ) {
    if (file) takeLease(file);
  }

  /** How far reading the index (and the text database) into the page cache has come; null before warm-up. */
  get preloadStatus(): PreloadStatus | null {
    return this.preloadState ? { ...this.preloadState } : null;
  }

  /** Reads the generation in force, then the text database, into the page cache (the previous reading stops). */
  private startPreload(): void {
    this.preloadAbort?.abort();
    this.preloadAbort = null;
    if (!this.file) return;
    if (this.preload.budgetBytes <= 0) {
      this.preloadState = { state: 'off', bytes: 0, totalBytes: 0, skippedFiles: 0 };
      return;
    }
    const abort = new AbortController();
    this.preloadAbort = abort;
    this.preloadState = { state: 'running', bytes: 0, totalBytes: 0, skippedFiles: 0 };
    const onProgress = (status: PreloadStatus) => {
      if (this.preloadAbort === abort) this.preloadState = status;
    };
    void preloadFiles([this.file, ...this.preload.textFiles], {
      budgetBytes: this.preload.budgetBytes,
      signal: abort.signal,
      onProgress,
    }).catch(() => onProgress({ state: 'stopped', bytes: 0, totalBytes: 0, skippedFiles: 0 }));
  }

  /** The file in force as this process sees it (null while there is none). Changes only when the pointer moves. */
  get generation(): string | null {
    return this.file;
  }

  /** Checks the pointer now (not at most once a second) and returns the file in force. */
  async refresh(): Promise<string | null> {
    this.lastCheck = 0;
    await this.follow();
    return this.file;
  }

  /**
   * Checks the pointer (at most once a second) and starts moving to a new generation when it moved. The promise is the
   * move in progress, if any: writers wait for it; readers keep using the generation in force while it warms up.
   */
  private follow(): Promise<void> {
    if (this.reopening) return this.reopening;
    const now = Date.now();
    if (now - this.lastCheck < CHECK_EVERY_MS) return Promise.resolve();
    this.lastCheck = now;
    const file = activeIndexFile(this.dataDir);
    if (file === this.file || !fs.existsSync(file)) return Promise.resolve();
    this.reopening = (async () => {
      takeLease(file);
      const next = await this.reopen(file);
      const old = this.current;
      const oldFile = this.file;
      // A new generation's search workers have compiled nothing yet: warmed first while the old one still answers.
      if (old && this.beforeSwap) await withTimeout(this.beforeSwap(next), BEFORE_SWAP_MAX_MS).catch(() => undefined);
      this.current = next;
      this.file = file;
      if (this.preloadWanted) this.startPreload();
      if (old) this.retire(old, oldFile);
      else if (oldFile) dropLease(oldFile);
    })()
      .catch(() => undefined)
      .finally(() => (this.reopening = null));
    return this.reopening;
  }

  /** Closes a generation no longer in force once the calls that use it have finished. */
  private retire(old: SearchIndex, file: string | null): void {
    this.retired.set(old, file);
    if (!this.users.get(old)) void this.closeRetired(old);
  }

  private async closeRetired(old: SearchIndex): Promise<void> {
    const file = this.retired.get(old);
    this.retired.delete(old);
    this.users.delete(old);
    await old.close().catch(() => undefined);
    if (file) dropLease(file);
  }

  /** Runs `fn` on `index`, which is not closed under it by a swap meanwhile. */
  private async using<T>(index: SearchIndex, fn: (index: SearchIndex) => Promise<T>): Promise<T> {
    try {
      return await fn(index);
    } finally {
      const left = (this.users.get(index) ?? 1) - 1;
      this.users.set(index, left);
      if (left === 0 && this.retired.has(index)) void this.closeRetired(index);
    }
  }

  private take(index: SearchIndex): SearchIndex {
    this.users.set(index, (this.users.get(index) ?? 0) + 1);
    return index;
  }

  private async read<T>(fn: (index: SearchIndex) => Promise<T>): Promise<T> {
    const moving = this.follow();
    // A first index (none in force yet) is waited for, and so is a swap without a warm-up (a process other than a
    // server: the open is quick); a server's readers do not wait while the new generation warms up.
    if (!this.current || !this.beforeSwap) await moving;
    if (this.building || !this.current) {
      const p = this.building;
      throw new AppError(
        'UNAVAILABLE',
        `检索索引正在建立${p && p.total > 0 ? `（已完成 ${p.done}/${p.total} 本）` : ''}，建好之前暂时无法全文检索；` +
          '书目浏览和阅读不受影响，请稍后再试。',
      );
    }
    return this.using(this.take(this.current), fn);
  }

  /**
   * Runs `fn` on the index in force once a move in progress is over (writes, and reads that must see the latest
   * generation), not closed under it; does nothing while there is none (the change log carries a write meanwhile).
   */
  private async withCurrent(fn: (index: SearchIndex) => Promise<unknown>): Promise<void> {
    await this.follow();
    if (this.current) await this.using(this.take(this.current), fn);
  }

  async indexBook(...args: Parameters<SearchIndex['indexBook']>) {
    await this.withCurrent((w) => w.indexBook(...args));
  }
  async indexBooks(batch: { bookId: number; sections: IndexedSection[] }[]) {
    await this.withCurrent(async (w) => {
      if (w.indexBooks) await w.indexBooks(batch);
      else for (const item of batch) await w.indexBook(item.bookId, item.sections);
    });
  }
  async indexSection(...args: Parameters<SearchIndex['indexSection']>) {
    await this.withCurrent((w) => w.indexSection(...args));
  }
  async removeBook(...args: Parameters<SearchIndex['removeBook']>) {
    await this.withCurrent((w) => w.removeBook(...args));
  }
  async setBookPublished(...args: Parameters<SearchIndex['setBookPublished']>) {
    await this.withCurrent((w) => w.setBookPublished(...args));
  }
  async search(...args: Parameters<SearchIndex['search']>) {
    return this.read((r) => r.search(...args));
  }
  /** The generation's `searchAnswer`, or its `search` when it has none (the caller then shapes the result). */
  async searchAnswer(query: string, options: EngineSearchOptions, frame: AnswerFrame): Promise<ShapedAnswer> {
    return this.read(async (r) =>
      r.searchAnswer ? r.searchAnswer(query, options, frame) : { result: await r.search(query, options) },
    );
  }
  async count(...args: Parameters<SearchIndex['count']>) {
    return this.read((r) => r.count(...args));
  }
  async kwic(...args: Parameters<SearchIndex['kwic']>) {
    return this.read((r) => r.kwic(...args));
  }
  async searchText(...args: Parameters<SearchIndex['searchText']>) {
    return this.read((r) => r.searchText(...args));
  }
  get needsRebuild() {
    return this.current?.needsRebuild ?? false;
  }
  /** Warms the engine, then starts reading its files into the page cache in the background (not awaited). */
  async warm() {
    if (this.building) return;
    await this.current?.warm?.();
    this.preloadWanted = true;
    this.startPreload();
  }
  async compact() {
    await this.withCurrent(async (w) => w.compact?.());
  }
  async segmentUnits() {
    let units: number[] = [];
    await this.withCurrent(async (w) => (units = (await w.segmentUnits?.()) ?? []));
    return units;
  }
  async bookFingerprints() {
    let prints = new Map<number, string>();
    await this.withCurrent(async (index) => (prints = (await index.bookFingerprints?.()) ?? prints));
    return prints;
  }
  async close() {
    this.preloadAbort?.abort();
    await this.reopening;
    await Promise.all([...this.retired.keys()].map((old) => this.closeRetired(old)));
    await this.current?.close();
    if (this.file) dropLease(this.file);
  }
}

/** What `FollowingIndex.warm` reads into the page cache: the index, then these text files, up to the budget. */
export interface PreloadOptions {
  budgetBytes: number;
  textFiles: readonly string[];
}

/**
 * Opens the index in force in `dataDir`, following later swaps. With `allowMissing`, a data directory without an index
 * opens as an empty FollowingIndex (the server then builds one in the background); otherwise an empty
 * `search.sqlite` is created, as before.
 */
export async function openFollowingSearch(
  dataDir: string,
  options: SearchOptions & { allowMissing?: boolean } = {},
): Promise<GazetteerSearch & { index: FollowingIndex }> {
  fs.mkdirSync(dataDir, { recursive: true });
  const { allowMissing, ...searchOptions } = options;
  const file = activeIndexFile(dataDir);
  // Every generation is built with the same folding, so a swap reopens synchronously with the same variant pairs.
  const table = await loadGaijiTable({
    gaijiFile: searchOptions.gaijiFile,
    cwd: searchOptions.cwd,
    env: searchOptions.env,
  });
  const extraVariants = table ? listVariantPairs(table).map((p) => [p.form, p.normalized] as const) : [];
  const reopen = (f: string) => openSearchEngine(f, extraVariants, searchOptions);
  const preload: PreloadOptions = {
    budgetBytes: preloadBudgetBytes((searchOptions.env ?? process.env).FANGZHI_SEARCH_PRELOAD_MB),
    // The main database when it is a local file: a page's windows read the sections of its hits there.
    textFiles: searchOptions.textSource?.kind === 'sqlite' ? [searchOptions.textSource.file] : [],
  };
  if (allowMissing && !fs.existsSync(file)) {
    return { index: new FollowingIndex(null, null, dataDir, reopen, preload), folder: createFolder(extraVariants) };
  }
  const opened = await openGazetteerSearch({ ...searchOptions, path: file });
  return { index: new FollowingIndex(opened.index, file, dataDir, reopen, preload), folder: opened.folder };
}

/**
 * Builds a new generation with `build` (given a fresh, empty index), then makes it the one in force by an atomic
 * rename of the pointer. When `build` returns a number, it is the change-log seq the new generation holds (read before
 * the build read any book), written beside it before the swap. Generations no longer in force are removed unless a
 * live process holds them or they are the one just replaced (a reader may still be moving off it).
 */
export async function buildNewGeneration(
  dataDir: string,
  build: (search: GazetteerSearch) => Promise<number | void>,
  options: SearchOptions = {},
): Promise<string> {
  fs.mkdirSync(dataDir, { recursive: true });
  const previous = activeIndexFile(dataDir);
  const name = `search-${new Date().toISOString().replace(/[-:.]/g, '')}.sqlite`;
  const file = path.join(dataDir, name);
  const search = await openGazetteerSearch({ ...options, path: file });
  let appliedSeq: number | void;
  try {
    appliedSeq = await build(search);
    // Built in bulk: its smallest segments merged before it is put in force, so its first searches read fewer rows.
    await search.index.compact?.();
  } catch (error) {
    await search.index.close();
    removeGeneration(dataDir, name);
    throw error;
  }
  await search.index.close();
  if (typeof appliedSeq === 'number') writeAppliedSeq(file, appliedSeq);
  const temp = path.join(dataDir, `${POINTER}.${process.pid}.tmp`);
  fs.writeFileSync(temp, `${name}\n`);
  fs.renameSync(temp, path.join(dataDir, POINTER));
  const entries = fs.readdirSync(dataDir);
  const generations = new Set(entries.map((e) => e.replace(COMPANION, '')).filter((b) => GENERATION.test(b)));
  for (const base of generations) {
    if (base === name || path.join(dataDir, base) === previous || isLeased(dataDir, base, entries)) continue;
    removeGeneration(dataDir, base);
  }
  return file;
}

function removeGeneration(dataDir: string, name: string): void {
  for (const entry of fs.readdirSync(dataDir)) {
    if (entry === name || (entry.startsWith(name) && COMPANION_ONLY.test(entry.slice(name.length)))) {
      fs.rmSync(path.join(dataDir, entry), { force: true, recursive: true });
    }
  }
}
