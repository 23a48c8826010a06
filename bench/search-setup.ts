/**
 * Shared by `bench:search` and `bench:load`: ingests the scaled corpus into a throwaway DATA_DIR through the real
 * service (`ingestBook`: rows and change log in one transaction, then the index in its worker threads; two books in
 * flight), and starts `bin/fangzhi serve` on it.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { constants as perfConstants, monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadConfig } from '../src/server/config.ts';
import { openConfiguredDatabase, openSearchIndex } from '../src/server/main.ts';
import { ingestBook } from '../src/server/modules/gazetteer/ingest-book.ts';
import { startBookRowsWriter } from '../src/server/modules/gazetteer/book-rows-writer.ts';
import { systemActor } from '../src/server/platform/auth/actor.ts';
import { systemClock } from '../src/server/platform/clock.ts';
import { deserializeResult } from '../src/server/platform/isolate/in-parts.ts';
import type { GazetteerSearch } from '../src/server/modules/gazetteer/open-search.ts';
import type { PreloadStatus } from '../src/server/modules/gazetteer/search/page-cache.ts';
import type { SearchWarmupStatus } from '../src/server/modules/gazetteer/search-warmup.ts';
import { fmt } from './search-texts.ts';
import type { DbHandle } from '../src/server/db/database.ts';
import type { CorpusSize, GeneratedBook, ScaledCorpus } from './search-corpus.ts';
import type { ReaderMessage, ReaderRequest } from './book-reader.ts';
import type { PackedBook } from '../src/server/modules/gazetteer/packed-book.ts';
import { lowerHelperThreadsPriority } from '../src/server/platform/thread-priority.ts';
import { watchStalls, type Stall } from './stall-watch.mjs';

/**
 * Node's version and the C allocator's settings (`GLIBC_TUNABLES`, as given in the environment) this benchmark and
 * the server it starts run with: both change what a run measures.
 */
export function runtimeNote(): string {
  const tunables = process.env.GLIBC_TUNABLES;
  return `Node ${process.version}，C 分配器${tunables ? ` GLIBC_TUNABLES=${tunables}` : '默认设置'}`;
}

/** What the thread of a stall did meanwhile, ms (see `Stall`). */
export interface StallSpent {
  run: number;
  wait: number;
  gc: number;
  /** The longest collection that overlapped the stall: its kind (`Stall`'s `gcKind`) and whole length, ms. */
  longestGc?: { kind: number; ms: number };
}

export interface IngestStats {
  wallSeconds: number;
  /** CPU seconds of this process, all threads (the index workers included). */
  cpuSeconds: number;
  /** CPU seconds of the main thread, the event loop's own (Linux; null elsewhere). */
  mainThreadCpuSeconds: number | null;
  /** Event-loop delay during ingest and, for the same time, while idle (the machine's noise floor), ms. */
  loopDelay: { p99: number; max: number; idleP99: number; idleMax: number };
  /**
   * The event loop's stalls over 30 ms during the ingest, told apart by witness processes (`startStallWitness`, and
   * which kind; absent from a manifest older than stop 36: one ordinary witness): the longest one no witness shared
   * (this process's own) with what the main thread did during it (on Linux), and how many a witness shared (a core or
   * the machine stopped: not ours to fix).
   */
  stalls: SplitStalls & { witness?: StallWitness['kind'] };
  /**
   * The longest a book's transaction held the write lock in the book-rows thread (ms), and that book's sections; null
   * without the thread (PostgreSQL, in memory). The server's own writes wait for the lock meanwhile.
   */
  longestBookWrite: { ms: number; sections: number } | null;
}

export function benchEnv(dataDir: string, corpus: Pick<ScaledCorpus, 'gaijiFile'>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...(corpus.gaijiFile ? { FANGZHI_KR_GAIJI: corpus.gaijiFile } : {}),
  };
}

export async function openBenchData(
  dataDir: string,
  corpus: Pick<ScaledCorpus, 'gaijiFile'>,
): Promise<{ handle: DbHandle; search: GazetteerSearch }> {
  const config = loadConfig(benchEnv(dataDir, corpus), dataDir);
  // As the server does (main.ts): its helper threads at the workers' priority.
  await lowerHelperThreadsPriority();
  const handle = await openConfiguredDatabase(config);
  const search = await openSearchIndex(config);
  return { handle, search };
}

