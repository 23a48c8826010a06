/** A bounded in-memory cache of section search texts (LRU by characters held), rebuilt from display text on a miss. */
import type { SearchText } from './search-text.ts';

export class SectionCache<T extends SearchText = SearchText> {
  private readonly entries = new Map<number, T>();
  private chars = 0;

  constructor(private readonly maxChars: number) {}

  get(sectionId: number, build: () => T): T {
    const hit = this.entries.get(sectionId);
    if (hit) {
      // Re-insert to mark as most recently used (Map keeps insertion order).
      this.entries.delete(sectionId);
      this.entries.set(sectionId, hit);
      return hit;
    }
    const built = build();
    this.entries.set(sectionId, built);
    this.chars += built.plain.length;
    for (const [id, entry] of this.entries) {
      if (this.chars <= this.maxChars || id === sectionId) break;
      this.entries.delete(id);
      this.chars -= entry.plain.length;
    }
    return built;
  }

  /** The cached entry, marked as most recently used, or undefined. */
  peek(sectionId: number): T | undefined {
    const hit = this.entries.get(sectionId);
    if (hit) {
      this.entries.delete(sectionId);
      this.entries.set(sectionId, hit);
    }
    return hit;
  }

  delete(sectionId: number): void {
    const entry = this.entries.get(sectionId);
    if (!entry) return;
    this.entries.delete(sectionId);
    this.chars -= entry.plain.length;
  }

  clear(): void {
    this.entries.clear();
    this.chars = 0;
  }
}
