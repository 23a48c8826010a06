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

/**
 * Converts a document with LibreOffice (`soffice --headless --convert-to pdf`) into `outDir` and returns the new file's
 * path. Each call uses its own LibreOffice profile, so concurrent conversions (other tests, other people) do not block
 * each other, and the fontconfig mapping above, so missing office fonts fall back to Noto CJK.
 */
export async function convertWithLibreOffice(input: string, outDir: string, format = 'pdf'): Promise<string> {
  const soffice = findSoffice();
  if (!soffice) throw new Error('soffice (LibreOffice) is not installed');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'fz-lo-profile-'));
  try {
    await run(soffice, [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', format, '--outdir', outDir, input], {
      env: { ...process.env, FONTCONFIG_FILE: OFFICIAL_FONTCONFIG },
      timeout: 180_000,
    });
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
  const out = path.join(outDir, `${path.basename(input, path.extname(input))}.${format}`);
  if (!fs.existsSync(out)) throw new Error(`LibreOffice did not write ${out}`);
  return out;
}
