/**
 * Searches a server runs on itself once its index is ready, so that its first readers do not pay for compiling the
 * search code. V8 turns a function into fast machine code only after it has run a while in the interpreter, and each
 * search worker is a V8 of its own. Measured on a server that had only opened its index and read its files into the
 * page cache (docs/search-benchmark.md, stop 23): the slowest searches of a run were the first of their kind — 20–60 ms
 * over HTTP, 30–60 ms of CPU, no disk reads — and the same search asked again took 1–6 ms.
 *
 * The searches are cut from the text of published sections spread over the collection (runs of Han characters, 1, 2,
 * 3, 4 and 8 at a time, the lengths readers type, then combinations of them: AND, OR, NOT, NEAR) and go through the
 * public path (`searchBooks` as an anonymous reader, the first page and one second page) one per core at a time, so that every worker of the pool gets its share. They are not recorded
 * anywhere (a search keeps no history for anonymous readers and writes no audit). An empty collection has nothing to
 * warm. Admission (search-admission.ts) queues them like any search, so a reader who comes meanwhile waits for at most
 * the searches already running. A new generation (`books reindex`) comes with new workers: it is warmed the same way
 * before it is put in force, while the old one still answers (`warmGeneration`, FollowingIndex.beforeSwap).
 */
import os from 'node:os';
import { ZSearchParams } from '../../../shared/gazetteer.ts';
import { findSpreadPublishedSections } from './gazetteer.repository.ts';
import type { GazetteerDeps } from './read-books.ts';
import { searchBooks } from './search-books.ts';
import type { SearchIndex } from './search/search-index.ts';

export interface SearchWarmupStatus {
  /** `waiting`: for the index to be ready; `done` also when there was nothing to search; `stopped`: the server closed. */
  state: 'waiting' | 'running' | 'done' | 'failed' | 'stopped';
  /** Searches run so far. */
  searches: number;
  /** Wall time of the warm-up, once over. */
  ms?: number;
  /** `swap`: the last warm-up was of a new generation (`books reindex`) before it was put in force. */
  after?: 'swap';
}

export interface SearchWarmup {
  status(): SearchWarmupStatus;
  /** Resolves with the final status. */
  finished: Promise<SearchWarmupStatus>;
  /**
   * Warms a new generation before it is put in force (FollowingIndex.beforeSwap): its search workers are new. The
   * status then reports this warm-up.
   */
  warmGeneration(index: SearchIndex): Promise<void>;
  /** Ends the warm-up after the searches already running. */
  stop(): Promise<void>;
}

const LENGTHS = [1, 2, 3, 4, 8];
const HAN_RUN = /\p{Script=Han}{8,}/gu;

/**
 * Up to `perLength` queries of each length, cut from the texts: from the runs of at least eight Han characters, the
 * k-th query of a length from the k-th text that has such a run, at a different place in the run for each length.
 */
export function warmupQueries(texts: readonly string[], perLength: number): string[] {
  const runs: string[][] = [];
  for (const text of texts) {
    let longest = '';
    for (const m of text.matchAll(HAN_RUN)) if (m[0].length > longest.length) longest = m[0];
    if (longest) runs.push([...longest]);
  }
  const out: string[] = [];
  const seen = new Set<string>();
  for (let k = 0; k < perLength; k++) {
    for (const [i, length] of LENGTHS.entries()) {
      const run = runs[(k + i) % Math.max(1, runs.length)];
      if (!run || runs.length <= k) continue;
      const at = Math.floor(((run.length - length) * (i + 1)) / (LENGTHS.length + 1));
      const q = run.slice(at, at + length).join('');
      if (!seen.has(q)) {
        seen.add(q);
        out.push(q);
      }
    }
  }
  return out;
}

/**
 * `perKind` combinations of each kind made from the cut queries, as readers combine terms: `A B`, `A OR B` and `A -B`
 * of 1–3 characters, `A NEAR/10 B` of 2–4, and a NEAR with a one-character side (counted from windows of text, a path
 * of its own). A combination is counted from its terms' postings by code no single term runs (the rows of its rarest
 * term, the query evaluated per section): unwarmed, the first of them in each worker took 30–40 ms of compiling.
 */
export function warmupCombinations(queries: readonly string[], perKind: number): string[] {
  const ofLength = (lengths: number[]) => queries.filter((q) => lengths.includes([...q].length));
  const short = ofLength([1, 2, 3]);
  const long = ofLength([2, 3, 4]);
  const single = ofLength([1]);
  const out: string[] = [];
  const pair = (pool: string[], k: number): [string, string] | null => {
    if (pool.length < 2) return null;
    const a = pool[k % pool.length] as string;
    const b = pool[(k + 1 + Math.floor(pool.length / 2)) % pool.length] as string;
    return a === b ? null : [a, b];
  };
  for (let k = 0; k < perKind; k++) {
    const s = pair(short, k);
    if (s) out.push(`"${s[0]}" "${s[1]}"`, `"${s[0]}" OR "${s[1]}"`, `"${s[0]}" -"${s[1]}"`);
    const l = pair(long, k);
    if (l) out.push(`"${l[0]}" NEAR/10 "${l[1]}"`);
    const c = single[k % Math.max(1, single.length)];
    const partner = long[k % Math.max(1, long.length)];
    if (c && partner && !partner.includes(c)) out.push(`"${c}" NEAR/5 "${partner}"`);
  }
  return [...new Set(out)];
}