async function idleDelay(ms: number): Promise<{ p99: number; max: number }> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  await new Promise((resolve) => setTimeout(resolve, ms));
  h.disable();
  return { p99: h.percentile(99) / 1e6, max: h.max / 1e6 };
}

/**
 * Writes the scaled corpus (search-corpus.ts `generateScaledCorpus`) in a thread of its own. The generator holds the
 * parsed originals, hundreds of MB of objects; in the ingesting thread they became garbage in its old generation just
 * as the ingest began, and the first collections of the ingest swept them, its scavenges waiting for that sweeping
 * (up to 100 ms, stop 35; docs/search-benchmark.md, stop 36). A server never has them: its parser is another process.
 */
export function generateCorpusApart(corpusRoot: string, size: CorpusSize, dir: string): Promise<ScaledCorpus> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./corpus-thread.mjs', import.meta.url), {
      workerData: { corpusRoot, size, dir },
    });
    let corpus: ScaledCorpus | null = null;
    worker.once('message', (value: ScaledCorpus) => (corpus = value));
    worker.once('error', reject);
    worker.once('exit', (code) =>
      corpus ? resolve(corpus) : reject(new Error(`生成语料的线程意外退出（退出码 ${code}）。`)),
    );
  });
}

/** A generated book as the server receives a parsed one: packed (packed-book.ts). */
type ReceivedBook = Omit<GeneratedBook, 'book'> & { book: PackedBook };

/**
 * The generated books, read and packed in a thread that stands for the server's parser process (book-reader.ts), and
 * read here as the server reads a parsed upload: one part per turn of the event loop (`deserializeResult`).
 */
function startBookReader(): { read(file: string): Promise<ReceivedBook>; close(): Promise<number> } {
  const worker = new Worker(new URL('./book-reader.mjs', import.meta.url));
  let nextId = 1;
  const books = new Map<
    number,
    {
      head?: Extract<ReaderMessage, { head: Uint8Array }>;
      parts: Uint8Array[][];
      resolve: (book: ReceivedBook) => void;
      reject: (error: Error) => void;
    }
  >();
  const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  worker.on('message', (m: ReaderMessage) => {
    const book = books.get(m.id);
    if (!book) return;
    if ('error' in m) book.reject(new Error(m.error));
    else if ('head' in m) book.head = m;
    else book.parts.push(m.part);
    const head = book.head;
    if ('error' in m || !head || book.parts.length < head.partCount) return;
    books.delete(m.id);
    deserializeResult(head.head, head.path, book.parts, nextTurn).then(
      (value) => book.resolve(value as ReceivedBook),
      book.reject,
    );
  });
  return {
    read: (file) =>
      new Promise<ReceivedBook>((resolve, reject) => {
        const id = nextId++;
        books.set(id, { parts: [], resolve, reject });
        worker.postMessage({ id, file } satisfies ReaderRequest);
      }),
    close: () => worker.terminate(),
  };
}

/**
 * Ingests every generated book, published, through `ingestBook`, `inFlight` books at a time (default 2: one book's
 * index work overlaps the next one's rows, and two books' index work overlaps in the index's workers).
 */
