/** Time as a dependency, so rules about deadlines and expiry can be tested. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock whose date is pinned (training installs, browser tests) while the time of day runs on. */
export function fixedDateClock(date: string): Clock {
  return { now: () => new Date(`${date}T${new Date().toISOString().slice(11)}`) };
}

/** The clock a process runs on: pinned when FANGZHI_FIXED_DATE is set, else the system's. */
export function clockFor(fixedDate: string | null): Clock {
  return fixedDate ? fixedDateClock(fixedDate) : systemClock;
}
