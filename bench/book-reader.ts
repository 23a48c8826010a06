/**
 * The bench's book reader thread: it stands for the server's parser process (ingest-guard.ts). It reads a generated
 * book (reading and parsing its JSON takes up to 300 ms), packs it as that process does (packed-book.ts), and hands it
 * over in pieces of about 128 K characters, one piece per request: a 6 M character book in one message takes ~200 ms to
 * deserialize, and a port delivers every message already queued in one go, so pieces sent all at once would stall the
 * event loop just the same. A piece's texts travel joined in one string, as in-parts.ts `joined` sends them: each
 * section's text is a slice of it, which the receiving thread's scavenges do not copy. It runs at the parser process's
 * nice +10.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { packBook, type PackedSection } from '../src/server/modules/gazetteer/packed-book.ts';
import type { GeneratedBook } from './search-corpus.ts';

export interface ReaderRequest {
  id: number;
  /** A book to open; without it, the next piece of book `id`. */
  file?: string;
}

export interface ReaderMessage {
  id: number;
  head?: { book: Omit<GeneratedBook['book'], 'sections'>; region: string | null; year: number };
  /** The texts of the piece's sections, joined; `lengths` cuts it. */
  text?: string;
  lengths?: number[];
  sections?: Omit<PackedSection, 'text'>[];
  end?: boolean;
}

const PIECE_CHARS = 131_072;

if (process.platform === 'linux') {
  try {
    os.setPriority(10);
  } catch {
    // Not permitted here: the reader competes at the default priority.
  }
}

const open = new Map<number, { sections: PackedSection[]; from: number }>();
const port = parentPort!;
port.on('message', ({ id, file }: ReaderRequest) => {
  if (file) {
    const { book, region, year } = JSON.parse(readFileSync(file, 'utf8')) as GeneratedBook;
    const { sections, ...rest } = packBook(book);
    open.set(id, { sections, from: 0 });
    port.postMessage({ id, head: { book: rest, region, year } } satisfies ReaderMessage);
    return;
  }
  const entry = open.get(id);
  if (!entry) return;
  const { sections, from } = entry;
  let to = from;
  let size = 0;
  while (to < sections.length && (to === from || size < PIECE_CHARS))
    size += (sections[to++] as PackedSection).text.length;
  entry.from = to;
  if (to >= sections.length) open.delete(id);
  const part = sections.slice(from, to);
  port.postMessage({
    id,
    text: part.map((s) => s.text).join(''),
    lengths: part.map((s) => s.text.length),
    sections: part.map(({ text: _text, ...others }) => others),
    end: to >= sections.length,
  } satisfies ReaderMessage);
});