export async function ingestCorpus(
  corpus: ScaledCorpus,
  data: { handle: DbHandle; search: GazetteerSearch },
  onBook?: (done: number, total: number) => void,
  options: { inFlight?: number } = {},
): Promise<IngestStats> {
  // As the server does on an SQLite file: the rows are written in a thread of their own (book-rows-writer.ts).
  const sqlite = data.handle.sqlite;
  let longestBookWrite: IngestStats['longestBookWrite'] = null;
  const bookRows =
    sqlite && !sqlite.memory
      ? startBookRowsWriter(sqlite.name, {
          onWritten: (ms, sections) => {
            if (!longestBookWrite || ms > longestBookWrite.ms) longestBookWrite = { ms, sections };
          },
        })
      : undefined;
  const deps = { db: data.handle.db, clock: systemClock, search: data.search, bookRows };
  const witness = await startStallWitness();
  const reader = startBookReader();
  const h = monitorEventLoopDelay({ resolution: 5 });
  const cpu = process.cpuUsage();
  const mainCpu = mainThreadCpuSeconds();
  const ownStalls = watchStalls(STALL_MS);
  const started = performance.now();
  h.enable();
  let next = 0;
  let done = 0;
  const lane = async (): Promise<void> => {
    while (next < corpus.books.length) {
      const entry = corpus.books[next++] as ScaledCorpus['books'][number];
      const { book, region, year } = await reader.read(entry.file);
      await ingestBook(
        deps,
        systemActor('cli'),
        { book, format: 'kanripo', sourceName: path.basename(entry.file) },
        { published: true, type: '省志', region: region ?? undefined, year },
      );
      onBook?.(++done, corpus.books.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.inFlight ?? 2) }, lane));
  } finally {
    await reader.close();
    await bookRows?.close();
  }
  const mine = ownStalls.stop();
  const theirs = await witness.stop();
  const wallSeconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const mainCpuAfter = mainThreadCpuSeconds();
  // The histogram records a stall when its timer runs after it: let it run once before reading it.
  await new Promise((resolve) => setTimeout(resolve, 20));
  h.disable();
  const idle = await idleDelay(Math.min(10_000, wallSeconds * 1000));
  return {
    wallSeconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    mainThreadCpuSeconds: mainCpu === null || mainCpuAfter === null ? null : mainCpuAfter - mainCpu,
    stalls: { ...splitStalls(mine, theirs), witness: witness.kind },
    longestBookWrite,
    loopDelay: { p99: h.percentile(99) / 1e6, max: h.max / 1e6, idleP99: idle.p99, idleMax: idle.max },
  };
}

/**
 * A stall (stall-watch.mjs): from the last time a timer ran on time to when it ran late, CLOCK_MONOTONIC ms; then,
 * where it was measured (Linux), what the stalled thread did meanwhile: ms on a core and ms runnable but waiting for one
 * (`/proc/<pid>/task/<tid>/schedstat`), and ms of its own garbage collection overlapping it. The rest of a stall the
 * thread slept: inside a collection, on something the collector waited for (docs/search-benchmark.md, stop 35), or in
 * a blocking call; when the whole machine stopped, `run` counts time the guest thought it ran and the witness stalls
 * too.
 */
export type { Stall };

/**
 * This event loop's stalls over `STALL_MS`, as the 2 ms timer that notices each sees it. Kept beside the
 * `monitorEventLoopDelay` histogram on purpose: the histogram is the issue's measure (its p99 and max are what the
 * report prints as the loop's delay), but it has no times, and a stall can only be told from the machine's freezes by
 * when it happened (the witness's stalls are matched against these by overlap).
 */
const STALL_MS = 30;

/**
 * Witnesses: separate Node processes with nothing to do but notice their own 2 ms timer running late. On these shared
 * machines a core sometimes stops for ~100 ms (the host runs something else on it: seen at stop 29 with a sampling
 * process, and at stop 36 one core at a time, the thread on it counted as running throughout); a stall of the
 * ingest's or the server's event loop during which a witness stalled as well is the machine's, not ours.
 *
 * One witness per core, pinned to it and at real-time priority (`taskset`, `chrt -f 1`), so a witness is late only
 * when its core stopped — a single ordinary witness misses a stop of the other core and, being an ordinary process,
 * is late whenever the busy cores serve it late too. Where that is not permitted (no `taskset`/`chrt`, no right to
 * real-time priority) one ordinary witness instead; `kind` says which. Resolves once every witness runs its timer, so
 * their start-up (tens of ms of CPU each, at real-time priority) is not inside what they witness.
 */
export interface StallWitness {
  kind: 'per-core' | 'plain';
  /** Ends the witnesses; their stalls merged (overlapping ones joined), [from, to] monotonic ms. */
  stop(): Promise<Stall[]>;
}

