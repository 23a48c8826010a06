/**
 * One search worker thread: opens the index file with its own SQLite connection and answers the pool's calls one at a
 * time. The engine is synchronous except while it waits for section texts; running it here keeps every query, every ingest's tokenizing and every SQLite read
 * off the server's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority, nameThread } from '../../../platform/thread-priority.ts';
import { PostingEngine, type PostingIndexOptions } from './posting-index.ts';
import type { IndexedSection } from './search-index.ts';

export interface WorkerCall {
  id: number;
  method: string;
  args: unknown[];
}

export type WorkerReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name: string; message: string; code?: string } };

if (!parentPort) throw new Error('search-worker.ts runs only as a worker thread');
const port = parentPort;

lowerThreadPriority();
nameThread('fz-search');

const engine = new PostingEngine(workerData as PostingIndexOptions);
port.postMessage({ id: 0, ok: true, value: { needsRebuild: engine.needsRebuild } } satisfies WorkerReply);

/** Sections sent ahead of a write in parts (`PooledSearchIndex.stage`), by token. */
const staged = new Map<number, IndexedSection[]>();

/**
 * The `expected` sections staged under `token`, taken. Parts lost on the way (this worker replaced a dead one between
 * them) fail the write rather than index part of a book; the change log then has the book indexed again.
 */
function takeStaged(token: number, expected: number): IndexedSection[] {
  const sections = staged.get(token) ?? [];
  staged.delete(token);
  if (sections.length !== expected)
    throw new Error(`staged sections ${token}: ${sections.length} of ${expected} reached this worker`);
  return sections;
}

const methods: Record<string, (...args: never[]) => unknown> = {
  stage: (token: number, part: IndexedSection[]) => {
    const list = staged.get(token);
    if (list) for (const s of part) list.push(s);
    else staged.set(token, part);
  },
  indexBook: (bookId: number, sections: IndexedSection[], token?: number, count?: number) =>
    engine.indexBook(bookId, token === undefined ? sections : takeStaged(token, count as number)),
  indexBooks: (batch: { bookId: number; sections: IndexedSection[] }[], token?: number, counts?: number[]) => {
    if (token === undefined) return engine.indexBooks(batch);
    const all = takeStaged(
      token,
      (counts as number[]).reduce((a, b) => a + b, 0),
    );
    let at = 0;
    return engine.indexBooks(
      batch.map((b, i) => {
        const n = (counts as number[])[i] as number;
        at += n;
        return { bookId: b.bookId, sections: all.slice(at - n, at) };
      }),
    );
  },
  // One bounded step of merging; the pool calls it again while it answers true, other calls run in between.
  mergeStep: (tail?: boolean) => engine.mergeStep(tail),
  cancelMerge: () => engine.cancelMerge(),
  segmentUnits: () => engine.segmentUnits(),
  indexSection: (...a: Parameters<PostingEngine['indexSection']>) => engine.indexSection(...a),
  removeBook: (...a: Parameters<PostingEngine['removeBook']>) => engine.removeBook(...a),
  setBookPublished: (...a: Parameters<PostingEngine['setBookPublished']>) => engine.setBookPublished(...a),
  search: (...a: Parameters<PostingEngine['search']>) => engine.search(...a),
  searchAnswer: (...a: Parameters<PostingEngine['searchAnswer']>) => engine.searchAnswer(...a),
  count: (...a: Parameters<PostingEngine['count']>) => engine.count(...a),
  kwic: (...a: Parameters<PostingEngine['kwic']>) => engine.kwic(...a),
  searchText: (...a: Parameters<PostingEngine['searchText']>) => engine.searchText(...a),
  warm: () => engine.warm(),
  bookFingerprints: () => engine.bookFingerprints(),
  measureSize: () => engine.measureSize(),
  memory: () => ({ ...process.memoryUsage() }),
  close: () => engine.close(),
};

port.on('message', (call: WorkerCall) => void answer(call));

async function answer(call: WorkerCall): Promise<void> {
  try {
    const method = methods[call.method];
    if (!method) throw new Error(`unknown search call ${call.method}`);
    const value = await method(...(call.args as never[]));
    port.postMessage({ id: call.id, ok: true, value } satisfies WorkerReply);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const code = (e as { code?: unknown }).code;
    port.postMessage({
      id: call.id,
      ok: false,
      error: { name: e.name, message: e.message, ...(typeof code === 'string' ? { code } : {}) },
    } satisfies WorkerReply);
  }
}
