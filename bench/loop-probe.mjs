// Preloaded into the benchmark's server (NODE_OPTIONS=--import, env FANGZHI_LOOP_PROBE=FILE) by `bench:search` and
// `bench:load`: the main thread's event-loop delay measured with monitorEventLoopDelay from process start. On SIGUSR2
// it writes the histogram since the previous SIGUSR2 (or since start) to FILE as JSON and starts a new one, so the
// benchmark can ask "how long was the loop blocked during this phase" (start-up and warm-up, the query runs, the load
// run) without any change to the server. Values are raw histogram values in ms: they include the 5 ms sampling
// interval, so 5 ms means "never blocked". With them, the phase's stalls over 30 ms as [from, to] monotonic ms (and,
// on Linux, the main thread's ms running, waiting for a core and collecting garbage during each).
import { renameSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';
import { watchStalls } from './stall-watch.mjs';

const file = process.env.FANGZHI_LOOP_PROBE;
if (file && isMainThread && process.send === undefined) {
  const resolution = 5;
  let h = monitorEventLoopDelay({ resolution });
  h.enable();
  let since = Date.now();
  let seq = 0;
  // Stalls over 30 ms with their times (monotonic ms, the clock every process shares), so the benchmark can tell
  // them from a core's or the machine's freezes by the witnesses (search-setup.ts `startStallWitness`); on Linux with what
  // the main thread did meanwhile (stall-watch.mjs).
  const stalls = watchStalls(30, { unref: true });
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
      stalls: stalls.take(),
    };
    h = monitorEventLoopDelay({ resolution });
    h.enable();
    since = Date.now();
    writeFileSync(`${file}.tmp`, JSON.stringify(stats));
    renameSync(`${file}.tmp`, file);
  });
}
