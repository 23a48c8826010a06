/**
 * Counts failed logins per (username, client address) in memory. After `maxFailures` failures inside `windowMs`, further
 * attempts are refused until `lockMs` has passed since the last failure. A success clears the count.
 * In memory on purpose: one server process serves an office; a restart clearing the counters is acceptable.
 */
export interface LoginLimiter {
  /** Milliseconds the caller must still wait, or 0 when an attempt is allowed. */
  retryAfterMs(key: string, nowMs: number): number;
  recordFailure(key: string, nowMs: number): void;
  recordSuccess(key: string): void;
}

export function createLoginLimiter(options = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 }): LoginLimiter {
  const failures = new Map<string, number[]>();
  const recent = (key: string, nowMs: number) => (failures.get(key) ?? []).filter((t) => nowMs - t < options.windowMs);
  return {
    retryAfterMs(key, nowMs) {
      const times = recent(key, nowMs);
      if (times.length < options.maxFailures) return 0;
      const last = times[times.length - 1] ?? nowMs;
      return Math.max(0, last + options.lockMs - nowMs);
    },
    recordFailure(key, nowMs) {
      const times = recent(key, nowMs);
      times.push(nowMs);
      failures.set(key, times.slice(-options.maxFailures));
      if (failures.size > 10_000) {
        for (const [k, v] of failures) if (v.every((t) => nowMs - t >= options.windowMs)) failures.delete(k);
      }
    },
    recordSuccess(key) {
      failures.delete(key);
    },
  };
}
