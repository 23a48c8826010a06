import { DOMParser } from '@xmldom/xmldom';
import iconv from 'iconv-lite';
import { Marc, Record } from 'marcjs';

/**
 * Bytes ↔ MARC records, format only (no field meanings: those are in `cnmarc.ts`). ISO 2709 is written and read by the
 * maintained `marcjs` package, whose directory lengths and offsets count BYTES, so UTF-8 Chinese round-trips. Records
 * in GB18030 (older Chinese CNMARC exchange files) are decoded field by field from the same byte directory. MARCXML is
 * written by marcjs and read with a real XML parser, so namespace prefixes and attribute order do not matter.
 */

export type MarcField = { tag: string; value: string } | { tag: string; ind: string; subfields: [string, string][] };
export interface MarcRecord {
  leader: string;
  fields: MarcField[];
}

export interface DecodedRecord {
  /** 1-based position in the file. */
  index: number;
  record: MarcRecord | null;
  error: string | null;
}

const RT = 0x1d;
const FT = 0x1e;
const isControlTag = (tag: string) => /^00\d$/.test(tag);

function fromMarcjs(r: Record): MarcRecord {
  return {
    leader: r.leader,
    fields: r.fields.map((f) => {
      const tag = f[0]!;
      if (isControlTag(tag)) return { tag, value: f[1] ?? '' };
      const subfields: [string, string][] = [];
      for (let i = 2; i + 1 < f.length; i += 2) subfields.push([f[i]!, f[i + 1]!]);
      return { tag, ind: (f[1] ?? '  ').padEnd(2, ' ').slice(0, 2), subfields };
    }),
  };
}

