/**
 * WAL checkpoints of a SQLite database file, off the event loop.
 *
 * SQLite's automatic checkpoint runs inside the COMMIT that takes the write-ahead log past 1,000 pages: that commit
 * copies the log into the database file and syncs it, synchronously, on the thread that committed. Measured on a
 * 6 MB transaction (a book of 2 M characters): commit 75–85 ms with the automatic checkpoint, 10 ms without it; a
 * checkpoint of a large log took 260 ms. So the server's connection turns the automatic checkpoint off
 * (`wal_autocheckpoint = 0`) and a worker thread with its own connection runs a PASSIVE checkpoint every `everyMs`:
 * PASSIVE never blocks the writer or the readers (it copies what no reader still needs; a later one does the rest).
 *
 * Once all of the log has been copied, the next write starts the log over from its beginning, and that commit syncs the
 * log's new header and cuts the file back to `journal_size_limit` (SQLite does both in the committing connection;
 * measured under an ingest: 153 ms for the sync, 38–53 ms for the cut, on the event loop). So the thread makes that
 * write itself, right after a complete checkpoint: it rewrites the database's `user_version` with its own value, a
 * one-page transaction that changes nothing, and the server's commits find the log already restarted. If the writer
 * is busy, the thread leaves it (the server's own commit restarts the log, as before); once the log holds nothing but
 * that page, it is not copied (`data_version` tells whether another connection has committed since), so the server's
 * next commit appends to it.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.module);
const db = new SQLite(workerData.file);
db.pragma('busy_timeout = 5000');
db.pragma('journal_size_limit = ' + workerData.journalSizeLimit);
// As the server's connection: the commit that restarts the log does not also sync it (FULL would, holding the lock).
db.pragma('synchronous = NORMAL');
const readUserVersion = db.prepare('PRAGMA user_version').pluck();
const readDataVersion = db.prepare('PRAGMA data_version').pluck();
// data_version just after this thread restarted the log. While it has not moved, no other connection has committed and
// the log holds this thread's page only: it is left there (copied, the server's next commit would restart the log).
let restartedAt = null;
const restartLog = () => {
  db.pragma('busy_timeout = 0');
  try {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec('PRAGMA user_version = ' + Number(readUserVersion.get()));
      db.exec('COMMIT');
      restartedAt = readDataVersion.get();
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  } finally {
    db.pragma('busy_timeout = 5000');
  }
};
const checkpoint = (last) => {
  try {
    if (!last && readDataVersion.get() === restartedAt) return;
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    if (!last && result && result.log > 0 && result.checkpointed === result.log) restartLog();
  } catch {
    // busy or locked: the next round copies it
  }
};
const timer = setInterval(() => checkpoint(false), workerData.everyMs);
parentPort.on('message', (message) => {
  if (message === 'checkpoint') return void (checkpoint(false), parentPort.postMessage('checkpointed'));
  if (message !== 'close') return;
  clearInterval(timer);
  checkpoint(true);
  db.close();
  parentPort.close();
});
`;

export interface WalCheckpointer {
  /** Runs one checkpoint now and resolves when it is done (tests). */
  checkpoint(): Promise<void>;
  /** Runs a last checkpoint and stops the thread. */
  close(): Promise<void>;
}

/**
 * Starts checkpointing `file` (a SQLite database in WAL mode) every `everyMs` in a worker thread; a restarted log is cut
 * back to `journalSizeLimit` bytes (the server's connection sets the same).
 */
export function startWalCheckpointer(
  file: string,
  options: { everyMs?: number; journalSizeLimit: number },
): WalCheckpointer {
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const workerData = { file, module, everyMs: options.everyMs ?? 1000, journalSizeLimit: options.journalSizeLimit };
  const worker = new Worker(SOURCE, { eval: true, workerData });
  // It must never keep a process (a CLI command) alive, nor take it down.
  worker.unref();
  worker.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    checkpoint: () =>
      new Promise<void>((resolve) => {
        worker.once('message', () => resolve());
        worker.postMessage('checkpoint');
      }),
    close: async () => {
      // Held until the thread has closed its connection (unreferenced, the process could end while awaiting it).
      worker.ref();
      worker.postMessage('close');
      await exited;
    },
  };
}
