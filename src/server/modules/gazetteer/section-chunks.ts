/**
 * A section's display text is stored once, in consecutive pieces of `TEXT_CHUNK` code points (`book_section_piece`,
 * `seq` from 0), so a search page reads the few thousand characters around its hits, not whole juan: a database reads a
 * value whole, and hits fall mostly in the longest sections. Code points, not UTF-16 units, as SQL's `substr` and
 * `length` count them, so a piece never splits a pair of surrogates. Each piece is stored as the raw DEFLATE (RFC 1951)
 * of its UTF-16 little-endian bytes (migrations 0024 and 0025): a window inflates the pieces it falls in, then is cut
 * from their bytes without decoding the rest to a string.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * Code points a piece holds: about 8 KB of UTF-16 for Han text, 5–6 KB deflated, and a window of a hit falls in one
 * piece or two. Inflating a piece costs 20–40 µs here; a piece of 1,024 code points would take 12–15 µs but store
 * 0.75 of its UTF-16 bytes against 0.68, and inflating several in one call saves nothing.
 */
export const TEXT_CHUNK = 4_096;

/** The most UTF-16 bytes a piece can hold (every code point a surrogate pair): a stored piece never inflates beyond. */
const PIECE_BYTES_MAX = 4 * TEXT_CHUNK;
/** zlib's fastest level: a quarter less time than the default (6) for 2 % more bytes. */
const DEFLATE_LEVEL = 1;

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

/**
 * A piece as stored (`book_section_piece.deflated`): the raw DEFLATE of its UTF-16 code units, little-endian. UTF-16
 * is 2 bytes for a Han character where UTF-8 takes 3, and every JavaScript string, a lone surrogate too, comes back as
 * it went in; deflated, the pieces of the scaled benchmark corpus are 0.68 of their UTF-16 bytes (0.47 of UTF-8).
 * Synchronous, on the caller's thread: ~140 µs a piece of Han text, where zlib's asynchronous call took twice the CPU
 * (a stream and a hand-over to the thread pool per piece) and an ingest went 40 % slower with it.
 */
export function encodePiece(text: string): Buffer {
  return deflateRawSync(Buffer.from(text, 'utf16le'), { level: DEFLATE_LEVEL });
}

/** The UTF-16 little-endian bytes of a stored piece (a piece that would inflate beyond any piece's size is refused). */
export function inflatePiece(stored: Uint8Array): Buffer {
  return inflateRawSync(stored, { maxOutputLength: PIECE_BYTES_MAX });
}

/** Pieces inflated between two yields to the event loop: ~10 ms of work at 20–40 µs a piece. */
const INFLATE_RUN = 256;

/**
 * `inflatePiece` of each stored piece, yielding to the event loop after every `INFLATE_RUN` (a whole book's texts are
 * thousands of pieces). Synchronous runs, not zlib's asynchronous call: that took 2–3 times the CPU a piece (a stream
 * and a hand-over to the thread pool) and was no faster on two cores.
 */
export async function inflatePieces(stored: readonly Uint8Array[]): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (let i = 0; i < stored.length; i++) {
    if (i > 0 && i % INFLATE_RUN === 0) await new Promise((resolve) => setImmediate(resolve));
    out.push(inflatePiece(stored[i] as Uint8Array));
  }
  return out;
}

/** The text of UTF-16 little-endian bytes (inflated pieces, one or laid end to end). */
function decodeUtf16(bytes: Uint8Array): string {
  return bufferOf(bytes).toString('utf16le');
}

function bufferOf(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The byte offset in UTF-16LE `bytes` of the code point `count` code points after byte `from` (or the end). A pair of
 * surrogates is one code point and a lone surrogate another, as `advanceCodePoints` counts them.
 */
export function advanceUtf16(bytes: Uint8Array, from: number, count: number): number {
  const units = bytes.length & ~1;
  let i = from;
  for (let n = 0; n < count && i < units; n++) {
    const high = bytes[i + 1] as number;
    const next = i + 3 < units ? (bytes[i + 3] as number) : 0;
    i += high >= 0xd8 && high <= 0xdb && next >= 0xdc && next <= 0xdf ? 4 : 2;
  }
  return Math.min(i, units);
}

/**
 * `count` code points from code point `from` of the UTF-16 bytes of inflated pieces, decoded: only the slice becomes a
 * JavaScript string, so a window of a hundred characters does not decode its whole piece.
 */
export function sliceUtf16CodePoints(bytes: Uint8Array, from: number, count: number): string {
  const start = advanceUtf16(bytes, 0, from);
  return bufferOf(bytes).toString('utf16le', start, advanceUtf16(bytes, start, count));
}

/** The pieces holding code points [from, from + count): first and last `seq` (last < first when count is 0). */
export function chunkRange(from: number, count: number, size: number = TEXT_CHUNK): { first: number; last: number } {
  const first = Math.floor(from / size);
  return { first, last: count > 0 ? Math.floor((from + count - 1) / size) : first - 1 };
}

/**
 * Each section's text joined from its pieces, given as `[section id, UTF-16 bytes]` rows (inflated) in `seq` order
 * within a section.
 */
export function joinPieces(rows: Iterable<readonly [number, Uint8Array]>): Map<number, string> {
  const parts = new Map<number, Uint8Array[]>();
  for (const [id, bytes] of rows) {
    const list = parts.get(id);
    if (list) list.push(bytes);
    else parts.set(id, [bytes]);
  }
  return new Map(
    [...parts].map(([id, list]) => [
      id,
      decodeUtf16(list.length === 1 ? (list[0] as Uint8Array) : Buffer.concat(list)),
    ]),
  );
}
