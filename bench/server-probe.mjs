// Preloaded into the server by `npm run load -- --profile DIR` (NODE_OPTIONS=--import): every 5 seconds it appends the
// event loop's delay (p50/p99/max), the time spent in garbage collection and the heap size to DIR/probe-<pid>.tsv, so a
// slow stretch of a load run can be told apart: the event loop blocked (sync work, GC) or requests waiting elsewhere.
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

const dir = process.env.FANGZHI_PROBE_DIR;
if (dir && process.send === undefined) {
  const file = path.join(dir, `probe-${process.pid}.tsv`);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let gcMs = 0;
  let gcMax = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMs += e.duration;
      gcMax = Math.max(gcMax, e.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  const started = Date.now();
  appendFileSync(file, 'second\tloop_p50_ms\tloop_p99_ms\tloop_max_ms\tgc_ms\tgc_max_ms\theap_mb\trss_mb\n');
  const ms = (ns) => (ns / 1e6).toFixed(0);
  setInterval(() => {
    const m = process.memoryUsage();
    appendFileSync(
      file,
      [
        Math.round((Date.now() - started) / 1000),
        ms(delay.percentile(50)),
        ms(delay.percentile(99)),
        ms(delay.max),
        gcMs.toFixed(0),
        gcMax.toFixed(0),
        Math.round(m.heapUsed / 1048576),
        Math.round(m.rss / 1048576),
      ].join('\t') + '\n',
    );
    delay.reset();
    gcMs = 0;
    gcMax = 0;
  }, 5000).unref();
}