export async function startStallWitness(): Promise<StallWitness> {
  const cores = Math.min(os.availableParallelism(), 16);
  if (process.platform === 'linux') {
    const pinned = await Promise.all(
      Array.from({ length: cores }, (_, core) =>
        startWitness(['taskset', '-c', String(core), 'chrt', '-f', '1', process.execPath]),
      ),
    );
    const started = pinned.filter((w) => w !== null);
    if (started.length === cores) return { kind: 'per-core', stop: () => stopWitnesses(started) };
    await stopWitnesses(started);
  }
  const plain = await startWitness([process.execPath]);
  return { kind: 'plain', stop: () => stopWitnesses(plain ? [plain] : []) };
}

/** A witness started by `command` (then `-e` and its source); null when it did not start. */
function startWitness(command: string[]): Promise<{ stop(): Promise<Stall[]> } | null> {
  const source = `
    const now = () => Number(process.hrtime.bigint()) / 1e6;
    const stalls = [];
    let last = now();
    const timer = setInterval(() => { const t = now(); if (t - last > ${STALL_MS / 2}) stalls.push([last, t]); last = t; }, 2);
    process.stdout.write('ready\\n');
    process.stdin.on('data', () => { clearInterval(timer); process.stdout.write(JSON.stringify(stalls)); process.exit(0); });
  `;
  return new Promise((resolve) => {
    const child = spawn(command[0] as string, [...command.slice(1), '-e', source], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let out = '';
    let ready = false;
    const exited = new Promise<void>((done) => child.once('close', () => done()));
    child.once('error', () => resolve(null));
    void exited.then(() => resolve(null));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (ready || !out.startsWith('ready\n')) return;
      ready = true;
      out = out.slice('ready\n'.length);
      resolve({
        async stop() {
          child.stdin.write('stop\n');
          await exited;
          try {
            return JSON.parse(out) as Stall[];
          } catch {
            return [];
          }
        },
      });
    });
  });
}

