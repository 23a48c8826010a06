/**
 * Searches a server runs on itself once its index is ready, so that its first readers do not pay for compiling the
 * search code. V8 turns a function into fast machine code only after it has run a while in the interpreter, and each
 * search worker is a V8 of its own. Measured on a server that had only opened its index and read its files into the
 * page cache (docs/search-benchmark.md, stop 23): the slowest searches of a run were the first of their kind — 20–60 ms
 * over HTTP, 30–60 ms of CPU, no disk reads — and the same search asked again took 1–6 ms.
 *
 * The searches are cut from the text of published sections spread over the collection (runs of Han characters, 1, 2,
 * 3, 4 and 8 at a time, the lengths readers type, and combinations of them: AND, OR, NOT, NEAR) and go through the
 * public path (`searchBooksJson` as an anonymous reader, the first page and now and then a second), one per core at a
 * time, so that every worker of the pool gets its share. About 400 a worker (`WARMUP_CALLS_PER_LANE`). Not recorded
 * anywhere (a search keeps no history for anonymous readers and writes no audit). An empty collection has nothing to
 * warm. Admission (search-admission.ts) queues them like any search, so a reader who comes meanwhile waits for at most
 * the searches already running. A new generation (`books reindex`) comes with new workers: it is warmed the same way
 * before it is put in force, while the old one still answers (`warmGeneration`, FollowingIndex.beforeSwap).
 */
import os from 'node:os';
import { AppError } from '../../../shared/errors.ts';
import { ZSearchParams } from '../../../shared/gazetteer.ts';
import { findSpreadPublishedSections } from './gazetteer.repository.ts';
import type { GazetteerDeps } from './read-books.ts';
import { searchBooksJson } from './search-books.ts';
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
/** A run longer than this is cut into pieces of this many characters, so that a long unpunctuated text gives many. */
const PIECE = 16;

/**
 * Searches each lane makes. V8 optimizes a function only after it has run a while, the longer the larger it is: after the
 * earlier ~40 searches a worker, a new 100 M server still compiled its once-per-search functions (the page of hits, the
 * facets, the snippets) 100–200 searches in, its helper threads running 180–250 ms there. With 400 calls, the first
 * 200 searches of three new servers used 15–26 % less of the search threads and ran 1–4 over 10 ms against 3–6
 * (docs/search-benchmark.md, stop 41).
 */
export const WARMUP_CALLS_PER_LANE = 400;

/**
 * Up to `perLength` queries of each length, cut from the texts: from their runs of at least eight Han characters (the
 * longest of each text first, a long one in pieces), taken in turn from each text, the k-th query of a length from the
 * k-th piece, at a different place in the piece for each length.
 */
export function warmupQueries(texts: readonly string[], perLength: number): string[] {
  const perText = texts.map((text) =>
    [...text.matchAll(HAN_RUN)]
      .map((m) => [...m[0]])
      .sort((a, b) => b.length - a.length)
      .flatMap((run) => {
        const pieces: string[][] = [];
        for (let at = 0; at + 8 <= run.length; at += PIECE) pieces.push(run.slice(at, at + PIECE));
        return pieces;
      }),
  );
  const runs: string[][] = [];
  for (let r = 0; runs.length < perLength + LENGTHS.length && perText.some((list) => list.length > r); r++)
    for (const list of perText) if (list[r]) runs.push(list[r] as string[]);
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
 * of 1–3 characters, `A NEAR/10 B` of 2–4, and unless `singleCharacterNear` is false a NEAR with a one-character side
 * (counted from windows of text, a path of its own). A combination is counted from its terms' postings by code no
 * single term runs (the rows of its rarest term, the query evaluated per section): unwarmed, the first of them in each
 * worker took 30–40 ms of compiling.
 */
export function warmupCombinations(
  queries: readonly string[],
  perKind: number,
  { singleCharacterNear = true }: { singleCharacterNear?: boolean } = {},
): string[] {
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
    if (singleCharacterNear && c && partner && !partner.includes(c)) out.push(`"${c}" NEAR/5 "${partner}"`);
  }
  return [...new Set(out)];
}

/** One search of the warm-up: a query and the page of its hits. */
type WarmupCall = { q: string; page: number };

/**
 * About `calls` searches in the order they run: each term's first page, a second page of every tenth (the path that
 * skips the first hits), then `perKind` combinations of each kind (AND, OR, NOT, NEAR/10). Not the variant panel or
 * KWIC, which read the texts of many sections: at 1 B characters, a warm-up that also asked for the variant panel of
 * every second term, KWIC of every fortieth and 80 combinations took a new server 27 s and its RSS to 1,895 MB
 * (docs/search-benchmark.md, stop 41).
 */
export function warmupCalls(texts: readonly string[], calls: number, perKind: number): WarmupCall[] {
  // Each term makes 1.1 searches (its first page, and a second for one in ten); the combinations the rest.
  const perLength = Math.ceil((calls - 4 * perKind) / LENGTHS.length / 1.1);
  const terms = warmupQueries(texts, perLength);
  // Not the NEAR with a one-character side: at 1 B, four of them took a new server's warm-up from 3.8 to 16.6 s and
  // its peak RSS from 723 to 1,341 MB (docs/search-benchmark.md, stop 41).
  const combinations = warmupCombinations(terms, perKind, { singleCharacterNear: false });
  const out: WarmupCall[] = [];
  for (const [i, q] of terms.entries()) {
    out.push({ q, page: 1 });
    if (i % 10 === 0) out.push({ q, page: 2 });
  }
  for (const q of combinations) out.push({ q, page: 1 });
  return out;
}

/** Runs the warm-up searches through `deps`, whose index may be a generation not yet in force. */
async function runWarmupSearches(
  deps: GazetteerDeps,
  plan: { lanes: number; sections: number; calls: number; stopping: () => boolean; onSearch: () => void },
): Promise<void> {
  const sections = await findSpreadPublishedSections(deps.db, plan.sections);
  // Two combinations of each kind per lane, so that every worker gets some.
  const calls = warmupCalls(
    sections.map((s) => s.text),
    plan.calls,
    2 * plan.lanes,
  );
  let next = 0;
  const lane = async () => {
    while (!plan.stopping() && next < calls.length) {
      const { q, page } = calls[next++] as WarmupCall;
      try {
        await searchBooksJson(deps, null, ZSearchParams.parse({ q, page }));
      } catch (error) {
        // A query the index refuses as it would refuse a reader's (one that would read too much text): the next.
        if (!(error instanceof AppError && error.code === 'BAD_REQUEST')) throw error;
      }
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
    /** Sections the queries are cut from (default 6 per lane, at least 12). */
    sections?: number;
    /** Searches at once (default one per core, as the search pool has one worker per core). */
    concurrency?: number;
  },
): SearchWarmup {
  const lanes = Math.max(1, options.concurrency ?? os.availableParallelism());
  // Every worker compiles for itself: the same number of calls each, whatever the number of workers.
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
        calls: lanes * WARMUP_CALLS_PER_LANE,
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
