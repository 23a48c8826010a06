/**
 * Changes this process already applied to its own index inside the change's transaction (an ingest through this
 * server), so its follower does not apply them a second time.
 *
 * Two rules keep the skip safe:
 *  - index writes are serialized per index: a change holds the lock from before its transaction to after its commit,
 *    the follower holds it while it reads a book's rows and writes them to the index. So the follower never writes rows
 *    it read before a local change over that change (which it would then skip).
 *  - each entry remembers the index generation (file) in force when the change began: the follower skips it only while
 *    it works on that same generation, so a change written into a file swapped out meanwhile reaches the new one.
 * Losing an entry costs one redundant, idempotent re-index.
 */
const applied = new WeakMap<object, Map<number, string>>();
const locks = new WeakMap<object, Promise<void>>();

/** The generation an index writes to: a following index's file (null while it has none), else one fixed value. */
export function generationOf(index: object): string | null {
  const g = (index as { generation?: string | null }).generation;
  return g === undefined ? 'fixed' : g;
}

/** Runs `fn` holding the index's write lock (one writer per index in this process). */
export async function withIndexWriteLock<T>(index: object, fn: () => Promise<T>): Promise<T> {
  const before = locks.get(index) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = before.then(() => mine);
  locks.set(index, tail);
  await before;
  try {
    return await fn();
  } finally {
    release();
    if (locks.get(index) === tail) locks.delete(index);
  }
}

/**
 * A change to a book that writes this process's index inside its transaction: `run` holds the write lock around the
 * whole transaction and, when it returns a seq > 0, records it as applied to the generation in force at the start.
 */
export async function applyLocally<T>(index: object, run: () => Promise<{ seq: number; value: T }>): Promise<T> {
  return withIndexWriteLock(index, async () => {
    const generation = generationOf(index);
    const { seq, value } = await run();
    if (generation !== null && seq > 0) {
      let map = applied.get(index);
      if (!map) applied.set(index, (map = new Map()));
      map.set(seq, generation);
    }
    return value;
  });
}

/** True (and forgets it) when `seq` was applied locally to `generation` of `index`. */
export function takeAppliedLocally(index: object, seq: number, generation: string): boolean {
  const map = applied.get(index);
  const g = map?.get(seq);
  if (g === undefined) return false;
  map!.delete(seq);
  return g === generation;
}
