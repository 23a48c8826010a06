/**
 * The bench's book reader thread: it stands for the server's parser process (ingest-guard.ts). It reads a generated
 * book (reading and parsing its JSON takes up to 300 ms), packs it as that process does (packed-book.ts) and sends it
 * as that process does, in the server's own format (platform/isolate/in-parts.ts): a head, then the sections in parts
 * of about a megabyte of serialized bytes, their texts joined. The bench's side reads one part per turn of its event
 * loop with `deserializeResult`, as the server does. It runs at the parser process's nice +10.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { packBook } from '../src/server/modules/gazetteer/packed-book.ts';
import { inParts, serializeResult } from '../src/server/platform/isolate/in-parts.ts';
import type { GeneratedBook } from './search-corpus.ts';

export interface ReaderRequest {
  id: number;
  file: string;
}

/** A book's head (`partCount` parts follow, one message each), a part, or why the book could not be read. */
export type ReaderMessage =
  | { id: number; head: Uint8Array; path?: readonly string[]; partCount: number }
  | { id: number; part: Uint8Array[] }
  | { id: number; error: string };

if (process.platform === 'linux') {
  try {
    os.setPriority(10);
  } catch {
    // Not permitted here: the reader competes at the default priority.
  }
}

const port = parentPort!;
port.on('message', ({ id, file }: ReaderRequest) => {
  let serialized;
  try {
    const generated = JSON.parse(readFileSync(file, 'utf8')) as GeneratedBook;
    serialized = serializeResult(
      inParts({ ...generated, book: packBook(generated.book) }, ['book', 'sections'], { joined: 'text' }),
    );
  } catch (error) {
    port.postMessage({ id, error: String(error) } satisfies ReaderMessage);
    return;
  }
  const { head, path, parts } = serialized;
  port.postMessage({ id, head, path, partCount: parts.length } satisfies ReaderMessage);
  for (const part of parts) port.postMessage({ id, part } satisfies ReaderMessage);
});
