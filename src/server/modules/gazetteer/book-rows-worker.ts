/**
 * The book-rows writer thread (`book-rows-writer.ts`): its own connection to the server's SQLite file, on which it runs
 * each book's transaction (`writeBookRows`) whole, with no slices — the event loop it would hold is its own.
 * A book's sections arrive first, in parts; the write that names them follows. Writes run one at a time, in the order
 * they arrive (the connection's queue), each in its own transaction.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteWriterConnection } from '../../db/database.ts';
import { lowerThreadPriority, nameThread } from '../../platform/thread-priority.ts';
import { writeBookRows, type BookRowsJob } from './book-rows.ts';
import type { SectionValues } from './gazetteer.repository.ts';

export interface BookRowsWorkerData {
  file: string;
  busyTimeoutMs: number;
}

export type BookRowsMessage =
  | { kind: 'part'; id: number; sections: SectionValues[] }
  | { kind: 'write'; id: number; job: BookRowsJob; parts: number }
  /** The write's parts sent so far will not be followed by the write (it could not be sent). */
  | { kind: 'drop'; id: number }
  | { kind: 'close' };

export type BookRowsReply =
  /** `ms`: how long the transaction held the write lock (from its begin to its commit). */
  | { id: number; ok: true; value: unknown; ms: number }
  | { id: number; ok: false; error: { name: string; message: string; code?: string } };

if (!parentPort) throw new Error('book-rows-worker.ts runs only as a worker thread');
const port = parentPort;
const { file, busyTimeoutMs } = workerData as BookRowsWorkerData;

lowerThreadPriority();
nameThread('fz-rows');
const handle = openSqliteWriterConnection(file, { busyTimeoutMs });

/** Sections of a write not yet made, by write id, and how many parts of it have arrived. */
const staged = new Map<number, { sections: SectionValues[]; parts: number }>();

function describe(error: unknown): { name: string; message: string; code?: string } {
  const e = error as { name?: unknown; message?: unknown; code?: unknown } | null;
  return {
    name: typeof e?.name === 'string' ? e.name : 'Error',
    message: typeof e?.message === 'string' ? e.message : String(error),
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
  };
}

async function write(id: number, job: BookRowsJob, parts: number): Promise<void> {
  const received = staged.get(id) ?? { sections: [], parts: 0 };
  staged.delete(id);
  try {
    if (received.parts !== parts)
      throw new Error(`书目的章节未完整送达写入线程（收到 ${received.parts}/${parts} 部分）。`);
    const started = performance.now();
    const value = await handle.db
      .transaction()
      .execute((trx) => writeBookRows(trx, { ...job, sections: received.sections }));
    port.postMessage({ id, ok: true, value, ms: performance.now() - started } satisfies BookRowsReply);
  } catch (error) {
    port.postMessage({ id, ok: false, error: describe(error) } satisfies BookRowsReply);
  }
}

port.on('message', (message: BookRowsMessage) => {
  if (message.kind === 'part') {
    const entry = staged.get(message.id);
    if (entry) {
      for (const s of message.sections) entry.sections.push(s);
      entry.parts++;
    } else staged.set(message.id, { sections: message.sections, parts: 1 });
  } else if (message.kind === 'write') void write(message.id, message.job, message.parts);
  else if (message.kind === 'drop') staged.delete(message.id);
  else {
    void handle.close().finally(() => port.close());
  }
});
