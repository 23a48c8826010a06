/**
 * A term's matching sections as the index finds them, kept in typed arrays: a frequent character matches hundreds of
 * thousands of sections at a billion characters, and one object per section (what a page needs of the best twenty)
 * made every such search allocate and copy tens of megabytes. Entries keep the order they were pushed in.
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

  /**
   * The entries of the best `want` sections (higher score first, then lower section id), best first, without sorting
   * the others: a min-heap of entry numbers whose root is the worst kept so far.
   */
  top(want: number): number[] {
    const k = Math.min(want, this.length);
    if (k <= 0) return [];
    const scores = this.scores;
    const ids = this.ids;
    const better = (a: number, b: number) =>
      (scores[a] as number) > (scores[b] as number) ||
      ((scores[a] as number) === (scores[b] as number) && (ids[a] as number) < (ids[b] as number));
    const heap = new Int32Array(k);
    let size = 0;
    const down = (from: number) => {
      let i = from;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let worst = i;
        if (l < size && better(heap[worst] as number, heap[l] as number)) worst = l;
        if (r < size && better(heap[worst] as number, heap[r] as number)) worst = r;
        if (worst === i) return;
        const t = heap[worst] as number;
        heap[worst] = heap[i] as number;
        heap[i] = t;
        i = worst;
      }
    };
    for (let e = 0; e < this.length; e++) {
      if (size < k) {
        let i = size++;
        heap[i] = e;
        while (i > 0) {
          const p = (i - 1) >> 1;
          if (!better(heap[p] as number, heap[i] as number)) break;
          const t = heap[p] as number;
          heap[p] = heap[i] as number;
          heap[i] = t;
          i = p;
        }
      } else if (better(e, heap[0] as number)) {
        heap[0] = e;
        down(0);
      }
    }
    return [...heap].sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
  }

  private grow(capacity: number): void {
    this.view = grown(this.view, new Uint16Array(capacity));
    this.idx = grown(this.idx, new Int32Array(capacity));
    this.ids = grown(this.ids, new Int32Array(capacity));
    this.tfs = grown(this.tfs, new Int32Array(capacity));
    this.scores = grown(this.scores, new Float64Array(capacity));
  }
}

/** `into` holding `from` at its start. */
function grown<A extends { set(from: A): void }>(from: A, into: A): A {
  into.set(from);
  return into;
}
