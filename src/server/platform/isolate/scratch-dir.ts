/**
 * Temporary folders for work done in an isolated child (a book upload is written to disk, a Kanripo zip unpacked, and
 * then read there). The parent makes the folder and removes it when the job has settled, whatever happened: a child
 * killed at its time or memory limit runs no `finally` of its own. The folder's name carries the parent's process id,
 * so a folder left by a parent that was itself killed (kill -9, a power cut) is swept at the next start, and a folder
 * of another running server on the same machine is left alone.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const PREFIX = 'fangzhi-scratch-';
const NAME = /^fangzhi-scratch-(\d+)-/;
/** Before scratch folders, a book upload's child made `fangzhi-upload-XXXXXX` itself and could leave it behind. */
const LEGACY = /^fangzhi-upload-[A-Za-z0-9]{6}$/;
const LEGACY_AGE_MS = 24 * 3600_000;

export function scratchRoot(): string {
  return os.tmpdir();
}

/** Runs `work` with a new empty folder and removes the folder once `work` has settled, resolved or rejected. */
export async function withScratchDir<T>(work: (dir: string) => Promise<T>, root = scratchRoot()): Promise<T> {
  const dir = await mkdtemp(path.join(root, `${PREFIX}${process.pid}-`));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes scratch folders whose owning process is gone, and folders of the old naming a day old (no owner to ask);
 * returns the names removed. Called at server start.
 */
export async function sweepStaleScratchDirs(root = scratchRoot()): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (LEGACY.test(name)) {
      const age = await stat(path.join(root, name)).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age < LEGACY_AGE_MS) continue;
    } else {
      const pid = Number(NAME.exec(name)?.[1]);
      if (!pid || pid === process.pid || isAlive(pid)) continue;
    }
    await rm(path.join(root, name), { recursive: true, force: true }).catch(() => undefined);
    removed.push(name);
  }
  return removed;
}
