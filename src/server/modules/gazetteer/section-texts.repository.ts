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
}

export interface SectionTextReader {
  load(ids: readonly number[]): Promise<Map<number, LoadedSectionText>> | Map<number, LoadedSectionText>;
  close(): Promise<void>;
}

/** SQLite allows at most 999 bound parameters in older builds; the engine asks for at most 64 at a time anyway. */
const CHUNK = 500;

export function openSectionTextReader(source: SectionTextSource): SectionTextReader {
  if (source.kind === 'sqlite') {
    const db = new Database(source.file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 10000');
    const statements = new Map<number, Database.Statement<number[], [number, string, string]>>();
    const statement = (n: number) => {
      let s = statements.get(n);
      if (!s) {
        s = db
          .prepare(`SELECT id, text, anchors_json FROM book_section WHERE id IN (${new Array(n).fill('?').join(',')})`)
          .raw() as Database.Statement<number[], [number, string, string]>;
        statements.set(n, s);
      }
      return s;
    };
    return {
      load(ids) {
        const out = new Map<number, LoadedSectionText>();
        for (let i = 0; i < ids.length; i += CHUNK) {
          const chunk = ids.slice(i, i + CHUNK);
          for (const [id, text, anchors] of statement(chunk.length).all(...chunk)) out.set(id, { text, anchors });
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
    async load(ids) {
      const out = new Map<number, LoadedSectionText>();
      if (ids.length === 0) return out;
      const { rows } = await pool.query<{ id: number; text: string; anchors_json: string }>(
        'SELECT id, text, anchors_json FROM book_section WHERE id = ANY($1::int[])',
        [ids],
      );
      for (const r of rows) out.set(Number(r.id), { text: r.text, anchors: r.anchors_json });
      return out;
    },
    close: () => pool.end(),
  };
}
