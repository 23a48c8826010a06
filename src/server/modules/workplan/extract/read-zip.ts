import { inflateRawSync } from 'node:zlib';

/**
 * Just enough of the ZIP format to read the XML parts of a .docx: the central directory, stored and deflated
 * entries. Returns null for anything that is not a readable ZIP so the caller can report a corrupt file.
 */

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

interface ZipEntry {
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

function findEndOfCentralDirectory(view: DataView): number {
  for (let i = view.byteLength - 22; i >= Math.max(0, view.byteLength - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === END_OF_CENTRAL_DIRECTORY) return i;
  }
  return -1;
}

function readDirectory(bytes: Uint8Array): Map<string, ZipEntry> | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  const entries = new Map<string, ZipEntry>();
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.byteLength || view.getUint32(offset, true) !== CENTRAL_FILE_HEADER) return null;
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const name = decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    entries.set(name, {
      method: view.getUint16(offset + 10, true),
      compressedSize: view.getUint32(offset + 20, true),
      localHeaderOffset: view.getUint32(offset + 42, true),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Reads the named entries as UTF-8 text; null when the archive is unreadable, a missing entry maps to undefined. */
export function readZipTextEntries(bytes: Uint8Array, names: readonly string[]): Map<string, string | undefined> | null {
  try {
    const directory = readDirectory(bytes);
    if (!directory) return null;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const result = new Map<string, string | undefined>();
    for (const name of names) {
      const entry = directory.get(name);
      if (!entry) {
        result.set(name, undefined);
        continue;
      }
      const at = entry.localHeaderOffset;
      if (view.getUint32(at, true) !== LOCAL_FILE_HEADER) return null;
      const dataStart = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
      const data = bytes.subarray(dataStart, dataStart + entry.compressedSize);
      const raw = entry.method === 0 ? data : entry.method === 8 ? inflateRawSync(data) : null;
      if (!raw) return null;
      result.set(name, new TextDecoder().decode(raw));
    }
    return result;
  } catch {
    return null;
  }
}
