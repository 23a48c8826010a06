/**
 * Searches admitted at once, per server. Under many connections the main thread, not the worker threads, is what
 * saturates (it parses each request, hands it to a worker, and writes the answer): without a bound, a hundred
 * searches' answers queue in the event loop, and `/api/health` or a staff member's save waits behind all of them.
 * Admitted searches are few (enough to keep every worker busy); the rest wait their turn in a queue, outside the event
 * loop's backlog, and beyond a long queue a search is refused at once with a clear message instead of timing out.
 */
import os from 'node:os';
import pLimit, { type LimitFunction } from 'p-limit';
import { AppError } from '../../../shared/errors.ts';

export interface SearchAdmission {
  <T>(run: () => Promise<T>): Promise<T>;
  readonly active: number;
  readonly waiting: number;
}

/** `inFlight` searches at once; more than `maxWaiting` waiting and the next is refused (503, 检索繁忙). */
export function createSearchAdmission(inFlight: number, maxWaiting: number): SearchAdmission {
  const limit: LimitFunction = pLimit(inFlight);
  const admit = <T>(run: () => Promise<T>): Promise<T> => {
    if (limit.pendingCount >= maxWaiting)
      return Promise.reject(new AppError('UNAVAILABLE', '检索请求过多，服务繁忙，请稍后再试。'));
    return limit(run);
  };
  return Object.defineProperties(admit, {
    active: { get: () => limit.activeCount },
    waiting: { get: () => limit.pendingCount },
  }) as SearchAdmission;
}

/**
 * Six per core. Measured with `bench:load` at 100 M characters on two cores (100 connections): 4 in flight gave
 * /api/health p99 39 ms at 445 searches a second, 12 gave 64 ms at 531 a second, 32 gave 172 ms and no more
 * throughput; unbounded, 218 ms.
 */
const IN_FLIGHT = Math.max(4, 6 * os.availableParallelism());
/** A few seconds of searches at the measured throughput (~600 a second on two cores). */
const MAX_WAITING = 2_000;

const admissions = new WeakMap<object, SearchAdmission>();

/** The admission of the server whose search engine is `search` (one per engine, so tests' servers never share one). */
export function searchAdmission(search: object): SearchAdmission {
  let admission = admissions.get(search);
  if (!admission) admissions.set(search, (admission = createSearchAdmission(IN_FLIGHT, MAX_WAITING)));
  return admission;
}
