/**
 * The on-disk posting format of the search index (`posting-index.ts`): pure encoding, decoding and building, no I/O.
 *
 * A segment is a batch of sections whose search texts are laid end to end, one unit apart, so that a position is one
 * number and no bigram spans two sections. For every segment the index keeps
 * - per code point: the sections it occurs in and how often (`uni` rows) — the totals, ranking and facets of a
 *   1-character query, with no positions;
 * - per bigram of code points: every position (`bi` rows), delta-coded varints, preceded by per-section counts when the
 *   bigram is frequent in the segment (so a 2-character query's totals read no position), and by skip points (every
 *   `SKIP_EVERY`th position and its byte offset) so that an intersection with a rare list decodes only what it needs.
 *
 * Bigrams are grouped into buckets (a bijective mix of the two code points picks the bucket and the key within it), so
 * that the many rare bigrams of a large corpus do not each cost a database row.
 */

/**
 * 2^16 buckets: a one-book segment (a few hundred thousand distinct bigrams) writes at most 65,536 rows, and a large
 * segment keeps a few hundred keys per bucket, whose directory is a few kilobytes to scan.
 */
export const BUCKET_BITS = 16;
const BUCKET_MASK = (1 << BUCKET_BITS) - 1;
/** At or above this many occurrences in a segment, a bigram's posting starts with per-section counts. */
export const COUNTED_FROM = 512;
/** A skip point every this many positions. */
export const SKIP_EVERY = 128;

// ---------------------------------------------------------------------------------------------------------------
// Varints (LEB128, unsigned, up to 2^53)

