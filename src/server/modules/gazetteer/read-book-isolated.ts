/**
 * Book sources are parsed in an isolated worker (ingest-guard.ts runs there): a hostile .docx, .epub, .pdf or Kanripo
 * .zip costs one worker, never the server, and the event loop keeps answering while a book is read. One worker at a
 * time: ingest is an occasional staff operation and a large book may need most of the worker's memory limit.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ReadSourceOptions, ReadSourceResult } from './ingest/read-source.ts';
import type { PackedSource } from './ingest-guard.ts';
import { createIsolatePool, type IsolateLimits, type IsolatePool } from '../../platform/isolate/run-isolated.ts';
import { withScratchDir } from '../../platform/isolate/scratch-dir.ts';

export const BOOK_PARSE_LIMITS: IsolateLimits = {
  /** A web upload is at most 20 MB; two minutes is ample even for a long PDF. */
  timeoutMs: 120_000,
  maxOldGenerationMb: 1024,
  /** A parsed book, serialized: text (UTF-16) plus anchors; 300 MB of source text fits. */
  maxOutputBytes: 768 * 1024 * 1024,
};

/** The command line may read whole Kanripo titles from disk: more time, same memory. */
export const BOOK_CLI_TIMEOUT_MS = 600_000;

let pool: IsolatePool | null = null;

function bookPool(): IsolatePool {
  pool ??= createIsolatePool({
    moduleUrl: new URL('./ingest-guard.ts', import.meta.url).href,
    label: '读取书籍文件',
    limits: BOOK_PARSE_LIMITS,
    size: 1,
    maxQueue: 4,
    advice: '请用原软件重新导出（.docx、.epub、带文字层的 .pdf 或 UTF-8 文本）后再导入。',
  });
  return pool;
}

/**
 * A web upload (file name and bytes) parsed into a book in the worker. This process writes the bytes into a scratch
 * folder (off the event loop: sending 19 MB down the worker's pipe held it for 66 ms) that it removes once the job has
 * settled, also when the worker was killed at its time or memory limit (the pool settles a killed job only after the
 * child has exited); the worker reads them there and writes the file (or the unpacked Kanripo zip) beside them.
 */
export function readUploadedSourceIsolated(
  fileName: string,
  bytes: Uint8Array,
  limits: Partial<IsolateLimits> = {},
): Promise<PackedSource<ReadSourceResult & { sourceName: string }>> {
  return withScratchDir(async (dir) => {
    const bytesFile = path.join(dir, 'upload.bytes');
    const work = path.join(dir, 'work');
    await writeFile(bytesFile, bytes);
    await mkdir(work);
    return bookPool().run('readUploadedSourceGuarded', [fileName, bytesFile, work], limits);
  });
}

/** A path (file or Kanripo folder) parsed into a book in the worker; for the command line. */
export function readSourceIsolated(inputPath: string, options: ReadSourceOptions = {}): Promise<PackedSource> {
  const { env: _env, ...rest } = options;
  // The worker shares this process's environment; only the explicit options travel.
  return bookPool().run('readSourceGuarded', [inputPath, { cwd: process.cwd(), ...rest }], {
    timeoutMs: BOOK_CLI_TIMEOUT_MS,
  });
}

/** Starts a child ahead of the first file (see IsolatePool.warm); the server calls it once it listens. */
export function warmBookParseWorkers(): void {
  bookPool().warm();
}

export async function closeBookParseWorkers(): Promise<void> {
  const current = pool;
  pool = null;
  await current?.close();
}
