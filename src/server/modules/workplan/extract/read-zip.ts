import { AppError } from '../../../../shared/errors.ts';
import {
  assertZipWithinLimits,
  checkZipDirectory,
  inflateEntryCapped,
  readZipDirectory,
  type ZipLimits,
} from '../../../platform/archive/zip-guard.ts';

/**
 * Reads the XML parts of an Office/OFD zip (.docx, .xlsx, .ofd): the central directory, stored and deflated entries.
 * The archive is checked before anything is inflated (entry count, declared sizes, ratio) and each entry is inflated
 * with a running cap, so a zip bomb is refused with a message naming the limit (PAYLOAD_TOO_LARGE) instead of taking
 * the memory of the process. Returns null for anything that is not a readable ZIP so the caller can report a corrupt file.
 */

export const OFFICE_ZIP_LIMITS: ZipLimits = {
  maxEntries: 5_000,
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 128 * 1024 * 1024,
  maxRatio: 100,
};

/** Reads the named entries as UTF-8 text; null when the archive is unreadable, a missing entry maps to undefined. */
export function readZipTextEntries(
  bytes: Uint8Array,
  names: readonly string[],
  limits: ZipLimits = OFFICE_ZIP_LIMITS,
  fileName = '该文件',
): Map<string, string | undefined> | null {
  const directory = readZipDirectory(bytes);
  if (!directory) return null;
  const byName = new Map(directory.map((e) => [e.name, e]));
  const wanted = names.flatMap((name) => byName.get(name) ?? []);
  // The whole directory's entry count is a cheap first refusal; sizes are checked for the entries that will be read.
  if (directory.length > limits.maxEntries) checkZipDirectory(directory, limits, fileName);
  checkZipDirectory(wanted, limits, fileName);
  const result = new Map<string, string | undefined>();
  let left = limits.maxTotalBytes;
  for (const name of names) {
    const entry = byName.get(name);
    if (!entry) {
      result.set(name, undefined);
      continue;
    }
    let raw: Uint8Array | null;
    try {
      raw = inflateEntryCapped(bytes, entry, Math.min(entry.uncompressedSize, left), fileName);
    } catch (error) {
      if (error instanceof AppError) throw error;
      return null;
    }
    if (!raw) return null;
    left -= raw.byteLength;
    result.set(name, new TextDecoder().decode(raw));
  }
  return result;
}

/**
 * For readers that inflate a whole archive themselves (SheetJS for .xlsx, JSZip for .ofd): checks every entry first
 * (directory, then a capped inflate of each), so a bomb is refused with PAYLOAD_TOO_LARGE before the library sees it.
 * An unreadable archive gets `corruptMessage`.
 */
export function assertOfficeZipWithinLimits(
  bytes: Uint8Array,
  fileName: string,
  corruptMessage: string,
  limits: ZipLimits = OFFICE_ZIP_LIMITS,
): void {
  assertZipWithinLimits(bytes, limits, fileName, () => new AppError('UNPROCESSABLE_DOCUMENT', corruptMessage));
}
