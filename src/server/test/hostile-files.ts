/**
 * Hostile documents built at test time from our own fixtures: a Word 97 file whose sector chain is a cycle (the path
 * on which word-extractor loops while its array grows until V8 aborts) and zip bombs of every archive kind we read,
 * both honest (the directory declares the huge size) and lying (it declares a small one).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
export const PLAN_DOC_FIXTURE = path.resolve(here, '../modules/workplan/fixtures/yunchuan-2024-work-points.doc');

/**
 * The fixture .doc with the directory's sector chain turned into a two-sector cycle (directory → sector 0 →
 * directory). The file keeps its size (≈ tens of KB) and signature; only two allocation-table entries change.
 */
export function cyclicSectorDoc(base: Uint8Array = new Uint8Array(readFileSync(PLAN_DOC_FIXTURE))): Uint8Array {
  const bytes = Buffer.from(base);
  const secSize = 1 << bytes.readInt16LE(30);
  const dirSecId = bytes.readInt32LE(48);
  const firstSatSector = bytes.readInt32LE(76);
  const satOffset = (firstSatSector + 1) * secSize;
  const other = dirSecId === 0 ? 1 : 0;
  bytes.writeInt32LE(other, satOffset + dirSecId * 4);
  bytes.writeInt32LE(dirSecId, satOffset + other * 4);
  return new Uint8Array(bytes);
}

export interface ZipMember {
  name: string;
  /** Stored as given (method 0) unless `deflated` is set. */
  content?: Uint8Array;
  deflated?: { data: Uint8Array; size: number; crc: number };
  /** What the directory claims the inflated size is (a lying bomb claims little). */
  declaredSize?: number;
}

/** A minimal, valid zip (PKZIP 2.0) of the members, written by hand so tests can make its directory lie. */
export function buildZip(members: readonly ZipMember[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.from(m.name, 'utf8');
    const data = m.deflated ? Buffer.from(m.deflated.data) : Buffer.from(m.content ?? new Uint8Array(0));
    const size = m.declaredSize ?? (m.deflated ? m.deflated.size : data.length);
    const crc = m.deflated ? m.deflated.crc : zlib.crc32(data);
    const method = m.deflated ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

const bombCache = new Map<number, { data: Uint8Array; size: number; crc: number }>();

/**
 * `megabytes` of zeros as one raw deflate stream (about 1000 : 1), without ever holding them inflated: 1 MB of zeros
 * deflated with a sync flush is a run of non-final blocks that can be repeated, and an empty final block ends it.
 */
export function deflatedZeros(megabytes: number): { data: Uint8Array; size: number; crc: number } {
  const cached = bombCache.get(megabytes);
  if (cached) return cached;
  const chunk = Buffer.alloc(1024 * 1024);
  const block = zlib.deflateRawSync(chunk, { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const end = zlib.deflateRawSync(Buffer.alloc(0));
  let crc = 0;
  for (let i = 0; i < megabytes; i++) crc = zlib.crc32(chunk, crc);
  const data = new Uint8Array(Buffer.concat([...Array.from({ length: megabytes }, () => block), end]));
  const result = { data, size: megabytes * 1024 * 1024, crc };
  bombCache.set(megabytes, result);
  return result;
}

export type BombKind = 'docx' | 'xlsx' | 'epub' | 'kanripo-zip' | 'ofd';

const BOMB_MEMBER: Record<BombKind, string> = {
  docx: 'word/document.xml',
  xlsx: 'xl/sharedStrings.xml',
  epub: 'OEBPS/chapter1.xhtml',
  'kanripo-zip': 'KR9z9999/KR9z9999_001.txt',
  ofd: 'Doc_0/Pages/Page_0/Content.xml',
};

const SKELETON: Record<BombKind, ZipMember[]> = {
  docx: [{ name: '[Content_Types].xml', content: new TextEncoder().encode('<?xml version="1.0"?><Types/>') }],
  xlsx: [{ name: '[Content_Types].xml', content: new TextEncoder().encode('<?xml version="1.0"?><Types/>') }],
  epub: [
    { name: 'mimetype', content: new TextEncoder().encode('application/epub+zip') },
    {
      name: 'META-INF/container.xml',
      content: new TextEncoder().encode(
        '<container><rootfiles><rootfile full-path="OEBPS/content.opf"/></rootfiles></container>',
      ),
    },
  ],
  'kanripo-zip': [],
  ofd: [{ name: 'OFD.xml', content: new TextEncoder().encode('<ofd:OFD/>') }],
};

/**
 * A zip bomb of the given kind: `megabytes` of zeros in the member the reader opens. `lie` makes the directory
 * declare 1 KB, so only a running cap during inflation can catch it.
 */
export function zipBomb(kind: BombKind, megabytes: number, lie = false): Uint8Array {
  const deflated = deflatedZeros(megabytes);
  return buildZip([...SKELETON[kind], { name: BOMB_MEMBER[kind], deflated, ...(lie ? { declaredSize: 1024 } : {}) }]);
}
