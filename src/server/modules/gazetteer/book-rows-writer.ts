/**
 * Where a server on an SQLite file writes a book's rows: a worker thread with its own connection to the file
 * (`book-rows-worker.ts`), which runs the ingest's transaction (`book-rows.ts`) whole.
 *
 * On the server's own connection the transaction ran on the event loop: sliced into statements of about 64,000
 * characters with yields between them, it still ended in a commit that wrote the book's last pages to the log and
 * rewrote the checksums of those written before, 100–130 ms for the longest books at 303 M characters (stop 28), and
 * the texts were deflated there too. Here the event loop only hands the sections over, in parts (`platform/send-in-parts.ts`)
 * with a yield between them (`postMessage` copies a message on the sending thread), and waits for the reply. The
 * server's connection keeps reading meanwhile (WAL: readers do not wait for the writer); its own writes find the lock
 * held and wait for it on timers (`db/sqlite-driver.ts`), as they do for a `bin/fangzhi` command.
 *
 * PostgreSQL (its client never blocks the event loop), an in-memory database (a thread cannot open it) and the command
 * line (no one waits on its event loop) write on their own connection instead (`ingest-book.ts`).
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../../../shared/errors.ts';
import { isSystemActor, type Principal } from '../../platform/auth/actor.ts';
import { sendInParts } from '../../platform/send-in-parts.ts';
import type { BookRowsJob, BookRowsWritten } from './book-rows.ts';
import type { BookRowsMessage, BookRowsReply, BookRowsWorkerData } from './book-rows-worker.ts';
import type { SectionValues } from './gazetteer.repository.ts';

const ENTRY = fileURLToPath(new URL('./book-rows-entry.mjs', import.meta.url));

/**
 * How long the thread's transaction waits for the write lock (the server's own transactions are short; a
 * `bin/fangzhi` command's may not be).
 */
const BUSY_TIMEOUT_MS = 60_000;

export interface BookRowsWriter {
  /** Runs the job's transaction in the thread; resolves with what it committed, rejects with what failed (nothing written). */
  write(job: BookRowsJob): Promise<BookRowsWritten>;
  /** Waits for the writes in flight, then stops the thread. */
  close(): Promise<void>;
}

/** The principal as plain data (what the audit entry needs; a session's object may carry more). */
function plainPrincipal(p: Principal): Principal {
  if (isSystemActor(p)) return { kind: 'system', purpose: p.purpose };
  return {
    userId: p.userId,
    username: p.username,
    displayName: p.displayName,
    roles: [...p.roles],
    unitId: p.unitId,
    ip: p.ip,
    requestId: p.requestId,
  };
}

function weight(s: SectionValues): number {
  return s.text.length + s.anchors_json.length + (s.notes_json?.length ?? 0) + (s.glyphs_json?.length ?? 0);
}

/** The error a failed write rejects with: an `AppError` as thrown, else an Error keeping SQLite's code. */
function rebuildError(error: { name: string; message: string; code?: string }): Error {
  if (error.name === 'AppError' && error.code) return new AppError(error.code as ErrorCode, error.message);
  return Object.assign(new Error(error.message), error.code ? { code: error.code } : {});
}

interface Pending {
  resolve: (value: BookRowsWritten) => void;
  reject: (error: Error) => void;
}

export interface BookRowsWriterOptions {
  /**
   * Told of each committed write: how long its transaction held the write lock (ms, from its begin, which may have
   * waited for the lock, to its commit) and the book's sections. Meanwhile the server's own writes wait for the lock.
   */
  onWritten?: (ms: number, sections: number) => void;
}

/** Starts the writer thread of the SQLite database `file` (the server's main database, in WAL mode). */
export function startBookRowsWriter(file: string, options: BookRowsWriterOptions = {}): BookRowsWriter {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let worker: Worker | null = null;
  let closed = false;
  const inFlight = new Set<Promise<BookRowsWritten>>();

  const spawn = (): Worker => {
    const w = new Worker(ENTRY, {
      workerData: { file, busyTimeoutMs: BUSY_TIMEOUT_MS } satisfies BookRowsWorkerData,
    });
    // Idle, it keeps no process alive; a write in flight does (see `write`).
    w.unref();
    w.on('message', (reply: BookRowsReply) => {
      const call = pending.get(reply.id);
      if (!call) return;
      pending.delete(reply.id);
      if (pending.size === 0) w.unref();
      if (reply.ok) {
        const value = reply.value as BookRowsWritten;
        options.onWritten?.(reply.ms, value.ids.length);
        call.resolve(value);
      } else call.reject(rebuildError(reply.error));
    });
    const die = (error: Error): void => {
      if (worker === w) worker = null;
      for (const call of pending.values()) call.reject(error);
      pending.clear();
    };
    w.on('error', (error) =>
      die(new Error(`书目写入线程出错（${error.message}），本次导入未完成，请重试。`, { cause: error })),
    );
    w.on('exit', (code) => {
      if (!closed || pending.size > 0)
        die(new Error(`书目写入线程意外退出（退出码 ${code}），本次导入未完成，请重试。`));
    });
    return w;
  };

  const post = (w: Worker, message: BookRowsMessage): void => w.postMessage(message);

  return {
    async write(job) {
      if (closed) throw new Error('书目写入线程已关闭。');
      worker ??= spawn();
      const w = worker;
      const id = nextId++;
      const result = new Promise<BookRowsWritten>((resolve, reject) => pending.set(id, { resolve, reject }));
      inFlight.add(result);
      void result.then(
        () => inFlight.delete(result),
        () => inFlight.delete(result),
      );
      w.ref();
      try {
        const parts = await sendInParts(job.sections, weight, (sections) => post(w, { kind: 'part', id, sections }), {
          // The thread died between two parts: the write has been rejected already.
          stop: () => !pending.has(id),
        });
        if (parts === null) return result;
        post(w, { kind: 'write', id, parts, job: { ...job, sections: [], actor: plainPrincipal(job.actor) } });
      } catch (error) {
        // A value that cannot be copied to the thread: the write fails here, the thread has nothing to commit.
        pending.get(id)?.reject(error instanceof Error ? error : new Error(String(error)));
        pending.delete(id);
        if (pending.size === 0) w.unref();
        post(w, { kind: 'drop', id });
      }
      return result;
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled(inFlight);
      const w = worker;
      if (!w) return;
      const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
      w.ref();
      post(w, { kind: 'close' });
      await exited;
    },
  };
}
