/**
 * What `bench:search` and `bench:load` share besides ingest: arguments, percentiles, the search texts written once to
 * a file (one JSON line per section: exactly what our index searches) and read back as a stream — Groonga's input, the
 * query sample and the brute-force reference, at any corpus size in constant memory — and disk usage.
 */
import { Worker } from 'node:worker_threads';
import { closeSync, createReadStream, openSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { findBooks, findToc } from '../src/server/modules/gazetteer/gazetteer.repository.ts';
import type { SearchIndex } from '../src/server/modules/gazetteer/search/search-index.ts';
import type { DbHandle } from '../src/server/db/database.ts';
import type { GroongaDoc } from './groonga-engine.ts';

/** `--name value` as a positive number, else `fallback`. */
export function readArg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** `--name value` as a string, or undefined. */
export function readStringArg(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
export const mb = (bytes: number) => (Number.isFinite(bytes) ? `${fmt(bytes / 1e6, 0)} MB` : '—');

/** Bytes allocated on disk under `target` (a file or a directory, recursively). */
export function diskUsage(target: string): number {
  const st = statSync(target, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.blocks * 512;
  return readdirSync(target).reduce((sum, name) => sum + diskUsage(path.join(target, name)), 0);
}

/** RSS and peak RSS (VmHWM) of a process (default: this one), bytes; NaN when it is gone. */
export function processRss(pid: number | 'self' = 'self'): { rss: number; peak: number } {
  let text = '';
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    // gone
  }
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(text)?.[1] ?? NaN) * 1024;
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

/**
 * What a process had read from the disk (`read_bytes` of /proc/PID/io: page-cache misses) and its page faults, with
 * the machine's time waiting on I/O (iowait of /proc/stat, ms summed over the cores), and the time its threads ran and
 * waited for a core (/proc/PID/task/TID/schedstat, summed over the threads): sampled before and after a query, the
 * difference says whether a slow query worked, waited on the disk, or waited for a core.
 */
export interface IoSample {
  readBytes: number;
  majorFaults: number;
  minorFaults: number;
  iowaitMs: number;
  /** Time the process's threads ran on a core, ms. */
  cpuMs: number;
  /** Time they were ready to run but waited for a core, ms. */
  runQueueMs: number;
}

function schedstat(pid: number | 'self'): { cpuMs: number; runQueueMs: number } {
  let cpu = 0;
  let wait = 0;
  for (const thread of machineSample([pid === 'self' ? process.pid : pid]).values()) {
    cpu += thread.ns;
    wait += thread.waitNs;
  }
  return { cpuMs: cpu / 1e6, runQueueMs: wait / 1e6 };
}

export function ioSample(pid: number | 'self' = 'self'): IoSample {
  try {
    const io = readFileSync(`/proc/${pid}/io`, 'utf8');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/) ?? [];
    const ticks = 1000 / 100;
    return {
      readBytes: Number(/read_bytes:\s+(\d+)/.exec(io)?.[1] ?? NaN),
      minorFaults: Number(stat[7]),
      majorFaults: Number(stat[9]),
      iowaitMs: Number(cpu[5]) * ticks,
      ...schedstat(pid),
    };
  } catch {
    return { readBytes: NaN, majorFaults: NaN, minorFaults: NaN, iowaitMs: NaN, cpuMs: NaN, runQueueMs: NaN };
  }
}

export function ioDelta(before: IoSample, after: IoSample): IoSample {
  return {
    readBytes: after.readBytes - before.readBytes,
    majorFaults: after.majorFaults - before.majorFaults,
    minorFaults: after.minorFaults - before.minorFaults,
    iowaitMs: after.iowaitMs - before.iowaitMs,
    cpuMs: after.cpuMs - before.cpuMs,
    runQueueMs: after.runQueueMs - before.runQueueMs,
  };
}

/**
 * Every thread on the machine (or of the processes `only`) with its time on a core so far and its time waiting for one
 * (/proc/PID/task/TID/schedstat, ns), keyed by thread id, named "process/thread" (their `comm`). About 7 ms for the
 * whole machine here, 1 ms for two processes. Sampled before and after a query, `othersDuring` says which other threads of
 * the machine ran meanwhile: the ones a search that waited for a core waited behind.
 */
export type MachineSample = Map<string, { pid: number; name: string; thread: string; ns: number; waitNs: number }>;

const commOf = (file: string) => {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '?';
  }
};

export function machineSample(only?: readonly number[]): MachineSample {
  const sample: MachineSample = new Map();
  let pids: string[];
  try {
    pids = only ? only.map(String) : readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return sample;
  }
  for (const pid of pids) {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    const processName = commOf(`/proc/${pid}/comm`);
    for (const tid of tids) {
      try {
        const [ns, waitNs] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
        const thread = tid === pid ? 'main' : commOf(`/proc/${pid}/task/${tid}/comm`);
        const name = tid === pid ? processName : `${processName}/${thread}`;
        sample.set(tid, { pid: Number(pid), name, thread, ns: ns ?? NaN, waitNs: waitNs ?? NaN });
      } catch {
        // the thread ended meanwhile
      }
    }
  }
  return sample;
}