/** Runs the warm-up searches through `deps`, whose index may be a generation not yet in force. */
async function runWarmupSearches(
  deps: GazetteerDeps,
  plan: { lanes: number; sections: number; stopping: () => boolean; onSearch: () => void },
): Promise<void> {
  const sections = await findSpreadPublishedSections(deps.db, plan.sections);
  const queries = warmupQueries(
    sections.map((s) => s.text),
    plan.sections,
  ).map((q) => ({ q, page: 1 }));
  // One second page per length: the deeper page takes the path that skips the first hits.
  for (const q of queries.slice(0, LENGTHS.length)) queries.push({ q: q.q, page: 2 });
  // Two combinations of each kind per lane, so that every worker gets some.
  for (const q of warmupCombinations(
    queries.map((x) => x.q),
    2 * plan.lanes,
  ))
    queries.push({ q, page: 1 });
  let next = 0;
  const lane = async () => {
    while (!plan.stopping() && next < queries.length) {
      const { q, page } = queries[next++] as { q: string; page: number };
      await searchBooks(deps, null, ZSearchParams.parse({ q, page }));
      plan.onSearch();
    }
  };
  await Promise.all(Array.from({ length: plan.lanes }, lane));
}

export function startSearchWarmup(
  deps: GazetteerDeps,
  options: {
    /** Resolves when the index can be searched (a server building its first index waits for the build). */
    ready: Promise<void>;
    /** Sections the queries are cut from, and so queries per length (default 6 per lane, at least 12). */
    sections?: number;
    /** Searches at once (default one per core, as the search pool has one worker per core). */
    concurrency?: number;
  },
): SearchWarmup {
  const lanes = Math.max(1, options.concurrency ?? os.availableParallelism());
  // Every worker compiles for itself: about thirty searches each, whatever the number of workers.
  const sections = options.sections ?? Math.max(12, 6 * lanes);
  let status: SearchWarmupStatus = { state: 'waiting', searches: 0 };
  let stopping = false;
  let stopWaiting = () => {};
  const stopped = new Promise<void>((resolve) => (stopWaiting = resolve));
  /** Warms `target` (the index in force, or a new generation before its swap) and reports it in the status. */
  const warm = async (target: GazetteerDeps, after: 'start' | 'swap'): Promise<SearchWarmupStatus> => {
    const started = performance.now();
    status = { state: 'running', searches: 0, ...(after === 'swap' ? { after } : {}) };
    const message = after === 'swap' ? '新检索索引预热完成' : '检索预热完成';
    try {
      await runWarmupSearches(target, {
        lanes,
        sections,
        stopping: () => stopping,
        onSearch: () => (status = { ...status, searches: status.searches + 1 }),
      });
      const ms = Math.round(performance.now() - started);
      status = { ...status, state: stopping ? 'stopped' : 'done', ms };
      if (!stopping) deps.logger?.info({ searches: status.searches, ms }, message);
    } catch (error) {
      status = { ...status, state: stopping ? 'stopped' : 'failed', ms: Math.round(performance.now() - started) };
      if (!stopping) deps.logger?.warn({ err: error }, '检索预热失败（不影响检索，只是首批检索会慢一些）');
    }
    return status;
  };
  const run = async (): Promise<SearchWarmupStatus> => {
    try {
      // A server closed while its first index is still being built does not wait for the build.
      await Promise.race([options.ready, stopped]);
    } catch {
      // A failed build is reported by the follower; there is nothing to warm.
      return (status = { ...status, state: 'failed' });
    }
    if (stopping) return (status = { ...status, state: 'stopped' });
    return warm(deps, 'start');
  };
  const finished = run();
  let swapping: Promise<unknown> = Promise.resolve();
  return {
    status: () => status,
    finished,
    async warmGeneration(index) {
      // Before the start's warm-up has begun (a first or outdated index still being built, whose swap this is), that
      // warm-up searches whatever is in force once the build is in: waiting for it here would wait for this very swap.
      if (stopping || status.state === 'waiting') return;
      // After the start's warm-up (a swap during it waits), one at a time.
      const turn = Promise.all([finished, swapping]).then(() =>
        stopping ? undefined : warm({ ...deps, search: { ...deps.search, index } }, 'swap'),
      );
      swapping = turn;
      await turn;
    },
    async stop() {
      stopping = true;
      stopWaiting();
      await Promise.all([finished, swapping]);
    },
  };
}
