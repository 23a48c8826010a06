/** [from, to] monotonic ms; on Linux then ms on a core, ms waiting for one and ms of own collection meanwhile. */
export type Stall = [from: number, to: number, run?: number, wait?: number, gc?: number];

export declare function watchStalls(
  thresholdMs: number,
  options?: { unref?: boolean },
): { take(): Stall[]; stop(): Stall[] };
