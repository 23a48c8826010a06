/**
 * The embedded search engine: our own positional index in a SQLite file (`postings.ts` has the format).
 *
 * - Exact totals at every length come from the index alone: a 1-character term from per-section character counts, a
 *   2-character term from its bigram posting (per-section counts when frequent), a longer term from intersecting the
 *   positions of the bigrams that cover it (rarest first, as the largest segment has them; the rarer of the first two
 *   is the base, blocks are skipped, and a segment where no candidate is left reads none of the remaining bigrams). No
 *   text is read to count.
 * - Only the hits shown (one page), the variant panel and KWIC read section text: from the main database, through the
 *   `texts` loader (the books are stored once), or — for an index without a database (tests, `:memory:`) — from its own
 *   copy. The page's hits are found by scanning those few sections, so what is shown is exact by construction.
 * - Filters (published only, type, region, period, year, books, one section) are applied inside, per book, while the
 *   postings are read: no request carries a list of books.
 * - Boolean queries (AND, OR, NOT, NEAR) and exact-glyph search take their candidate sections from the index and are
 *   then evaluated exactly on the candidates' texts.
 *
 * Writes add a segment per batch of books; replaced or removed sections stay in old segments as dead entries until
 * small segments are merged (`mergeSegments`). The engine is synchronous except where it waits for texts; it runs in
 * worker threads (`worker-pool.ts`), and `LocalSearchIndex` runs it in this thread for tests and short CLI runs.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { createFolder, type Folder } from './fold.ts';
import { sortKwicRows } from './kwic.ts';
import { CountTable } from './count-table.ts';
import { bestOf, MatchList } from './match-list.ts';
import { matchSection } from './match-section.ts';
import { countPlan, type CountPlan } from './query-counts.ts';
import { normalizeQuery, parseQuery, type QueryNode } from './query-parse.ts';
import { scoreTermFrequency, sortSections, type SectionMeta } from './result-order.ts';
import {
  buildSearchText,
  decodeLayout,
  displayOffset,
  encodeLayout,
  lineBreaksBetween,
  normalizeSkip,
  plainOfWindow,
  windowOf,
  type SearchText,
  type SkipRange,
  type TextLayout,
  type TextWindowRange,
} from './search-text.ts';
import { RowCache } from './row-cache.ts';
import { SectionCache } from './section-cache.ts';
import { TEXT_CHUNK } from '../section-chunks.ts';
import { sectionApparatus } from '../book-apparatus.ts';
import { anchorOffsets } from '../packed-book.ts';
import { cutSnippet } from './snippet.ts';
import { anchorAt, anchorId, parsePageAnchors, type PageAnchors } from './page-anchors.ts';
import { AppError } from '../../../../shared/errors.ts';
import {
  BUCKET_BITS,
  buildSegment,
  bigramSlot,
  ByteReader,
  ByteWriter,
  decodeBucket,
  decodePositions,
  encodeBucket,
  findInBucket,
  keepFollowedBy,
  openBigram,
  positionsIn,
  positionsInRanges,
  PostingBuilder,
  readCounts,
  writeCounts,
  type BigramPosting,
  type BuiltSegment,
} from './postings.ts';
import {
  openSectionTextReader,
  type LoadedSectionText,
  type SectionHeadRow,
  type SectionTextReader,
  type SectionTextSource,
} from '../section-texts.repository.ts';
import { answerJson } from '../search-answer.ts';
import {
  BOOK_FACETS,
  type AnswerFrame,
  type FacetCount,
  type HitHead,
  type HitPlace,
  type IndexedSection,
  type KwicOptions,
  type KwicRow,
  type SearchCount,
  type SearchFacets,
  type SearchFilters,
  type SearchIndex,
  type SearchOptions,
  type SearchResult,
  type ShapedAnswer,
} from './search-index.ts';

/** Display texts of sections by id, with their page anchors when the source has them (those not found are left out). */
export type SectionTextLoader = (
  ids: readonly number[],
) => Promise<Map<number, string | LoadedSectionText>> | Map<number, string | LoadedSectionText>;

/** A section's search text as the engine keeps it, with the page anchors its hits are placed on (null: none given). */
interface CachedText extends SearchText {
  /** The stored anchors list (parsed on the first hit placed: the variant panel never needs it), or null. */
  anchors: string | PageAnchors | null;
  /** The section's ordinal and title when the source gives them, or null. */
  head: SectionHead | null;
}

interface SectionHead {
  ordinal: number;
  title: string;
}

/** A hit's `head`: the section's from the text source, the book's title from the index's facets. */
function hitHead(book: BookMeta, head: SectionHead | null): { head?: HitHead } {
  return head ? { head: { bookTitle: book.title, sectionOrdinal: head.ordinal, sectionTitle: head.title } } : {};
}

/** A hit's place in the display text (what the reader highlights), from its place in the search text. */
function displayRange(text: SearchText, start: number, length: number): { offset: number; length: number } {
  const offset = text.toDisplay(start);
  return { offset, length: text.toDisplay(start + length - 1) + 1 - offset };
}

/** What a page keeps of a section's row to place and name its hits. */
interface WindowHead {
  anchors: PageAnchors | null;
  ordinal: number;
  title: string;
}

/**
 * Places hits of a cached text on their page and line (as `locate` counts them), each display offset by a binary search
 * of the section's anchors (parsed on the first hit placed). Returns undefined for every offset when the text came
 * without anchors.
 */
function placer(text: CachedText): (offset: number) => HitPlace | undefined {
  if (typeof text.anchors === 'string') text.anchors = parsePageAnchors(text.anchors);
  return placerOf(text.anchors, text.lineBreaks);
}

function placerOf(anchors: PageAnchors | null, lineBreaks: Uint32Array): (offset: number) => HitPlace | undefined {
  if (!anchors) return () => undefined;
  return (offset) => {
    const at = anchorAt(anchors, offset);
    const from = at >= 0 ? (anchors.offsets[at] as number) : 0;
    return { anchorId: at >= 0 ? anchorId(anchors, at) : null, line: 1 + lineBreaksBetween(lineBreaks, from, offset) };
  };
}

export interface PostingIndexOptions {
  /** File of the index database, e.g. `DATA_DIR/search-….sqlite`; `:memory:` for tests. */
  path: string;
  /** Extra `form → normalized` variant pairs (e.g. the KR-Gaiji normalised forms). Changing them empties the index. */
  extraVariants?: readonly (readonly [string, string])[];
  /** UTF-16 units of section text kept decoded per engine for the pages and panels (default 16 M). */
  cacheChars?: number;
  /**
   * At most this many units of section text read to evaluate one query or KWIC on the texts (default `SCAN_CHARS`);
   * beyond, the query is refused with what to change (`checkScan`).
   */
  scanChars?: number;
  /**
   * Where display texts come from. Absent: the index keeps its own copy (an index without a database: tests,
   * `:memory:`); an index that already holds copies keeps using them.
   */
  texts?: SectionTextLoader;
  /** The main database to read texts from (what a worker thread can be given instead of `texts`). */
  textSource?: SectionTextSource;
  /**
   * Writers of this file in this process waiting for, or holding, its write lock: one Int32 per worker on a
   * SharedArrayBuffer the pool gives every worker (this engine counts in slot `writerSlot`, default 0; the pool clears
   * the slot of a worker that died). A merge takes no step while any slot is above 0, so a book's write never waits
   * behind a merge.
   */
  writersWaiting?: Int32Array;
  writerSlot?: number;
}

const LAYOUT = 'postings-v4';
/**
 * Posting rows are keyed segment first (a segment's rows are one contiguous id range, written in ascending order): a
 * new segment appends to the tables' B-trees, so their pages are full, and a dropped segment frees whole pages. Keyed
 * bucket first (v2), a segment's rows were scattered among the others' and the pages ~60 % full (488 MB of pages for
 * 307 MB of postings at 100 M characters). Segment ids are never reused (a counter in `meta`), so rows of a segment
 * being deleted in steps can never be taken for a new one's.
 */
const UNI_SLOTS = 2 ** 21;
const BI_SLOTS = 2 ** BUCKET_BITS;
const uniRow = (segment: number, cp: number) => segment * UNI_SLOTS + cp;
const biRow = (segment: number, bucket: number) => segment * BI_SLOTS + bucket;
/** Page size of a new index file (see the constructor). */
const PAGE_BYTES = 65_536;
/**
 * SQLite's page cache per connection while it only reads, in KiB: 128 pages of 64 KiB, enough for the b-trees' inner
 * pages (the leaves are read from the OS page cache). A larger cache slowed every search that added a page to it:
 * SQLite allocates a cache's pages as it grows, and a worker thread's allocator hands out fresh memory, faulted in page
 * by page. With 64 MB, a search worker answered a cold 8-character query in 1.6–1.7 ms at p50 against 0.9 ms on the
 * main thread (100 M characters, lengths mixed, 5 ms between queries); with this cache, in 0.9 ms as well.
 */
const READ_CACHE_KIB = 8_192;
/**
 * The page cache while the connection writes (a book, a merge run): merges delete and move pages all over the file
 * (incremental vacuum), and with the read cache a 303 M ingest's merges took 475 s against 258–422 s before (not
 * measured again with this one at 303 M; at 1 B they took 1,799 s against 1,267 s, in an hour slower all round). It goes
 * back to the read cache at the first search after the writes (not during a merge run, whose steps alternate with
 * searches).
 */
const WRITE_CACHE_KIB = 65_536;
/** A batch is cut into segments of at most this many units (positions are 31-bit; memory of a build is bounded). */
const SEGMENT_UNITS = 16_000_000;
/** Segments at or above this size are never merged again; below it, 8 of a size class are merged into one. */
const FROZEN_UNITS = 96_000_000;
const MERGE_FANIN = 8;
/**
 * A combination's longer term whose bound loses to the rarest term's sections is counted in the largest segment when
 * its rarer bigram has there at most this many positions per such section. Read in those sections instead, it can
 * decode a block of its positions (SKIP_EVERY = 128) per section: the sample costs at most an eighth of that.
 */
const SAMPLE_POSITIONS_PER_ROW = 16;
/**
 * A tail merge (`tailToMerge`) makes a segment of at most this many units. Bucket rows grow with the segment, and a
 * 64 KiB page wastes about half a row at its end: compacted into one segment of 260 M units (rows of 14 KB on
 * average), the 303 M index took 1.33× the text against 1.21× in segments below this size.
 */
const TAIL_UNITS = FROZEN_UNITS;
/** Rows per merge step at most (one transaction; the worker answers other calls between steps). */
const MERGE_CHUNK = 4_000;
/**
 * A merge step stops preparing rows after this long. The rows are prepared (read, decoded, re-encoded) before the step's
 * transaction, which only writes them, so the write lock is held for the writing alone: at 1 B characters a step of
 * 4,000 buckets took seconds, and a book's write waiting behind a run of such steps failed after the busy timeout.
 */
const MERGE_STEP_MS = 100;
/**
 * The variant panel reads texts of at most this many sections holding at most this many units together (beyond, it is
 * not computed): reading and folding them is what a cold page pays, ~10 ms per million units here.
 */
const VARIANT_SECTIONS = 200;
const VARIANT_UNITS = 1_000_000;
/**
 * The most section text one query may read to be evaluated on the texts (`checkScan`): what a search thread reads,
 * folds and scans in 1.5–3.5 s here (at 303 M characters: an exact-glyph term ~30 M units/s, a NEAR of two single
 * characters ~14 M). Counting from the index, and a page's few sections, are not limited.
 */
export const SCAN_CHARS = 50_000_000;
/**
 * The most hits one KWIC sorts: windows around 100,000 hits are read and sorted in about 3 s here (a row of some
 * 100 bytes each).
 */
export const KWIC_HITS = 100_000;
/**
 * Characters of `scanChars` that one window counts for when a NEAR's one-character side is looked for around its
 * partner's occurrences (`charsNear`). Measured at 100 M, a window costs 70–200 µs (its piece of text is read and
 * inflated; windows in different sections share nothing): with the default 50 M, 25,000 windows, about the 1.5–3.5 s
 * that `scanChars` allows a text scan.
 */
