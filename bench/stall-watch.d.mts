/**
 * [from, to] monotonic ms; on Linux then ms on a core, ms waiting for one and ms of own collection meanwhile, and when a
 * collection overlapped it, the longest one's kind (`PerformanceEntry.detail.kind`: 1 scavenge, 2 minor mark-compact,
 * 4 mark-compact, 8 incremental marking, 16 weak callbacks) and whole length, ms.
 */
export type Stall = [
  from: number,
  to: number,
  run?: number,
  wait?: number,
  gc?: number,
  gcKind?: number,
  gcLongest?: number,
];

export declare function watchStalls(
  thresholdMs: number,
  options?: { unref?: boolean },
): { take(): Stall[]; stop(): Stall[] };
