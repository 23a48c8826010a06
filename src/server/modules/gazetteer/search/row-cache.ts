/**
 * Posting rows kept in memory, least recently used first out, bounded by bytes. Only large rows are kept (a frequent
 * bigram's bucket, a frequent character's counts): small ones cost less to read again than to hold. Rows never change
 * once written (a segment's rows are written with it and deleted with it, and segment ids are never reused), so an
 * entry is never stale; rows of a merged-away segment simply stop being asked for and age out.
 */
export class RowCache<T> {
  private readonly entries = new Map<number, { value: T; bytes: number }>();
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    /** Rows below this size are not kept. */
    readonly minBytes: number,
  ) {}

  get(id: number): T | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry.value;
  }

  set(id: number, value: T, bytes: number): void {
    if (bytes < this.minBytes || bytes > this.maxBytes) return;
    const old = this.entries.get(id);
    if (old) {
      this.entries.delete(id);
      this.bytes -= old.bytes;
    }
    this.entries.set(id, { value, bytes });
    this.bytes += bytes;
    for (const [key, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(key);
      this.bytes -= entry.bytes;
    }
  }

  delete(id: number): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.bytes -= entry.bytes;
  }

  get size(): number {
    return this.bytes;
  }
}