/**
 * What the machine's threads other than `exclude`'s processes ran between two samples, ms, the busiest first, grouped
 * by name (a thread that started meanwhile counts from zero): "beam.smp/1_scheduler 12.3, …".
 */
/** What `pid`'s own threads ran and waited for a core between two samples, ms, grouped by thread name: "fz-search 9.1/12.0, …". */
export function threadsDuring(before: MachineSample, after: MachineSample, pid: number): string {
  const byName = new Map<string, [number, number]>();
  for (const [tid, now] of after) {
    if (now.pid !== pid) continue;
    const was = before.get(tid);
    const ran = (now.ns - (was?.ns ?? 0)) / 1e6;
    const waited = (now.waitNs - (was?.waitNs ?? 0)) / 1e6;
    if (ran + waited < 0.1) continue;
    const sum = byName.get(now.thread) ?? [0, 0];
    byName.set(now.thread, [sum[0] + ran, sum[1] + waited]);
  }
  const busiest = [...byName.entries()].sort((a, b) => b[1][0] + b[1][1] - (a[1][0] + a[1][1]));
  return busiest.length === 0
    ? '—'
    : busiest.map(([name, [ran, waited]]) => `${name} ${ran.toFixed(1)}/${waited.toFixed(1)}`).join('，');
}

export function othersDuring(before: MachineSample, after: MachineSample, exclude: number[], top = 4): string {
  const byName = new Map<string, number>();
  for (const [tid, now] of after) {
    if (exclude.includes(now.pid)) continue;
    const ran = (now.ns - (before.get(tid)?.ns ?? 0)) / 1e6;
    if (ran >= 0.1) byName.set(now.name, (byName.get(now.name) ?? 0) + ran);
  }
  const total = [...byName.values()].reduce((a, b) => a + b, 0);
  const busiest = [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return total < 0.1
    ? '—'
    : `${total.toFixed(1)}：${busiest.map(([name, ms]) => `${name} ${ms.toFixed(1)}`).join('，')}`;
}

export interface SearchTextStats {
  sections: number;
  books: number;
  /** UTF-16 units of search text. */
  chars: number;
  /** UTF-8 bytes of search text. */
  bytes: number;
  seconds: number;
}

/**
 * Writes every indexed section's search text (folded, as the index searches it) to `file`, one JSON line per section
 * `{"i":id,"b":book,"p":published,"t":text}`, books in id order, sections in order. Asks the index a few sections at a
 * time (its workers answer in parallel) and writes as it goes.
 */
export async function writeSearchTexts(
  data: { handle: DbHandle; search: { index: SearchIndex } },
  file: string,
  onBook?: (done: number, total: number) => void,
): Promise<SearchTextStats> {
  const started = performance.now();
  const books = (await findBooks(data.handle.db, { publishedOnly: false })).sort((a, b) => a.id - b.id);
  const fd = openSync(file, 'w');
  const stats: SearchTextStats = { sections: 0, books: books.length, chars: 0, bytes: 0, seconds: 0 };
  try {
    for (const [n, book] of books.entries()) {
      const ids = (await findToc(data.handle.db, book.id)).map((s) => s.id);
      const published = Boolean(book.is_published);
      for (let i = 0; i < ids.length; i += 8) {
        const chunk = ids.slice(i, i + 8);
        const texts = await Promise.all(chunk.map((id) => data.search.index.searchText(id, { fold: true })));
        let out = '';
        chunk.forEach((id, k) => {
          const text = texts[k];
          if (text === null || text === undefined) return;
          out += `${JSON.stringify({ i: id, b: book.id, p: published, t: text })}\n`;
          stats.sections++;
          stats.chars += text.length;
          stats.bytes += Buffer.byteLength(text);
        });
        writeSync(fd, out);
      }
      onBook?.(n + 1, books.length);
    }
  } finally {
    closeSync(fd);
  }
  stats.seconds = (performance.now() - started) / 1000;
  return stats;
}

/** The sections of a search-text file, streamed. */
export async function* readSearchTexts(file: string): AsyncGenerator<GroongaDoc> {
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line === '') continue;
      const { i, b, p, t } = JSON.parse(line) as { i: number; b: number; p: boolean; t: string };
      yield { id: i, book: b, published: p, body: t };
    }
  } finally {
    // A reader that stops early (the query sample) must not leave the file open.
    lines.close();
    input.destroy();
  }
}

/**
 * Queries for each length: Han substrings starting at uniformly random positions of the search text (frequent words
 * come up as often as they occur), `perLength` distinct ones each, deterministic for a seed. One pass over the file:
 * the positions are drawn first (`tries` per query), sorted, and read on the way.
 */
