/**
 * Section texts for the search engine's pages and panels, read straight from the main database by the search worker
 * threads (the books are stored once, in pieces: the index keeps positions, not texts). Each worker opens its own read-only
 * connection: a better-sqlite3 handle on the SQLite file, or a small pg pool.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { chunkRange, inflatePiece, joinPieces, sliceUtf16CodePoints, TEXT_CHUNK } from './section-chunks.ts';
import { RowCache } from './search/row-cache.ts';

/** Where the main database is, in a form a worker thread can receive. */
export type SectionTextSource = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** A section's display text and its page anchors as stored (`anchors_json`: `[{offset, id, …}]`). */
export interface LoadedSectionText {
  text: string;
  anchors: string;
  /** The section's place in its book and its title, read in the same row (they name a hit without another read). */
  ordinal?: number;
  title?: string;
}

/**
 * A window of a section's display text: `count` code points from code point `from` (0-based), with its section's row
 * unless `head` is false (the caller keeps it: a section's row never changes under its id, and ids are not reused).
 */
export interface TextWindowRequest {
  id: number;
  from: number;
  count: number;
  head?: boolean;
}

/** What names and places a hit: the section's page anchors as stored (`anchors_json`), its place and title. */
export interface SectionHeadRow {
  anchors: string;
  ordinal: number;
  title: string;
}

/** The window's text (UTF-16, as JavaScript holds it) and, when asked for, its section's row. */
export interface TextWindow {
  text: string;
  head?: SectionHeadRow;
}

export interface SectionTextReader {
  load(ids: readonly number[]): Promise<Map<number, LoadedSectionText>> | Map<number, LoadedSectionText>;
  /**
   * Windows of display texts, in the order asked (null: no such section, or — asked without its head — no text there).
   * Only the pieces of text a window falls in are read (`section-chunks.ts`), so a page of hits moves a few pieces per
   * hit, not the sections they fall in.
   */
  windows(requests: readonly TextWindowRequest[]): Promise<(TextWindow | null)[]> | (TextWindow | null)[];
  close(): Promise<void>;
}

/** SQLite allows at most 999 bound parameters in older builds; the engine asks for at most 64 at a time anyway. */
const CHUNK = 500;

type Head = [id: number, anchors: string, ordinal: number, title: string];

/** Inflated pieces a reader keeps, with their stored bytes beside them: ~2,400 pieces of Han text. */
const INFLATED_CACHE_BYTES = 32 * 1024 * 1024;

/** Inflates a stored piece `[section id, seq, deflated bytes]`. */
type Inflater = (id: number, seq: number, stored: Uint8Array) => Buffer;

/**
 * An inflater that keeps the latest pieces: a piece read again is not inflated again (20–40 µs a piece here, most of a
 * window's cost) while its stored bytes are the same as those inflated — a piece rewritten under the same id and `seq`
 * is inflated afresh. The bytes are read either way; the check is a comparison of a few kilobytes.
 */
function cachingInflater(): Inflater {
  const cache = new RowCache<{ stored: Uint8Array; utf16: Buffer }>(INFLATED_CACHE_BYTES, 0);
  return (id, seq, stored) => {
    const key = seq < 2 ** 20 ? id * 2 ** 20 + seq : -1;
    const kept = key >= 0 ? cache.get(key) : undefined;
    if (kept && Buffer.compare(kept.stored, stored) === 0) return kept.utf16;
    const utf16 = inflatePiece(stored);
    if (key >= 0) cache.set(key, { stored, utf16 }, stored.length + utf16.length);
    return utf16;
  };
}

/** The window cut from the pieces read for it (`pieces` inflated, in `seq` order, starting at piece `first`). */
function cutWindow(
  request: TextWindowRequest,
  first: number,
  pieces: readonly Uint8Array[],
  head: Head | null,
): TextWindow {
  const bytes = pieces.length === 1 ? (pieces[0] as Uint8Array) : Buffer.concat(pieces);
  return windowOf(head, sliceUtf16CodePoints(bytes, request.from - first * TEXT_CHUNK, request.count));
}

function windowOf(head: Head | null, text: string): TextWindow {
  return head ? { text, head: { anchors: head[1], ordinal: head[2], title: head[3] } } : { text };
}

