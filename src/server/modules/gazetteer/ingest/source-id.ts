/**
 * The identity of a non-Kanripo source, so that importing the same file again replaces the book instead of adding one.
 *
 * Rule: `<file name without extension>-<first 12 hex digits of the SHA-256 of the file's bytes>`, e.g.
 * `青岚县志-3f2a9c01b7de`. The same bytes under the same name give the same id; an edited file is a new source.
 */
import { createHash } from 'node:crypto';

export function makeSourceId(fileName: string, bytes: Uint8Array): string {
  const base =
    fileName
      .replace(/^.*[\\/]/, '')
      .replace(/\.[^.]+$/, '')
      .trim() || 'source';
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  return `${base}-${hash}`;
}

/** File name without folder or extension: the title of last resort. */
export function titleFromFileName(fileName: string): string {
  return fileName
    .replace(/^.*[\\/]/, '')
    .replace(/\.[^.]+$/, '')
    .trim();
}