/** Stops the witnesses; their stalls as one sorted list, overlapping ones joined (a stall of two cores counts once). */
async function stopWitnesses(witnesses: { stop(): Promise<Stall[]> }[]): Promise<Stall[]> {
  const all = (await Promise.all(witnesses.map((w) => w.stop()))).flat().sort((x, y) => x[0] - y[0]);
  const merged: Stall[] = [];
  for (const [from, to] of all) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/**
 * The own stalls (none of the witness's overlapping half of it) and the shared ones; with the longest own stall, what
 * its thread did meanwhile when that was measured (see `Stall`).
 */
export interface SplitStalls {
  ownMax: number;
  shared: number;
  sharedMax: number;
  ownMaxSpent?: StallSpent;
}

export function splitStalls(mine: Stall[], theirs: Stall[]): SplitStalls {
  let ownMax = 0;
  let ownMaxStall: Stall | null = null;
  let shared = 0;
  let sharedMax = 0;
  for (const stall of mine) {
    const [a, b] = stall;
    const overlap = theirs.reduce((n, [c, d]) => n + Math.max(0, Math.min(b, d) - Math.max(a, c)), 0);
    if (overlap * 2 >= b - a) {
      shared++;
      sharedMax = Math.max(sharedMax, b - a);
    } else if (b - a > ownMax) {
      ownMax = b - a;
      ownMaxStall = stall;
    }
  }
  const [, , run, wait, gc, kind, longest] = ownMaxStall ?? [];
  const longestGc = kind !== undefined && longest !== undefined ? { longestGc: { kind, ms: longest } } : {};
  return {
    ownMax,
    shared,
    sharedMax,
    ...(run !== undefined && wait !== undefined ? { ownMaxSpent: { run, wait, gc: gc ?? 0, ...longestGc } } : {}),
  };
}

/** Who told the stalls apart, for the report (no kind: a manifest older than stop 36, one ordinary witness). */
export function describeWitness(kind: StallWitness['kind'] | undefined): string {
  return kind === 'per-core'
    ? '每核一个见证进程（钉在该核、实时优先级、只看自己 2 ms 定时器的 Node 进程）'
    : '见证进程（另一个只看自己 2 ms 定时器的 Node 进程）';
}

/**
 * A collection's kind (a `gc` entry's `detail.kind`, `Stall`'s `gcKind`) as the reports name it, by `perf_hooks`
 * constants.
 */
export function gcKindName(kind: number | undefined): string {
  if (kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) return '新生代清除';
  if (kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) return '标记整理';
  if (kind === perfConstants.NODE_PERFORMANCE_GC_INCREMENTAL) return '增量标记';
  if (kind === perfConstants.NODE_PERFORMANCE_GC_WEAKCB) return '弱回调处理';
  return `类型 ${kind}`;
}

/**
 * What a stall's thread did meanwhile, for the report: “运行 x、等核 y、垃圾回收 z ms”, and the longest collection in
 * it with its kind and whole length.
 */
export function describeStallSpent(spent: StallSpent | undefined): string {
  if (!spent) return '';
  const longest = spent.longestGc
    ? `，其中最长一次${gcKindName(spent.longestGc.kind)} ${fmt(spent.longestGc.ms)} ms`
    : '';
  return `（其间主线程运行 ${fmt(spent.run)}、等核 ${fmt(spent.wait)}、垃圾回收 ${fmt(spent.gc)} ms${longest}）`;
}

/** CPU seconds of this process's main thread so far (`/proc/self/task/<pid>/stat`, ticks of 10 ms); null off Linux. */
function mainThreadCpuSeconds(): number | null {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** The server's event-loop delay over one phase (`bench/loop-probe.mjs`), ms; raw values include the 5 ms interval. */
export interface LoopDelay {
  seconds: number;
  samples: number;
  p50: number;
  p99: number;
  max: number;
  /** The phase's stalls over 30 ms, [from, to] in monotonic ms (absent from an older probe). */
  stalls?: Stall[];
}

/** How a server's page-cache preload went, for the log and the report. */
export function describePreload(p: PreloadStatus | null, seconds: number): string {
  if (!p) return '未报告页缓存预读';
  if (p.state === 'off') return '页缓存预读已关闭（FANGZHI_SEARCH_PRELOAD_MB=0）';
  const skipped = p.skippedFiles > 0 ? `，${p.skippedFiles} 个文件超出预算未读` : '';
  const state = p.state === 'done' ? '' : `，${p.state === 'running' ? '未完成' : '中止'}`;
  return `启动后预读索引与主库 ${fmt(p.bytes / 1e6)} MB 入页缓存（${fmt((p.ms ?? 0) / 1000)} s${skipped}${state}，启动后 ${fmt(seconds)} s 完成）`;
}

/** The searches a server ran on itself once ready (search-warmup.ts), for the log and the report. */
export function describeWarmup(w: SearchWarmupStatus | null): string {
  if (!w) return '未报告检索预热';
  const state = { waiting: '未开始', running: '未完成', done: '', failed: '，失败', stopped: '，已停止' }[w.state];
  return `自行预热检索 ${w.searches} 次（${fmt((w.ms ?? NaN) / 1000)} s${state}）`;
}

export interface BenchServer {
  url: string;
  pid: number;
  /**
   * Seconds from spawn until /api/health answered, until it said the search index is ready, and until the server had
   * read its files into the page cache (`searchIndex.preload`; NaN when it reported none).
   */
  startSeconds: { health: number; ready: number; preloaded: number };
  /** The server's page-cache preload as /api/health last reported it (null: none reported). */
  preload: PreloadStatus | null;
  /** The searches the server ran on itself once ready, as /api/health last reported them (null: none reported). */
  warmup: SearchWarmupStatus | null;
  /** The event-loop delay from process start until /api/health first answered (code loading, migrations, open). */
  bootLoop: LoopDelay | null;
  /** The server's event-loop delay since the previous call (the first call: since /api/health first answered). */
  rssBytes(field?: 'VmRSS' | 'VmHWM'): number;
  cpuSeconds(): number;
  loopDelay(): Promise<LoopDelay>;
  /**
   * Ends the witness process started beside the server and returns its stalls (the machine's freezes, to split the
   * phases' stalls with `splitStalls`); the same list on every later call.
   */
  witnessStalls(): Promise<Stall[]>;
  /** Which witnesses ran beside the server (`startStallWitness`). */
  witnessKind: StallWitness['kind'];
  stop(): Promise<void>;
}

/**
 * `bin/fangzhi serve` on the data dir, with `bench/loop-probe.mjs` preloaded; resolves once /api/health answers and
 * says the search index is ready (a server that finds no index builds it in the background).
 */
export async function startBenchServer(
  repoRoot: string,
  dataDir: string,
  corpus: Pick<ScaledCorpus, 'gaijiFile'>,
): Promise<BenchServer> {
  const port = await freePort();
  const probeFile = path.join(os.tmpdir(), `fangzhi-loop-probe-${process.pid}-${port}.json`);
  const probe = pathToFileURL(path.join(repoRoot, 'bench', 'loop-probe.mjs')).href;
  const env = benchEnv(dataDir, corpus);
  const witness = await startStallWitness();
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/fangzhi'), 'serve'], {
    env: {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      FANGZHI_ADMIN_PASSWORD: 'bench-admin-password-1',
      FANGZHI_LOOP_PROBE: probeFile,
      NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --import ${probe}`.trim(),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const pid = child.pid as number;
  let witnessed: Promise<Stall[]> | null = null;
  const witnessStalls = () => (witnessed ??= witness.stop());
  let seq = 0;
  const loopDelay = async (): Promise<LoopDelay> => {
    seq++;
    process.kill(pid, 'SIGUSR2');
    const asked = performance.now();
    for (;;) {
      try {
        const stats = JSON.parse(readFileSync(probeFile, 'utf8')) as LoopDelay & { seq: number };
        if (stats.seq === seq) return stats;
      } catch {
        // not written yet
      }
      if (performance.now() - asked > 60_000) throw new Error('服务未报告事件循环延迟（loop-probe 未加载？）');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const startSeconds = { health: NaN, ready: NaN, preloaded: NaN };
  let preload: PreloadStatus | null = null;
  let warmup: SearchWarmupStatus | null = null;
  let bootLoop: LoopDelay | null = null;
  for (;;) {
    if (child.exitCode !== null) {
      await witnessStalls();
      throw new Error(`服务启动失败（退出码 ${child.exitCode}）`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) {
        const body = (await res.json()) as {
          searchIndex?: { state?: string; preload?: PreloadStatus; warmup?: SearchWarmupStatus };
        };
        if (Number.isNaN(startSeconds.health)) {
          startSeconds.health = (performance.now() - started) / 1000;
          // Loading the code (tsx compiles it on the main thread), migrations, opening the index: boot, reported apart.
          bootLoop = await loopDelay();
        }
        if (Number.isNaN(startSeconds.ready) && (!body.searchIndex || body.searchIndex.state === 'ready'))
          startSeconds.ready = (performance.now() - started) / 1000;
        preload = body.searchIndex?.preload ?? null;
        warmup = body.searchIndex?.warmup ?? null;
        const warming = warmup !== null && (warmup.state === 'waiting' || warmup.state === 'running');
        // Then the page-cache preload the server starts once warmed (up to 30 s for it to be reported at all), and the
        // searches it runs on itself.
        if (!Number.isNaN(startSeconds.ready) && !warming) {
          if (preload && preload.state !== 'running') {
            startSeconds.preloaded = (performance.now() - started) / 1000;
            break;
          }
          if (!preload && (performance.now() - started) / 1000 - startSeconds.ready > 30) break;
        }
      }
    } catch {
      // not listening yet
    }
    if (performance.now() - started > 3_600_000) {
      await witnessStalls();
      child.kill('SIGTERM');
      throw new Error('服务未能在 1 小时内就绪');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    pid,
    startSeconds,
    preload,
    warmup,
    bootLoop: bootLoop as LoopDelay | null,
    rssBytes(field = 'VmRSS') {
      const kb = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      return kb ? Number(kb) * 1024 : 0;
    },
    cpuSeconds() {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    loopDelay,
    witnessStalls,
    witnessKind: witness.kind,
    async stop() {
      await witnessStalls();
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(probeFile, { force: true });
    },
  };
}
