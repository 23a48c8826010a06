/**
 * One search worker thread: opens the index file with its own SQLite connection and answers the pool's calls one at a
 * time. The engine is synchronous; running it here keeps every query, every ingest's tokenizing and every SQLite read
 * off the server's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Fts5Engine, type Fts5IndexOptions } from './fts5-index.ts';

export interface WorkerCall {
  id: number;
  method: string;
  args: unknown[];
}

export type WorkerReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name: string; message: string; code?: string } };

const port = parentPort;
if (!port) throw new Error('search-worker.ts runs only as a worker thread');
const engine = new Fts5Engine(workerData as Fts5IndexOptions);
port.postMessage({ id: 0, ok: true, value: { needsRebuild: engine.needsRebuild } } satisfies WorkerReply);

const methods: Record<string, (...args: never[]) => unknown> = {
  indexBook: (...a: Parameters<Fts5Engine['indexBook']>) => engine.indexBook(...a),
  indexSection: (...a: Parameters<Fts5Engine['indexSection']>) => engine.indexSection(...a),
  removeBook: (...a: Parameters<Fts5Engine['removeBook']>) => engine.removeBook(...a),
  setBookPublished: (...a: Parameters<Fts5Engine['setBookPublished']>) => engine.setBookPublished(...a),
  search: (...a: Parameters<Fts5Engine['search']>) => engine.search(...a),
  count: (...a: Parameters<Fts5Engine['count']>) => engine.count(...a),
  kwic: (...a: Parameters<Fts5Engine['kwic']>) => engine.kwic(...a),
  searchText: (...a: Parameters<Fts5Engine['searchText']>) => engine.searchText(...a),
  warm: () => engine.warm(),
  bookFingerprints: () => engine.bookFingerprints(),
  measureSize: () => engine.measureSize(),
  memory: () => ({ ...process.memoryUsage() }),
  close: () => engine.close(),
};

port.on('message', (call: WorkerCall) => {
  try {
    const method = methods[call.method];
    if (!method) throw new Error(`unknown search call ${call.method}`);
    const value = method(...(call.args as never[]));
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
});
