/**
 * `node bin/run-ts bench/ingest-db.bench.ts [--scale 1] [--books K] [--index real|stub] [--in-flight 2] [--corpus DIR]
 * [--heap-snapshot FILE]`: ingest throughput of the scaled corpus through `ingestCorpus` (the bench's driver,
 * `ingestBook` per book), on the database DATABASE_URL names (PostgreSQL) or a throwaway SQLite file.
 *
 * `--index stub` replaces the search index with one that accepts every write at once, so the figures are the main
 * database's side alone (rows, audit, change log, commit, and preparing the sections for the index on the main thread).
 * `--corpus DIR` keeps the generated corpus there and reuses it on the next run. Besides throughput it prints the main
 * thread's CPU seconds, the event loop's delay during the ingest, its stalls over 30 ms split into its own and those a
 * witness process shared (the machine's), and the main thread's GC pauses (count, total, over 20 and 40 ms, the
 * longest with their kind); the main thread's heap every 20 books, and with `--heap-snapshot FILE` a snapshot of it
 * after the ingest.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import type { SearchIndex } from '../src/server/modules/gazetteer/search/search-index.ts';
import { findCorpusRoot, type ScaledCorpus } from './search-corpus.ts';
import { describeStallSpent, gcKindName, generateCorpusApart, ingestCorpus, openBenchData } from './search-setup.ts';

function readArg(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

/** Every write accepted at once; reads answer nothing (nothing here searches). */
function stubIndex(): SearchIndex {
  const done = () => Promise.resolve();
  return {
    indexBook: done,
    indexSection: done,
    removeBook: done,
    setBookPublished: done,
    search: () => Promise.reject(new Error('stub index')),
    count: () => Promise.resolve({ total: 0, sections: 0 }),
    kwic: () => Promise.resolve([]),
    searchText: () => Promise.resolve(null),
    close: done,
  };
}

/**
 * The corpus in `dir` when an earlier run left it there (its list, kept in the marker file, so no book is read here:
 * a book read in this process would be garbage in the ingest's heap, as the generator's was), else a new one.
 */
async function loadOrGenerate(repoRoot: string, scale: number, dir: string, maxBooks: number): Promise<ScaledCorpus> {
  const marker = path.join(dir, `.scale-${scale}-books-${maxBooks}.json`);
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8')) as ScaledCorpus;
  const corpusRoot = findCorpusRoot(repoRoot);
  if (!corpusRoot) {
    console.error('未找到语料目录 ../shared/corpus/kanripo。');
    process.exit(2);
  }
  rmSync(dir, { recursive: true, force: true });
  const corpus = await generateCorpusApart(corpusRoot, { copies: scale, maxBooks }, dir);
  writeFileSync(marker, JSON.stringify(corpus));
  return corpus;
}

/** The main thread's heap: used, and the old generation's used and committed sizes, MB. */
function heapLine(): string {
  const mb = (n: number) => (n / 1048576).toFixed(0);
  const old = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'old_space');
  const used = v8.getHeapStatistics().used_heap_size;
  return `已用 ${mb(used)} MB，老生代 ${old ? `${mb(old.space_used_size)} / ${mb(old.space_size)}` : '—'} MB`;
}

async function main(): Promise<void> {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const scale = Number(readArg('scale') ?? 1);
  const maxBooks = Number(readArg('books') ?? Infinity);
  const stub = readArg('index') === 'stub';
  const work = mkdtempSync(path.join(os.tmpdir(), 'fangzhi-ingest-bench-'));
  const corpusDir = readArg('corpus') ?? path.join(work, 'corpus');
  const corpus = await loadOrGenerate(repoRoot, scale, corpusDir, maxBooks);
  const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
  log(
    `语料：${corpus.books.length} 本，${(corpus.chars / 1e6).toFixed(1)} M 字；索引：${stub ? '替身（只测数据库一侧）' : '真实'}`,
  );
  const data = await openBenchData(path.join(work, 'data'), corpus);
  if (stub) {
    await data.search.index.close();
    data.search = { ...data.search, index: stubIndex() };
  }
  // The main thread's collections during the ingest: how long the young generation's copies held its event loop.
  const gcPauses: number[] = [];
  const gcLongest: { ms: number; kind: string }[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcPauses.push(entry.duration);
      if (entry.duration > 20)
        gcLongest.push({
          ms: entry.duration,
          kind: gcKindName((entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind),
        });
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  try {
    const stats = await ingestCorpus(
      corpus,
      data,
      (done, total) => {
        if (done % 20 === 0 || done === total) log(`导入 ${done}/${total}；主线程堆 ${heapLine()}`);
      },
      { inFlight: Number(readArg('in-flight') ?? 2) },
    );
    gcObserver.disconnect();
    const snapshotTo = readArg('heap-snapshot');
    if (snapshotTo) log(`主线程堆快照：${v8.writeHeapSnapshot(snapshotTo)}`);
    const mchars = corpus.chars / 1e6;
    log(
      `${data.handle.dialect}, index ${stub ? 'stub' : 'real'}: ${mchars.toFixed(1)} M chars in ${stats.wallSeconds.toFixed(1)} s wall ` +
        `= ${(mchars / stats.wallSeconds).toFixed(2)} M chars/s; CPU ${stats.cpuSeconds.toFixed(1)} s ` +
        `= ${(mchars / stats.cpuSeconds).toFixed(2)} M chars per CPU-second` +
        (stats.mainThreadCpuSeconds === null ? '' : ` (main thread ${stats.mainThreadCpuSeconds.toFixed(1)} s)`) +
        `; event loop p99 ${stats.loopDelay.p99.toFixed(1)} ms, ` +
        `max ${stats.loopDelay.max.toFixed(1)} ms (idle p99 ${stats.loopDelay.idleP99.toFixed(1)} ms, max ${stats.loopDelay.idleMax.toFixed(1)} ms)`,
    );
    log(
      `event loop stalls over 30 ms: longest of its own ${stats.stalls.ownMax.toFixed(1)} ms${describeStallSpent(stats.stalls.ownMaxSpent)}; ` +
        `${stats.stalls.shared} shared with a witness (${stats.stalls.witness === 'per-core' ? 'one per core, real-time' : 'one ordinary process'}: a core's or the machine's), longest ${stats.stalls.sharedMax.toFixed(1)} ms`,
    );
    const held = stats.longestBookWrite;
    if (held)
      log(
        `longest book transaction in the book-rows thread: ${held.ms.toFixed(0)} ms (${held.sections} sections), the write lock held meanwhile`,
      );
    log(
      `main thread GC: ${gcPauses.length} pauses, ${gcPauses.reduce((a, b) => a + b, 0).toFixed(0)} ms in all, ` +
        `${gcPauses.filter((d) => d > 20).length} over 20 ms, ${gcPauses.filter((d) => d > 40).length} over 40 ms, ` +
        `max ${Math.max(0, ...gcPauses).toFixed(1)} ms` +
        (gcLongest.length > 0
          ? `; over 20 ms: ${gcLongest
              .sort((a, b) => b.ms - a.ms)
              .slice(0, 8)
              .map((g) => `${g.ms.toFixed(1)} ${g.kind}`)
              .join(', ')}`
          : ''),
    );
  } finally {
    await data.search.index.close();
    await data.handle.close();
    rmSync(path.join(work, 'data'), { recursive: true, force: true });
    if (!readArg('corpus')) rmSync(work, { recursive: true, force: true });
  }
}

await main();
