/**
 * Section texts for the search engine's pages and panels, read straight from the main database by the search worker
 * threads (the books are stored once: the index keeps positions, not texts). Each worker opens its own read-only
 * connection: a better-sqlite3 handle on the SQLite file, or a small pg pool.
 */
import Database from 'better-sqlite3';
import pg from 'pg';

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

/** A window of a section's display text: `count` code points from code point `from` (0-based). */
export interface TextWindowRequest {
  id: number;
  from: number;
  count: number;
}

/** The window's text (UTF-16, as JavaScript holds it) and its section's page anchors as stored. */
export interface TextWindow {
  text: string;
  anchors: string;
  ordinal: number;
  title: string;
}

export interface SectionTextReader {
  load(ids: readonly number[]): Promise<Map<number, LoadedSectionText>> | Map<number, LoadedSectionText>;
  /**
   * Windows of display texts, in the order asked (null: no such section). The database cuts them (`substr` counts
   * code points in SQLite and PostgreSQL alike), so a page of hits moves a few hundred characters per hit, not the
   * sections they fall in.
   */
  windows(requests: readonly TextWindowRequest[]): Promise<(TextWindow | null)[]> | (TextWindow | null)[];
  close(): Promise<void>;
}

/** SQLite allows at most 999 bound parameters in older builds; the engine asks for at most 64 at a time anyway. */
const CHUNK = 500;

export function openSectionTextReader(source: SectionTextSource): SectionTextReader {
  if (source.kind === 'sqlite') {
    const db = new Database(source.file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 10000');
    const statements = new Map<number, Database.Statement<number[], [number, string, string, number, string]>>();
    const statement = (n: number) => {
      let s = statements.get(n);
      if (!s) {
        s = db
          .prepare(
            `SELECT id, text, anchors_json, ordinal, title FROM book_section WHERE id IN (${new Array(n).fill('?').join(',')})`,
          )
          .raw() as Database.Statement<number[], [number, string, string, number, string]>;
        statements.set(n, s);
      }
      return s;
    };
    const window = db
      .prepare('SELECT substr(text, ?, ?), anchors_json, ordinal, title FROM book_section WHERE id = ?')
      .raw() as Database.Statement<[number, number, number], [string, string, number, string]>;
    return {
      windows(requests) {
        return requests.map((r) => {
          const row = window.get(r.from + 1, r.count, r.id);
          return row ? { text: row[0], anchors: row[1], ordinal: row[2], title: row[3] } : null;
        });
      },
      load(ids) {
        const out = new Map<number, LoadedSectionText>();
        for (let i = 0; i < ids.length; i += CHUNK) {
          const chunk = ids.slice(i, i + CHUNK);
          for (const [id, text, anchors, ordinal, title] of statement(chunk.length).all(...chunk))
            out.set(id, { text, anchors, ordinal, title });
        }
        return out;
      },
      async close() {
        db.close();
      },
    };
  }
  const pool = new pg.Pool({ connectionString: source.url, max: 2 });
  return {
    async windows(requests) {
      if (requests.length === 0) return [];
      const { rows } = await pool.query<{
        i: string;
        text: string;
        anchors_json: string;
        ordinal: number;
        title: string;
      }>(
        `SELECT w.i, substr(s.text, w.f, w.n) AS text, s.anchors_json, s.ordinal, s.title
           FROM unnest($1::int[], $2::int[], $3::int[]) WITH ORDINALITY AS w(id, f, n, i)
           JOIN book_section s ON s.id = w.id`,
        [requests.map((r) => r.id), requests.map((r) => r.from + 1), requests.map((r) => r.count)],
      );
      const out: (TextWindow | null)[] = requests.map(() => null);
      for (const r of rows)
        out[Number(r.i) - 1] = { text: r.text, anchors: r.anchors_json, ordinal: Number(r.ordinal), title: r.title };
      return out;
    },
    async load(ids) {
      const out = new Map<number, LoadedSectionText>();
      if (ids.length === 0) return out;
      const { rows } = await pool.query<{
        id: number;
        text: string;
        anchors_json: string;
        ordinal: number;
        title: string;
      }>('SELECT id, text, anchors_json, ordinal, title FROM book_section WHERE id = ANY($1::int[])', [ids]);
      for (const r of rows)
        out.set(Number(r.id), { text: r.text, anchors: r.anchors_json, ordinal: Number(r.ordinal), title: r.title });
      return out;
    },
    close: () => pool.end(),
  };
}
