/**
 * Per-character hit counts of every section, kept in memory: answers 1-character queries (count, per-section
 * frequency for ranking) without merging the postings of every bigram that starts with the character.
 */

export class CharCountIndex {
  /** code point → [sectionId, count, sectionId, count …] in ascending section order. */
  private readonly postings = new Map<number, number[]>();

  /** Builds from `(sectionId, searchText)` pairs; sections must come in ascending id order. */
  constructor(sections: Iterable<readonly [number, string]>) {
    const bmp = new Int32Array(0x10000);
    for (const [sectionId, text] of sections) {
      const touched: number[] = [];
      const astral = new Map<number, number>();
      for (let i = 0; i < text.length; i++) {
        const unit = text.charCodeAt(i);
        if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
          const low = text.charCodeAt(i + 1);
          if (low >= 0xdc00 && low <= 0xdfff) {
            const cp = ((unit - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
            astral.set(cp, (astral.get(cp) ?? 0) + 1);
            i++;
            continue;
          }
        }
        if (bmp[unit] === 0) touched.push(unit);
        bmp[unit] = (bmp[unit] as number) + 1;
      }
      for (const unit of touched) {
        this.add(unit, sectionId, bmp[unit] as number);
        bmp[unit] = 0;
      }
      for (const [cp, count] of astral) this.add(cp, sectionId, count);
    }
  }

  private add(cp: number, sectionId: number, count: number): void {
    const list = this.postings.get(cp);
    if (list) list.push(sectionId, count);
    else this.postings.set(cp, [sectionId, count]);
  }

  /** `[sectionId, count, …]` for the code point (empty when it occurs nowhere). */
  lookup(cp: number): readonly number[] {
    return this.postings.get(cp) ?? [];
  }
}