export function openSectionTextReader(source: SectionTextSource): SectionTextReader {
  const inflate = cachingInflater();
  if (source.kind === 'sqlite') {
    const db = new Database(source.file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 10000');
    const inList = (n: number) => new Array(n).fill('?').join(',');
    const cached = new Map<string, Database.Statement>();
    const prepared = <R>(key: string, text: () => string) => {
      let s = cached.get(key);
      if (!s) {
        s = db.prepare(text()).raw();
        cached.set(key, s);
      }
      return s as Database.Statement<number[], R>;
    };
    const heads = (n: number) =>
      prepared<Head>(
        `heads${n}`,
        () => `SELECT id, anchors_json, ordinal, title FROM book_section WHERE id IN (${inList(n)})`,
      );
    const texts = (n: number) =>
      prepared<[number, number, Buffer]>(
        `texts${n}`,
        () =>
          `SELECT section_id, seq, deflated FROM book_section_piece WHERE section_id IN (${inList(n)}) ORDER BY section_id, seq`,
      );
    const head = db
      .prepare('SELECT id, anchors_json, ordinal, title FROM book_section WHERE id = ?')
      .raw() as Database.Statement<[number], Head>;
    const pieces = db
      .prepare('SELECT seq, deflated FROM book_section_piece WHERE section_id = ? AND seq BETWEEN ? AND ? ORDER BY seq')
      .raw() as Database.Statement<[number, number, number], [number, Buffer]>;
    // A page's windows (a dozen sections, a few statements each) are read in one read transaction: one WAL read lock
    // taken and released instead of one per statement, and the rows of one section read in one snapshot.
    const inTransaction = db.transaction((run: () => unknown) => run());
    const snapshot = <T>(run: () => T): T => inTransaction(run) as T;
    const loadAll = (ids: readonly number[]): Map<number, LoadedSectionText> => {
      const out = new Map<number, LoadedSectionText>();
      for (let i = 0; i < ids.length; i += CHUNK) {
        const chunk = ids.slice(i, i + CHUNK);
        const rows = texts(chunk.length).all(...chunk);
        const joined = joinPieces(rows.map(([id, seq, stored]) => [id, inflate(id, seq, stored)] as const));
        for (const [id, anchors, ordinal, title] of heads(chunk.length).all(...chunk))
          out.set(id, { text: joined.get(id) ?? '', anchors, ordinal, title });
      }
      return out;
    };
    return {
      windows(requests) {
        return snapshot(() =>
          requests.map((r) => {
            const row = r.head === false ? null : head.get(r.id);
            if (r.head !== false && !row) return null;
            const { first, last } = chunkRange(r.from, r.count);
            const read = pieces.all(r.id, first, last);
            if (!row && read.length === 0 && r.count > 0) return null;
            const utf16 = read.map(([seq, stored]) => inflate(r.id, seq, stored));
            return cutWindow(r, first, utf16, row ?? null);
          }),
        );
      },
      load(ids) {
        return snapshot(() => loadAll(ids));
      },
      async close() {
        db.close();
      },
    };
  }
  const pool = new pg.Pool({ connectionString: source.url, max: 2 });
  const readHeads = async (ids: readonly number[]): Promise<Map<number, Head>> => {
    if (ids.length === 0) return new Map();
    const { rows } = await pool.query<{ id: number; anchors_json: string; ordinal: number; title: string }>(
      'SELECT id, anchors_json, ordinal, title FROM book_section WHERE id = ANY($1::int[])',
      [ids],
    );
    return new Map(rows.map((r) => [Number(r.id), [Number(r.id), r.anchors_json, Number(r.ordinal), r.title] as Head]));
  };
  return {
    async windows(requests) {
      if (requests.length === 0) return [];
      const ranges = requests.map((r) => chunkRange(r.from, r.count));
      const [heads, { rows }] = await Promise.all([
        readHeads([...new Set(requests.filter((r) => r.head !== false).map((r) => r.id))]),
        pool.query<{ i: string; seq: number; deflated: Buffer }>(
          `SELECT w.i, t.seq, t.deflated
             FROM unnest($1::int[], $2::int[], $3::int[]) WITH ORDINALITY AS w(id, f, l, i)
             JOIN book_section_piece t ON t.section_id = w.id AND t.seq BETWEEN w.f AND w.l
            ORDER BY w.i, t.seq`,
          [requests.map((r) => r.id), ranges.map((x) => x.first), ranges.map((x) => x.last)],
        ),
      ]);
      const pieces = requests.map((): Buffer[] => []);
      for (const r of rows) {
        const i = Number(r.i) - 1;
        pieces[i]?.push(inflate((requests[i] as TextWindowRequest).id, Number(r.seq), r.deflated));
      }
      return requests.map((r, i) => {
        const row = r.head === false ? null : heads.get(r.id);
        if (r.head !== false && !row) return null;
        const read = pieces[i] as Buffer[];
        if (!row && read.length === 0 && r.count > 0) return null;
        return cutWindow(r, (ranges[i] as { first: number }).first, read, row ?? null);
      });
    },
    async load(ids) {
      const out = new Map<number, LoadedSectionText>();
      if (ids.length === 0) return out;
      const [heads, { rows }] = await Promise.all([
        readHeads(ids),
        pool.query<{ section_id: number; seq: number; deflated: Buffer }>(
          'SELECT section_id, seq, deflated FROM book_section_piece WHERE section_id = ANY($1::int[]) ORDER BY section_id, seq',
          [ids],
        ),
      ]);
      const joined = joinPieces(
        rows.map((r) => [Number(r.section_id), inflate(Number(r.section_id), Number(r.seq), r.deflated)] as const),
      );
      for (const [id, [, anchors, ordinal, title]] of heads)
        out.set(id, { text: joined.get(id) ?? '', anchors, ordinal, title });
      return out;
    },
    close: () => pool.end(),
  };
}
