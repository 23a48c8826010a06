/**
 * Changes this process applied to its own index right after their commit (an ingest, edit, publication or deletion
 * through this server), so its follower does not apply them a second time.
 *
 * A change commits its rows and its change-log row first (the database is the source of truth; the index is a cache
 * that follows the log), then writes this server's index. Three rules keep the skip safe:
 *  - index writes are serialized per book: a change to a book that exists holds the book's lock from before its
 *    transaction to after its index write (so two changes of one book reach the index in the order they committed), a
 *    new book takes it when its id is known, after the commit (no one can have read rows that did not exist); the
 *    follower holds it while it decides whether a change was applied, reads the book's rows and writes them. So the
 *    follower never writes rows it read before a local change over that change (which it would then skip), and never
 *    skips a change whose index write has not finished. Different books do not wait for each other: two ingests
 *    overlap in the index's workers.
 *  - a change is recorded as applied only once its index write succeeded. When the write fails after the commit, the
 *    change stays in the log unrecorded and the follower (or, in a process without one, the consistency check at the
 *    next start) re-indexes the book from its committed rows.
 *  - each entry remembers the index generation (file) in force when the index write began: the follower skips it only
 *    while it works on that same generation, so a change written into a file swapped out meanwhile reaches the new one.
 * Losing an entry costs one redundant, idempotent re-index.
 */
const applied = new WeakMap<object, Map<number, string>>();
const locks = new WeakMap<object, Map<number, Promise<void>>>();

/** The generation an index writes to: a following index's file (null while it has none), else one fixed value. */
export function generationOf(index: object): string | null {
  const g = (index as { generation?: string | null }).generation;
  return g === undefined ? 'fixed' : g;
}

/** Runs `fn` holding the write lock of one book in `index` (one writer per book and index in this process). */
export async function withIndexWriteLock<T>(index: object, bookId: number, fn: () => Promise<T>): Promise<T> {
  let books = locks.get(index);
  if (!books) locks.set(index, (books = new Map()));
  const before = books.get(bookId) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = before.then(() => mine);
  books.set(bookId, tail);
  await before;
  try {
    return await fn();
  } finally {
    release();
    if (books.get(bookId) === tail) books.delete(bookId);
  }
}

/** A change's committed part: its change-log seq (0 = nothing to follow), the book it changed, and its result. */
export interface Committed<T> {
  seq: number;
  bookId: number;
  value: T;
}

/** What became of a change: its result, and whether this server's index has it yet. */
export interface AppliedChange<T> {
  value: T;
  /** False when the index write failed after the commit: the follower brings the index up to date from the log. */
  indexed: boolean;
  /** Why the index write failed (`indexed` false). */
  indexError?: unknown;
}

/**
 * A change to a book: `commit` runs its transaction (rows and change-log row) and returns what it committed, then
 * `apply` writes this server's index; a seq > 0 whose `apply` succeeded is recorded as applied. `bookId` is the book
 * changed when it already exists (its lock is taken before the transaction), null for a new book. A failing `commit`
 * leaves the index untouched and rejects; a failing `apply` does not reject (the rows are committed): it is reported in
 * the result.
 */
export async function applyLocally<T>(
  index: object,
  bookId: number | null,
  commit: () => Promise<Committed<T>>,
  apply: (committed: Committed<T>) => Promise<void>,
): Promise<AppliedChange<T>> {
  const write = async (committed: Committed<T>): Promise<AppliedChange<T>> => {
    const generation = generationOf(index);
    try {
      await apply(committed);
    } catch (error) {
      return { value: committed.value, indexed: false, indexError: error };
    }
    if (generation !== null && committed.seq > 0) {
      let map = applied.get(index);
      if (!map) applied.set(index, (map = new Map()));
      map.set(committed.seq, generation);
    }
    return { value: committed.value, indexed: true };
  };
  if (bookId !== null) return withIndexWriteLock(index, bookId, async () => write(await commit()));
  const committed = await commit();
  return withIndexWriteLock(index, committed.bookId, () => write(committed));
}

/** True (and forgets it) when `seq` was applied locally to `generation` of `index`. */
export function takeAppliedLocally(index: object, seq: number, generation: string): boolean {
  const map = applied.get(index);
  const g = map?.get(seq);
  if (g === undefined) return false;
  map!.delete(seq);
  return g === generation;
}
