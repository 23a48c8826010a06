// The event loop's stalls with what its thread did during each: shared by the ingest's probe (search-setup.ts) and
// the server's preloaded probe (loop-probe.mjs, plain JavaScript because it is preloaded without tsx). Types in
// stall-watch.d.mts.
import { closeSync, openSync, readSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';

/** CLOCK_MONOTONIC in ms: the clock every process on the machine shares (the witnesses' stalls are matched by it). */
const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * This process's main thread's `schedstat` (ms on a core, ms runnable but waiting for one), read through one file
 * descriptor kept open until `close` so a 2 ms timer can afford it; off Linux it reads null.
 */
function mainThreadSchedstat() {
  let fd;
  try {
    fd = openSync(`/proc/self/task/${process.pid}/schedstat`, 'r');
  } catch {
    return { read: () => null, close: () => undefined };
  }
  const buffer = Buffer.alloc(128);
  return {
    read() {
      try {
        const [run, wait] = buffer.toString('latin1', 0, readSync(fd, buffer, 0, buffer.length, 0)).split(' ');
        return [Number(run) / 1e6, Number(wait) / 1e6];
      } catch {
        return null;
      }
    },
    close: () => closeSync(fd),
  };
}

/**
 * Watches this thread's event loop with a 2 ms timer: every time the timer runs more than `thresholdMs` late, a stall
 * `[from, to, run?, wait?, gc?, gcKind?, gcLongest?]` (see search-setup.ts `Stall`). `take` returns the stalls since
 * the previous `take`, each with the ms of this thread's own garbage collection (PerformanceObserver `gc`) that
 * overlapped it and, when one did, the kind and whole length of the longest such collection; `stop` ends
 * the watch and returns the rest. `unref`: the timer keeps no process alive.
 */
export function watchStalls(thresholdMs, { unref = false } = {}) {
  const sched = mainThreadSchedstat();
  const offset = monotonicMs() - performance.now();
  let gcs = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      gcs.push([e.startTime + offset, e.startTime + e.duration + offset, e.detail?.kind ?? 0]);
  });
  observer.observe({ entryTypes: ['gc'] });
  let stalls = [];
  let last = monotonicMs();
  let before = sched.read();
  const timer = setInterval(() => {
    const now = monotonicMs();
    const after = sched.read();
    if (now - last > thresholdMs)
      stalls.push(before && after ? [last, now, after[0] - before[0], after[1] - before[1]] : [last, now]);
    last = now;
    before = after;
  }, 2);
  if (unref) timer.unref();
  const take = () => {
    const list = stalls;
    stalls = [];
    for (const stall of list) {
      if (stall.length < 4) continue;
      const [from, to] = stall;
      let sum = 0;
      let longest = null;
      for (const [a, b, kind] of gcs) {
        const overlap = Math.max(0, Math.min(to, b) - Math.max(from, a));
        if (overlap === 0) continue;
        sum += overlap;
        if (!longest || b - a > longest[1]) longest = [kind, b - a];
      }
      stall[4] = sum;
      if (longest) [stall[5], stall[6]] = longest;
    }
    // Collections that ended before the last second cannot overlap a stall still to come.
    const now = monotonicMs();
    gcs = gcs.filter(([, b]) => b > now - 1000);
    return list;
  };
  return {
    take,
    stop() {
      clearInterval(timer);
      observer.disconnect();
      sched.close();
      return take();
    },
  };
}