function toMarcjs(r: MarcRecord): Record {
  const out = new Record();
  out.leader = r.leader;
  out.fields = r.fields.map((f) => ('value' in f ? [f.tag, f.value] : [f.tag, f.ind, ...f.subfields.flat()]));
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The same directory walk marcjs does, decoding each field from GB18030. */
function parseGb18030(raw: Buffer): MarcRecord {
  const base = Number(raw.toString('latin1', 12, 17));
  const fields: MarcField[] = [];
  for (let off = 24; off + 12 <= base - 1; off += 12) {
    const tag = raw.toString('latin1', off, off + 3);
    const len = Number(raw.toString('latin1', off + 3, off + 7));
    const start = base + Number(raw.toString('latin1', off + 7, off + 12));
    const body = iconv.decode(raw.subarray(start, start + len - 1), 'gb18030');
    if (isControlTag(tag)) fields.push({ tag, value: body });
    else {
      const [ind = '  ', ...parts] = body.split('\x1f');
      fields.push({
        tag,
        ind: ind.padEnd(2, ' ').slice(0, 2),
        subfields: parts.map((p) => [p.slice(0, 1), p.slice(1)] as [string, string]),
      });
    }
  }
  return { leader: raw.toString('latin1', 0, 24), fields };
}

function checkStructure(raw: Buffer): string | null {
  const leader = raw.toString('latin1', 0, 24);
  if (raw.length < 26 || !/^\d{5}/.test(leader)) return '记录头标区（前 24 个字符）不完整，不是 ISO 2709 格式';
  const declared = Number(leader.slice(0, 5));
  if (declared !== raw.length)
    return `记录头标声明长度为 ${declared} 字节，实际为 ${raw.length} 字节（文件可能被按字符而不是按字节截断或改写过）`;
  const base = Number(leader.slice(12, 17));
  if (!Number.isFinite(base) || base < 25 || base > raw.length || raw[base - 1] !== FT || (base - 25) % 12 !== 0) {
    return '记录的数据起始地址与目次区不符，不是有效的 ISO 2709 记录';
  }
  for (let off = 24; off < base - 1; off += 12) {
    const entry = raw.toString('latin1', off, off + 12);
    if (!/^[0-9A-Za-z]{3}\d{9}$/.test(entry)) return `目次区第 ${(off - 24) / 12 + 1} 项“${entry}”格式不正确`;
    const end = base + Number(entry.slice(7, 12)) + Number(entry.slice(3, 7));
    if (end > raw.length - 1 || raw[end - 1] !== FT)
      return `字段 ${entry.slice(0, 3)} 的长度或起始位置与数据不符（长度应按字节计算）`;
  }
  return null;
}

/** Splits an ISO 2709 file into records; each either decodes or carries a Chinese reason. */
export function readIso2709(bytes: Uint8Array): DecodedRecord[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: DecodedRecord[] = [];
  let start = 0;
  let index = 0;
  while (start < buf.length) {
    let end = buf.indexOf(RT, start);
    if (end === -1) end = buf.length - 1;
    const raw = buf.subarray(start, end + 1);
    start = end + 1;
    // Line breaks some systems put between records are not part of a record.
    const trimmed = raw.subarray(
      raw.findIndex((b) => b !== 0x0a && b !== 0x0d) === -1
        ? raw.length
        : raw.findIndex((b) => b !== 0x0a && b !== 0x0d),
    );
    if (trimmed.length === 0) continue;
    index += 1;
    const problem = checkStructure(trimmed);
    if (problem) {
      out.push({ index, record: null, error: problem });
      continue;
    }
    out.push({
      index,
      record: isUtf8(trimmed) ? fromMarcjs(Marc.parse(trimmed, 'iso2709')) : parseGb18030(trimmed),
      error: null,
    });
  }
  return out;
}

export function writeIso2709(records: readonly MarcRecord[]): Buffer {
  return Buffer.concat(records.map((r) => Buffer.from(Marc.format(toMarcjs(r), 'iso2709'), 'utf8')));
}

const MARCXML_NS = 'http://www.loc.gov/MARC21/slim';

export function writeMarcXml(records: readonly MarcRecord[]): Buffer {
  const body = records.map((r) => Marc.format(toMarcjs(r), 'marcxml')).join('');
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="${MARCXML_NS}">\n${body}</collection>\n`,
    'utf8',
  );
}

function childElements(node: Element, localName: string): Element[] {
  const out: Element[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1 && (c as Element).localName === localName) out.push(c as Element);
  }
  return out;
}

/** Reads a MARCXML `collection` or a single `record`, with or without a namespace prefix. */
export function readMarcXml(bytes: Uint8Array): DecodedRecord[] {
  const text = new TextDecoder('utf-8').decode(bytes);
  const errors: string[] = [];
  const doc = new DOMParser({
    errorHandler: {
      warning: () => undefined,
      error: (m: string) => errors.push(m),
      fatalError: (m: string) => errors.push(m),
    },
  }).parseFromString(text, 'text/xml');
  const root = doc.documentElement;
  if (errors.length > 0 || !root) throw new Error(`MARCXML 文件不是格式正确的 XML：${errors[0] ?? '没有根元素'}`);
  const records = root.localName === 'record' ? [root] : childElements(root, 'record');
  return records.map((el, i) => {
    const leader = childElements(el, 'leader')[0]?.textContent ?? '';
    const fields: MarcField[] = [];
    for (let c = el.firstChild; c; c = c.nextSibling) {
      if (c.nodeType !== 1) continue;
      const e = c as Element;
      if (e.localName === 'controlfield') fields.push({ tag: e.getAttribute('tag') ?? '', value: e.textContent ?? '' });
      if (e.localName === 'datafield') {
        fields.push({
          tag: e.getAttribute('tag') ?? '',
          ind: `${e.getAttribute('ind1') || ' '}${e.getAttribute('ind2') || ' '}`.slice(0, 2),
          subfields: childElements(e, 'subfield').map(
            (s) => [s.getAttribute('code') ?? '', s.textContent ?? ''] as [string, string],
          ),
        });
      }
    }
    const bad = fields.find((f) => !/^[0-9A-Za-z]{3}$/.test(f.tag));
    return bad
      ? { index: i + 1, record: null, error: `字段标识“${bad.tag}”不是 3 位字段号` }
      : { index: i + 1, record: { leader: leader.padEnd(24, ' ').slice(0, 24), fields }, error: null };
  });
}

/** ISO 2709 or MARCXML, judged from the bytes (an XML file starts with `<` after an optional BOM and blanks). */
export function sniffMarcFormat(bytes: Uint8Array): 'iso2709' | 'marcxml' | null {
  const head = Buffer.from(bytes.subarray(0, 512))
    .toString('latin1')
    .replace(/^\uFEFF|^ï»¿/, '')
    .trimStart();
  if (head.startsWith('<')) return 'marcxml';
  if (/^\d{5}/.test(head)) return 'iso2709';
  return null;
}
