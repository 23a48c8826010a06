import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The fontconfig file that maps 仿宋_GB2312 / 方正小标宋简体 / 黑体 / 楷体_GB2312 / 宋体 to installed Noto CJK fonts. */
export const OFFICIAL_FONTCONFIG = path.join(import.meta.dirname, 'fontconfig/official-fonts.conf');

/** Whether `soffice` is on the PATH (tests that render skip plainly without it). */
export function findSoffice(): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'soffice');
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return null;
}

const LOCK_DIR = path.join(os.tmpdir(), 'fangzhi-soffice.lock');
const LOCK_WAIT_MS = 15 * 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function lockOwnerIsGone(): boolean {
  try {
    const pid = Number(fs.readFileSync(path.join(LOCK_DIR, 'pid'), 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return Date.now() - fs.statSync(LOCK_DIR).mtimeMs > 60_000;
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // ESRCH: the process that held the lock has died; ENOENT: the lock went away while we looked.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Runs `fn` while holding a machine-wide lock (a directory in the temp folder, atomic to create), so only one
 * LibreOffice conversion runs at a time across test files and processes: on a loaded 2-core machine two at once both
 * crawl. A lock left by a process that died is taken over.
 */
async function withSofficeLock<T>(fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (lockOwnerIsGone()) {
        fs.rmSync(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      if (Date.now() - started > LOCK_WAIT_MS) throw new Error(`waited ${LOCK_WAIT_MS / 60_000} min for ${LOCK_DIR}`);
      await sleep(250);
    }
  }
  try {
    fs.writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
    return await fn();
  } finally {
    fs.rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

/**
 * Converts a document with LibreOffice (`soffice --headless --convert-to pdf`) into `outDir` and returns the new file's
 * path. Each call uses its own LibreOffice profile (so it never meets another user's running LibreOffice), runs alone
 * (see `withSofficeLock`), and uses the fontconfig mapping above, so missing office fonts fall back to Noto CJK.
 */
export async function convertWithLibreOffice(input: string, outDir: string, format = 'pdf'): Promise<string> {
  const soffice = findSoffice();
  if (!soffice) throw new Error('soffice (LibreOffice) is not installed');
  await withSofficeLock(async () => {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'fz-lo-profile-'));
    try {
      await run(
        soffice,
        [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', format, '--outdir', outDir, input],
        {
          env: { ...process.env, FONTCONFIG_FILE: OFFICIAL_FONTCONFIG },
          // Generous: a first start on a busy machine builds the profile and the font cache.
          timeout: 300_000,
        },
      );
    } finally {
      fs.rmSync(profile, { recursive: true, force: true });
    }
  });
  const out = path.join(outDir, `${path.basename(input, path.extname(input))}.${format}`);
  if (!fs.existsSync(out)) throw new Error(`LibreOffice did not write ${out}`);
  return out;
}
