/**
 * Zip archives (docx, xlsx, epub, OFD, Kanripo folders) checked before anything inflates them. A zip bomb is a few
 * megabytes that declare — or, lying, hide — gigabytes: so the central directory is read first (entry count, declared
 * sizes, compression ratio) and each entry is then inflated as a stream with a running cap that stops at the first byte
 * over its declared size or the archive's total. Output is counted and dropped, so checking costs little memory.
 * Every refusal is an AppError whose Chinese message names the file and the limit.
 */
import { Inflate } from 'fflate';
import { AppError } from '../../../shared/errors.ts';

export interface ZipLimits {
  maxEntries: number;
  /** Largest single entry, inflated. */
  maxEntryBytes: number;
  /** All entries that will be read, inflated. */
  maxTotalBytes: number;
  /** Largest inflated/compressed ratio of an entry over 1 MB (text compresses 3–20×; bombs 1000×). */
  maxRatio: number;
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const RATIO_FLOOR = 1024 * 1024;

const mb = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.ceil(bytes / 1024)} KB`;

function findEndOfCentralDirectory(view: DataView): number {
  for (let i = view.byteLength - 22; i >= Math.max(0, view.byteLength - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === END_OF_CENTRAL_DIRECTORY) return i;
  }
  return -1;
}

/** The central directory, or null when the bytes are not a readable zip. Reads nothing compressed. */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] | null {
  if (bytes.byteLength < 22) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.byteLength || view.getUint32(offset, true) !== CENTRAL_FILE_HEADER) return null;
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    if (offset + 46 + nameLength > bytes.byteLength) return null;
    entries.push({
      name: decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)),
      flags: view.getUint16(offset + 8, true),
      method: view.getUint16(offset + 10, true),
      compressedSize: view.getUint32(offset + 20, true),
      uncompressedSize: view.getUint32(offset + 24, true),
      localHeaderOffset: view.getUint32(offset + 42, true),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Where an entry's compressed bytes are, or null when its local header is not where the directory says. */
export function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.byteLength || view.getUint32(at, true) !== LOCAL_FILE_HEADER) return null;
  const dataStart = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (dataStart + entry.compressedSize > bytes.byteLength) return null;
  return bytes.subarray(dataStart, dataStart + entry.compressedSize);
}

/** Refuses an archive whose directory already shows too many entries, too much declared data or a bomb's ratio. */
export function checkZipDirectory(entries: readonly ZipEntry[], limits: ZipLimits, fileName: string): void {
  const files = entries.filter((e) => !e.name.endsWith('/'));
  if (files.length > limits.maxEntries) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `“${fileName}”中有 ${files.length} 个文件，超过 ${limits.maxEntries} 个的上限，请拆分后上传。`,
    );
  }
  let total = 0;
  for (const entry of files) {
    if (entry.uncompressedSize === 0xffffffff || entry.compressedSize === 0xffffffff) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `“${fileName}”是 ZIP64 大文件压缩包（单个文件超过 4 GB），超过 ${mb(limits.maxEntryBytes)} 的上限。`,
      );
    }
    if (entry.uncompressedSize > limits.maxEntryBytes) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `“${fileName}”中的“${entry.name}”解压后为 ${mb(entry.uncompressedSize)}，超过单个文件 ${mb(limits.maxEntryBytes)} 的上限，请拆分后上传。`,
      );
    }
    if (entry.uncompressedSize > RATIO_FLOOR && entry.uncompressedSize > entry.compressedSize * limits.maxRatio) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `“${fileName}”中的“${entry.name}”压缩比异常（${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))} 倍，上限 ${limits.maxRatio} 倍），疑似压缩炸弹，已拒绝。`,
      );
    }
    total += entry.uncompressedSize;
  }
  if (total > limits.maxTotalBytes) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `“${fileName}”解压后共 ${mb(total)}，超过 ${mb(limits.maxTotalBytes)} 的上限，请拆分后上传。`,
    );
  }
}

// fflate inflates a whole pushed chunk at once; deflate expands at most ~1032×, so 16 KB in is at most ~17 MB out per step.
const CHUNK = 16 * 1024;

/**
 * Inflates one entry with a running cap: stops at the first byte beyond `maxBytes` (its declared size, or the room
 * left in the archive's total). `keep` = false counts and drops the output. Null when the entry is unreadable.
 */
export function inflateEntryCapped(
  bytes: Uint8Array,
  entry: ZipEntry,
  maxBytes: number,
  fileName: string,
  keep = true,
): Uint8Array | null {
  const data = entryData(bytes, entry);
  if (!data) return null;
  const overLimit = () =>
    new AppError(
      'PAYLOAD_TOO_LARGE',
      `“${fileName}”中的“${entry.name}”解压后超过 ${mb(maxBytes)}（与压缩包声明的大小不符或超过上限），疑似压缩炸弹，已拒绝。`,
    );
  if (entry.method === 0) {
    if (data.byteLength > maxBytes) throw overLimit();
    return data;
  }
  if (entry.method !== 8) return null;
  const parts: Uint8Array[] = [];
  let produced = 0;
  let over = false;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    produced += chunk.byteLength;
    if (produced > maxBytes) over = true;
    else if (keep) parts.push(chunk);
    if (final) ended = true;
  });
  try {
    for (let at = 0; at < data.byteLength && !over; at += CHUNK) {
      inflater.push(data.subarray(at, Math.min(at + CHUNK, data.byteLength)), at + CHUNK >= data.byteLength);
    }
  } catch {
    if (!over) return null;
  }
  if (over) throw overLimit();
  if (!ended && produced === 0 && data.byteLength > 0) return null;
  if (!keep) return new Uint8Array(0);
  const out = new Uint8Array(produced);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/**
 * Checks a whole archive before a library (mammoth, JSZip) inflates it: the directory, then every entry inflated with a
 * running cap against its declared size and the archive's total. Entries whose names `skip` accepts are not checked
 * (they will not be read). Throws PAYLOAD_TOO_LARGE naming the limit, or `corrupt()` for an unreadable archive.
 */
export function assertZipWithinLimits(
  bytes: Uint8Array,
  limits: ZipLimits,
  fileName: string,
  corrupt: () => AppError,
  skip: (name: string) => boolean = () => false,
): ZipEntry[] {
  const entries = readZipDirectory(bytes);
  if (!entries) throw corrupt();
  const read = entries.filter((e) => !e.name.endsWith('/') && !skip(e.name));
  checkZipDirectory(read, limits, fileName);
  let left = limits.maxTotalBytes;
  for (const entry of read) {
    const cap = Math.min(entry.uncompressedSize, left, limits.maxEntryBytes);
    const out = inflateEntryCapped(bytes, entry, cap, fileName, false);
    if (!out) throw corrupt();
    left -= entry.uncompressedSize;
  }
  return entries;
}