export async function sampleQueries(
  file: string,
  totalChars: number,
  lengths: readonly number[],
  perLength: number,
  random: () => number,
): Promise<Map<number, string[]>> {
  const tries = perLength * 40;
  const draws: { at: number; length: number; order: number; found?: string }[] = [];
  for (const length of lengths)
    for (let k = 0; k < tries; k++) draws.push({ at: Math.floor(random() * totalChars), length, order: k });
  const byPosition = [...draws].sort((a, b) => a.at - b.at);
  const han = /^\p{Script=Han}+$/u;
  let next = 0;
  let offset = 0;
  for await (const d of readSearchTexts(file)) {
    const end = offset + d.body.length;
    for (; next < byPosition.length && (byPosition[next] as (typeof draws)[number]).at < end; next++) {
      const draw = byPosition[next] as (typeof draws)[number];
      const at = draw.at - offset;
      const candidate = [...d.body.slice(at, at + draw.length * 2)].slice(0, draw.length).join('');
      if ([...candidate].length === draw.length && han.test(candidate)) draw.found = candidate;
    }
    offset = end;
    if (next >= byPosition.length) break;
  }
  const queries = new Map<number, string[]>();
  for (const length of lengths) {
    const picked = new Set<string>();
    for (const draw of draws)
      if (draw.length === length && draw.found && picked.size < perLength) picked.add(draw.found);
    queries.set(length, [...picked]);
  }
  return queries;
}

/** Occurrences (overlapping, as the index counts them) of each query over every search text: one streaming pass. */
export async function bruteForceTotals(file: string, queries: readonly string[]): Promise<Map<string, number>> {
  const totals = new Map<string, number>(queries.map((q) => [q, 0]));
  for await (const d of readSearchTexts(file))
    for (const q of queries) {
      let n = 0;
      for (let at = d.body.indexOf(q); at >= 0; at = d.body.indexOf(q, at + 1)) n++;
      if (n > 0) totals.set(q, (totals.get(q) as number) + n);
    }
  return totals;
}

/** Times GET /api/health every `everyMs` until stopped: the server's responsiveness seen from outside. */
/**
 * Times `healthPath` every `everyMs` from a worker thread of its own (`health-probe.mjs`): measured from the load
 * client's event loop, the health latency would include that loop's own queueing behind 100 connections of answers.
 */
export function pollHealth(url: string, everyMs = 100, healthPath = '/api/health') {
  const worker = new Worker(new URL('./health-probe.mjs', import.meta.url), {
    workerData: { url, everyMs, path: healthPath },
  });
  const done = new Promise<{ times: number[]; failures: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    async stop() {
      worker.postMessage('stop');
      const { times, failures } = await done;
      await worker.terminate();
      return {
        count: times.length,
        failures,
        p50: percentile(times, 50),
        p99: percentile(times, 99),
        max: times.length ? Math.max(...times) : NaN,
      };
    },
  };
}
export type HealthStats = Awaited<ReturnType<ReturnType<typeof pollHealth>['stop']>>;

export const BOOLEAN_KINDS = ['AND', 'OR', 'NOT', 'NEAR'] as const;
export type BooleanKind = (typeof BOOLEAN_KINDS)[number];

/**
 * `perKind` queries of each combination from the sampled terms: ours and Groonga's spelling of it (null: not compared).
 * Terms are quoted for both; one holding a quote or a space is not used.
 */
export function booleanQueries(
  sampled: Map<number, string[]>,
  perKind: number,
  random: () => number,
): { kind: BooleanKind; ours: string; groonga: string | null }[] {
  const usable = (lengths: number[]) =>
    [...new Set(lengths.flatMap((l) => sampled.get(l) ?? []))].filter((term) => !/["\s]/u.test(term));
  const short = usable([1, 2, 3]);
  const long = usable([2, 3, 4]);
  const out: { kind: BooleanKind; ours: string; groonga: string | null }[] = [];
  for (const kind of BOOLEAN_KINDS) {
    const pool = kind === 'NEAR' ? long : short;
    if (pool.length < 2) continue;
    for (let n = 0; n < perKind; n++) {
      const a = pool[Math.floor(random() * pool.length)] as string;
      let b = a;
      while (b === a) b = pool[Math.floor(random() * pool.length)] as string;
      if (kind === 'AND') out.push({ kind, ours: `"${a}" "${b}"`, groonga: `"${a}" "${b}"` });
      else if (kind === 'OR') out.push({ kind, ours: `"${a}" OR "${b}"`, groonga: `"${a}" OR "${b}"` });
      else if (kind === 'NOT') out.push({ kind, ours: `"${a}" -"${b}"`, groonga: `"${a}" - "${b}"` });
      else out.push({ kind, ours: `"${a}" NEAR/10 "${b}"`, groonga: null });
    }
  }
  return out;
}
