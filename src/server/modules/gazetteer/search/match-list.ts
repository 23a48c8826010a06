/**
 * A term's matching sections as the index finds them, kept in typed arrays: a frequent character matches nearly every
 * section (~60,000 at a billion characters), and one object per section, where a page needs its best twenty, made
 * every such search allocate them and the scavenger copy them. Entries keep the order they were pushed in.
 */
export class MatchList<V> {
  /** The segment views the entries point into, by ordinal. */
  readonly views: V[] = [];
  length = 0;
  private view: Uint16Array;
  private idx: Int32Array;
  private ids: Int32Array;
  private tfs: Int32Array;
  private scores: Float64Array;

  constructor(capacity = 64) {
    const n = Math.max(1, capacity);
    this.view = new Uint16Array(n);
    this.idx = new Int32Array(n);
    this.ids = new Int32Array(n);
    this.tfs = new Int32Array(n);
    this.scores = new Float64Array(n);
  }

  get capacity(): number {
    return this.idx.length;
  }

  /** Empties the list for another search, keeping its arrays (a large typed array costs page faults to allocate). */
  clear(): void {
    this.length = 0;
    this.views.length = 0;
  }

  push(view: V, idx: number, sectionId: number, tf: number, score: number): void {
    if (this.length === this.idx.length) this.grow(this.length * 2);
    let v = this.views.length - 1;
    if (v < 0 || this.views[v] !== view) {
      v = this.views.indexOf(view);
      if (v < 0) v = this.views.push(view) - 1;
    }
    const i = this.length++;
    this.view[i] = v;
    this.idx[i] = idx;
    this.ids[i] = sectionId;
    this.tfs[i] = tf;
    this.scores[i] = score;
  }

  viewOf(i: number): V {
    return this.views[this.view[i] as number] as V;
  }
  idxOf(i: number): number {
    return this.idx[i] as number;
  }
  sectionIdOf(i: number): number {
    return this.ids[i] as number;
  }
  tfOf(i: number): number {
    return this.tfs[i] as number;
  }
  scoreOf(i: number): number {
    return this.scores[i] as number;
  }

  /** The entries of the best `want` sections (higher score first, then lower section id), best first. */
  top(want: number): number[] {
    const scores = this.scores;
    const ids = this.ids;
    return bestOf(
      this.length,
      want,
      (a, b) =>
        (scores[a] as number) > (scores[b] as number) ||
        ((scores[a] as number) === (scores[b] as number) && (ids[a] as number) < (ids[b] as number)),
    );
  }

  private grow(capacity: number): void {
    this.view = grown(this.view, new Uint16Array(capacity));
    this.idx = grown(this.idx, new Int32Array(capacity));
    this.ids = grown(this.ids, new Int32Array(capacity));
    this.tfs = grown(this.tfs, new Int32Array(capacity));
    this.scores = grown(this.scores, new Float64Array(capacity));
  }
}

/**
 * The `want` best of the entries 0 … n - 1 by `better`, best first, without sorting the others: a min-heap of entry
 * numbers whose root is the worst kept so far.
 */
export function bestOf(n: number, want: number, better: (a: number, b: number) => boolean): number[] {
  const k = Math.min(want, n);
  if (k <= 0) return [];
  const heap = new Int32Array(k);
  let size = 0;
  const swap = (i: number, j: number) => {
    const t = heap[i] as number;
    heap[i] = heap[j] as number;
    heap[j] = t;
  };
  for (let e = 0; e < n; e++) {
    if (size < k) {
      let i = size++;
      heap[i] = e;
      for (let p = (i - 1) >> 1; i > 0 && better(heap[p] as number, heap[i] as number); i = p, p = (i - 1) >> 1)
        swap(p, i);
    } else if (better(e, heap[0] as number)) {
      heap[0] = e;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        let worst = i;
        if (l < size && better(heap[worst] as number, heap[l] as number)) worst = l;
        if (l + 1 < size && better(heap[worst] as number, heap[l + 1] as number)) worst = l + 1;
        if (worst === i) break;
        swap(worst, i);
        i = worst;
      }
    }
  }
  return [...heap].sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
}

/** `into` holding `from` at its start. */
function grown<A extends { set(from: A): void }>(from: A, into: A): A {
  into.set(from);
  return into;
}
