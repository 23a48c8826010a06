/**
 * A section's display text is stored once, in consecutive pieces of `TEXT_CHUNK` code points (`book_section_text`,
 * `seq` from 0), so a search page reads the few thousand characters around its hits, not whole juan: a database reads a
 * value whole, and hits fall mostly in the longest sections. Code points, not UTF-16 units, because SQLite's and
 * PostgreSQL's `substr`/`length` count them, so the two sides and migration 0022 cut the same pieces.
 */

/**
 * Code points a piece holds: about 12 KB of UTF-8 for Han text — one b-tree cell and a few full overflow pages in SQLite,
 * and a window of a hit falls in one piece or two.
 */
export const TEXT_CHUNK = 4_096;

function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The UTF-16 index `count` code points after unit `from` (or the end of the text). */
export function advanceCodePoints(text: string, from: number, count: number): number {
  let i = from;
  for (let n = 0; n < count && i < text.length; n++) {
    i += isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1)) ? 2 : 1;
  }
  return i;
}

/** The text in pieces of `size` code points (an empty text has none). */
export function chunkText(text: string, size: number = TEXT_CHUNK): string[] {
  const out: string[] = [];
  let from = 0;
  while (from < text.length) {
    const to = advanceCodePoints(text, from, size);
    out.push(text.slice(from, to));
    from = to;
  }
  return out;
}

/** `count` code points of `text` from code point `from`, like SQL's `substr(text, from + 1, count)`. */
export function sliceCodePoints(text: string, from: number, count: number): string {
  const start = advanceCodePoints(text, 0, from);
  return text.slice(start, advanceCodePoints(text, start, count));
}

/** The byte offset in UTF-8 `bytes` of the code point `count` code points after byte `from` (or the end). */
export function advanceUtf8(bytes: Uint8Array, from: number, count: number): number {
  let i = from;
  for (let n = 0; n < count && i < bytes.length; n++) {
    const lead = bytes[i] as number;
    i += lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
  }
  return Math.min(i, bytes.length);
}

/**
 * `count` code points from code point `from` of the UTF-8 text in `bytes`, decoded: only the slice is turned into a
 * JavaScript string (decoding a whole 12 KB piece of Han text costs about three times the read). The bytes must be
 * well-formed UTF-8 (`isUtf8`); databases store a lone surrogate as U+FFFD, one code point, as `chunkText` counts it.
 */
export function sliceUtf8CodePoints(bytes: Buffer, from: number, count: number): string {
  const start = advanceUtf8(bytes, 0, from);
  return bytes.toString('utf8', start, advanceUtf8(bytes, start, count));
}

/** The pieces holding code points [from, from + count): first and last `seq` (last < first when count is 0). */
export function chunkRange(from: number, count: number, size: number = TEXT_CHUNK): { first: number; last: number } {
  const first = Math.floor(from / size);
  return { first, last: count > 0 ? Math.floor((from + count - 1) / size) : first - 1 };
}

/** Each section's text joined from its pieces, read as `[section id, text]` rows in `seq` order within a section. */
export function joinPieces(rows: Iterable<readonly [number, string]>): Map<number, string> {
  const parts = new Map<number, string[]>();
  for (const [id, text] of rows) {
    const list = parts.get(id);
    if (list) list.push(text);
    else parts.set(id, [text]);
  }
  return new Map([...parts].map(([id, list]) => [id, list.join('')]));
}
