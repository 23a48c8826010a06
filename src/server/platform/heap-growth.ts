/**
 * How far V8 lets an old generation grow past what its last full collection kept before it starts the next one. Left
 * to itself, V8 judged a search worker's collections cheap and collected its old generation (20–30 MB live at 100 M
 * characters) every ~80 searches: each a 5–14 ms pause of the worker and 20–50 ms of marking on the helper threads,
 * which on two cores the next searches waited behind. With +300 %, the same 1,000 searches on a new server ran 2 full
 * collections in the worker instead of 12, the server's helper threads ran 0.85 s instead of 1.19, and the search
 * thread waited for a core 0.31–0.35 s instead of 0.61 (docs/search-benchmark.md, stop 39).
 *
 * V8's flags are the process's: the event loop's heap and the book-rows thread grow the same way. An operator's own
 * `--heap-growing-percent` on node's command line is kept.
 */
import v8 from 'node:v8';

export const HEAP_GROWING_PERCENT = 300;

const FLAG = '--heap-growing-percent';
let applied = false;

/** Sets the growth before the search workers start (their heaps read it); once per process. */
export function letHeapsGrowBeforeCollecting(): void {
  if (applied) return;
  applied = true;
  if (process.execArgv.some((arg) => arg === FLAG || arg.startsWith(`${FLAG}=`))) return;
  v8.setFlagsFromString(`${FLAG}=${HEAP_GROWING_PERCENT}`);
}
