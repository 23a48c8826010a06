import { HOLDING_TYPES, ROUNDS, type THoldingRecordValues } from '../../../shared/library.ts';
import type { MarcField, MarcRecord } from './marc-codec.ts';

/**
 * What CNMARC (WH/T 0503, the Chinese UNIMARC) fields mean for our catalogue, written by us. Used both ways:
 *
 * | field | meaning | ours |
 * |---|---|---|
 * | 001 | record identifier | our record id on export |
 * | 010 $a | ISBN | `isbn` |
 * | 100 $a | general processing data (date entered, publication year, `chi`, character set 50 = Unicode) | generated |
 * | 101 $a | language of the text | `chi` |
 * | 200 $a $e $f $g | title proper, other title information, first and subsequent statements of responsibility | `title`, `otherTitle`, `responsibility` |
 * | 205 $a | edition statement | `edition` |
 * | 210 $a $c $d | place, publisher, date of publication | `pubPlace`, `publisher`, `pubYear` |
 * | 215 $a | extent (pages, volumes) | `extent` |
 * | 225 $a | series | `series` |
 * | 300 $a | general note | `note` |
 * | 606 $a | topical subject | `subjects` |
 * | 607 $a | geographic subject (the areas covered) | `divisionCodes` as names |
 * | 690 $a $v | 中国图书馆分类法 class number and edition | `clc` |
 * | 701 / 702 $a | personal name, primary / secondary responsibility | `responsibility` when 200 $f is absent |
 * | 711 / 712 $a | corporate name, primary / secondary responsibility | `compilingBody` |
 * | 905 $a $b $d $y | holdings: holding office, barcode, location (call number), journal issue | copies |
 * | 991 $a $b $c $d $e $f | local: 文献类型, division codes, 断限 start and end, 修志轮次, CIP 核字号 | `type`, `divisionCodes`, `periodStart`, `periodEnd`, `round`, `cip` |
 */

export interface MarcCopy {
  holder: string | null;
  barcode: string;
  location: string | null;
  issue: string | null;
}

export interface CatalogueEntry {
  values: THoldingRecordValues;
  copies: MarcCopy[];
}

const sub = (f: MarcField | undefined, code: string): string | null => {
  if (!f || 'value' in f) return null;
  const hit = f.subfields.find(([c]) => c === code);
  const v = hit?.[1].trim();
  return v ? v : null;
};
const subs = (f: MarcField, code: string): string[] =>
  'value' in f
    ? []
    : f.subfields
        .filter(([c]) => c === code)
        .map(([, v]) => v.trim())
        .filter(Boolean);
const first = (r: MarcRecord, tag: string) => r.fields.find((f) => f.tag === tag);
const all = (r: MarcRecord, tag: string) => r.fields.filter((f) => f.tag === tag);

/** A four-digit year anywhere in 210 $d (`2022`, `2022.12`, `[1936]`, `民国二十五年[1936]`). */
function yearOf(text: string | null): number | null {
  const m = text?.match(/(1[0-9]{3}|20[0-9]{2}|21[0-9]{2})/);
  return m ? Number(m[1]) : null;
}

