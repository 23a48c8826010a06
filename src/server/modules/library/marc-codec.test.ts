import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { fromCnmarc, toCnmarc } from './cnmarc.ts';
import { areaName, codesForAreaName } from './area-names.ts';
import {
  readIso2709,
  readMarcXml,
  sniffMarcFormat,
  writeIso2709,
  writeMarcXml,
  type MarcRecord,
} from './marc-codec.ts';
import type { THoldingRecordValues } from '../../../shared/library.ts';

const yearbook: THoldingRecordValues = {
  type: '年鉴',
  title: '吉林年鉴（2022）',
  otherTitle: '总第37卷',
  responsibility: '吉林省地方志编纂委员会 编',
  compilingBody: '吉林省地方志编纂委员会',
  divisionCodes: ['220000'],
  periodStart: 2021,
  periodEnd: 2021,
  round: null,
  edition: '第1版',
  publisher: '吉林人民出版社',
  pubPlace: '长春',
  pubYear: 2022,
  extent: '686页 : 彩图 ; 29cm',
  series: null,
  isbn: '9787502734343',
  cip: '中国版本图书馆CIP数据核字（2022）第123456号',
  clc: 'Z525.34',
  subjects: ['吉林—2022—年鉴'],
  note: '附光盘 1 张 & <索引>',
};
const chronicle: THoldingRecordValues = {
  ...yearbook,
  type: '志书',
  title: '梅河口市志（1986—2005）',
  otherTitle: null,
  divisionCodes: ['220581'],
  periodStart: 1986,
  periodEnd: 2005,
  round: '二轮',
  isbn: null,
  cip: null,
  clc: 'K293.44',
  subjects: [],
  note: null,
};
const copies = [
  { holder: '吉林省方志馆', barcode: 'FZ0000123', location: '地方文献室 A-3-2', issue: null },
  { holder: '吉林省方志馆', barcode: 'FZ0000124', location: null, issue: null },
];

function roundTrip(
  records: MarcRecord[],
  write: (r: MarcRecord[]) => Buffer,
  read: (b: Uint8Array) => ReturnType<typeof readIso2709>,
) {
  const decoded = read(write(records));
  expect(decoded.map((d) => d.error)).toEqual(records.map(() => null));
  return decoded.map((d) => fromCnmarc(d.record!, codesForAreaName));
}

describe('MARC round trip with Chinese text', () => {
  const records = [
    toCnmarc(1, yearbook, copies, areaName, '2023-04-01'),
    toCnmarc(2, chronicle, [], areaName, '2023-04-01'),
  ];

  it('ISO 2709: lengths and offsets count bytes, and every field comes back', () => {
    const bytes = writeIso2709(records);
    // The leader's record length is in bytes: a Chinese character is three UTF-8 bytes, not one.
    const firstLength = Number(bytes.toString('latin1', 0, 5));
    expect(bytes[firstLength - 1]).toBe(0x1d);
    expect(firstLength).toBeGreaterThan(Buffer.from(bytes.toString('utf8').split('\x1d')[0]!).length - 1);
    const back = roundTrip(records, writeIso2709, readIso2709);
    expect(back[0]!.problems).toEqual([]);
    expect(back[0]!.entry.values).toEqual(yearbook);
    expect(back[0]!.entry.copies).toEqual(copies);
    expect(back[1]!.entry.values).toEqual(chronicle);
  });

  it('MARCXML: Chinese and markup characters survive', () => {
    const xml = writeMarcXml(records).toString('utf8');
    expect(xml).toContain('<datafield tag="200" ind1="1" ind2=" ">');
    const back = roundTrip(records, writeMarcXml, readMarcXml);
    expect(back[0]!.entry.values).toEqual(yearbook);
    expect(back[1]!.entry.values).toEqual(chronicle);
  });

  it('reads MARCXML with a namespace prefix and attributes in another order', () => {
    const xml = `<?xml version="1.0"?><marc:collection xmlns:marc="http://www.loc.gov/MARC21/slim"><marc:record><marc:leader>00000nam2 22000003  450 </marc:leader>
      <marc:datafield ind2=" " ind1="1" tag="200"><marc:subfield code="a">长白山志</marc:subfield><marc:subfield code="f">长白山志编纂委员会编</marc:subfield></marc:datafield>
      <marc:datafield tag="607" ind1=" " ind2="0"><marc:subfield code="a">抚松县</marc:subfield></marc:datafield>
      <marc:datafield tag="210" ind1=" " ind2=" "><marc:subfield code="d">2015.6</marc:subfield></marc:datafield></marc:record></marc:collection>`;
    const [d] = readMarcXml(Buffer.from(xml));
    const { entry } = fromCnmarc(d!.record!, codesForAreaName);
    expect(entry.values).toMatchObject({
      title: '长白山志',
      type: '志书',
      responsibility: '长白山志编纂委员会编',
      divisionCodes: ['220621'],
      pubYear: 2015,
    });
  });

  it('reads GB18030-encoded ISO 2709 from the byte directory', () => {
    const fields = [
      { tag: '001', text: '7' },
      { tag: '200', text: '1 \x1fa通化县志\x1ff通化县地方志编纂委员会编' },
    ];
    const bodies = fields.map((f) => Buffer.concat([iconv.encode(f.text, 'gb18030'), Buffer.from([0x1e])]));
    let offset = 0;
    const directory = fields.map((f, i) => {
      const entry = `${f.tag}${String(bodies[i]!.length).padStart(4, '0')}${String(offset).padStart(5, '0')}`;
      offset += bodies[i]!.length;
      return entry;
    });
    const base = 24 + directory.length * 12 + 1;
    const total = base + offset + 1;
    const leader = `${String(total).padStart(5, '0')}nam2 22${String(base).padStart(5, '0')}   450 `;
    const bytes = Buffer.concat([
      Buffer.from(leader + directory.join('') + '\x1e', 'latin1'),
      ...bodies,
      Buffer.from([0x1d]),
    ]);
    const [d] = readIso2709(bytes);
    expect(d!.error).toBeNull();
    expect(fromCnmarc(d!.record!, codesForAreaName).entry.values.title).toBe('通化县志');
  });

  it('names a record whose length was counted in characters instead of bytes', () => {
    const good = writeIso2709([records[0]!]);
    const text = good.toString('utf8');
    const charCounted = `${String(text.length).padStart(5, '0')}${text.slice(5)}`;
    const [d] = readIso2709(Buffer.from(charCounted, 'utf8'));
    expect(d!.error).toMatch(/声明长度为 \d+ 字节，实际为 \d+ 字节/);
  });

  it('judges the format from the bytes', () => {
    expect(sniffMarcFormat(writeIso2709(records))).toBe('iso2709');
    expect(sniffMarcFormat(Buffer.from('\uFEFF  <?xml version="1.0"?><collection/>'))).toBe('marcxml');
    expect(sniffMarcFormat(Buffer.from('题名,ISBN'))).toBeNull();
  });
});
