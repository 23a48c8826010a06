/**
 * A web upload turned into an ingestible source: one file (txt/md/docx/epub/pdf) or a .zip of a Kanripo folder. The
 * bytes are written to a scratch folder under their own name (the source id derives from name and bytes) and read with
 * `readSource`. The folder is made and removed by the server process (read-book-isolated.ts, platform/isolate/
 * scratch-dir.ts), because this runs in a child that may be killed at its limits. Error messages name the uploaded
 * file, not the temporary path.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import JSZip from 'jszip';
import { AppError } from '../../../shared/errors.ts';
import { readSource, type ReadSourceResult } from './ingest/read-source.ts';

const MAX_UNZIPPED_BYTES = 300 * 1024 * 1024;

function safeName(name: string): string {
  const base = name
    .replace(/^.*[\\/]/, '')
    .replace(/[\u0000-\u001f]/g, '')
    .trim();
  if (!base || base === '.' || base === '..')
    throw new AppError('BAD_REQUEST', '上传的文件没有有效的文件名，请重命名后重试。');
  return base;
}

async function unzipKanripo(bytes: Uint8Array, folder: string, fileName: string): Promise<void> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw new AppError('UNPROCESSABLE_DOCUMENT', `“${fileName}”不是有效的 zip 压缩包，请重新压缩后上传。`);
  }
  let total = 0;
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    const base = entry.name.replace(/^.*\//, '');
    // Only juan files and the title's Readme.org are read; anything else in the archive is ignored.
    if (!/^[\w.-]+_\d+\.txt$/i.test(base) && base !== 'Readme.org') continue;
    const data = await entry.async('uint8array');
    total += data.length;
    if (total > MAX_UNZIPPED_BYTES)
      throw new AppError('PAYLOAD_TOO_LARGE', `“${fileName}”解压后超过 300 MB，请分卷上传。`);
    await writeFile(path.join(folder, base), data);
  }
}

/** Reads an upload in `dir`, an empty folder its caller owns and removes. */
export async function readUploadedSource(
  fileName: string,
  bytes: Uint8Array,
  dir: string,
): Promise<ReadSourceResult & { sourceName: string }> {
  const name = safeName(fileName);
  let target: string;
  if (/\.zip$/i.test(name)) {
    target = path.join(dir, name.replace(/\.zip$/i, ''));
    await mkdir(target);
    await unzipKanripo(bytes, target, name);
  } else {
    target = path.join(dir, name);
    await writeFile(target, bytes);
  }
  try {
    const result = await readSource(target);
    return { ...result, sourceName: name };
  } catch (error) {
    if (error instanceof AppError)
      throw new AppError(error.code, error.message.replaceAll(target, name).replaceAll(dir, ''), error.details);
    throw error;
  }
}