/** Files from other systems carry no 991: the type is judged from the title and the class number. */
export function guessType(title: string, clc: string | null): THoldingRecordValues['type'] {
  if (/年鉴$|年鉴[（(]/.test(title)) return '年鉴';
  if (/家谱|族谱|宗谱|世谱/.test(title)) return '家谱';
  if (/(县|府|州|厅|卫)志$/.test(title) && /^(清|明|民国|\[)/.test(title)) return '旧志';
  if (/志$|志[（(]|志稿|志略/.test(title)) return '志书';
  if (/史$|史[（(]|史稿|史话/.test(title)) return '地方史';
  if (clc?.startsWith('K29')) return '地情文献';
  return '地情文献';
}

/**
 * A CNMARC record → our values and copies. `nameToCodes` turns a 607 place name into division codes (ambiguous or
 * unknown names give none). Field problems are returned, not thrown, so the preview can show them all.
 */
export function fromCnmarc(
  record: MarcRecord,
  nameToCodes: (name: string) => string[],
): { entry: CatalogueEntry; problems: string[] } {
  const problems: string[] = [];
  const f200 = first(record, '200');
  const title = sub(f200, 'a') ?? '';
  if (!title) problems.push('缺少正题名（200 字段 $a 子字段）');
  const f991 = first(record, '991');
  const clc = sub(first(record, '690'), 'a');
  const rawType = sub(f991, 'a');
  const type =
    rawType && (HOLDING_TYPES as readonly string[]).includes(rawType)
      ? (rawType as THoldingRecordValues['type'])
      : guessType(title, clc);
  if (rawType && rawType !== type) problems.push(`991 $a 的文献类型“${rawType}”不在 ${HOLDING_TYPES.join('、')} 之中`);
  const rawRound = sub(f991, 'e');
  const round =
    rawRound && (ROUNDS as readonly string[]).includes(rawRound) ? (rawRound as THoldingRecordValues['round']) : null;
  const codes991 = (sub(f991, 'b') ?? '').split(/[,，\s]+/).filter((c) => /^\d{6}$/.test(c));
  const codes607 = all(record, '607')
    .flatMap((f) => subs(f, 'a'))
    .flatMap((name) => nameToCodes(name));
  const f210 = first(record, '210');
  const persons = [...all(record, '701'), ...all(record, '702')]
    .map((f) => sub(f, 'a'))
    .filter((v): v is string => !!v);
  const responsibility =
    [sub(f200, 'f'), ...(f200 && !('value' in f200) ? subs(f200, 'g') : [])].filter(Boolean).join('；') ||
    persons.join('；') ||
    null;
  const num = (v: string | null) => (v && /^\d{1,4}$/.test(v) ? Number(v) : null);
  const values: THoldingRecordValues = {
    type,
    title,
    otherTitle: sub(f200, 'e'),
    responsibility,
    compilingBody: sub(first(record, '711'), 'a') ?? sub(first(record, '712'), 'a'),
    divisionCodes: [...new Set([...codes991, ...codes607])],
    periodStart: num(sub(f991, 'c')),
    periodEnd: num(sub(f991, 'd')),
    round,
    edition: sub(first(record, '205'), 'a'),
    publisher: sub(f210, 'c'),
    pubPlace: sub(f210, 'a'),
    pubYear: yearOf(sub(f210, 'd')),
    extent: sub(first(record, '215'), 'a'),
    series: sub(first(record, '225'), 'a'),
    isbn: sub(first(record, '010'), 'a'),
    cip: sub(f991, 'f'),
    clc,
    subjects: all(record, '606').flatMap((f) => subs(f, 'a')),
    note:
      all(record, '300')
        .flatMap((f) => subs(f, 'a'))
        .join('；') || null,
  };
  const copies = all(record, '905').map((f) => ({
    holder: sub(f, 'a'),
    barcode: sub(f, 'b') ?? '',
    location: sub(f, 'd'),
    issue: sub(f, 'y'),
  }));
  copies.forEach((c, i) => {
    if (!c.barcode) problems.push(`第 ${i + 1} 个 905 馆藏字段缺少条码号（$b）`);
  });
  return { entry: { values, copies: copies.filter((c) => c.barcode) }, problems };
}

const df = (tag: string, ind: string, ...pairs: [string, string | null | undefined][]): MarcField | null => {
  const subfields = pairs.filter((p): p is [string, string] => !!p[1]);
  return subfields.length > 0 ? { tag, ind, subfields } : null;
};

/** Our record → CNMARC, with `areaName` turning a division code into its name for 607. */
export function toCnmarc(
  id: number,
  v: THoldingRecordValues,
  copies: readonly MarcCopy[],
  areaName: (code: string) => string | null,
  today: string,
): MarcRecord {
  const year = v.pubYear ? String(v.pubYear).padStart(4, '0') : '    ';
  // 100 $a: date entered, publication-date type d, date 1, blank date 2, audience, gov., modified, cataloguing
  // language chi, transliteration, character sets 50 (ISO 10646), script of title ea (汉字): 36 characters.
  const f100 = `${today.replaceAll('-', '')}d${year}    em y0chiy50      ea`;
  const fields: (MarcField | null)[] = [
    { tag: '001', value: String(id) },
    df('010', '  ', ['a', v.isbn]),
    df('100', '  ', ['a', f100]),
    df('101', '0 ', ['a', 'chi']),
    df('200', '1 ', ['a', v.title], ['e', v.otherTitle], ['f', v.responsibility]),
    df('205', '  ', ['a', v.edition]),
    df('210', '  ', ['a', v.pubPlace], ['c', v.publisher], ['d', v.pubYear ? String(v.pubYear) : null]),
    df('215', '  ', ['a', v.extent]),
    df('225', '2 ', ['a', v.series]),
    df('300', '  ', ['a', v.note]),
    ...v.subjects.map((s) => df('606', '0 ', ['a', s])),
    ...v.divisionCodes.map((c) => df('607', ' 0', ['a', areaName(c)])),
    df('690', '  ', ['a', v.clc], ['v', v.clc ? '5' : null]),
    df('711', '02', ['a', v.compilingBody]),
    ...copies.map((c) => df('905', '  ', ['a', c.holder], ['b', c.barcode], ['d', c.location], ['y', c.issue])),
    df(
      '991',
      '  ',
      ['a', v.type],
      ['b', v.divisionCodes.join(',')],
      ['c', v.periodStart ? String(v.periodStart) : null],
      ['d', v.periodEnd ? String(v.periodEnd) : null],
      ['e', v.round],
      ['f', v.cip],
    ),
  ];
  // Leader: record status n(ew), type a (text), level m (monograph) or s (serial), hierarchy 2, indicator/subfield count 22.
  const level = v.type === '期刊' ? 's' : 'm';
  return { leader: `00000na${level}2 22000003  450 `, fields: fields.filter((f): f is MarcField => f !== null) };
}