export class ByteWriter {
  bytes: Uint8Array;
  length = 0;
  constructor(capacity = 64) {
    this.bytes = new Uint8Array(capacity);
  }
  private grow(need: number): void {
    let size = this.bytes.length * 2;
    while (size < this.length + need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }
  varint(value: number): void {
    if (this.length + 8 > this.bytes.length) this.grow(8);
    if (value < 0x80000000) {
      let v = value | 0;
      while (v >= 0x80) {
        this.bytes[this.length++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      this.bytes[this.length++] = v;
      return;
    }
    let v = value;
    while (v >= 0x80) {
      this.bytes[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.bytes[this.length++] = v;
  }
  append(source: Uint8Array, start = 0, end = source.length): void {
    const n = end - start;
    if (this.length + n > this.bytes.length) this.grow(n);
    this.bytes.set(source.subarray(start, end), this.length);
    this.length += n;
  }
  finish(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

export class ByteReader {
  at: number;
  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.at = start;
  }
  varint(): number {
    const b = this.bytes;
    let byte = b[this.at++] as number;
    if (byte < 0x80) return byte;
    let value = byte & 0x7f;
    let scale = 0x80;
    for (;;) {
      byte = b[this.at++] as number;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Bigram keys and buckets

/** One round function of the Feistel network over two 21-bit halves (any function keeps the network bijective). */
function round(x: number, salt: number): number {
  return (Math.imul(x ^ salt, 0x9e3779b1) >>> 11) & 0x1fffff;
}

/**
 * Where the bigram (a, b) lives: its bucket and its key within the bucket. The pair → (bucket, key) map is a bijection
 * (a 3-round Feistel network on 21-bit halves; the bucket is the low BUCKET_BITS of one half), so keys never collide and neighbouring code points scatter.
 */
export function bigramSlot(a: number, b: number): { bucket: number; key: number } {
  mix(a, b);
  return { bucket: mixedBucket, key: mixedKey };
}

/** `bigramSlot` without allocating: the result is left in `mixedBucket` and `mixedKey`. */
let mixedBucket = 0;
let mixedKey = 0;
function mix(a: number, b: number): void {
  let l = a;
  let r = b;
  let t = r;
  r = l ^ round(r, 0x5bd1e995);
  l = t;
  t = r;
  r = l ^ round(r, 0x27d4eb2f);
  l = t;
  t = r;
  r = l ^ round(r, 0x165667b1);
  l = t;
  mixedBucket = r & BUCKET_MASK;
  mixedKey = l * (1 << (21 - BUCKET_BITS)) + (r >>> BUCKET_BITS);
}

// ---------------------------------------------------------------------------------------------------------------
// Building a segment

export interface SegmentInput {
  sectionId: number;
  /** The folded search text of the section. */
  text: string;
}

export interface BuiltSegment {
  /** Section ids in segment order, and where each section's text starts. */
  sectionIds: number[];
  starts: number[];
  /** Units of the segment (last section's end). */
  units: number;
  /** Code points of each section (its length for ranking). */
  tokens: number[];
  /** Code point → encoded `uni` posting. */
  uni: Map<number, Uint8Array>;
  /** Bucket → encoded bucket blob. */
  buckets: Map<number, Uint8Array>;
}

/** Accumulates one bigram's positions in a segment (ascending) and encodes its payload. */
export class PostingBuilder {
  private readonly positions: ByteWriter;
  private last = 0;
  n = 0;
  private section = -1;
  private inSection = 0;
  private readonly sections: number[] = [];
  private readonly skips: number[] = [];
  /** `capacity`: bytes of positions expected (a merge knows them: the sizes of the postings it merges). */
  constructor(
    readonly key: number,
    capacity = 8,
  ) {
    this.positions = new ByteWriter(Math.max(8, capacity));
  }

  add(position: number, section: number): void {
    if (this.section !== section) {
      if (this.inSection > 0) this.sections.push(this.section, this.inSection);
      this.section = section;
      this.inSection = 0;
    }
    if (this.n > 0 && this.n % SKIP_EVERY === 0) this.skips.push(this.last, this.positions.length);
    this.positions.varint(position - this.last);
    this.last = position;
    this.n++;
    this.inSection++;
  }

  encode(): Uint8Array {
    if (this.inSection > 0) {
      this.sections.push(this.section, this.inSection);
      this.inSection = 0;
    }
    // The head (count, per-section counts, skip points), then the positions, copied once into a buffer of their size.
    const head = new ByteWriter(16 + (this.n >= COUNTED_FROM ? this.sections.length * 2 + this.skips.length * 3 : 0));
    head.varint(this.n);
    if (this.n >= COUNTED_FROM) {
      writeCounts(head, this.sections);
      head.varint(this.skips.length / 2);
      let p = 0;
      let o = 0;
      for (let i = 0; i < this.skips.length; i += 2) {
        head.varint((this.skips[i] as number) - p);
        head.varint((this.skips[i + 1] as number) - o);
        p = this.skips[i] as number;
        o = this.skips[i + 1] as number;
      }
    }
    const out = new Uint8Array(head.length + this.positions.length);
    out.set(head.bytes.subarray(0, head.length));
    out.set(this.positions.bytes.subarray(0, this.positions.length), head.length);
    return out;
  }
}

/** Encodes `[sectionIndex, count, …]` ascending as (delta, count) varints, prefixed by the number of entries. */
export function writeCounts(out: ByteWriter, sectionCounts: readonly number[]): void {
  out.varint(sectionCounts.length / 2);
  let previous = 0;
  for (let i = 0; i < sectionCounts.length; i += 2) {
    const s = sectionCounts[i] as number;
    out.varint(s - previous);
    out.varint(sectionCounts[i + 1] as number);
    previous = s;
  }
}

/** A bucket blob: directory of (key delta, payload length), then the payloads in key order. */
export function encodeBucket(entries: readonly { key: number; payload: Uint8Array }[]): Uint8Array {
  const sorted = [...entries].sort((a, b) => a.key - b.key);
  const out = new ByteWriter(64 + sorted.reduce((n, e) => n + e.payload.length, 0));
  out.varint(sorted.length);
  let previous = 0;
  for (const e of sorted) {
    out.varint(e.key - previous);
    out.varint(e.payload.length);
    previous = e.key;
  }
  for (const e of sorted) out.append(e.payload);
  return out.finish();
}

/** The payloads of a bucket blob by key (for merging). */
export function decodeBucket(blob: Uint8Array): { key: number; payload: Uint8Array }[] {
  const r = new ByteReader(blob);
  const n = r.varint();
  const keys: number[] = [];
  const lengths: number[] = [];
  let key = 0;
  for (let i = 0; i < n; i++) {
    key += r.varint();
    keys.push(key);
    lengths.push(r.varint());
  }
  let at = r.at;
  return keys.map((k, i) => {
    const payload = blob.subarray(at, at + (lengths[i] as number));
    at += lengths[i] as number;
    return { key: k, payload };
  });
}

/** The payload of `key` in a bucket blob, or null. */
export function findInBucket(blob: Uint8Array, key: number): Uint8Array | null {
  const r = new ByteReader(blob);
  const n = r.varint();
  let k = 0;
  let offset = 0;
  let found = -1;
  let length = 0;
  for (let i = 0; i < n; i++) {
    k += r.varint();
    const len = r.varint();
    if (found < 0) {
      if (k === key) {
        found = offset;
        length = len;
      } else offset += len;
    }
  }
  return found < 0 ? null : blob.subarray(r.at + found, r.at + found + length);
}

/** Writes the payload of positions `pos[from..to]` (ascending); per-section counts come from walking `starts`. */
function encodePayload(
  out: ByteWriter,
  scratch: ByteWriter,
  from: number,
  to: number,
  pos: Int32Array,
  starts: readonly number[],
): void {
  const n = to - from;
  out.varint(n);
  if (n < COUNTED_FROM) {
    let last = 0;
    for (let k = from; k < to; k++) {
      const p = pos[k] as number;
      out.varint(p - last);
      last = p;
    }
    return;
  }
  scratch.length = 0;
  const counts: number[] = [];
  const skips: number[] = [];
  let last = 0;
  let section = 0;
  let counted = -1;
  let inSection = 0;
  for (let k = from; k < to; k++) {
    const p = pos[k] as number;
    while (section + 1 < starts.length && (starts[section + 1] as number) <= p) section++;
    if (section !== counted) {
      if (inSection > 0) counts.push(counted, inSection);
      counted = section;
      inSection = 0;
    }
    inSection++;
    const index = k - from;
    if (index > 0 && index % SKIP_EVERY === 0) skips.push(last, scratch.length);
    scratch.varint(p - last);
    last = p;
  }
  if (inSection > 0) counts.push(counted, inSection);
  writeCounts(out, counts);
  out.varint(skips.length / 2);
  let sp = 0;
  let so = 0;
  for (let j = 0; j < skips.length; j += 2) {
    out.varint((skips[j] as number) - sp);
    out.varint((skips[j + 1] as number) - so);
    sp = skips[j] as number;
    so = skips[j + 1] as number;
  }
  out.append(scratch.bytes, 0, scratch.length);
}

/** One stable pass of an LSD radix sort of (hi, lo, pos) triples by an 11-bit digit. */
function radixPass(
  digit: (hi: number, lo: number) => number,
  n: number,
  src: [Int32Array, Int32Array, Int32Array],
  dst: [Int32Array, Int32Array, Int32Array],
): void {
  const [sh, sl, sp] = src;
  const [dh, dl, dp] = dst;
  const count = new Int32Array(2049);
  for (let i = 0; i < n; i++) {
    const d = digit(sh[i] as number, sl[i] as number) + 1;
    count[d] = (count[d] as number) + 1;
  }
  for (let d = 0; d < 2048; d++) count[d + 1] = (count[d + 1] as number) + (count[d] as number);
  for (let i = 0; i < n; i++) {
    const h = sh[i] as number;
    const l = sl[i] as number;
    const d = digit(h, l);
    const to = count[d] as number;
    count[d] = to + 1;
    dh[to] = h;
    dl[to] = l;
    dp[to] = sp[i] as number;
  }
}

/** Digits of the 42-bit (bucket, key) number: key is 26 bits (BUCKET_BITS = 16), bucket 16 bits; 11 bits a pass. */
const DIGITS: ((hi: number, lo: number) => number)[] = [
  (_h, l) => l & 2047,
  (_h, l) => (l >>> 11) & 2047,
  (h, l) => (l >>> 22) | ((h & 127) << 4),
  (h) => h >>> 7,
];

/**
 * Builds the postings of one segment from folded search texts. Every bigram occurrence becomes a (bucket, key,
 * position) triple in flat typed arrays, sorted by an LSD radix sort (stable, so positions stay ascending within a
 * key): no hash table and no allocation per occurrence, and memory reads are sequential, about 24 bytes per unit of
 * the segment. Callers cut large batches into segments of a few million units.
 */
export function buildSegment(inputs: readonly SegmentInput[]): BuiltSegment {
  let capacity = 0;
  for (const input of inputs) capacity += input.text.length;
  const sectionIds: number[] = [];
  const starts: number[] = [];
  const tokens: number[] = [];
  const uniCounts = new Map<number, number[]>();
  const size = Math.max(1, capacity);
  const a: [Int32Array, Int32Array, Int32Array] = [new Int32Array(size), new Int32Array(size), new Int32Array(size)];
  let n = 0;
  const bmpCount = new Int32Array(0x10000);
  const touched: number[] = [];
  let base = 0;
  const [hiOf, loOf, posOf] = a;
  for (let s = 0; s < inputs.length; s++) {
    const { sectionId, text } = inputs[s] as SegmentInput;
    sectionIds.push(sectionId);
    starts.push(base);
    let previous = -1;
    let previousAt = 0;
    let cps = 0;
    let astral: Map<number, number> | null = null;
    for (let i = 0; i < text.length; i++) {
      const at = i;
      let cp = text.charCodeAt(i);
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          cp = ((cp - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
          i++;
        }
      }
      cps++;
      if (cp < 0x10000) {
        if (bmpCount[cp] === 0) touched.push(cp);
        bmpCount[cp] = (bmpCount[cp] as number) + 1;
      } else {
        astral ??= new Map();
        astral.set(cp, (astral.get(cp) ?? 0) + 1);
      }
      if (previous >= 0) {
        mix(previous, cp);
        hiOf[n] = mixedBucket;
        loOf[n] = mixedKey;
        posOf[n] = base + previousAt;
        n++;
      }
      previous = cp;
      previousAt = at;
    }
    for (const cp of touched) {
      let list = uniCounts.get(cp);
      if (!list) uniCounts.set(cp, (list = []));
      list.push(s, bmpCount[cp] as number);
      bmpCount[cp] = 0;
    }
    touched.length = 0;
    if (astral)
      for (const [cp, count] of astral) {
        let list = uniCounts.get(cp);
        if (!list) uniCounts.set(cp, (list = []));
        list.push(s, count);
      }
    tokens.push(cps);
    base += text.length + 1;
  }
  const uni = new Map<number, Uint8Array>();
  for (const [cp, list] of uniCounts) {
    const out = new ByteWriter(list.length * 2 + 4);
    writeCounts(out, list);
    uni.set(cp, out.finish());
  }
  const b: [Int32Array, Int32Array, Int32Array] = [new Int32Array(size), new Int32Array(size), new Int32Array(size)];
  radixPass(DIGITS[0] as (h: number, l: number) => number, n, a, b);
  radixPass(DIGITS[1] as (h: number, l: number) => number, n, b, a);
  radixPass(DIGITS[2] as (h: number, l: number) => number, n, a, b);
  radixPass(DIGITS[3] as (h: number, l: number) => number, n, b, a);
  const [hi, lo, pos] = a;
  const buckets = new Map<number, Uint8Array>();
  const payloads = new ByteWriter(1 << 16);
  const scratch = new ByteWriter(1 << 16);
  const out = new ByteWriter(1 << 16);
  const keys: number[] = [];
  const ends: number[] = [];
  let i = 0;
  while (i < n) {
    const bucket = hi[i] as number;
    payloads.length = 0;
    keys.length = 0;
    ends.length = 0;
    while (i < n && hi[i] === bucket) {
      const key = lo[i] as number;
      let j = i + 1;
      while (j < n && hi[j] === bucket && lo[j] === key) j++;
      encodePayload(payloads, scratch, i, j, pos, starts);
      keys.push(key);
      ends.push(payloads.length);
      i = j;
    }
    out.length = 0;
    out.varint(keys.length);
    let previousKey = 0;
    let previousEnd = 0;
    for (let k = 0; k < keys.length; k++) {
      out.varint((keys[k] as number) - previousKey);
      out.varint((ends[k] as number) - previousEnd);
      previousKey = keys[k] as number;
      previousEnd = ends[k] as number;
    }
    out.append(payloads.bytes, 0, payloads.length);
    buckets.set(bucket, out.finish());
  }
  return { sectionIds, starts, units: Math.max(0, base - 1), tokens, uni, buckets };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

/** Calls `visit(sectionIndex, count)` for each entry of a counts list starting at `r`; leaves `r` after it. */
export function readCounts(r: ByteReader, visit: (section: number, count: number) => void): void {
  const n = r.varint();
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += r.varint();
    visit(s, r.varint());
  }
}

export interface BigramPosting {
  bytes: Uint8Array;
  /** Occurrences in the segment. */
  n: number;
  /** Offset of the per-section counts (frequent bigrams only), else -1. */
  countsAt: number;
  /** Skip points: position before each block and the byte offset (relative to `positionsAt`) where it starts. */
  skipPositions: Int32Array;
  skipOffsets: Int32Array;
  positionsAt: number;
}

export function openBigram(bytes: Uint8Array): BigramPosting {
  const r = new ByteReader(bytes);
  const n = r.varint();
  let countsAt = -1;
  let skipPositions = EMPTY;
  let skipOffsets = EMPTY;
  if (n >= COUNTED_FROM) {
    countsAt = r.at;
    readCounts(r, () => undefined);
    const k = r.varint();
    skipPositions = new Int32Array(k);
    skipOffsets = new Int32Array(k);
    let p = 0;
    let o = 0;
    for (let i = 0; i < k; i++) {
      p += r.varint();
      o += r.varint();
      skipPositions[i] = p;
      skipOffsets[i] = o;
    }
  }
  return { bytes, n, countsAt, skipPositions, skipOffsets, positionsAt: r.at };
}

const EMPTY = new Int32Array(0);

/** Every position of a bigram posting, ascending. */
export function decodePositions(p: BigramPosting): Int32Array {
  return positionsIn(p, 0, Number.POSITIVE_INFINITY);
}

/**
 * The positions of `p` in `[from, to)`, ascending. Starts at the skip point before `from` (a frequent bigram's page of
 * hits decodes one block or a few, not the whole list).
 */
export function positionsIn(p: BigramPosting, from: number, to: number): Int32Array {
  const b = p.bytes;
  const skips = p.skipPositions;
  let k = 0;
  while (k < skips.length && (skips[k] as number) < from) k++;
  let at = p.positionsAt + (k > 0 ? (p.skipOffsets[k - 1] as number) : 0);
  let last = k > 0 ? (skips[k - 1] as number) : 0;
  const left = p.n - k * SKIP_EVERY;
  // The whole rest when the range is open-ended (counting), else grown as needed (a page's range is small).
  let out = new Int32Array(to === Number.POSITIVE_INFINITY ? left : Math.min(left, 256));
  let count = 0;
  for (let i = 0; i < left; i++) {
    let byte = b[at++] as number;
    let delta = byte & 0x7f;
    let shift = 7;
    while (byte >= 0x80) {
      byte = b[at++] as number;
      delta |= (byte & 0x7f) << shift;
      shift += 7;
    }
    last += delta;
    if (last >= to) break;
    if (last < from) continue;
    if (count === out.length) {
      const grown = new Int32Array(Math.min(left, out.length * 2));
      grown.set(out);
      out = grown;
    }
    out[count++] = last;
  }
  return count === out.length ? out : out.subarray(0, count);
}

/**
 * The positions of `p` in any of `ranges` — `[from, to)` pairs, flat, ascending and disjoint — ascending. One pass
 * forward: the skip points jump over blocks before each range, so a few sections' ranges in a frequent bigram's
 * posting decode a few blocks, not the whole list (an AND's other terms, counted where its rarest term occurs).
 */
export function positionsInRanges(p: BigramPosting, ranges: ArrayLike<number>): Int32Array {
  const b = p.bytes;
  const skips = p.skipPositions;
  let out = new Int32Array(Math.min(p.n, 256));
  let count = 0;
  let block = 0;
  let at = p.positionsAt;
  let last = 0;
  let read = 0;
  // The position decoded last and not yet taken (below every range before the first decode; above all when done).
  let current = Number.MIN_SAFE_INTEGER;
  for (let r = 0; r + 1 < ranges.length; r += 2) {
    const from = ranges[r] as number;
    const to = ranges[r + 1] as number;
    if (current < from) {
      let k = block;
      while (k < skips.length && (skips[k] as number) < from) k++;
      if (k > block) {
        const startOfBlock = k * SKIP_EVERY;
        if (startOfBlock > read) {
          last = skips[k - 1] as number;
          at = p.positionsAt + (p.skipOffsets[k - 1] as number);
          read = startOfBlock;
          current = last;
        }
        block = k;
      }
    }
    while (current < to) {
      if (current >= from) {
        if (count === out.length) {
          const grown = new Int32Array(Math.min(p.n, out.length * 2));
          grown.set(out);
          out = grown;
        }
        out[count++] = current;
      }
      if (read >= p.n) {
        current = Number.MAX_SAFE_INTEGER;
        break;
      }
      let byte = b[at++] as number;
      let delta = byte & 0x7f;
      let shift = 7;
      while (byte >= 0x80) {
        byte = b[at++] as number;
        delta |= (byte & 0x7f) << shift;
        shift += 7;
      }
      last += delta;
      current = last;
      read++;
    }
  }
  return out.subarray(0, count);
}

/**
 * Keeps the candidates `c` (ascending) for which `c + offset` is a position of `p`; returns how many were kept (they
 * are moved to the front of `candidates`). Uses the skip points to jump over blocks no candidate can fall in, so a
 * rare candidate list against a frequent bigram decodes only the blocks it needs.
 */
export function keepFollowedBy(candidates: Int32Array, count: number, p: BigramPosting, offset: number): number {
  const b = p.bytes;
  const skips = p.skipPositions;
  let block = 0;
  let at = p.positionsAt;
  let last = 0;
  let read = 0;
  // Below every target: a candidate may start before the segment (its rarer bigram opens the first section), and
  // nothing is there.
  let current = Number.MIN_SAFE_INTEGER;
  let kept = 0;
  for (let i = 0; i < count; i++) {
    const target = (candidates[i] as number) + offset;
    if (current < target) {
      // Jump to the last block whose preceding position is below the target, if that is ahead of us.
      let k = block;
      while (k < skips.length && (skips[k] as number) < target) k++;
      if (k > block) {
        const startOfBlock = k * SKIP_EVERY;
        if (startOfBlock > read) {
          last = skips[k - 1] as number;
          at = p.positionsAt + (p.skipOffsets[k - 1] as number);
          read = startOfBlock;
          current = last;
        }
        block = k;
      }
      while (current < target && read < p.n) {
        let byte = b[at++] as number;
        let delta = byte & 0x7f;
        let shift = 7;
        while (byte >= 0x80) {
          byte = b[at++] as number;
          delta |= (byte & 0x7f) << shift;
          shift += 7;
        }
        last += delta;
        current = last;
        read++;
      }
    }
    if (current === target) candidates[kept++] = candidates[i] as number;
    else if (current < target) break;
  }
  return kept;
}
