/**
 * Reading the search's files through once, so that their pages are in the operating system's page cache before the
 * first readers come (issue 15). At a billion characters a public search touches a few dozen index rows and the
 * sections of its page, scattered over gigabytes; pages that were never read, or were pushed out by other work since,
 * cost a disk read each, and a 2–8-character search went from under a millisecond to several (measured at 303 M
 * characters, docs/search-benchmark.md). Reading the files end to end is a sequential read at disk speed (about 1 s per
 * 2 GB here).
 *
 * The reads are asynchronous (libuv's thread pool, one read of 1 MiB at a time), so neither the event loop nor more
 * than one pool thread is held. A budget caps what is read: files beyond it are left to be read on demand, as before.
 */
import { open } from 'node:fs/promises';
import os from 'node:os';

export interface PreloadStatus {
  /** `off`: disabled by configuration; `running`; `done`: every file within the budget read; `stopped`: aborted. */
  state: 'off' | 'running' | 'done' | 'stopped';
  /** Bytes read so far, and the bytes the files within the budget hold. */
  bytes: number;
  totalBytes: number;
  /** Files left out because the budget did not reach them. */
  skippedFiles: number;
  /** Milliseconds the reading took (once finished). */
  ms?: number;
}

const CHUNK = 1 << 20;

/**
 * Reads `files` in order, whole, leaving out any file that would take the total over `budgetBytes` (later ones that
 * still fit are read; a file that does not exist is passed over). `onProgress` sees the status as it changes; the final status is
 * returned. Aborting `signal` stops between two reads.
 */
export async function preloadFiles(
  files: readonly string[],
  options: { budgetBytes: number; signal?: AbortSignal; onProgress?: (status: PreloadStatus) => void },
): Promise<PreloadStatus> {
  const started = performance.now();
  const status: PreloadStatus = { state: 'running', bytes: 0, totalBytes: 0, skippedFiles: 0 };
  const handles: { handle: Awaited<ReturnType<typeof open>>; size: number }[] = [];
  try {
    for (const file of files) {
      let handle: Awaited<ReturnType<typeof open>>;
      try {
        handle = await open(file, 'r');
      } catch {
        continue;
      }
      const { size } = await handle.stat();
      if (status.totalBytes + size > options.budgetBytes) {
        await handle.close();
        status.skippedFiles++;
        continue;
      }
      status.totalBytes += size;
      handles.push({ handle, size });
    }
    options.onProgress?.({ ...status });
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (const { handle, size } of handles) {
      for (let at = 0; at < size;) {
        if (options.signal?.aborted) {
          status.state = 'stopped';
          return finish();
        }
        const { bytesRead } = await handle.read(buffer, 0, CHUNK, at);
        if (bytesRead === 0) break;
        at += bytesRead;
        status.bytes += bytesRead;
        if (status.bytes % (64 * CHUNK) < bytesRead) options.onProgress?.({ ...status });
      }
    }
    status.state = 'done';
    return finish();
  } finally {
    await Promise.all(handles.map((h) => h.handle.close().catch(() => undefined)));
  }

  function finish(): PreloadStatus {
    status.ms = Math.round(performance.now() - started);
    options.onProgress?.({ ...status });
    return { ...status };
  }
}

/**
 * `FANGZHI_SEARCH_PRELOAD_MB`: how much of the search's files to read into the page cache at start (0: none). Default:
 * half of this machine's memory, so that the cache keeps room for everything else.
 */
export function preloadBudgetBytes(value: string | undefined): number {
  if (value === undefined || value === '') return Math.floor(os.totalmem() / 2);
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new Error(
      `FANGZHI_SEARCH_PRELOAD_MB 应为不小于 0 的整数（兆字节；0 表示启动时不预读检索文件），当前为“${value}”。`,
    );
  }
  return n * 1024 * 1024;
}
