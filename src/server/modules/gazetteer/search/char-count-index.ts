/**
 * Per-character hit counts of one section's search text, written to the index's `char_count` table at ingest: they
 * answer 1-character queries (total, per-section frequency for ranking) without merging the postings of every bigram
 * that starts with the character, and without reading any text.
 */

const bmp = new Int32Array(0x10000);

/** `[codePoint, count, codePoint, count …]` of `text`, in order of first occurrence. */
export function countCharacters(text: string): number[] {
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
  const out: number[] = [];
  for (const unit of touched) {
    out.push(unit, bmp[unit] as number);
    bmp[unit] = 0;
  }
  for (const [cp, count] of astral) out.push(cp, count);
  return out;
}
