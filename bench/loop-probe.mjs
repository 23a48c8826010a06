// Preloaded into the benchmark's server (NODE_OPTIONS=--import, env FANGZHI_LOOP_PROBE=FILE) by `bench:search` and
// `bench:load`: the main thread's event-loop delay measured with monitorEventLoopDelay from process start. On SIGUSR2
// it writes the histogram since the previous SIGUSR2 (or since start) to FILE as JSON and starts a new one, so the
// benchmark can ask "how long was the loop blocked during this phase" (start-up and warm-up, the query runs, the load
// run) without any change to the server. Values are raw histogram values in ms: they include the 5 ms sampling
// interval, so 5 ms means "never blocked". With them, the phase's stalls over 30 ms as [from, to] monotonic ms (and,
// on Linux, the main thread's ms running, waiting for a core and collecting garbage during each).
import { openSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

const file = process.env.FANGZHI_LOOP_PROBE;
if (file && isMainThread && process.send === undefined) {
  const resolution = 5;
  let h = monitorEventLoopDelay({ resolution });
  h.enable();
  let since = Date.now();
  let seq = 0;
  // Stalls over 30 ms with their times (monotonic ms, the clock every process shares), so the benchmark can tell
  // them from the machine's freezes by a witness process (search-setup.ts `startStallWitness`).
  // On Linux, with what the main thread did meanwhile (as search-setup.ts's `Stall`): ms on a core and ms waiting in
  // the run queue (its schedstat, read through one open descriptor), and ms of its garbage collection overlapping.
  const now = () => Number(process.hrtime.bigint()) / 1e6;
  let sched = () => null;
  try {
    const fd = openSync(`/proc/self/task/${process.pid}/schedstat`, 'r');
    const buffer = Buffer.alloc(128);
    sched = () => {
      try {
        const [run, wait] = buffer.toString('latin1', 0, readSync(fd, buffer, 0, buffer.length, 0)).split(' ');
        return [Number(run) / 1e6, Number(wait) / 1e6];
      } catch {
        return null;
      }
    };
  } catch {
    // Not Linux: stalls without what the thread did.
  }
  const offset = now() - performance.now();
  let gcs = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push([e.startTime + offset, e.startTime + e.duration + offset]);
  }).observe({ entryTypes: ['gc'] });
  let stalls = [];
  let last = now();
  let before = sched();
  setInterval(() => {
    const t = now();
    const after = sched();
    if (t - last > 30) stalls.push(before && after ? [last, t, after[0] - before[0], after[1] - before[1]] : [last, t]);
    last = t;
    before = after;
  }, 2).unref();
  const withGc = (list) => {
    for (const stall of list) {
      if (stall.length < 4) continue;
      const [from, to] = stall;
      stall[4] = gcs.reduce((n, [a, b]) => n + Math.max(0, Math.min(to, b) - Math.max(from, a)), 0);
    }
    // Collections older than every stall still to come are not needed again.
    gcs = gcs.filter(([, b]) => b > now() - 1000);
    return list;
  };
  process.on('SIGUSR2', () => {
    h.disable();
    const ms = (ns) => Math.round(ns / 1e4) / 100;
    const stats = {
      seq: ++seq,
      seconds: (Date.now() - since) / 1000,
      samples: h.count,
      resolutionMs: resolution,
      p50: ms(h.percentile(50)),
      p99: ms(h.percentile(99)),
      max: ms(h.max),
      rss: process.memoryUsage().rss,
      stalls: withGc(stalls),
    };
    stalls = [];
    h = monitorEventLoopDelay({ resolution });
    h.enable();
    since = Date.now();
    writeFileSync(`${file}.tmp`, JSON.stringify(stats));
    renameSync(`${file}.tmp`, file);
  });
}
