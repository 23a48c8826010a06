/**
 * The candidate sections of a counted query (`PostingEngine.countRows`) and its terms' counts in them: one row per
 * section, in flat typed arrays. A section is known by its slot, a dense number over every segment's sections, and a
 * row by its segment's ordinal and its index there. Frequent terms make tens of thousands of rows (`"分" "七"`: 55,863
 * at 1 B characters), so a row is added without allocating: the arrays are sized once from the creating terms' sizes
 * (an upper bound) and grown only past it.
 */
export class CountTable {
  /** Rows made so far. */
  rows = 0;
  /** Per row, per term: its occurrences in the row's section. */
  counts: Int32Array;
  /** Per row: how many of the required terms other than the rarest it has. */
  seen: Int32Array;
  /** Per row: its segment's ordinal. */
  segment: Int32Array;
  /** Per row: its section's index in the segment. */
  idx: Int32Array;
  /** Per slot: its row, or -1. */
  private readonly rowOf: Int32Array;

  constructor(
    readonly terms: number,
    slots: number,
    capacity: number,
  ) {
    const size = Math.max(1, Math.min(slots, capacity));
    this.rowOf = new Int32Array(slots).fill(-1);
    this.counts = new Int32Array(size * terms);
    this.seen = new Int32Array(size);
    this.segment = new Int32Array(size);
    this.idx = new Int32Array(size);
  }

  /**
   * Term `t`'s `count` in the section at `slot` (index `idx` of the segment with ordinal `segment`). A section without
   * a row gets one only when `create`; `other` (t is a required term other than the rarest) counts it in `seen`.
   */
  add(t: number, slot: number, segment: number, idx: number, count: number, create: boolean, other: boolean): void {
    let row = this.rowOf[slot] as number;
    if (row < 0) {
      if (!create) return;
      row = this.rows++;
      if (row === this.seen.length) this.grow();
      this.rowOf[slot] = row;
      this.segment[row] = segment;
      this.idx[row] = idx;
    }
    this.counts[row * this.terms + t] = count;
    if (other) this.seen[row] = (this.seen[row] as number) + 1;
  }

  /** Whether the section at `slot` has a row. */
  has(slot: number): boolean {
    return (this.rowOf[slot] as number) >= 0;
  }

  private grow(): void {
    const size = this.seen.length * 2;
    const widen = (from: Int32Array, to: Int32Array) => {
      to.set(from);
      return to;
    };
    this.counts = widen(this.counts, new Int32Array(size * this.terms));
    this.seen = widen(this.seen, new Int32Array(size));
    this.segment = widen(this.segment, new Int32Array(size));
    this.idx = widen(this.idx, new Int32Array(size));
  }
}
