/**
 * How much nicer than the server's event loop its other threads run. The workers (search, book rows) can keep both
 * cores busy (merges, an ingest's tokenizing and inserts, a queue of searches); at the same priority the event loop
 * then waits its turn for a core, tens of ms at a time, and every answer it owes waits with it. At +5 the kernel weighs
 * the loop, which only routes, about three times a worker, and the workers still use all the CPU it leaves. Measured
 * under 100 connections at 303 M (three runs each): /api/health p50 4.1–4.8 ms against 7.9–9.3 at 0, with the same
 * throughput; +10 answered as fast but served ~10–15 % fewer searches.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import os from 'node:os';
import { isMainThread } from 'node:worker_threads';

const WORKER_NICENESS = 5;

/** The name `lowerHelperThreadsPriority` gives V8's platform threads and libuv's pool. */
export const HELPER_THREAD_NAME = 'fz-helper';

/**
 * Names the calling thread (its `comm`, at most 15 bytes), so that `top -H`, `ps -L` and /proc/PID/task tell the
 * server's threads apart: Node names every thread "node". The search workers are "fz-search", the book-rows thread
 * "fz-rows", the collector's and libuv's threads "fz-helper"; the event loop keeps "node". Linux only; a refusal changes
 * nothing else.
 */
export function nameThread(name: string): void {
  if (process.platform !== 'linux') return;
  try {
    writeFileSync('/proc/thread-self/comm', name.slice(0, 15));
  } catch {
    // Keeps its name.
  }
}

/**
 * Lowers the calling worker thread's priority by `WORKER_NICENESS`. Only on Linux, where `setpriority` on pid 0 names
 * the calling thread; on macOS and Windows it would lower the whole server, event loop included. A refusal (a
 * container that forbids it) changes nothing else.
 */
export function lowerThreadPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    os.setPriority(Math.min(19, os.getPriority() + WORKER_NICENESS));
  } catch {
    // Keeps the inherited priority.
  }
}

/**
 * Lowers every other thread of the process that runs at the event loop's priority to the workers' own: V8's platform
 * threads (the collector's concurrent and parallel work, for every isolate) and libuv's pool (file system, hashing).
 * They are the process's, not the workers', so a worker's lower priority did not reach them: during a 1 B ingest the
 * four platform threads used 157 CPU seconds at the loop's priority and the loop waited on the run queue among them.
 * Lowered, a 313 M ingest's loop max fell from 103.9 to 43.5 ms and the 1 B ingest's collections over 40 ms from six
 * to none; at +19 the loop's own scavenges, which wait for these helpers, grew to 213 ms (docs/search-benchmark.md,
 * stop 32).
 *
 * Called by the main thread before it starts its workers. libuv starts its pool on first use, so one file system call
 * comes first. It names them `HELPER_THREAD_NAME` too. Returns how many threads it lowered; Linux only (`setpriority` names a thread by its id there), and a
 * refusal changes nothing else.
 */
export async function lowerHelperThreadsPriority(): Promise<number> {
  if (process.platform !== 'linux' || !isMainThread) return 0;
  await stat('/');
  let ids: number[];
  try {
    ids = readdirSync('/proc/self/task').map(Number);
  } catch {
    return 0;
  }
  const own = os.getPriority();
  let lowered = 0;
  for (const id of ids) {
    if (id === process.pid) continue;
    try {
      if (os.getPriority(id) > own) continue;
      os.setPriority(id, Math.min(19, own + WORKER_NICENESS));
      lowered++;
      writeFileSync(`/proc/self/task/${id}/comm`, HELPER_THREAD_NAME);
    } catch {
      // Gone meanwhile, or not permitted: it keeps its priority.
    }
  }
  return lowered;
}
