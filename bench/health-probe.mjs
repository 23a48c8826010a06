// Worker thread of `pollHealth` (bench/search-texts.ts): times GET `path` every `everyMs` from its own event loop, so
// the load client's busy loop (100 connections of searches in the same process) does not add its own delays to the
// server's health latency. Posts `{ times, failures }` when told to stop.
import { parentPort, workerData } from 'node:worker_threads';

const { url, everyMs, path } = workerData;
const times = [];
let failures = 0;
let running = true;
parentPort.on('message', () => {
  running = false;
});
while (running) {
  const t = performance.now();
  try {
    const res = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(10_000) });
    await res.text();
    if (res.ok) times.push(performance.now() - t);
    else failures++;
  } catch {
    failures++;
  }
  await new Promise((resolve) => setTimeout(resolve, everyMs));
}
parentPort.postMessage({ times, failures });