const NEAR_WINDOW_UNITS = 2_000;
/** Texts loaded per call while scanning many sections. */
const TEXT_BATCH = 64;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS book(
  book_id INTEGER PRIMARY KEY, type TEXT NOT NULL, region TEXT, period TEXT, year INTEGER, title TEXT NOT NULL,
  published INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS section(
  section_id INTEGER PRIMARY KEY, book_id INTEGER NOT NULL, segment_id INTEGER NOT NULL, idx INTEGER NOT NULL,
  tokens INTEGER NOT NULL, units INTEGER NOT NULL, display_length INTEGER NOT NULL, skip TEXT NOT NULL DEFAULT '',
  layout BLOB);
CREATE INDEX IF NOT EXISTS section_book ON section(book_id);
CREATE TABLE IF NOT EXISTS segment(segment_id INTEGER PRIMARY KEY, units INTEGER NOT NULL, sections BLOB NOT NULL,
  keys BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS uni(id INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS bi(id INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS stored_text(section_id INTEGER PRIMARY KEY, display BLOB NOT NULL);
`;

interface BookMeta {
  bookId: number;
  /** Dense index of the book in this engine's arrays. */
  index: number;
  type: string;
  region: string | null;
  period: string | null;
  year: number | null;
  title: string;
  published: boolean;
}

interface SectionInfo {
  sectionId: number;
  bookId: number;
  segment: number;
  idx: number;
  tokens: number;
  units: number;
  displayLength: number;
  skip: SkipRange[];
}

interface SegmentView {
  id: number;
  units: number;
  sectionIds: Int32Array;
  starts: Int32Array;
  /** Per section of the segment: the book's dense index, or -1 when the section no longer lives here. */
  bookIndex: Int32Array;
  tokens: Int32Array;
}

/** A matching section: `tf` hits (from the index), `hits` filled once its text has been scanned. */
interface Matched {
  sectionId: number;
  book: BookMeta;
  tokens: number;
  tf: number;
  hits: number[] | null;
  score: number;
}

interface Execution {
  /**
   * The matching sections: a term's as found in the index (`list`, objects made only for those a page shows), or, in
   * `scanned`, those found by scanning texts. `allMatched` gives every one of them as objects, in the order found (and
   * keeps them in `scanned`).
   */
  list: MatchList<SegmentView> | null;
  scanned: Matched[] | null;
  /** Matching sections. */
  sections: number;
  total: number;
  fold: boolean;
  ast: QueryNode;
  /** True when `sections` is already in relevance order. */
  ordered: boolean;
  /**
   * A folded term none of whose characters has a variant: it is written exactly as searched wherever it occurs, so its
   * hits are found in the unfolded text (no folding of the sections read) and its variant panel is its total.
   */
  asWritten: boolean;
  /**
   * A folded term of ≥ 2 code points: the postings of its covering bigrams, read once for the count and the page, and
   * the `metaLoads` they were read under (they hold only while the segments are the same).
   */
  bigrams?: { lists: CoveringBigrams; metaLoads: number };
  /**
   * Matching sections per book, by the book's index, when counted while the sections were found (a term's postings): the
   * facets then need no second pass over every matching section.
   */
  perBook?: Int32Array;
}

/**
 * The bigrams covering a term, each with its offset in the term (UTF-16 units), its place in the bucket rows, and its
 * posting per segment id as far as read (null: not in that segment). Postings are read per segment when first needed
 * (`postingIn`), so a segment the first bigrams already rule out costs no more rows.
 */
type CoveringBigrams = { offset: number; bucket: number; key: number; postings: Map<number, BigramPosting | null> }[];

/** The candidate sections of a counted query (`countRows`) and its terms' counts in them, one row each. */
interface CountRows {
  /** The live segments, by ordinal (a row's `table.segment`). */
  views: SegmentView[];
  table: CountTable;
  /** A row with fewer `table.seen` than this lacks a required term. */
  others: number;
  /** Per term of two or more code points that is a side of a NEAR: its starts per segment. */
  positions: (Map<SegmentView, Int32Array> | undefined)[];
}

/** Per-query filter, decided once per book. */
interface CompiledFilter {
  bookOk: Uint8Array;
  sectionIds: Set<number> | null;
}

function packText(text: string): Buffer {
  return deflateRawSync(Buffer.from(text, 'utf8'), { level: 1 });
}

function unpackText(stored: Buffer): string {
  return inflateRawSync(stored).toString('utf8');
}

/**
 * Why a query is evaluated on section texts rather than counted from the index (`execute`), and what besides
 * narrowing it would avoid that — for the refusal of one that would read too much text (`checkScan`).
 */
function whyScanned(
  ast: QueryNode,
  plan: CountPlan | null,
  short: readonly boolean[],
  folder: Folder,
): { reason: string; hint: string } {
  const single = plan?.nears.find((n) => short[n.left] && short[n.right]);
  if (plan && single) {
    const [left, right] = [plan.terms[single.left] as string, plan.terms[single.right] as string];
    return {
      reason: `“${left} NEAR/${single.distance} ${right}”两侧都只有一个字，索引不记单字的位置`,
      hint: '把一侧写成两个字以上的词、',
    };
  }
  if (!plan) {
    const withVariants = new Set<string>();
    for (const term of termsOf(ast))
      for (const ch of term) if (folder.hasVariants(ch.codePointAt(0) as number)) withVariants.add(ch);
    if (withVariants.size > 0)
      return {
        reason: `按原字形检索时，“${[...withVariants].join('、')}”有异体字，每处都要核对原文的写法`,
        hint: '改用通检（不区分异体字，总数只读索引）、',
      };
  }
  return { reason: '这个检索式无法只凭索引计数', hint: '' };
}

/** A count of characters as a reader says it: 3,500 万, 2.1 亿. */
function chineseCount(n: number): string {
  if (n >= 100_000_000) return `${(n / 100_000_000).toFixed(1).replace(/\.0$/, '')} 亿`;
  if (n >= 10_000) return `${Math.round(n / 10_000).toLocaleString('en-US')} 万`;
  return `${n} `;
}

function codePointsOf(text: string): { cps: number[]; units: number[] } {
  const cps: number[] = [];
  const units: number[] = [];
  for (let i = 0; i < text.length; i++) {
    units.push(i);
    const cp = text.codePointAt(i) as number;
    cps.push(cp);
    if (cp > 0xffff) i++;
  }
  return { cps, units };
}

function encodeSegmentSections(ids: readonly number[], starts: readonly number[]): Buffer {
  const w = new ByteWriter(ids.length * 6 + 8);
  w.varint(ids.length);
  for (let i = 0; i < ids.length; i++) {
    w.varint(ids[i] as number);
    w.varint((starts[i] as number) - (i > 0 ? (starts[i - 1] as number) : 0));
  }
  return Buffer.from(w.finish());
}

function decodeSegmentSections(blob: Uint8Array): { ids: Int32Array; starts: Int32Array } {
  const r = new ByteReader(blob);
  const n = r.varint();
  const ids = new Int32Array(n);
  const starts = new Int32Array(n);
  let start = 0;
  for (let i = 0; i < n; i++) {
    ids[i] = r.varint();
    start += r.varint();
    starts[i] = start;
  }
  return { ids, starts };
}

function encodeKeys(uni: Iterable<number>, buckets: Iterable<number>): Buffer {
  const w = new ByteWriter(1024);
  for (const list of [[...uni].sort((a, b) => a - b), [...buckets].sort((a, b) => a - b)]) {
    w.varint(list.length);
    let previous = 0;
    for (const k of list) {
      w.varint(k - previous);
      previous = k;
    }
  }
  return Buffer.from(w.finish());
}

function decodeKeys(blob: Uint8Array): { uni: number[]; buckets: number[] } {
  const r = new ByteReader(blob);
  const lists: number[][] = [];
  for (let l = 0; l < 2; l++) {
    const n = r.varint();
    const list: number[] = [];
    let k = 0;
    for (let i = 0; i < n; i++) list.push((k += r.varint()));
    lists.push(list);
  }
  return { uni: lists[0] as number[], buckets: lists[1] as number[] };
}

/** Section of each ascending position (walk): calls visit(sectionIndex, position) with the section it falls in. */
function sectionOf(starts: Int32Array, position: number, from: number): number {
  let s = from;
  while (s + 1 < starts.length && (starts[s + 1] as number) <= position) s++;
  return s;
}

/**
 * How many sections of its segment a bigram's posting is in at most: a frequent one's counts say exactly, a rare one
 * has no more sections than occurrences. None without a posting.
 */
function sectionsIn(posting: BigramPosting | undefined): number {
  if (!posting) return 0;
  return posting.countsAt >= 0 ? new ByteReader(posting.bytes, posting.countsAt).varint() : posting.n;
}

/**
 * Calls `visit(section, occurrences)` for each section of a segment (`sectionStarts`) that the ascending term starts
 * `starts[0 … count)` fall in, in order.
 */
function perSection(
  sectionStarts: Int32Array,
  starts: Int32Array,
  count: number,
  visit: (idx: number, tf: number) => void,
): void {
  let s = 0;
  let tf = 0;
  let current = -1;
  for (let i = 0; i < count; i++) {
    s = sectionOf(sectionStarts, starts[i] as number, s);
    if (s !== current) {
      if (tf > 0) visit(current, tf);
      current = s;
      tf = 0;
    }
    tf++;
  }
  if (tf > 0) visit(current, tf);
}

/** One more at `at`. */
function tally(counts: Int32Array, at: number): void {
  counts[at] = (counts[at] as number) + 1;
}

/**
 * The tail merge of an index at rest: of the segments below FROZEN_UNITS, smallest first, the longest run whose largest
 * segment is no larger than the others of the run together (and whose total stays under TAIL_UNITS). Every lookup reads
 * a row in every segment, and the size classes leave up to MERGE_FANIN - 1 segments in each class (six at 100 M
 * characters: 24 row reads for an 8-character term); merged so, a unit is rewritten only into a segment at least twice
 * its own, so repeated compactions of a growing index cost a logarithmic number of rewrites. Empty when there is none.
 */
export function tailToMerge<T extends { id: number; units: number }>(segments: readonly T[]): T[] {
  const small = segments.filter((v) => v.units < FROZEN_UNITS).sort((a, b) => a.units - b.units || a.id - b.id);
  let take = 0;
  let sum = 0;
  for (let i = 0; i < small.length; i++) {
    const units = (small[i] as T).units;
    if (sum + units > TAIL_UNITS) break;
    if (i >= 1 && units <= sum) take = i + 1;
    sum += units;
  }
  return take >= 2 ? small.slice(0, take).sort((a, b) => a.id - b.id) : [];
}

/**
 * The section with its apparatus as `skip`: found here, in the index's thread, when it came as `apparatus`; a given
 * `skip` stands.
 */
export function withApparatusFound(section: IndexedSection, folder: Folder): IndexedSection {
  const { apparatus, ...rest } = section;
  if (!apparatus || section.skip) return rest;
  const skip = sectionApparatus(
    apparatus.book,
    { text: section.text, anchors: anchorOffsets(apparatus.anchorsJson) },
    folder,
  );
  return skip.length > 0 ? { ...rest, skip } : rest;
}

function sizeClass(units: number): number {
  return Math.floor(Math.log(Math.max(1, units / 262_144)) / Math.log(MERGE_FANIN));
}

export class PostingEngine {
  private readonly db: Database.Database;
  private readonly folder: Folder;
  private readonly books = new Map<number, BookMeta>();
  private bookList: BookMeta[] = [];
  /** Scratch of `facets`: sections per book index, all zero between calls. */
  private facetCounts = new Int32Array(0);
  private readonly sections = new Map<number, SectionInfo>();
  private readonly segments = new Map<number, SegmentView>();
  private readonly cache: SectionCache<CachedText>;
  private readonly exactCache: SectionCache<CachedText>;
  private readonly scanChars: number;
  private averageTokens = 1;
  /** How many times the metadata (and with it the segments) was read: a posting read under another count is stale. */
  private metaLoads = 0;
  private dataVersion = -1;
  private readonly storesText: boolean;
  private readonly loader: SectionTextLoader;
  private readonly reader: SectionTextReader | null = null;
  private readonly writersWaiting: Int32Array | null;
  private readonly writerSlot: number;
  /** See `SearchIndex.needsRebuild`: set when a file of an older layout was opened (it is emptied). */
  readonly needsRebuild: boolean = false;

  constructor(options: PostingIndexOptions) {
    this.writersWaiting = options.writersWaiting ?? null;
    this.writerSlot = options.writerSlot ?? 0;
    this.db = new Database(options.path);
    // Both are fixed when a new file is first written (switching to WAL writes the header), so they come first:
    // - 64 KiB pages: most bucket rows (a few to tens of kilobytes) then lie whole in a leaf page, packed, instead of
    //   spilling into chains of 4 KiB overflow pages whose last page is half empty — the index is 17 % smaller at 303 M
    //   characters and a row is read in one page. A file made with 4 KiB pages keeps them (it works the same) until it
    //   is rebuilt (`books reindex`).
    // - Merges free many pages; with incremental auto-vacuum they go back to the disk.
    const fresh = (this.db.prepare('SELECT count(*) FROM sqlite_master').pluck().get() as number) === 0;
    if (fresh) {
      this.db.pragma(`page_size = ${PAGE_BYTES}`);
      this.db.pragma('auto_vacuum = INCREMENTAL');
    }
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 30000');
    // Bulk builds write a lot through the WAL; after a checkpoint the file is cut back instead of staying at its peak.
    this.db.pragma('journal_size_limit = 67108864');
    this.db.pragma(`cache_size = -${READ_CACHE_KIB}`);
    const tables = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    if (tables.length > 0 && !tables.includes('bi')) {
      // An index of an earlier layout (the FTS5 one): emptied, and rebuilt from the books by its owner.
      this.needsRebuild = tables.includes('section');
      for (const t of tables) if (!t.startsWith('sqlite_') && !t.includes('_fts_')) this.dropTable(t);
    }
    this.db.exec(SCHEMA);
    // v4 keeps each section's layout (search offsets → display offsets, lines, surrogate pairs): a v3 file gains the
    // column here, and the layout change in the fold fingerprint empties it for a rebuild.
    const columns = this.db.prepare("SELECT name FROM pragma_table_info('section')").pluck().all() as string[];
    if (!columns.includes('layout')) this.db.exec('ALTER TABLE section ADD COLUMN layout BLOB');
    this.folder = createFolder(options.extraVariants ?? []);
    const hasCopies = (this.db.prepare('SELECT 1 FROM stored_text LIMIT 1').get() as unknown) !== undefined;
    const hasSections = (this.db.prepare('SELECT 1 FROM section LIMIT 1').get() as unknown) !== undefined;
    this.storesText = (!options.texts && !options.textSource) || (hasCopies && hasSections);
    if (!this.storesText && !options.texts && options.textSource)
      this.reader = openSectionTextReader(options.textSource);
    const external = options.texts ?? ((ids: readonly number[]) => (this.reader as SectionTextReader).load(ids));
    this.loader = this.storesText ? (ids) => this.readStoredTexts(ids) : external;
    const cacheChars = options.cacheChars ?? 16_000_000;
    this.cache = new SectionCache<CachedText>(cacheChars);
    this.exactCache = new SectionCache<CachedText>(Math.floor(cacheChars / 2));
    this.scanChars = options.scanChars ?? SCAN_CHARS;
    this.refoldIfFoldingChanged(options.extraVariants ?? []);
    this.syncWithOtherWriters();
  }

  private dropTable(name: string): void {
    this.db.exec(`DROP TABLE IF EXISTS "${name.replace(/"/g, '""')}"`);
  }

  /**
   * The fold tables are part of the index: when the extra variants change, an index holding its own texts is rebuilt
   * from them in place; one that reads texts from the database is emptied and asks its owner to rebuild it.
   */
  private refoldIfFoldingChanged(extra: readonly (readonly [string, string])[]): void {
    const fingerprint = createHash('sha256').update(LAYOUT).update(JSON.stringify(extra)).digest('hex');
    const stored = this.db.prepare("SELECT value FROM meta WHERE key = 'fold'").pluck().get() as string | undefined;
    if (stored === fingerprint) return;
    const hadRows = (this.db.prepare('SELECT 1 FROM section LIMIT 1').get() as unknown) !== undefined;
    const batch: { bookId: number; sections: IndexedSection[] }[] = [];
    if (hadRows && this.storesText) {
      this.loadMeta();
      const bySection = [...this.sections.values()].sort((a, b) => a.sectionId - b.sectionId);
      const texts = this.readStoredTexts(bySection.map((s) => s.sectionId));
      const byBook = new Map<number, IndexedSection[]>();
      for (const info of bySection) {
        const book = this.books.get(info.bookId);
        const text = texts.get(info.sectionId);
        if (!book || text === undefined) continue;
        let list = byBook.get(info.bookId);
        if (!list) byBook.set(info.bookId, (list = []));
        const { type, region, period, year, title, published } = book;
        list.push({
          sectionId: info.sectionId,
          bookId: info.bookId,
          text,
          skip: info.skip,
          facets: { type, region, period, year, title, published },
        });
      }
      for (const [bookId, sections] of byBook) batch.push({ bookId, sections });
    }
    this.db
      .transaction(() => {
        for (const t of ['book', 'section', 'segment', 'uni', 'bi', 'stored_text']) this.db.exec(`DELETE FROM ${t}`);
        this.db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('fold', ?)").run(fingerprint);
        this.touchMeta();
      })
      .immediate();
    this.dataVersion = -1;
    this.syncWithOtherWriters();
    if (batch.length > 0) this.indexBooks(batch);
    else if (hadRows) (this as { needsRebuild: boolean }).needsRebuild = true;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Metadata in memory

  private readDataVersion: Database.Statement<[], number> | null = null;
  private readMetaVersion: Database.Statement<[], string | undefined> | null = null;
  /** The `meta_version` the metadata in memory was read at (undefined: read it again on any change). */
  private metaVersion: string | undefined = undefined;

  /**
   * Another connection (the other worker, the CLI) may have written. SQLite's data_version moves only for other
   * connections' commits; on a change the metadata (books, sections, segment maps) is read again — unless its
   * `meta_version` is the one already read: a merge commits every step, and at 1 B characters reading 60,000 sections
   * again after each took a writing worker 52 s of CPU during one ingest (and a search on the other worker as long).
   */
  private syncWithOtherWriters(): void {
    // Prepared once: `db.pragma()` prepares its statement on every call, a measurable part of a short search.
    this.readDataVersion ??= this.db.prepare('PRAGMA data_version').pluck() as Database.Statement<[], number>;
    const version = this.readDataVersion.get() as number;
    if (version === this.dataVersion) return;
    this.dataVersion = version;
    this.readMetaVersion ??= this.db
      .prepare("SELECT value FROM meta WHERE key = 'meta_version'")
      .pluck() as Database.Statement<[], string | undefined>;
    const meta = this.readMetaVersion.get();
    if (meta !== undefined && meta === this.metaVersion) return;
    this.metaVersion = meta;
    this.loadMeta();
  }

  /**
   * Marks a change of what `loadMeta` reads (books, sections, live segments), inside the transaction that makes it:
   * every such transaction calls this, so other connections read the metadata again.
   */
  private touchMeta(): void {
    this.db
      .prepare(
        "INSERT INTO meta(key, value) VALUES ('meta_version', '1') ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
      )
      .run();
    this.metaVersion = undefined;
  }

  private cacheKib = READ_CACHE_KIB;
  /** Sets SQLite's page cache of this connection (`READ_CACHE_KIB`, `WRITE_CACHE_KIB`). */
  private useCache(kib: number): void {
    if (this.cacheKib === kib) return;
    this.db.pragma(`cache_size = -${kib}`);
    this.cacheKib = kib;
  }

  /** A write transaction of a book's change, counted in `writersWaiting` while it waits for the lock and runs. */
  private writeTransaction(run: () => void): void {
    this.useCache(WRITE_CACHE_KIB);
    const waiting = this.writersWaiting;
    if (waiting) Atomics.add(waiting, this.writerSlot, 1);
    try {
      this.db.transaction(run).immediate();
    } finally {
      if (waiting) Atomics.sub(waiting, this.writerSlot, 1);
    }
  }

  private loadMeta(): void {
    this.metaLoads++;
    this.books.clear();
    this.bookList = [];
    for (const r of this.db.prepare('SELECT * FROM book').all() as {
      book_id: number;
      type: string;
      region: string | null;
      period: string | null;
      year: number | null;
      title: string;
      published: number;
    }[]) {
      const meta: BookMeta = {
        bookId: r.book_id,
        index: this.bookList.length,
        type: r.type,
        region: r.region,
        period: r.period,
        year: r.year,
        title: r.title,
        published: r.published === 1,
      };
      this.books.set(r.book_id, meta);
      this.bookList.push(meta);
    }
    const previous = new Map(this.segments);
    this.segments.clear();
    for (const r of this.db.prepare('SELECT segment_id, units, sections FROM segment WHERE units >= 0').all() as {
      segment_id: number;
      units: number;
      sections: Buffer;
    }[]) {
      const known = previous.get(r.segment_id);
      const { ids, starts } =
        known && known.units === r.units
          ? { ids: known.sectionIds, starts: known.starts }
          : decodeSegmentSections(r.sections);
      this.segments.set(r.segment_id, {
        id: r.segment_id,
        units: r.units,
        sectionIds: ids,
        starts,
        bookIndex: new Int32Array(ids.length).fill(-1),
        tokens: new Int32Array(ids.length),
      });
    }
    // Another connection may have re-indexed a section under the same id (its apparatus changed the skip ranges): what
    // this engine keeps of it (texts, layout, anchors) is dropped. Ids are never reused for other texts.
    const before = new Map(this.sections);
    this.sections.clear();
    let tokens = 0;
    const columns = 'section_id, book_id, segment_id, idx, tokens, units, display_length, skip';
    for (const r of this.db.prepare(`SELECT ${columns} FROM section`).raw().all() as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      string,
    ][]) {
      const [sectionId, bookId, segment, idx, t, units, displayLength, skip] = r;
      const info: SectionInfo = {
        sectionId,
        bookId,
        segment,
        idx,
        tokens: t,
        units,
        displayLength,
        skip: skip ? (JSON.parse(skip) as SkipRange[]) : [],
      };
      this.sections.set(sectionId, info);
      const was = before.get(sectionId);
      if (
        was &&
        (was.units !== units ||
          was.displayLength !== displayLength ||
          (was.skip.length > 0 ? JSON.stringify(was.skip) : '') !== skip)
      )
        this.forget(sectionId);
      tokens += t;
      const view = this.segments.get(segment);
      const book = this.books.get(bookId);
      if (view && book && view.sectionIds[idx] === sectionId) {
        view.bookIndex[idx] = book.index;
        view.tokens[idx] = t;
      }
    }
    this.averageTokens = this.sections.size > 0 ? Math.max(1, tokens / this.sections.size) : 1;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Writes

  /** Replaces all sections of a book (an empty list removes the book). */
  indexBook(bookId: number, sections: IndexedSection[]): void {
    this.indexBooks([{ bookId, sections }]);
  }

  /**
   * Replaces the sections of several books, building one segment per batch (cut at SEGMENT_UNITS). A book whose
   * texts, apparatus and section ids are unchanged only has its facets updated.
   */
  indexBooks(batch: readonly { bookId: number; sections: IndexedSection[] }[]): void {
    this.syncWithOtherWriters();
    const changed: { bookId: number; sections: IndexedSection[]; texts: string[]; layouts: Uint8Array[] }[] = [];
    const facetsOnly: { bookId: number; sections: IndexedSection[] }[] = [];
    for (const item of batch) {
      const sections = item.sections.map((s) => ({ ...withApparatusFound(s, this.folder), bookId: item.bookId }));
      const built = sections.map((s) => buildSearchText(s.text, this.folder, normalizeSkip(s.skip)));
      const texts = built.map((b) => b.text);
      if (this.unchanged(item.bookId, sections, texts)) facetsOnly.push({ bookId: item.bookId, sections });
      else changed.push({ bookId: item.bookId, sections, texts, layouts: built.map((b) => encodeLayout(b.layout)) });
    }
    // Cut into segments.
    const groups: (typeof changed)[] = [];
    let units = 0;
    for (const item of changed) {
      const size = item.texts.reduce((n, t) => n + t.length + 1, 0);
      if (groups.length === 0 || (units + size > SEGMENT_UNITS && units > 0)) {
        groups.push([]);
        units = 0;
      }
      (groups[groups.length - 1] as typeof changed).push(item);
      units += size;
    }
    const built = groups.map((group) => {
      const inputs = group.flatMap((item) =>
        item.sections.map((s, i) => ({ sectionId: s.sectionId, text: item.texts[i] as string })),
      );
      return { group, segment: inputs.length > 0 ? buildSegment(inputs) : null };
    });
    this.writeTransaction(() => {
      this.touchMeta();
      for (const item of facetsOnly) this.writeBookRow(item.bookId, item.sections);
      for (const item of changed) this.removeBookRows(item.bookId);
      for (const { group, segment } of built) {
        for (const item of group) if (item.sections.length > 0) this.writeBookRow(item.bookId, item.sections);
        if (!segment) continue;
        const segmentId = this.writeSegment(segment);
        let idx = 0;
        for (const item of group)
          item.sections.forEach((s, i) => {
            const units = (item.texts[i] as string).length;
            this.writeSectionRow(
              s,
              segmentId,
              idx,
              segment.tokens[idx] as number,
              units,
              item.layouts[i] as Uint8Array,
            );
            idx++;
          });
      }
    });
    this.dataVersion = -1;
    this.syncWithOtherWriters();
  }

  private unchanged(bookId: number, sections: IndexedSection[], texts: string[]): boolean {
    if (sections.length === 0) return false;
    let count = 0;
    for (const info of this.sections.values()) if (info.bookId === bookId) count++;
    if (count !== sections.length) return false;
    return sections.every((s, i) => {
      const info = this.sections.get(s.sectionId);
      return (
        info !== undefined &&
        info.bookId === bookId &&
        info.displayLength === s.text.length &&
        info.units === (texts[i] as string).length &&
        JSON.stringify(info.skip) === JSON.stringify(normalizeSkip(s.skip)) &&
        (!this.storesText || this.readStoredTexts([s.sectionId]).get(s.sectionId) === s.text)
      );
    });
  }

  /** Adds or replaces one section (the rest of its book stays as it is). */
  indexSection(given: IndexedSection): void {
    this.syncWithOtherWriters();
    const section = withApparatusFound(given, this.folder);
    const built = buildSearchText(section.text, this.folder, normalizeSkip(section.skip));
    const text = built.text;
    const segment = buildSegment([{ sectionId: section.sectionId, text }]);
    this.writeTransaction(() => {
      this.touchMeta();
      this.removeSectionRow(section.sectionId);
      this.writeBookRow(section.bookId, [section]);
      const segmentId = this.writeSegment(segment);
      this.writeSectionRow(section, segmentId, 0, segment.tokens[0] as number, text.length, encodeLayout(built.layout));
    });
    this.dataVersion = -1;
    this.syncWithOtherWriters();
  }

  removeBook(bookId: number): void {
    this.writeTransaction(() => {
      this.touchMeta();
      this.removeBookRows(bookId);
    });
    this.dataVersion = -1;
    this.syncWithOtherWriters();
  }

  setBookPublished(bookId: number, published: boolean): void {
    this.writeTransaction(() => {
      this.touchMeta();
      this.db.prepare('UPDATE book SET published = ? WHERE book_id = ?').run(published ? 1 : 0, bookId);
    });
    const book = this.books.get(bookId);
    if (book) book.published = published;
  }

  private writeBookRow(bookId: number, sections: readonly IndexedSection[]): void {
    const f = (sections[0] as IndexedSection).facets;
    this.db
      .prepare(
        `INSERT INTO book(book_id, type, region, period, year, title, published) VALUES (?,?,?,?,?,?,?)
         ON CONFLICT(book_id) DO UPDATE SET type = excluded.type, region = excluded.region, period = excluded.period,
         year = excluded.year, title = excluded.title, published = excluded.published`,
      )
      .run(bookId, f.type, f.region, f.period, f.year, f.title, f.published ? 1 : 0);
  }

  private writeSectionRow(
    s: IndexedSection,
    segmentId: number,
    idx: number,
    tokens: number,
    units: number,
    layout: Uint8Array,
  ): void {
    const skip = normalizeSkip(s.skip);
    this.db
      .prepare(
        'INSERT OR REPLACE INTO section(section_id, book_id, segment_id, idx, tokens, units, display_length, skip, layout) VALUES (?,?,?,?,?,?,?,?,?)',
      )
      .run(
        s.sectionId,
        s.bookId,
        segmentId,
        idx,
        tokens,
        units,
        s.text.length,
        skip.length ? JSON.stringify(skip) : '',
        layout,
      );
    if (this.storesText)
      this.db
        .prepare('INSERT OR REPLACE INTO stored_text(section_id, display) VALUES (?, ?)')
        .run(s.sectionId, packText(s.text));
    this.forget(s.sectionId);
  }

  private removeSectionRow(sectionId: number): void {
    this.db.prepare('DELETE FROM section WHERE section_id = ?').run(sectionId);
    this.db.prepare('DELETE FROM stored_text WHERE section_id = ?').run(sectionId);
    this.forget(sectionId);
  }

  /** Drops what this engine keeps of a section's text (decoded texts, layout, parsed anchors). */
  private forget(sectionId: number): void {
    this.cache.delete(sectionId);
    this.exactCache.delete(sectionId);
    this.layouts.delete(sectionId);
    this.heads.delete(sectionId);
  }

  private removeBookRows(bookId: number): void {
    const ids = this.db.prepare('SELECT section_id FROM section WHERE book_id = ?').pluck().all(bookId) as number[];
    for (const id of ids) this.removeSectionRow(id);
    this.db.prepare('DELETE FROM book WHERE book_id = ?').run(bookId);
  }

  /** The next segment id (never reused; part of every posting row's id). Called inside a write transaction. */
  private nextSegmentId(): number {
    const stored = this.db.prepare("SELECT value FROM meta WHERE key = 'next_segment'").pluck().get() as
      string | undefined;
    const highest = (this.db.prepare('SELECT max(segment_id) FROM segment').pluck().get() as number | null) ?? 0;
    const id = Math.max(Number(stored ?? 1), highest + 1);
    this.db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('next_segment', ?)").run(String(id + 1));
    return id;
  }

  private writeSegment(segment: BuiltSegment): number {
    const id = this.nextSegmentId();
    this.db
      .prepare('INSERT INTO segment(segment_id, units, sections, keys) VALUES (?, ?, ?, ?)')
      .run(
        id,
        segment.units,
        encodeSegmentSections(segment.sectionIds, segment.starts),
        encodeKeys(segment.uni.keys(), segment.buckets.keys()),
      );
    // In ascending id order: appended to the B-trees.
    const uni = this.db.prepare('INSERT INTO uni(id, data) VALUES (?, ?)');
    for (const cp of [...segment.uni.keys()].sort((a, b) => a - b))
      uni.run(uniRow(id, cp), segment.uni.get(cp) as Uint8Array);
    const bi = this.db.prepare('INSERT INTO bi(id, data) VALUES (?, ?)');
    for (const bucket of [...segment.buckets.keys()].sort((a, b) => a - b))
      bi.run(biRow(id, bucket), segment.buckets.get(bucket) as Uint8Array);
    return id;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Merging

  /**
   * Merges segments of the same size class when there are MERGE_FANIN of them (dead sections are dropped on the
   * way), so a lookup reads a bounded number of rows. With `tail` (an index at rest: `compact`), also the smallest
   * segments whose largest is no larger than the others together (`tailToMerge`). Returns whether a merge was done
   * (call again until false). Runs outside the write lock except for the final swap; sections re-indexed meanwhile
   * keep their newer segment.
   */
  mergeSegments(tail = false): boolean {
    const run = this.mergeRun(tail);
    for (;;) {
      const step = run.next();
      if (step.done) return step.value;
    }
  }

  private merging: Generator<void, boolean> | null = null;

  /**
   * One bounded step of merging (at most a few thousand rows or about `MERGE_STEP_MS` of work, one short transaction),
   * so that a worker can answer searches and index other books between steps. True while there is more to do; 'wait'
   * while a book's write in this process waits for the write lock or holds it (call again a little later).
   */
  mergeStep(tail = false): boolean | 'wait' {
    if (this.writersWaiting?.some((_, slot, all) => Atomics.load(all, slot) > 0)) return 'wait';
    this.merging ??= this.mergeRun(tail);
    const step = this.merging.next();
    if (!step.done) return true;
    this.merging = null;
    return step.value;
  }

  /** Where the merge in progress is: writing its new segment (it can still be given up) or deleting the old rows. */
  private mergePhase: 'writing' | 'deleting' | null = null;

  /**
   * Gives up the merge in progress if it has not swapped its segments in yet (its hidden, half-written segment is removed
   * by the next merge's claim); a merge past its swap cannot be given up without leaving its old rows behind for good.
   * Returns whether steps remain to be taken (that merge's deleting).
   */
  cancelMerge(): boolean {
    if (!this.merging) return false;
    if (this.mergePhase === 'deleting') return true;
    this.merging.return(false);
    this.merging = null;
    this.mergePhase = null;
    return false;
  }

  /** Units of each live segment, smallest first (what a lookup reads a row of, per key). */
  segmentUnits(): number[] {
    this.syncWithOtherWriters();
    return [...this.segments.values()].map((v) => v.units).sort((a, b) => a - b);
  }

  private *mergeRun(tail: boolean): Generator<void, boolean> {
    this.useCache(WRITE_CACHE_KIB);
    this.syncWithOtherWriters();
    const byClass = new Map<number, SegmentView[]>();
    for (const view of this.segments.values()) {
      if (view.units >= FROZEN_UNITS) continue;
      const c = sizeClass(view.units);
      let list = byClass.get(c);
      if (!list) byClass.set(c, (list = []));
      list.push(view);
    }
    const dead = [...this.segments.values()].filter((v) => !v.bookIndex.some((b) => b >= 0));
    let chosen: SegmentView[] = [];
    for (const list of byClass.values())
      if (list.length >= MERGE_FANIN) chosen = list.sort((a, b) => a.id - b.id).slice(0, MERGE_FANIN);
    chosen = chosen.filter((v) => !dead.includes(v));
    if (chosen.length < 2 && tail) chosen = tailToMerge([...this.segments.values()].filter((v) => !dead.includes(v)));
    if (chosen.length < 2 && dead.length === 0) return false;
    const gone = [...dead, ...(chosen.length >= 2 ? chosen : [])];
    const keysOf = new Map(
      gone.map((v) => [
        v.id,
        decodeKeys(this.db.prepare('SELECT keys FROM segment WHERE segment_id = ?').pluck().get(v.id) as Buffer),
      ]),
    );
    if (!this.claimMerge()) return false;
    this.mergePhase = 'writing';
    try {
      const merged = chosen.length >= 2 ? yield* this.writeMerged(chosen, keysOf) : null;
      this.db
        .transaction(() => {
          this.touchMeta();
          if (merged) {
            this.db.prepare('UPDATE segment SET units = -units - 1 WHERE segment_id = ?').run(merged.id);
            const move = this.db.prepare(
              'UPDATE section SET segment_id = ?, idx = ? WHERE section_id = ? AND segment_id = ?',
            );
            merged.moved.forEach(([sectionId, from], idx) => move.run(merged.id, idx, sectionId, from));
          }
          for (const view of gone) this.db.prepare('DELETE FROM segment WHERE segment_id = ?').run(view.id);
        })
        .immediate();
      this.mergePhase = 'deleting';
    } finally {
      if (this.mergePhase !== 'deleting') this.mergePhase = null;
      this.db.prepare("DELETE FROM meta WHERE key = 'merging'").run();
    }
    // This connection's own commits do not move its data_version: read the swapped metadata now, or its searches between
    // the steps below would read the old segments while their rows are being deleted (and miss their hits).
    this.dataVersion = -1;
    this.syncWithOtherWriters();
    // The old rows are unreachable now (no segment row names them); they are deleted in small transactions.
    const uniDelete = this.db.prepare('DELETE FROM uni WHERE id = ?');
    const biDelete = this.db.prepare('DELETE FROM bi WHERE id = ?');
    for (const view of gone) {
      const keys = keysOf.get(view.id) as { uni: number[]; buckets: number[] };
      yield* this.chunks(keys.uni, (cp) => uniDelete.run(uniRow(view.id, cp)));
      yield* this.chunks(keys.buckets, (bucket) => biDelete.run(biRow(view.id, bucket)));
    }
    // Give the freed pages back (in steps) and cut the WAL back, so the file is the size of what it holds.
    if ((this.db.pragma('auto_vacuum', { simple: true }) as number) === 2) {
      let free = this.db.pragma('freelist_count', { simple: true }) as number;
      // About 8 MB back to the disk per step, whatever the file's page size.
      const step = Math.max(1, Math.round(8_388_608 / (this.db.pragma('page_size', { simple: true }) as number)));
      while (free > 0) {
        this.db.pragma(`incremental_vacuum(${step})`);
        const left = this.db.pragma('freelist_count', { simple: true }) as number;
        if (left >= free) break;
        free = left;
        yield;
      }
    }
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.dataVersion = -1;
    this.syncWithOtherWriters();
    this.mergePhase = null;
    return true;
  }

  /** Runs `run` over `items` in transactions of MERGE_CHUNK, pausing (yield) after each. */
  private *chunks<T>(items: readonly T[], run: (item: T) => void): Generator<void, void> {
    for (let i = 0; i < items.length; i += MERGE_CHUNK) {
      this.db
        .transaction(() => {
          for (const item of items.slice(i, i + MERGE_CHUNK)) run(item);
        })
        .immediate();
      yield;
    }
  }

  /**
   * Prepares a row for each of `items` (null: none) outside any transaction, for at most MERGE_CHUNK items or
   * MERGE_STEP_MS at a time, then inserts that batch in one short transaction and pauses (yield). Returns the items
   * that got a row.
   */
  private *insertPrepared<T>(
    items: readonly T[],
    prepare: (item: T) => [id: number, data: Uint8Array] | null,
    insert: Database.Statement<[number, Uint8Array]>,
  ): Generator<void, T[]> {
    const written: T[] = [];
    let i = 0;
    while (i < items.length) {
      const started = performance.now();
      const rows: [number, Uint8Array][] = [];
      const of: T[] = [];
      for (; i < items.length && of.length < MERGE_CHUNK;) {
        const item = items[i++] as T;
        const row = prepare(item);
        if (row) {
          rows.push(row);
          of.push(item);
        }
        if (performance.now() - started >= MERGE_STEP_MS) break;
      }
      this.db
        .transaction(() => {
          for (const [id, data] of rows) insert.run(id, data);
        })
        .immediate();
      for (const item of of) written.push(item);
      yield;
    }
    return written;
  }

  private inChunks<T>(items: readonly T[], run: (item: T) => void): void {
    for (const _ of this.chunks(items, run));
  }

  /**
   * Writes the merge of `views` as a new segment whose row is hidden (negative units) until the caller's swap, bucket
   * by bucket in small transactions, so memory and the write lock stay small whatever the size. Returns its id.
   */
  private *writeMerged(
    views: SegmentView[],
    keysOf: Map<number, { uni: number[]; buckets: number[] }>,
  ): Generator<void, { id: number; moved: [number, number][] }> {
    // The new layout: the live sections of each segment in turn.
    const ids: number[] = [];
    const starts: number[] = [];
    const tokens: number[] = [];
    const moved: [number, number][] = [];
    const remap = new Map<number, { newIdx: Int32Array; shift: Int32Array }>();
    let base = 0;
    for (const view of views) {
      const n = view.sectionIds.length;
      const newIdx = new Int32Array(n).fill(-1);
      const shift = new Int32Array(n);
      for (let idx = 0; idx < n; idx++) {
        if ((view.bookIndex[idx] as number) < 0) continue;
        const end = idx + 1 < n ? (view.starts[idx + 1] as number) - 1 : view.units;
        newIdx[idx] = ids.length;
        shift[idx] = base - (view.starts[idx] as number);
        ids.push(view.sectionIds[idx] as number);
        starts.push(base);
        tokens.push(view.tokens[idx] as number);
        moved.push([view.sectionIds[idx] as number, view.id]);
        base += end - (view.starts[idx] as number) + 1;
      }
      remap.set(view.id, { newIdx, shift });
    }
    const units = Math.max(0, base - 1);
    const uniKeys = new Set<number>();
    const bucketKeys = new Set<number>();
    for (const view of views) {
      const k = keysOf.get(view.id) as { uni: number[]; buckets: number[] };
      for (const cp of k.uni) uniKeys.add(cp);
      for (const b of k.buckets) bucketKeys.add(b);
    }
    const id = this.db
      .transaction(() => {
        const segmentId = this.nextSegmentId();
        this.db
          .prepare('INSERT INTO segment(segment_id, units, sections, keys) VALUES (?, ?, ?, ?)')
          .run(segmentId, -units - 1, encodeSegmentSections(ids, starts), encodeKeys(uniKeys, bucketKeys));
        return segmentId;
      })
      .immediate();
    const readUni = this.db.prepare('SELECT data FROM uni WHERE id = ?').pluck();
    const readBi = this.db.prepare('SELECT data FROM bi WHERE id = ?').pluck();
    const insertUni = this.db.prepare('INSERT INTO uni(id, data) VALUES (?, ?)') as Database.Statement<
      [number, Uint8Array]
    >;
    const insertBi = this.db.prepare('INSERT INTO bi(id, data) VALUES (?, ?)') as Database.Statement<
      [number, Uint8Array]
    >;
    const writtenUni = yield* this.insertPrepared(
      [...uniKeys],
      (cp) => {
        const pairs: number[] = [];
        for (const view of views) {
          const data = readUni.get(uniRow(view.id, cp)) as Buffer | undefined;
          if (!data) continue;
          const { newIdx } = remap.get(view.id) as { newIdx: Int32Array };
          readCounts(new ByteReader(data), (idx, count) => {
            const to = newIdx[idx] as number;
            if (to >= 0) pairs.push(to, count);
          });
        }
        if (pairs.length === 0) return null;
        const out = new ByteWriter(pairs.length * 2 + 4);
        writeCounts(out, pairs);
        return [uniRow(id, cp), out.finish()];
      },
      insertUni,
    );
    const writtenBuckets = yield* this.insertPrepared(
      [...bucketKeys],
      (bucket) => {
        // Each bigram's payloads in segment order, so that its builder starts with room for all of them: grown from a
        // few bytes by doubling, the builders' buffers took a quarter of a 1 B merge's CPU in allocating and copying.
        const byKey = new Map<number, { view: SegmentView; payload: Uint8Array }[]>();
        for (const view of views) {
          const data = readBi.get(biRow(view.id, bucket)) as Buffer | undefined;
          if (!data) continue;
          for (const { key, payload } of decodeBucket(data)) {
            const parts = byKey.get(key);
            if (parts) parts.push({ view, payload });
            else byKey.set(key, [{ view, payload }]);
          }
        }
        const builders: PostingBuilder[] = [];
        for (const [key, parts] of byKey) {
          let builder: PostingBuilder | null = null;
          for (const { view, payload } of parts) {
            const { newIdx, shift } = remap.get(view.id) as { newIdx: Int32Array; shift: Int32Array };
            const positions = decodePositions(openBigram(payload));
            let s = 0;
            for (let i = 0; i < positions.length; i++) {
              const p = positions[i] as number;
              s = sectionOf(view.starts, p, s);
              const to = newIdx[s] as number;
              if (to < 0) continue;
              builder ??= new PostingBuilder(
                key,
                parts.reduce((n, x) => n + x.payload.length, 0),
              );
              builder.add(p + (shift[s] as number), to);
            }
          }
          if (builder) builders.push(builder);
        }
        if (builders.length === 0) return null;
        return [biRow(id, bucket), encodeBucket(builders.map((b) => ({ key: b.key, payload: b.encode() })))];
      },
      insertBi,
    );
    this.db.prepare('UPDATE segment SET keys = ? WHERE segment_id = ?').run(encodeKeys(writtenUni, writtenBuckets), id);
    void tokens;
    return { id, moved };
  }

  /**
   * One merger at a time per index file (the server's first worker, or a CLI run on the same file): the claim is a meta
   * row naming the process; a claim of a process that is gone is taken over, and the half-written segment it left
   * (hidden, negative units) is removed first.
   */
  private claimMerge(): boolean {
    const claimed = this.db
      .transaction(() => {
        const holder = this.db.prepare("SELECT value FROM meta WHERE key = 'merging'").pluck().get() as
          string | undefined;
        if (holder !== undefined && holder !== String(process.pid) && processAlive(Number(holder))) return false;
        this.db.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('merging', ?)").run(String(process.pid));
        return true;
      })
      .immediate();
    if (!claimed) return false;
    const leftovers = this.db.prepare('SELECT segment_id, keys FROM segment WHERE units < 0').raw().all() as [
      number,
      Buffer,
    ][];
    for (const [id, keys] of leftovers) {
      const k = decodeKeys(keys);
      this.inChunks(k.uni, (cp) => this.db.prepare('DELETE FROM uni WHERE id = ?').run(uniRow(id, cp)));
      this.inChunks(k.buckets, (b) => this.db.prepare('DELETE FROM bi WHERE id = ?').run(biRow(id, b)));
      this.db.prepare('DELETE FROM segment WHERE segment_id = ?').run(id);
    }
    return true;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reading postings

  private readUniRow: Database.Statement<[number], Buffer> | null = null;
  private readBiRow: Database.Statement<[number], Buffer> | null = null;
  /** Layouts of sections whose hits were shown lately (a page reads them instead of the sections' texts). */
  private readonly layouts = new RowCache<TextLayout>(16 << 20, 0);
  /**
   * The rows of those sections (parsed page anchors, ordinal, title), so that a page reads only their windows of text: a
   * section's row never changes under its id (a book re-ingested gets new ids; ids are not reused).
   */
  private readonly heads = new RowCache<WindowHead>(8 << 20, 0);
  private readLayout: Database.Statement<[number], Buffer | null> | null = null;
  /**
   * Large posting rows already read (see `RowCache`): a frequent bigram's bucket row is hundreds of kilobytes in a large
   * segment, read whole by SQLite, and the same frequent bigrams come back query after query. Bucket rows are kept with
   * the postings opened from them (their skip points decoded once).
   */
  private readonly uniCache = new RowCache<Buffer>(8 << 20, 8192);
  private readonly biCache = new RowCache<{ data: Buffer; opened: Map<number, BigramPosting | null> }>(32 << 20, 8192);

  /** The code point's per-section counts in every live segment that has it (one row lookup per segment). */
  private uniPostings(cp: number): { segment: SegmentView; data: Buffer }[] {
    this.readUniRow ??= this.db.prepare('SELECT data FROM uni WHERE id = ?').pluck() as Database.Statement<
      [number],
      Buffer
    >;
    const out: { segment: SegmentView; data: Buffer }[] = [];
    for (const segment of this.segments.values()) {
      const id = uniRow(segment.id, cp);
      let data = this.uniCache.get(id);
      if (!data) {
        data = this.readUniRow.get(id);
        if (data) this.uniCache.set(id, data, data.length);
      }
      if (data) out.push({ segment, data });
    }
    return out;
  }

  /** How many sections have the code point, as its rows say (sections since deleted included). */
  private uniSections(cp: number): number {
    let sections = 0;
    for (const { data } of this.uniPostings(cp)) sections += new ByteReader(data).varint();
    return sections;
  }

  /** The covering bigram's posting in this segment (read once per execution), or undefined when it has none. */
  private postingIn(bigram: CoveringBigrams[number], segment: SegmentView): BigramPosting | undefined {
    let posting = bigram.postings.get(segment.id);
    if (posting !== undefined) return posting ?? undefined;
    this.readBiRow ??= this.db.prepare('SELECT data FROM bi WHERE id = ?').pluck() as Database.Statement<
      [number],
      Buffer
    >;
    const id = biRow(segment.id, bigram.bucket);
    let row = this.biCache.get(id);
    if (!row) {
      const data = this.readBiRow.get(id);
      if (data) {
        row = { data, opened: new Map() };
        this.biCache.set(id, row, data.length);
      }
    }
    posting = null;
    if (row) {
      const opened = row.opened.get(bigram.key);
      if (opened === undefined) {
        const payload = findInBucket(row.data, bigram.key);
        posting = payload ? openBigram(payload) : null;
        row.opened.set(bigram.key, posting);
      } else posting = opened;
    }
    bigram.postings.set(segment.id, posting);
    return posting ?? undefined;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Queries

  private compileFilter(filters: SearchFilters | undefined): CompiledFilter {
    const bookOk = new Uint8Array(this.bookList.length);
    const bookIds = filters?.bookIds ? new Set(filters.bookIds) : null;
    const types = filters?.types ? new Set(filters.types) : null;
    const regions = filters?.regions ? new Set(filters.regions) : null;
    const periods = filters?.periods ? new Set(filters.periods) : null;
    for (const m of this.bookList) {
      let ok = true;
      if (filters?.publishedOnly && !m.published) ok = false;
      else if (types && !types.has(m.type)) ok = false;
      else if (regions && (m.region === null || !regions.has(m.region))) ok = false;
      else if (periods && (m.period === null || !periods.has(m.period))) ok = false;
      else if (bookIds && !bookIds.has(m.bookId)) ok = false;
      else if (filters?.yearFrom !== undefined && (m.year === null || m.year < filters.yearFrom)) ok = false;
      else if (filters?.yearTo !== undefined && (m.year === null || m.year > filters.yearTo)) ok = false;
      bookOk[m.index] = ok ? 1 : 0;
    }
    return { bookOk, sectionIds: filters?.sectionIds ? new Set(filters.sectionIds) : null };
  }

  /** Whether section `idx` of `view` is live and passes the filter. */
  private admits(view: SegmentView, idx: number, filter: CompiledFilter): boolean {
    const b = view.bookIndex[idx] as number;
    if (b < 0 || filter.bookOk[b] !== 1) return false;
    return filter.sectionIds === null || filter.sectionIds.has(view.sectionIds[idx] as number);
  }

  private matched(view: SegmentView, idx: number, tf: number): Matched {
    const tokens = view.tokens[idx] as number;
    return {
      sectionId: view.sectionIds[idx] as number,
      book: this.bookList[view.bookIndex[idx] as number] as BookMeta,
      tokens,
      tf,
      hits: null,
      score: scoreTermFrequency(tf, tokens, this.averageTokens),
    };
  }

  /** The arrays of a finished search's list, for the next one (null while a search holds them). */
  private spareList: MatchList<SegmentView> | null = null;

  /** An empty list for a search, the spare one when it is large enough. */
  private takeList(capacity = 64): MatchList<SegmentView> {
    const spare = this.spareList;
    if (spare && spare.capacity >= capacity) {
      this.spareList = null;
      spare.clear();
      return spare;
    }
    return new MatchList(capacity);
  }

  /** Keeps the larger of the spare list and this finished one; nothing may read `list` afterwards. */
  private giveBack(list: MatchList<SegmentView> | null): void {
    if (!list || (this.spareList && this.spareList.capacity >= list.capacity)) return;
    list.clear();
    this.spareList = list;
  }

  /** Adds section `idx` of `view` with `tf` hits to `list`, scored as `matched` scores it. */
  private add(list: MatchList<SegmentView>, view: SegmentView, idx: number, tf: number): void {
    const score = scoreTermFrequency(tf, view.tokens[idx] as number, this.averageTokens);
    list.push(view, idx, view.sectionIds[idx] as number, tf, score);
  }

  /** Entry `i` of `list` as an object, with the score it was picked by (computed when the postings were read). */
  private matchedAt(list: MatchList<SegmentView>, i: number): Matched {
    const m = this.matched(list.viewOf(i), list.idxOf(i), list.tfOf(i));
    m.score = list.scoreOf(i);
    return m;
  }

  /** Every matching section of the execution as objects (made once, kept), in the order found. */
  private allMatched(execution: Execution): Matched[] {
    if (execution.scanned) return execution.scanned;
    const list = execution.list as MatchList<SegmentView>;
    const all: Matched[] = new Array(list.length);
    for (let i = 0; i < list.length; i++) all[i] = this.matchedAt(list, i);
    execution.scanned = all;
    return all;
  }

  /**
   * Sections where the folded term occurs, with exact counts, from the index alone (`readTerm`), as a match list with
   * the term's total and its sections per book.
   */
  private termSections(
    term: string,
    filter: CompiledFilter,
    keepPositions = false,
    covering?: CoveringBigrams,
  ): {
    list: MatchList<SegmentView>;
    total: number;
    bigrams?: CoveringBigrams;
    perBook: Int32Array;
    positions?: Map<SegmentView, Int32Array>;
  } {
    const { cps } = codePointsOf(term);
    // A character's rows each begin with their number of sections: the list is sized once.
    let capacity = 64;
    if (cps.length === 1) {
      capacity = 0;
      for (const { data } of this.uniPostings(cps[0] as number)) capacity += new ByteReader(data).varint();
    }
    const list = this.takeList(capacity);
    const perBook = new Int32Array(this.bookList.length);
    let total = 0;
    const read = this.readTerm(term, filter, keepPositions, covering, (view, idx, count) => {
      this.add(list, view, idx, count);
      tally(perBook, view.bookIndex[idx] as number);
      total += count;
    });
    return { list, total, perBook, ...read };
  }

  /**
   * Visits each admitted section where the folded term occurs, segment by segment, with its exact count, from the
   * index alone; with `keepPositions`, a term of ≥ 2 code points also gives its starts in the admitted sections,
   * ascending, per segment. `covering`: its covering bigrams as `countRows` already read them (ordered, postings kept).
   */
  private readTerm(
    term: string,
    filter: CompiledFilter,
    keepPositions: boolean,
    covering: CoveringBigrams | undefined,
    visit: (view: SegmentView, idx: number, count: number) => void,
  ): { bigrams?: CoveringBigrams; positions?: Map<SegmentView, Int32Array> } {
    const { cps, units } = codePointsOf(term);
    if (cps.length === 0) return {};
    if (cps.length === 1) {
      for (const { segment, data } of this.uniPostings(cps[0] as number)) {
        readCounts(new ByteReader(data), (idx, count) => {
          if (this.admits(segment, idx, filter)) visit(segment, idx, count);
        });
      }
      return {};
    }
    const positions = keepPositions ? new Map<SegmentView, Int32Array>() : undefined;
    let lists = covering;
    if (!lists) {
      lists = this.coveringBigrams(cps, units);
      if (lists.length > 2) this.rarestFirst(lists);
    }
    // The first pair of bigrams is read in every segment; the others only where candidates remain.
    const first = Math.min(2, lists.length);
    for (const segment of this.segments.values()) {
      const parts = this.firstPair(lists, first, segment);
      if (!parts) continue;
      if (lists.length === 1 && !positions) {
        const posting = (parts[0] as { posting: BigramPosting }).posting;
        if (posting.countsAt >= 0) {
          readCounts(new ByteReader(posting.bytes, posting.countsAt), (idx, count) => {
            if (this.admits(segment, idx, filter)) visit(segment, idx, count);
          });
          continue;
        }
      }
      parts.sort((x, y) => x.posting.n - y.posting.n);
      const { starts: candidates, count } = this.termStarts(parts, lists, first, segment, filter);
      positions?.set(segment, candidates.subarray(0, count));
      perSection(segment.starts, candidates, count, (idx, tf) => visit(segment, idx, tf));
    }
    return { bigrams: lists, ...(positions ? { positions } : {}) };
  }

  /** The term's first `first` covering bigrams' postings in this segment, or null when one is not there. */
  private firstPair(
    lists: CoveringBigrams,
    first: number,
    segment: SegmentView,
  ): { offset: number; posting: BigramPosting }[] | null {
    const parts: { offset: number; posting: BigramPosting }[] = [];
    for (const l of lists.slice(0, first)) {
      const posting = this.postingIn(l, segment);
      if (!posting) return null;
      parts.push({ offset: l.offset, posting });
    }
    return parts;
  }

  /** At most how many sections of `segment` a term of ≥ 2 covering bigrams is in: those of the rarer of its first two. */
  private pairSections(lists: CoveringBigrams, segment: SegmentView): number {
    let fewest = Infinity;
    for (const l of lists.slice(0, 2)) fewest = Math.min(fewest, sectionsIn(this.postingIn(l, segment)));
    return fewest;
  }

  /**
   * A longer term's sections estimated from the largest segment: counted there exactly (its pair's rarer bigram
   * decoded, narrowed by the others, as `termSections` reads it), the other segments' bounds (`bound` in all, from
   * `pairSections`) scaled by how far the count fell below the bound there. `bound` when the count would decode more
   * than `budget` positions, or the segment has not the pair.
   */
  private sampledSections(lists: CoveringBigrams, bound: number, budget: number): number {
    const probe = this.largestSegment();
    if (!probe) return bound;
    const first = Math.min(2, lists.length);
    const parts = this.firstPair(lists, first, probe);
    if (!parts) return bound;
    parts.sort((x, y) => x.posting.n - y.posting.n);
    if ((parts[0] as { posting: BigramPosting }).posting.n > budget) return bound;
    const { starts, count } = this.termStarts(parts, lists, first, probe, null);
    let sections = 0;
    perSection(probe.starts, starts, count, () => sections++);
    const probeBound = this.pairSections(lists, probe);
    return sections + ((bound - probeBound) * sections) / probeBound;
  }

  /** The segment with the most units: where a term's bigrams are ordered and a longer term is sampled. */
  private largestSegment(): SegmentView | undefined {
    let largest: SegmentView | undefined;
    for (const segment of this.segments.values()) if (!largest || segment.units > largest.units) largest = segment;
    return largest;
  }

  /**
   * A term's starts in `segment`, ascending (the first `count` of `starts`): the rarer bigram of its first pair
   * (`parts`, rarer first) decoded, in the sections `filter` admits when there is one, then narrowed (`narrow`).
   */
  private termStarts(
    parts: readonly { offset: number; posting: BigramPosting }[],
    lists: CoveringBigrams,
    first: number,
    segment: SegmentView,
    filter: CompiledFilter | null,
  ): { starts: Int32Array; count: number } {
    const base = parts[0] as { offset: number; posting: BigramPosting };
    const starts = decodePositions(base.posting);
    let count = 0;
    let s = 0;
    for (let i = 0; i < starts.length; i++) {
      const start = (starts[i] as number) - base.offset;
      if (filter) {
        s = sectionOf(segment.starts, start, s);
        if (!this.admits(segment, s, filter)) continue;
      }
      starts[count++] = start;
    }
    return { starts, count: this.narrow(starts, count, parts, lists, first, segment) };
  }

  /**
   * Keeps the candidate starts (ascending, the first `count`) that the pair's other bigram follows at its offset and,
   * read only while some remain, every later covering bigram (from `first`); returns how many are kept.
   */
  private narrow(
    candidates: Int32Array,
    count: number,
    parts: readonly { offset: number; posting: BigramPosting }[],
    lists: CoveringBigrams,
    first: number,
    segment: SegmentView,
  ): number {
    // `count > 0` first: it is then compared on every call, 2-character terms included, so the optimized code has seen
    // it; after the length test, a worker's code optimized on 2-character terms deoptimized at it on every longer term.
    for (let p = 1; count > 0 && p < parts.length; p++) {
      const part = parts[p] as { offset: number; posting: BigramPosting };
      count = keepFollowedBy(candidates, count, part.posting, part.offset);
    }
    for (let l = first; count > 0 && l < lists.length; l++) {
      const bigram = lists[l] as CoveringBigrams[number];
      const posting = this.postingIn(bigram, segment);
      count = posting ? keepFollowedBy(candidates, count, posting, bigram.offset) : 0;
    }
    return count;
  }

  /**
   * Orders a long term's covering bigrams rarest first, by their postings in the largest segment (read there now and
   * kept for the term's pass over it): every segment then reads the two rarest, whose intersection leaves the fewest
   * candidates to check, and a segment without the rarest reads one row.
   */
  private rarestFirst(lists: CoveringBigrams): void {
    const probe = this.largestSegment();
    if (!probe) return;
    const sizes = new Map(lists.map((l) => [l, this.postingIn(l, probe)?.n ?? 0]));
    lists.sort((a, b) => (sizes.get(a) as number) - (sizes.get(b) as number));
  }

  /**
   * The bigrams covering a term of ≥ 2 code points — at code points 0, 2, 4 … and the last pair — with their offset in
   * the term (UTF-16 units); their postings are read per segment as needed (`postingIn`).
   */
  private coveringBigrams(cps: readonly number[], units: readonly number[]): CoveringBigrams {
    const cover: number[] = [];
    for (let i = 0; i + 1 < cps.length; i += 2) cover.push(i);
    if (cover[cover.length - 1] !== cps.length - 2) cover.push(cps.length - 2);
    return cover.map((i) => ({
      offset: units[i] as number,
      ...bigramSlot(cps[i] as number, cps[i + 1] as number),
      postings: new Map(),
    }));
  }

  private orderByRelevance(sections: Matched[]): Matched[] {
    return sections.sort((a, b) => b.score - a.score || a.sectionId - b.sectionId);
  }

  private async execute(query: string, fold: boolean, filters: SearchFilters | undefined): Promise<Execution> {
    const parsed = parseQuery(query);
    const foldedAst = normalizeQuery(parsed, this.folder);
    const ast = fold ? foldedAst : normalizeQuery(parsed, null);
    // A query's hits per section follow from its terms' counts and, for NEAR, positions — in the folded index, or for
    // an exact search whose terms are written as they fold and have no variants (an occurrence is then written as
    // searched). The index has positions for terms of two or more code points only.
    const plan = fold || this.countsAsFolded(ast, foldedAst) ? countPlan(foldedAst) : null;
    // A NEAR side of one code point has no positions in the index: they are found in windows of text around its
    // partner's occurrences (`charsNear`), so one side at least must have two or more.
    const short = plan?.terms.map((t, i) => plan.positional[i] === true && codePointsOf(t).cps.length < 2) ?? [];
    const windowed = short.includes(true);
    const counted =
      plan?.nears.every((n) => !short[n.left] || !short[n.right]) && (!windowed || (this.reader && !this.storesText))
        ? plan
        : null;
    // The metadata and the postings are read in one snapshot, so a merge committing meanwhile cannot swap segments or
    // delete rows between the two.
    const read = this.snapshot(() => {
      this.syncWithOtherWriters();
      const filter = this.compileFilter(filters);
      if (fold && ast.kind === 'term') return { filter, term: this.termSections(ast.text, filter) };
      if (counted) return { filter, rows: this.countRows(counted, filter) };
      return { filter, candidates: this.candidates(foldedAst, filter) };
    });
    if (read.term && ast.kind === 'term') {
      const { list, total, bigrams, perBook } = read.term;
      const asWritten = this.variantFree(ast.text);
      const lists = bigrams ? { bigrams: { lists: bigrams, metaLoads: this.metaLoads } } : {};
      const found = { list, scanned: null, sections: list.length, total };
      return { ...found, fold, ast, ordered: false, asWritten, perBook, ...lists };
    }
    const near = read.rows && counted && windowed ? await this.charsNear(counted, read.rows, short) : null;
    if (read.rows && counted && (near || !windowed)) {
      const { list, total, perBook } = this.countHits(counted, read.rows, near);
      return {
        list,
        scanned: null,
        sections: list.length,
        total,
        fold,
        ast,
        ordered: false,
        asWritten: false,
        perBook,
      };
    }
    const filter = read.filter;
    // Everything else: candidates from the index, then exact evaluation on their texts.
    const candidates = read.rows ? this.snapshot(() => this.candidates(foldedAst, filter)) : (read.candidates ?? null);
    const list = candidates
      ? [...candidates.values()]
      : this.allSections(filter).map((x) => this.matched(x.view, x.idx, 0));
    list.sort((a, b) => a.sectionId - b.sectionId);
    this.checkScan(list, () => whyScanned(ast, plan, short, this.folder));
    const sections: Matched[] = [];
    let total = 0;
    for (let i = 0; i < list.length; i += TEXT_BATCH) {
      const batch = list.slice(i, i + TEXT_BATCH);
      const texts = await this.searchTexts(
        batch.map((m) => m.sectionId),
        fold,
      );
      for (const m of batch) {
        const text = texts.get(m.sectionId);
        if (!text) continue;
        const { matches, hits } = matchSection(ast, text.text);
        if (!matches) continue;
        m.hits = hits;
        m.tf = hits.length / 2;
        m.score = scoreTermFrequency(m.tf, m.tokens, this.averageTokens);
        sections.push(m);
        total += m.tf;
      }
    }
    return {
      list: null,
      scanned: sections,
      sections: sections.length,
      total,
      fold,
      ast,
      ordered: false,
      asWritten: false,
    };
  }

  /**
   * Refuses, before reading any of them, a query that would have to read more than `scanChars` units of section text:
   * one such query would hold a search thread for seconds to minutes (every section holding 山 and 水 is most of a
   * large collection) and, asked twice, every thread. The error says why this query reads texts and how to narrow it.
   */
  private checkScan(sections: readonly { sectionId: number }[], why: () => { reason: string; hint: string }): void {
    let units = 0;
    for (const s of sections) units += this.sections.get(s.sectionId)?.units ?? 0;
    if (units <= this.scanChars) return;
    const { reason, hint } = why();
    throw new AppError(
      'BAD_REQUEST',
      `${reason}，要逐节核对约 ${chineseCount(units)}字正文，超过一次检索的上限（${chineseCount(this.scanChars)}字）。` +
        `请${hint}加上更少见的词，或用书目、类型、地区、年代筛选缩小范围后再查。`,
    );
  }

  private readTransaction: ((run: () => unknown) => unknown) | null = null;

  /**
   * Runs the synchronous reads of `run` in one read transaction: one consistent snapshot, and one WAL read lock taken
   * and released instead of one per statement (~3 µs each; an 8-character search reads a few dozen rows).
   */
  private snapshot<T>(run: () => T): T {
    if (this.merging === null) this.useCache(READ_CACHE_KIB);
    this.readTransaction ??= this.db.transaction((r: () => unknown) => r());
    return this.readTransaction(run) as T;
  }

  /** Whether no character of `text` has a variant (another code point folding to the same form). */
  private variantFree(text: string): boolean {
    for (const ch of text) if (this.folder.hasVariants(ch.codePointAt(0) as number)) return false;
    return true;
  }

  private allSections(filter: CompiledFilter): { view: SegmentView; idx: number }[] {
    const out: { view: SegmentView; idx: number }[] = [];
    for (const view of this.segments.values())
      for (let idx = 0; idx < view.sectionIds.length; idx++)
        if (this.admits(view, idx, filter)) out.push({ view, idx });
    return out;
  }

  /**
   * Whether an exact search finds its terms exactly where the folded index has them: every term is written in its
   * folded form and none of its characters has a variant, so an occurrence of its folded form is written as searched.
   */
  private countsAsFolded(ast: QueryNode, foldedAst: QueryNode): boolean {
    const exact = termsOf(ast);
    const folded = termsOf(foldedAst);
    return exact.length === folded.length && exact.every((t, i) => t === folded[i] && this.variantFree(t));
  }

  /**
   * The sections that can match a query, from the index alone, with each distinct term's count in them (`termSections`,
   * with positions for the sides of a NEAR of two or more code points): `countHits` then evaluates the query on them.
   */
  private countRows(plan: CountPlan, filter: CompiledFilter): CountRows {
    // A dense number for every section slot of every segment: a segment's first slot by its ordinal.
    const views = [...this.segments.values()];
    const ordinal = new Map<SegmentView, number>();
    const base = new Int32Array(views.length + 1);
    views.forEach((view, o) => {
      ordinal.set(view, o);
      base[o + 1] = (base[o] as number) + view.sectionIds.length;
    });
    const terms = plan.terms.length;
    const positions: (Map<SegmentView, Int32Array> | undefined)[] = [];
    const chars = plan.terms.map((term) => {
      const { cps } = codePointsOf(term);
      return cps.length === 1 ? (cps[0] as number) : -1;
    });
    // A longer term's covering bigrams, read once for its size and again for its sections or counts.
    const covering = plan.terms.map((term, t) => {
      if ((chars[t] as number) >= 0) return null;
      const { cps, units } = codePointsOf(term);
      const lists = this.coveringBigrams(cps, units);
      if (lists.length > 2) this.rarestFirst(lists);
      return lists;
    });
    // The rows (candidate sections) come from the fewest sections that can match: those of the rarest required term
    // when there is one, else of every term outside NOT. Which is rarest is decided before any term is read whole: a
    // character's or a bigram's sections from its rows' headers (exact), a longer term's at most those of the rarer of
    // its first two covering bigrams in each segment (the rows `termSections` reads first).
    const sizeOf = (t: number): number => {
      const lists = covering[t];
      if (!lists) return this.uniSections(chars[t] as number);
      let size = 0;
      for (const segment of this.segments.values()) size += this.pairSections(lists, segment);
      return size;
    };
    const required = plan.terms.map((_, t) => t).filter((t) => plan.required[t]);
    let rarest: number | null = null;
    let fewest = Infinity;
    const bounds = new Map<number, number>();
    for (const t of required) {
      const size = sizeOf(t);
      bounds.set(t, size);
      if (size < fewest) [rarest, fewest] = [t, size];
    }
    // A longer term of frequent bigrams (六百六十: 六百 and 六十 in most sections) is often far rarer than that bound:
    // when its bound loses, it is counted in the largest segment and estimated from there, if that reads fewer
    // positions than its read in the rarest term's rows could (`sampledSections`).
    for (const t of required) {
      const lists = covering[t];
      if (!lists || lists.length < 2 || t === rarest) continue;
      const estimate = this.sampledSections(lists, bounds.get(t) as number, fewest * SAMPLE_POSITIONS_PER_ROW);
      if (estimate < fewest) [rarest, fewest] = [t, estimate];
    }
    const creates = (t: number) => (rarest === null ? (plan.positive[t] as boolean) : t === rarest);
    // Rows are made by the creating terms alone, one per section each is in: their sizes bound the rows.
    let capacity = 0;
    for (let t = 0; t < terms; t++) if (creates(t)) capacity += bounds.get(t) ?? sizeOf(t);
    const table = new CountTable(terms, base[views.length] as number, capacity);
    const other = (t: number) => (plan.required[t] as boolean) && t !== rarest;
    // The segment of the section visited last (visits come segment by segment): its ordinal and first slot.
    const at = { view: null as SegmentView | null, ordinal: 0, base: 0 };
    const locate = (view: SegmentView): void => {
      at.view = view;
      at.ordinal = ordinal.get(view) as number;
      at.base = base[at.ordinal] as number;
    };
    // The terms that make rows, read whole.
    for (let t = 0; t < terms; t++) {
      if (!creates(t)) continue;
      const counted = other(t);
      const read = this.readTerm(
        plan.terms[t] as string,
        filter,
        plan.positional[t] as boolean,
        covering[t] ?? undefined,
        (view, idx, count) => {
          if (view !== at.view) locate(view);
          table.add(t, at.base + idx, at.ordinal, idx, count, true, counted);
        },
      );
      positions[t] = read.positions;
    }
    // The others only where rows are: a character from its count rows, a longer term in the rows' sections alone.
    let rowsBySegment: Map<SegmentView, number[]> | null = null;
    for (let t = 0; t < terms; t++) {
      if (creates(t)) continue;
      const counted = other(t);
      const lists = covering[t];
      if (!lists) {
        for (const { segment, data } of this.uniPostings(chars[t] as number)) {
          locate(segment);
          const { ordinal: o, base: first } = at;
          readCounts(new ByteReader(data), (idx, count) => table.add(t, first + idx, o, idx, count, false, counted));
        }
        continue;
      }
      if (!rowsBySegment) {
        rowsBySegment = new Map();
        for (let row = 0; row < table.rows; row++) {
          const view = views[table.segment[row] as number] as SegmentView;
          let idxs = rowsBySegment.get(view);
          if (!idxs) rowsBySegment.set(view, (idxs = []));
          idxs.push(table.idx[row] as number);
        }
        for (const idxs of rowsBySegment.values()) idxs.sort((x, y) => x - y);
      }
      positions[t] = this.termInSections(lists, rowsBySegment, plan.positional[t] as boolean, (view, idx, count) => {
        if (view !== at.view) locate(view);
        table.add(t, at.base + idx, at.ordinal, idx, count, false, counted);
      });
    }
    const others = rarest === null ? 0 : required.length - 1;
    return { views, table, others, positions };
  }

  /**
   * A term of two or more code points (its covering bigrams) counted in the given sections of each segment only
   * (ascending), with its starts there when `keepPositions`: what a query's other terms need where its rarest term
   * occurs. Each covering bigram's positions are decoded in those sections' ranges alone (`positionsInRanges`), so a
   * frequent term next to a rare one reads a few blocks of its postings, not all of them. `visit` gets each section
   * that has the term, with its occurrences.
   */
  private termInSections(
    lists: CoveringBigrams,
    sections: Map<SegmentView, number[]>,
    keepPositions: boolean,
    visit: (view: SegmentView, idx: number, count: number) => void,
  ): Map<SegmentView, Int32Array> | undefined {
    const positions = keepPositions ? new Map<SegmentView, Int32Array>() : undefined;
    // As `termSections` reads them: the first two covering bigrams in every segment, the others only where candidates
    // remain.
    const first = Math.min(2, lists.length);
    for (const [segment, idxs] of sections) {
      const parts = this.firstPair(lists, first, segment);
      if (!parts) continue;
      parts.sort((x, y) => x.posting.n - y.posting.n);
      const { offset, posting } = parts[0] as { offset: number; posting: BigramPosting };
      const starts = segment.starts;
      // A lone bigram counted per section, when its counts are stored and the sections are a good share of its own.
      if (parts.length === 1 && !positions && posting.countsAt >= 0) {
        const reader = new ByteReader(posting.bytes, posting.countsAt);
        if (idxs.length * 8 >= reader.varint()) {
          let k = 0;
          readCounts(new ByteReader(posting.bytes, posting.countsAt), (idx, count) => {
            while (k < idxs.length && (idxs[k] as number) < idx) k++;
            if (idxs[k] === idx) visit(segment, idx, count);
          });
          continue;
        }
      }
      // The term starts in [starts[idx], starts[idx + 1]) of a section: its base bigram at `offset` after that.
      const ranges: number[] = new Array<number>(idxs.length * 2);
      for (let i = 0; i < idxs.length; i++) {
        const idx = idxs[i] as number;
        ranges[2 * i] = (starts[idx] as number) + offset;
        ranges[2 * i + 1] = idx + 1 < starts.length ? (starts[idx + 1] as number) + offset : Number.MAX_SAFE_INTEGER;
      }
      const candidates = positionsInRanges(posting, ranges);
      for (let i = 0; i < candidates.length; i++) candidates[i] = (candidates[i] as number) - offset;
      const count = this.narrow(candidates, candidates.length, parts, lists, first, segment);
      positions?.set(segment, candidates.subarray(0, count));
      perSection(starts, candidates, count, (idx, tf) => visit(segment, idx, tf));
    }
    return positions;
  }

  /**
   * The query evaluated on every row that has all its required terms (`CountPlan`): the matching sections and their
   * exact hits. `near` holds, per row, the positions of the one-character sides of NEARs (`charsNear`). No text is read;
   * a page reads only its own sections' texts for the hits' places.
   */
  private countHits(
    plan: CountPlan,
    rows: CountRows,
    near: Map<number, Map<number, Int32Array>> | null,
  ): { list: MatchList<SegmentView>; total: number; perBook: Int32Array } {
    const { views, table, others, positions } = rows;
    const { counts, seen } = table;
    const terms = plan.terms.length;
    const list = this.takeList(table.rows);
    const perBook = new Int32Array(this.bookList.length);
    let total = 0;
    const none = new Int32Array(0);
    // The row being evaluated, for `inSection`.
    const at = { row: 0 };
    // The starts of positional term t in the section of the current row.
    const inSection = (t: number): Int32Array => {
      const view = views[table.segment[at.row] as number] as SegmentView;
      const idx = table.idx[at.row] as number;
      const all = positions[t]?.get(view);
      if (!all) return near?.get(at.row)?.get(t) ?? none;
      const from = view.starts[idx] as number;
      const to = idx + 1 < view.starts.length ? (view.starts[idx + 1] as number) : Number.POSITIVE_INFINITY;
      return all.subarray(lowerBound(all, from), lowerBound(all, to));
    };
    for (let row = 0; row < table.rows; row++) {
      if ((seen[row] as number) < others) continue;
      // A row of an AND of terms has them all here (it has the rarest and every other), one of an OR of terms has one
      // of them: either matches with all its counts (`CountPlan.sums`).
      let hits = 0;
      if (plan.sums) for (let t = 0, i = row * terms; t < terms; t++) hits += counts[i + t] as number;
      else {
        at.row = row;
        hits = plan.hits(counts, row * terms, inSection);
      }
      if (hits === 0) continue;
      const view = views[table.segment[row] as number] as SegmentView;
      const idx = table.idx[row] as number;
      this.add(list, view, idx, hits);
      tally(perBook, view.bookIndex[idx] as number);
      total += hits;
    }
    return { list, total, perBook };
  }

  /**
   * The positions of each one-character side of a NEAR (whose postings hold counts, not positions) in the rows that
   * can match, found in windows of text around the occurrences of its partners: an occurrence farther away than the
   * distance never pairs, so these are all the positions the NEAR needs. The windows are cut from the stored pieces
   * as a page's are (`windowedPage`). Null when they cannot be read so (no database, a layout missing, a text changed
   * meanwhile): the query then takes the text path.
   */
  private async charsNear(
    plan: CountPlan,
    rows: CountRows,
    short: readonly boolean[],
  ): Promise<Map<number, Map<number, Int32Array>> | null> {
    const reader = this.reader;
    if (!reader || this.storesText) return null;
    const terms = plan.terms.length;
    const partners = plan.terms.map(() => [] as { term: number; distance: number }[]);
    for (const n of plan.nears) {
      if (short[n.left]) partners[n.left]?.push({ term: n.right, distance: n.distance });
      if (short[n.right]) partners[n.right]?.push({ term: n.left, distance: n.distance });
    }
    const wanted: { row: number; term: number; sectionId: number; from: number; window: TextWindowRange }[] = [];
    // Partner occurrences to look around, refused past the limit before any text is read (`refuseNear`).
    const limit = Math.max(1, Math.floor(this.scanChars / NEAR_WINDOW_UNITS));
    let occurrences = 0;
    const complete = this.snapshot(() => {
      const { table } = rows;
      for (let row = 0; row < table.rows; row++) {
        if ((table.seen[row] as number) < rows.others) continue;
        const view = rows.views[table.segment[row] as number] as SegmentView;
        const idx = table.idx[row] as number;
        const from = view.starts[idx] as number;
        const to = idx + 1 < view.starts.length ? (view.starts[idx + 1] as number) : Number.POSITIVE_INFINITY;
        for (let t = 0; t < terms; t++) {
          if (!short[t] || table.counts[row * terms + t] === 0) continue;
          const length = (plan.terms[t] as string).length;
          // Where an occurrence of t can start and still be near a partner's occurrence (`keepNear`'s gap), plus its
          // own length: section search offsets.
          const ranges: number[][] = [];
          for (const { term, distance } of partners[t] as { term: number; distance: number }[]) {
            const all = rows.positions[term]?.get(view);
            if (!all || table.counts[row * terms + term] === 0) continue;
            const partner = (plan.terms[term] as string).length;
            const first = lowerBound(all, from);
            const end = lowerBound(all, to);
            occurrences += end - first;
            if (occurrences > limit) this.refuseNear(plan.terms[t] as string, plan.terms[term] as string, limit);
            for (let k = first; k < end; k++) {
              const at = (all[k] as number) - from;
              ranges.push([at - distance - length, at + partner + distance + length]);
            }
          }
          if (ranges.length === 0) continue;
          const sectionId = view.sectionIds[idx] as number;
          const layout = this.layoutOf(sectionId);
          if (!layout) return false;
          ranges.sort((a, b) => (a[0] as number) - (b[0] as number));
          let [start, end] = ranges[0] as [number, number];
          for (const [a, b] of [...ranges.slice(1), [Number.POSITIVE_INFINITY, 0]] as [number, number][]) {
            if (a <= end) end = Math.max(end, b);
            else {
              wanted.push({ row, term: t, sectionId, from, window: windowOf(layout, start, end) });
              [start, end] = [a, b];
            }
          }
        }
      }
      return true;
    });
    if (!complete) return null;
    const out = new Map<number, Map<number, Int32Array>>();
    if (wanted.length === 0) return out;
    const spans = windowSpans(wanted.map((w) => ({ id: w.sectionId, window: w.window })));
    const read = await reader.windows(
      spans.list.map((span) => ({ id: span.id, from: span.cpStart, count: span.cpEnd - span.cpStart, head: false })),
    );
    const found = new Map<number, Map<number, number[]>>();
    for (const [i, w] of wanted.entries()) {
      const span = spans.list[spans.of[i] as number] as WindowSpan;
      const got = read[spans.of[i] as number];
      if (!got || got.text.length !== span.end - span.start) return null;
      const text = got.text.slice(w.window.start - span.start, w.window.end - span.start);
      const plain = plainOfWindow(text, w.window.start, this.sections.get(w.sectionId)?.skip);
      if (plain.length !== w.window.plainTo - w.window.plainFrom) return null;
      const folded = this.folder.foldText(plain);
      const term = plan.terms[w.term] as string;
      let byTerm = found.get(w.row);
      if (!byTerm) found.set(w.row, (byTerm = new Map()));
      let starts = byTerm.get(w.term);
      if (!starts) byTerm.set(w.term, (starts = []));
      for (let at = folded.indexOf(term); at >= 0; at = folded.indexOf(term, at + 1))
        starts.push(w.from + w.window.plainFrom + at);
    }
    for (const [row, byTerm] of found) {
      const sorted = new Map<number, Int32Array>();
      // Windows widened for a surrogate pair can overlap by a unit: a start is kept once.
      for (const [t, starts] of byTerm) sorted.set(t, Int32Array.from(new Set(starts)).sort());
      out.set(row, sorted);
    }
    return out;
  }

  /**
   * Refuses a NEAR whose one-character side would be looked for around more than `limit` occurrences of its partner:
   * each is a window of text to read and search (at 100 M characters `之 NEAR/5 不可` read 34,735 in 2.4 s; at 1 B four
   * such queries held a search thread ~13 s and grew its heap by ~600 MB). The error names the two sides and how to
   * narrow the query.
   */
  private refuseNear(char: string, partner: string, limit: number): never {
    throw new AppError(
      'BAD_REQUEST',
      `邻近检索的单字一侧“${char}”要在“${partner}”超过 ${limit.toLocaleString('en-US')} 处出现的附近逐处核对正文，` +
        `超过一次检索的上限。请把“${char}”写成两个字以上的词、换一个更少见的词与它邻近，` +
        '或用书目、类型、地区、年代筛选缩小范围后再查。',
    );
  }

  /** Sections that can match `node` (a superset), or null when nothing narrows it (a lone NOT). */
  private candidates(node: QueryNode, filter: CompiledFilter): Map<number, Matched> | null {
    switch (node.kind) {
      case 'term': {
        const { list } = this.termSections(node.text, filter);
        const out = new Map<number, Matched>();
        for (let i = 0; i < list.length; i++) out.set(list.sectionIdOf(i), this.matchedAt(list, i));
        this.giveBack(list);
        return out;
      }
      case 'near': {
        const left = this.candidates(node.left, filter) as Map<number, Matched>;
        const right = this.candidates(node.right, filter) as Map<number, Matched>;
        return new Map([...left].filter(([id]) => right.has(id)));
      }
      case 'not':
        return null;
      case 'and': {
        const sets: Map<number, Matched>[] = [];
        for (const child of node.children) {
          const c = this.candidates(child, filter);
          if (c !== null) sets.push(c);
        }
        const [first, ...rest] = sets;
        if (!first) return null;
        return new Map([...first].filter(([id]) => rest.every((c) => c.has(id))));
      }
      case 'or': {
        const result = new Map<number, Matched>();
        for (const child of node.children) {
          const c = this.candidates(child, filter);
          if (c === null) return null;
          for (const [id, m] of c) if (!result.has(id)) result.set(id, m);
        }
        return result;
      }
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Texts

  private readStoredTexts(ids: readonly number[]): Map<number, string> {
    const out = new Map<number, string>();
    const select = this.db.prepare('SELECT display FROM stored_text WHERE section_id = ?').pluck();
    for (const id of ids) {
      const stored = select.get(id) as Buffer | undefined;
      if (stored) out.set(id, unpackText(stored));
    }
    return out;
  }

  /** Search texts of these sections (folded or exact), from the cache or through the loader. */
  private async searchTexts(ids: readonly number[], fold: boolean): Promise<Map<number, CachedText>> {
    const cache = fold ? this.cache : this.exactCache;
    const out = new Map<number, CachedText>();
    const missing: number[] = [];
    for (const id of ids) {
      const hit = cache.peek(id);
      if (hit) out.set(id, hit);
      else if (this.sections.has(id)) missing.push(id);
    }
    if (missing.length > 0) {
      const loaded = await this.loader(missing);
      for (const id of missing) {
        const entry = loaded.get(id);
        const info = this.sections.get(id);
        if (entry === undefined || !info) continue;
        const display = typeof entry === 'string' ? entry : entry.text;
        const anchors = typeof entry === 'string' ? null : entry.anchors;
        const head =
          typeof entry !== 'string' && entry.ordinal !== undefined && entry.title !== undefined
            ? { ordinal: entry.ordinal, title: entry.title }
            : null;
        const built: CachedText = { ...buildSearchText(display, fold ? this.folder : null, info.skip), anchors, head };
        cache.get(id, () => built);
        out.set(id, built);
      }
    }
    return out;
  }

  async searchText(sectionId: number, options: { fold?: boolean } = {}): Promise<string | null> {
    this.syncWithOtherWriters();
    if (!this.sections.has(sectionId)) return null;
    return (await this.searchTexts([sectionId], options.fold ?? true)).get(sectionId)?.text ?? null;
  }

  private async ensureHits(sections: Matched[], execution: Execution): Promise<Map<number, CachedText>> {
    const texts = await this.searchTexts(
      sections.map((s) => s.sectionId),
      execution.fold && !execution.asWritten,
    );
    for (const s of sections) {
      if (s.hits) continue;
      const text = texts.get(s.sectionId);
      s.hits = text ? matchSection(execution.ast, text.text).hits : [];
    }
    return texts;
  }

  /**
   * The hits of the page's sections. A folded term of two or more characters takes them from the index (the positions
   * of its bigrams in each section's range, intersected as for counting), so the sections' texts are read unfolded and
   * not scanned: folding a cold section costs as much as reading it. Anything else is scanned (`ensureHits`).
   */
  private async pageHits(sections: Matched[], execution: Execution): Promise<Map<number, CachedText>> {
    if (!this.indexHits(sections, execution)) return this.ensureHits(sections, execution);
    return this.searchTexts(
      sections.map((m) => m.sectionId),
      false,
    );
  }

  /** Sets the hits of `sections` from the index when the query is a folded term of two or more characters. */
  private indexHits(sections: Matched[], execution: Execution): boolean {
    const ast = execution.ast;
    if (!execution.fold || ast.kind !== 'term') return false;
    const { cps, units } = codePointsOf(ast.text);
    if (cps.length < 2) return false;
    const lists =
      execution.bigrams?.metaLoads === this.metaLoads ? execution.bigrams.lists : this.coveringBigrams(cps, units);
    const length = ast.text.length;
    for (const m of sections) {
      if (m.hits) continue;
      const info = this.sections.get(m.sectionId);
      const view = info ? this.segments.get(info.segment) : undefined;
      const parts = lists.map((l) => ({ offset: l.offset, posting: view ? this.postingIn(l, view) : undefined }));
      if (!info || !view || parts.some((x) => !x.posting)) {
        m.hits = [];
        continue;
      }
      const start = view.starts[info.idx] as number;
      const sorted = (parts as { offset: number; posting: BigramPosting }[]).sort((x, y) => x.posting.n - y.posting.n);
      const base = sorted[0] as { offset: number; posting: BigramPosting };
      const candidates = positionsIn(base.posting, start + base.offset, start + info.units);
      for (let i = 0; i < candidates.length; i++) candidates[i] = (candidates[i] as number) - base.offset;
      let count = candidates.length;
      // `count > 0` first, as in `narrow`: every call then compares it, a 2-character term's single list included.
      for (let p = 1; count > 0 && p < sorted.length; p++) {
        const part = sorted[p] as { offset: number; posting: BigramPosting };
        count = keepFollowedBy(candidates, count, part.posting, part.offset);
      }
      const hits: number[] = [];
      for (let i = 0; i < count; i++) hits.push((candidates[i] as number) - start, length);
      m.hits = hits;
    }
    return true;
  }

  /** A section's layout as the index stores it (null: written before layouts were kept). */
  private layoutOf(sectionId: number): TextLayout | null {
    const cached = this.layouts.get(sectionId);
    if (cached) return cached;
    this.readLayout ??= this.db
      .prepare('SELECT layout FROM section WHERE section_id = ?')
      .pluck() as Database.Statement<[number], Buffer | null>;
    const data = this.readLayout.get(sectionId);
    if (!data) return null;
    const layout = decodeLayout(data);
    this.layouts.set(sectionId, layout, data.length * 4 + 64);
    return layout;
  }

  /** The section's row as a page needs it, parsed from what a window read and kept for later pages. */
  private keepHead(sectionId: number, row: SectionHeadRow): WindowHead {
    const head = { anchors: parsePageAnchors(row.anchors), ordinal: row.ordinal, title: row.title };
    this.heads.set(sectionId, head, row.anchors.length * 4 + row.title.length * 2 + 64);
    return head;
  }

  /**
   * The hits on the page, in result order (search offsets within their sections): the on-page sections' hits after the
   * first `offset` of the result, at most `limit`. A section `usable` rejects (its text could not be read) is passed over
   * without counting its hits, so the next ones fill the page.
   */
  private pageEntries(
    ordered: readonly Matched[],
    onPage: readonly Matched[],
    offset: number,
    limit: number,
    usable: (section: Matched) => boolean,
  ): { section: Matched; start: number; length: number }[] {
    const page = new Set(onPage);
    const out: { section: Matched; start: number; length: number }[] = [];
    let seen = 0;
    for (const section of ordered) {
      if (out.length >= limit) break;
      if (!page.has(section)) {
        seen += section.tf;
        continue;
      }
      if (!usable(section)) continue;
      const hits = section.hits as number[];
      for (let i = 0; i < hits.length && out.length < limit; i += 2, seen++)
        if (seen >= offset) out.push({ section, start: hits[i] as number, length: hits[i + 1] as number });
    }
    return out;
  }

  /**
   * The page's hits without reading their sections: hits from the index (`indexHits`), display offsets and lines from
   * the stored layouts, and only a window of display text around each hit, cut from the pieces of stored text it falls
   * in (the windows of one section as one span, `windowSpans`). Null when this path does not apply (no database text source, another kind of query, a section indexed before layouts were kept, or a
   * window that does not match its layout because the text changed under the index): the caller reads whole texts.
   */
  private async windowedPage(
    ordered: Matched[],
    onPage: Matched[],
    execution: Execution,
    offset: number,
    limit: number,
    snippetChars: number,
  ): Promise<SearchResult['hits'] | null> {
    if (!this.reader || this.storesText || !this.snapshot(() => this.indexHits(onPage, execution))) return null;
    const entries: { section: Matched; start: number; length: number; layout: TextLayout; window: TextWindowRange }[] =
      [];
    const complete = this.snapshot(() => {
      for (const hit of this.pageEntries(ordered, onPage, offset, limit, () => true)) {
        const layout = this.layoutOf(hit.section.sectionId);
        if (!layout) return false;
        // One unit more each side than the snippet needs: `cutSnippet` looks one further to keep surrogate pairs whole.
        const window = windowOf(layout, hit.start - snippetChars - 1, hit.start + hit.length + snippetChars + 1);
        entries.push({ ...hit, layout, window });
      }
      return true;
    });
    if (!complete) return null;
    const spans = windowSpans(entries.map((e) => ({ id: e.section.sectionId, window: e.window })));
    // A section's row is read with its first span only, and only when no earlier page kept it.
    const heads = new Map<number, WindowHead | null>();
    const read = await this.reader.windows(
      spans.list.map((span) => {
        const asked = !heads.has(span.id);
        if (asked) heads.set(span.id, this.heads.get(span.id) ?? null);
        return {
          id: span.id,
          from: span.cpStart,
          count: span.cpEnd - span.cpStart,
          head: asked && !heads.get(span.id),
        };
      }),
    );
    for (const [i, span] of spans.list.entries()) {
      const row = read[i]?.head;
      if (row) heads.set(span.id, this.keepHead(span.id, row));
    }
    const hits: SearchResult['hits'] = [];
    for (const [i, { section, start, length, layout, window }] of entries.entries()) {
      const span = spans.list[spans.of[i] as number] as WindowSpan;
      const got = read[spans.of[i] as number];
      if (!got || got.text.length !== span.end - span.start) return null;
      const text = got.text.slice(window.start - span.start, window.end - span.start);
      const plain = plainOfWindow(text, window.start, this.sections.get(section.sectionId)?.skip);
      if (plain.length !== window.plainTo - window.plainFrom) return null;
      const head = heads.get(section.sectionId);
      if (!head) return null;
      const displayStart = displayOffset(layout, start);
      const place = placerOf(head.anchors, layout.lineBreaks)(displayStart);
      hits.push({
        sectionId: section.sectionId,
        bookId: section.book.bookId,
        offset: displayStart,
        length: displayOffset(layout, start + length - 1) + 1 - displayStart,
        snippet: cutSnippet(plain, start - window.plainFrom, length, snippetChars),
        ...(place ? { place } : {}),
        ...hitHead(section.book, { ordinal: head.ordinal, title: head.title }),
      });
    }
    return hits;
  }

  // -------------------------------------------------------------------------------------------------------------
  // The interface

  async count(query: string, options: Pick<SearchOptions, 'fold' | 'filters'> = {}): Promise<SearchCount> {
    const execution = await this.execute(query, options.fold ?? true, options.filters);
    this.giveBack(execution.list);
    return { total: execution.total, sections: execution.sections };
  }

  /**
   * Sections in result order, cut to those the page needs when the order is relevance: the best ones are picked
   * without sorting every match (a frequent term matches most sections).
   */
  private pageSections(execution: Execution, sort: SearchOptions['sort'], end: number): Matched[] {
    if ((sort ?? 'relevance') !== 'relevance') {
      return sortSections(
        this.orderByRelevance(this.allMatched(execution)).map((m) => ({ m, meta: this.metaOf(m) })),
        sort ?? 'relevance',
      ).map((x) => x.m);
    }
    const list = execution.list;
    let want = 64;
    for (;;) {
      if (want >= execution.sections) return this.orderByRelevance(this.allMatched(execution));
      const top = list
        ? list.top(want).map((i) => this.matchedAt(list, i))
        : selectTop(this.allMatched(execution), want);
      let hits = 0;
      for (const m of top) hits += m.tf;
      if (hits >= end) return top;
      want *= 4;
    }
  }

  private metaOf(m: Matched): SectionMeta {
    const b = m.book;
    return {
      bookId: b.bookId,
      type: b.type,
      region: b.region,
      period: b.period,
      year: b.year,
      title: b.title,
      published: b.published,
      tokens: m.tokens,
    };
  }

  /** `search`, answered as the API's JSON when every hit is placed and named (`search-answer.ts`). */
  async searchAnswer(query: string, options: SearchOptions, frame: AnswerFrame): Promise<ShapedAnswer> {
    const result = await this.search(query, options);
    const json = answerJson(frame, result);
    return json === null ? { result } : { json };
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchResult> {
    const execution = await this.execute(query, options.fold ?? true, options.filters);
    try {
      return await this.resultOf(execution, options);
    } finally {
      this.giveBack(execution.list);
    }
  }

  private async resultOf(execution: Execution, options: SearchOptions): Promise<SearchResult> {
    const offset = Math.max(0, options.offset ?? 0);
    const limit = Math.max(0, options.limit ?? 20);
    const snippetChars = options.snippetChars ?? 30;
    const ordered = this.pageSections(execution, options.sort, offset + limit);
    // The sections the page falls in, by their counts.
    const onPage: Matched[] = [];
    let seen = 0;
    for (const section of ordered) {
      if (seen >= offset + limit) break;
      if (seen + section.tf > offset) onPage.push(section);
      seen += section.tf;
    }
    const hits =
      (await this.windowedPage(ordered, onPage, execution, offset, limit, snippetChars)) ??
      (await this.fullTextPage(ordered, onPage, execution, offset, limit, snippetChars));
    const facets =
      options.facets === false
        ? { type: [], region: [], period: [], book: [], bookTotal: 0 }
        : this.facets(execution, [...(options.filters?.bookIds ?? []), ...hits.map((h) => h.bookId)]);
    const variants =
      options.variantLimit !== undefined && execution.fold && execution.total > 0
        ? await this.variantsOf(execution, options.variantLimit)
        : null;
    return { total: execution.total, sections: execution.sections, hits, facets, variants };
  }

  /** The page's hits from the whole texts of their sections (see `windowedPage` for when it is not needed). */
  private async fullTextPage(
    ordered: Matched[],
    onPage: Matched[],
    execution: Execution,
    offset: number,
    limit: number,
    snippetChars: number,
  ): Promise<SearchResult['hits']> {
    const texts = await this.pageHits(onPage, execution);
    const hits: SearchResult['hits'] = [];
    let placedIn = -1;
    let placeOf: (offset: number) => HitPlace | undefined = () => undefined;
    for (const { section, start, length } of this.pageEntries(ordered, onPage, offset, limit, (m) =>
      texts.has(m.sectionId),
    )) {
      const searchText = texts.get(section.sectionId) as CachedText;
      if (placedIn !== section.sectionId) {
        placedIn = section.sectionId;
        placeOf = placer(searchText);
      }
      const shown = displayRange(searchText, start, length);
      const place = placeOf(shown.offset);
      hits.push({
        sectionId: section.sectionId,
        bookId: section.book.bookId,
        ...shown,
        snippet: cutSnippet(searchText.plain, start, length, snippetChars),
        ...(place ? { place } : {}),
        ...hitHead(section.book, searchText.head),
      });
    }
    return hits;
  }

  /** Matching sections per type, region, period and book, most frequent first (counted per book first). */
  private facets(execution: Execution, keepBooks: readonly number[]): SearchFacets {
    const perBook = new Map<BookMeta, number>();
    const counted = execution.perBook;
    if (counted) {
      for (const b of this.bookList) if ((counted[b.index] ?? 0) > 0) perBook.set(b, counted[b.index] as number);
    } else {
      // Sections per book counted in a dense array by the book's index, not a Map: a frequent term matches most of them.
      if (this.facetCounts.length < this.bookList.length) this.facetCounts = new Int32Array(this.bookList.length * 2);
      const counts = this.facetCounts;
      const matched: BookMeta[] = [];
      for (const m of this.allMatched(execution)) {
        const n = counts[m.book.index] as number;
        counts[m.book.index] = n + 1;
        if (n === 0) matched.push(m.book);
      }
      for (const b of matched) {
        perBook.set(b, counts[b.index] as number);
        counts[b.index] = 0;
      }
    }
    const by = <T>(pick: (b: BookMeta) => T): FacetCount<T>[] => {
      const counts = new Map<T, number>();
      for (const [b, n] of perBook) counts.set(pick(b), (counts.get(pick(b)) ?? 0) + n);
      // Ties in the order of their values' UTF-16 units: a locale's collation cost ~0.2 ms a search (a book facet of
      // 50 books is mostly ties) for an order no reader asked for.
      return [...counts]
        .map(([value, count]) => ({ value, count, key: String(value) }))
        .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .map(({ value, count }) => ({ value, count }));
    };
    const titles = new Map([...perBook.keys()].map((b) => [b.bookId, b.title]));
    const keep = new Set(keepBooks);
    const books = by((b) => b.bookId).filter((x, i) => i < BOOK_FACETS || keep.has(x.value));
    return {
      type: by((b) => b.type),
      region: by((b) => b.region),
      period: by((b) => b.period),
      book: books.map((x) => ({ ...x, label: titles.get(x.value) ?? '' })),
      bookTotal: perBook.size,
    };
  }

  /**
   * The variant panel: hits per form as written. A term none of whose characters has a variant is always written as it
   * is searched, so its one form and count come from the index; otherwise the forms are read from the texts of the
   * matching sections, when there are at most `limit` hits in at most VARIANT_SECTIONS sections of at most VARIANT_UNITS
   * units together (else null).
   */
  private async variantsOf(execution: Execution, limit: number): Promise<{ form: string; count: number }[] | null> {
    if (execution.asWritten && execution.ast.kind === 'term')
      return [{ form: execution.ast.text, count: execution.total }];
    if (execution.total > limit || execution.sections > VARIANT_SECTIONS) return null;
    let units = 0;
    for (const m of this.allMatched(execution)) units += this.sections.get(m.sectionId)?.units ?? 0;
    if (units > VARIANT_UNITS) return null;
    return (await this.windowedVariants(execution)) ?? this.countVariants(execution);
  }

  /**
   * The variant panel from windows around every hit, the hits' positions from the index (`windowedPage` with no
   * context): the pieces of text holding hits are read, not whole sections. Null where a page would read whole texts
   * (a 1-character or boolean query, an index holding its own texts, a text edited under its layout).
   */
  private async windowedVariants(execution: Execution): Promise<{ form: string; count: number }[] | null> {
    const all = this.allMatched(execution);
    const hits = await this.windowedPage(all, all, execution, 0, execution.total, 0);
    if (!hits || hits.length !== execution.total) return null;
    const counts = new Map<string, number>();
    for (const h of hits) counts.set(h.snippet.match, (counts.get(h.snippet.match) ?? 0) + 1);
    return byCount(counts);
  }

  /** Hits per form as written (the unfolded search text under each hit), most frequent first. */
  private async countVariants(execution: Execution): Promise<{ form: string; count: number }[]> {
    const counts = new Map<string, number>();
    const sorted = [...this.allMatched(execution)].sort((a, b) => a.sectionId - b.sectionId);
    for (let i = 0; i < sorted.length; i += TEXT_BATCH) {
      const batch = sorted.slice(i, i + TEXT_BATCH);
      const texts = await this.ensureHits(batch, execution);
      for (const section of batch) {
        const text = texts.get(section.sectionId);
        if (!text) continue;
        const h = section.hits as number[];
        for (let j = 0; j < h.length; j += 2) {
          const start = h[j] as number;
          const form = text.plain.slice(start, start + (h[j + 1] as number));
          counts.set(form, (counts.get(form) ?? 0) + 1);
        }
      }
    }
    return byCount(counts);
  }

  async kwic(query: string, options: KwicOptions = {}): Promise<KwicRow[]> {
    const execution = await this.execute(query, options.fold ?? true, options.filters);
    try {
      return await this.kwicOf(execution, options);
    } finally {
      this.giveBack(execution.list);
    }
  }

  /**
   * Every hit with its context, sorted, the first `limit` kept. A term of two or more characters gets its hits'
   * positions from the index and reads only a window around each (`windowedPage`); anything else reads the texts of the
   * matching sections, within `checkScan`'s limit. Either way at most KWIC_HITS hits are sorted.
   */
  private async kwicOf(execution: Execution, options: KwicOptions): Promise<KwicRow[]> {
    const width = options.width ?? 20;
    if (execution.total > KWIC_HITS)
      throw new AppError(
        'BAD_REQUEST',
        `共 ${execution.total.toLocaleString('en-US')} 处命中，超过 KWIC 一次可排序的 ${KWIC_HITS.toLocaleString('en-US')} 处。` +
          '请加上更少见的词、写成更长的词，或用书目、类型、地区、年代筛选缩小范围后再查。',
      );
    const sortAndCut = (rows: KwicRow[]) => sortKwicRows(rows, options.sort ?? 'right').slice(0, options.limit ?? 1000);
    const all = this.allMatched(execution);
    const windowed = await this.windowedPage(all, all, execution, 0, execution.total, width);
    if (windowed && windowed.length === execution.total) {
      // In text order, as the texts give them: `sortKwicRows` keeps that order among equal contexts.
      windowed.sort((a, b) => a.sectionId - b.sectionId || a.offset - b.offset);
      return sortAndCut(
        windowed.map(({ snippet, ...hit }) => ({
          ...hit,
          left: snippet.before,
          keyword: snippet.match,
          right: snippet.after,
        })),
      );
    }
    this.checkScan(all, () => ({ reason: '这个 KWIC 要从命中所在章节的全文中取语境', hint: '' }));
    const rows: KwicRow[] = [];
    const sorted = [...all].sort((a, b) => a.sectionId - b.sectionId);
    for (let i = 0; i < sorted.length; i += TEXT_BATCH) {
      const batch = sorted.slice(i, i + TEXT_BATCH);
      const texts = await this.ensureHits(batch, execution);
      for (const section of batch) {
        const searchText = texts.get(section.sectionId);
        if (!searchText) continue;
        const placeOf = placer(searchText);
        const h = section.hits as number[];
        for (let j = 0; j < h.length; j += 2) {
          const start = h[j] as number;
          const length = h[j + 1] as number;
          const snippet = cutSnippet(searchText.plain, start, length, width);
          const shown = displayRange(searchText, start, length);
          const place = placeOf(shown.offset);
          rows.push({
            sectionId: section.sectionId,
            bookId: section.book.bookId,
            ...shown,
            left: snippet.before,
            keyword: snippet.match,
            right: snippet.after,
            ...(place ? { place } : {}),
            ...hitHead(section.book, searchText.head),
          });
        }
      }
    }
    return sortAndCut(rows);
  }

  /** Reads the small tables once, so the first queries find their pages in the OS page cache. */
  warm(): void {
    this.syncWithOtherWriters();
    this.db.prepare('SELECT count(*) FROM uni').pluck().get();
  }

  /** Sizes in bytes of the postings and of the whole file. */
  measureSize(): { indexBytes: number; fileBytes: number } {
    const pageSize = this.db.pragma('page_size', { simple: true }) as number;
    const fileBytes = (this.db.pragma('page_count', { simple: true }) as number) * pageSize;
    const rows = this.db
      .prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat WHERE name IN ('uni', 'bi') GROUP BY name")
      .all() as { name: string; bytes: number }[];
    return { indexBytes: rows.reduce((sum, r) => sum + r.bytes, 0), fileBytes };
  }

  bookFingerprints(): Map<number, string> {
    this.syncWithOtherWriters();
    const books = new Map<number, { n: number; min: number; max: number }>();
    for (const [id, s] of this.sections) {
      const b = books.get(s.bookId);
      if (b) {
        b.n++;
        b.min = Math.min(b.min, id);
        b.max = Math.max(b.max, id);
      } else books.set(s.bookId, { n: 1, min: id, max: id });
    }
    const out = new Map<number, string>();
    for (const [bookId, b] of books) {
      const m = this.books.get(bookId);
      const facets = JSON.stringify(m ? [m.title, m.type, m.region, m.period, m.year, m.published] : []);
      out.set(bookId, `${b.n}:${b.min}:${b.max}:${facets}`);
    }
    return out;
  }

  async close(): Promise<void> {
    this.db.close();
    await this.reader?.close();
  }
}

/** The first index of ascending `values` whose value is at least `value` (`values.length` when none is). */
function lowerBound(values: Int32Array, value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The terms of a query in the order written (both sides of a NEAR included). */
function termsOf(node: QueryNode): string[] {
  switch (node.kind) {
    case 'term':
      return [node.text];
    case 'and':
    case 'or':
      return node.children.flatMap(termsOf);
    case 'not':
      return termsOf(node.child);
    case 'near':
      return [node.left.text, node.right.text];
  }
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A window is read from the pieces of stored text it falls in, with its section's row (anchors, title), so the windows
 * of one section are read as one span when they lie within a piece of each other: at most one piece more is read, and
 * the row once.
 */
const SPAN_GAP = TEXT_CHUNK;

interface WindowSpan {
  id: number;
  cpStart: number;
  cpEnd: number;
  /** The span in UTF-16 units of the display text. */
  start: number;
  end: number;
}

/**
 * The spans to read for a page's windows (`SPAN_GAP`), and the span of each window (`of`, by the windows' order). The
 * windows of a section are contiguous in code points and units alike, so a span is cut back into them by units.
 */
export function windowSpans(windows: readonly { id: number; window: TextWindowRange }[]): {
  list: WindowSpan[];
  of: number[];
} {
  const order = windows.map((_, i) => i);
  const at = (i: number) => windows[i] as { id: number; window: TextWindowRange };
  order.sort((x, y) => at(x).id - at(y).id || at(x).window.cpStart - at(y).window.cpStart);
  const list: WindowSpan[] = [];
  const of: number[] = new Array<number>(windows.length);
  let current: WindowSpan | null = null;
  for (const i of order) {
    const { id, window: w } = at(i);
    const cpEnd = w.cpStart + w.cpCount;
    if (current && current.id === id && w.cpStart <= current.cpEnd + SPAN_GAP) {
      current.cpEnd = Math.max(current.cpEnd, cpEnd);
      current.end = Math.max(current.end, w.end);
    } else {
      current = { id, cpStart: w.cpStart, cpEnd, start: w.start, end: w.end };
      list.push(current);
    }
    of[i] = list.length - 1;
  }
  return { list, of };
}

/** Forms of the variant panel, most frequent first (ties in the reader's collation). */
function byCount(counts: Map<string, number>): { form: string; count: number }[] {
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([form, count]) => ({ form, count }));
}

/** The `want` best sections by score (ties by id), best first, without sorting them all. */
function selectTop(all: Matched[], want: number): Matched[] {
  const better = (a: Matched, b: Matched) => a.score > b.score || (a.score === b.score && a.sectionId < b.sectionId);
  return bestOf(all.length, want, (a, b) => better(all[a] as Matched, all[b] as Matched)).map((i) => all[i] as Matched);
}

/**
 * The engine in this thread behind the async interface: tests, `:memory:` indexes and the CLI's short runs. The
 * server uses the worker pool (`worker-pool.ts`) instead, so that no query runs on its event loop.
 */
export class LocalSearchIndex implements SearchIndex {
  readonly engine: PostingEngine;
  constructor(options: PostingIndexOptions) {
    this.engine = new PostingEngine(options);
  }
  get needsRebuild(): boolean {
    return this.engine.needsRebuild;
  }
  async indexBook(bookId: number, sections: IndexedSection[]): Promise<void> {
    this.engine.indexBook(bookId, sections);
    while (this.engine.mergeSegments());
  }
  async indexBooks(batch: { bookId: number; sections: IndexedSection[] }[]): Promise<void> {
    this.engine.indexBooks(batch);
    while (this.engine.mergeSegments());
  }
  async indexSection(section: IndexedSection): Promise<void> {
    this.engine.indexSection(section);
    while (this.engine.mergeSegments());
  }
  async removeBook(bookId: number): Promise<void> {
    this.engine.removeBook(bookId);
  }
  async compact(): Promise<void> {
    while (this.engine.mergeSegments(true));
  }
  async segmentUnits(): Promise<number[]> {
    return this.engine.segmentUnits();
  }
  async setBookPublished(bookId: number, published: boolean): Promise<void> {
    this.engine.setBookPublished(bookId, published);
  }
  search(query: string, options?: SearchOptions): Promise<SearchResult> {
    return this.engine.search(query, options);
  }
  searchAnswer(query: string, options: SearchOptions, frame: AnswerFrame): Promise<ShapedAnswer> {
    return this.engine.searchAnswer(query, options, frame);
  }
  count(query: string, options?: Pick<SearchOptions, 'fold' | 'filters'>): Promise<SearchCount> {
    return this.engine.count(query, options);
  }
  kwic(query: string, options?: KwicOptions): Promise<KwicRow[]> {
    return this.engine.kwic(query, options);
  }
  searchText(sectionId: number, options?: { fold?: boolean }): Promise<string | null> {
    return this.engine.searchText(sectionId, options);
  }
  async warm(): Promise<void> {
    this.engine.warm();
  }
  async bookFingerprints(): Promise<Map<number, string>> {
    return this.engine.bookFingerprints();
  }
  measureSize(): { indexBytes: number; fileBytes: number } {
    return this.engine.measureSize();
  }
  close(): Promise<void> {
    return this.engine.close();
  }
}

export { decodeBucket, encodeBucket };
