/**
 * The event loop's longest gap between ticks of an `every`-ms timer while `work` runs, and how it settled: how long
 * the loop was held. A wait that sleeps the thread (SQLite's own busy timeout, synchronous parsing) shows a gap of its
 * whole length, so a bound far below that and far above a loaded machine's jitter tells the two apart; a count of
 * ticks against a floor failed on a loaded machine instead.
 */
export async function longestLoopGap<T>(
  work: Promise<T>,
  every = 5,
): Promise<{ gap: number; result: PromiseSettledResult<T> }> {
  let last = performance.now();
  let gap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
  }, every);
  const [result] = await Promise.allSettled([work]);
  clearInterval(timer);
  return { gap: Math.max(gap, performance.now() - last), result: result as PromiseSettledResult<T> };
}
