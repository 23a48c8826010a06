/**
 * WAL checkpoints of a SQLite database file, off the event loop.
 *
 * SQLite's automatic checkpoint runs inside the COMMIT that takes the write-ahead log past 1,000 pages: that commit
 * copies the log into the database file and syncs it, synchronously, on the thread that committed. Measured on a
 * 6 MB transaction (a book of 2 M characters): commit 75–85 ms with the automatic checkpoint, 10 ms without it; a
 * checkpoint of a large log took 260 ms. So the server's connection turns the automatic checkpoint off
 * (`wal_autocheckpoint = 0`) and a worker thread with its own connection runs a PASSIVE checkpoint every `everyMs`:
 * PASSIVE never blocks the writer or the readers (it copies what no reader still needs; a later one does the rest),
 * and the writer restarts the log from its start once it has all been copied.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.module);
const db = new SQLite(workerData.file);
db.pragma('busy_timeout = 5000');
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // busy or locked: the next round copies it
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message === 'checkpoint') return void (checkpoint(), parentPort.postMessage('checkpointed'));
  if (message !== 'close') return;
  clearInterval(timer);
  checkpoint();
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

/** Starts checkpointing `file` (a SQLite database in WAL mode) every `everyMs` in a worker thread. */
export function startWalCheckpointer(file: string, everyMs = 1000): WalCheckpointer {
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(SOURCE, { eval: true, workerData: { file, module, everyMs } });
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
