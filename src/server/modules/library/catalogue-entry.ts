import { ACQUISITION_METHODS, ZHoldingRecordInput, type THoldingRecordValues } from '../../../shared/library.ts';
import { fromCnmarc } from './cnmarc.ts';
import { dedupeKey } from './dedupe-key.ts';
import { normalizeIsbn } from './isbn.ts';
import type { DecodedRecord } from './marc-codec.ts';
import type { SheetRow } from './holdings-xlsx.ts';

/**
 * One record of an import file on its way in, whatever the format: raw values, the copies it brings, and every problem
 * found, each naming where it is (`第 3 条记录 200$a`, `工作表“馆藏” D5`). Pure: no database.
 */
export interface EntryCopy {
  barcode: string | null;
  location: string | null;
  acquisition: string | null;
  acquiredOn: string | null;
  issue: string | null;
  holder: string | null;
}

export interface CatalogueCandidate {
  index: number;
  source: string;
  values: THoldingRecordValues | null;
  /** Present when values are: the ISBN-13 (or null) and the title+edition+year key. */
  isbn: string | null;
  key: string | null;
  title: string;
  type: string;
  copies: EntryCopy[];
  errors: string[];
}

function finish(
  index: number,
  source: string,
  raw: Record<string, unknown>,
  copies: EntryCopy[],
  errors: string[],
  where: (field: string) => string,
): CatalogueCandidate {
  let isbn: string | null = null;
  if (typeof raw.isbn === 'string' && raw.isbn.trim()) {
    const n = normalizeIsbn(raw.isbn);
    if ('error' in n) errors.push(`${where('isbn')}：${n.error}`);
    else isbn = n.isbn;
  }
  const parsed = ZHoldingRecordInput.safeParse({ ...raw, isbn });
  let values: THoldingRecordValues | null = null;
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors.push(`${where(String(issue.path[0] ?? ''))}：${issue.message}`);
  } else {
    values = parsed.data;
    if (values.periodStart && values.periodEnd && values.periodStart > values.periodEnd) {
      errors.push(`${where('periodStart')}：断限起 ${values.periodStart} 晚于断限止 ${values.periodEnd}，请核对`);
    }
  }
  for (const c of copies) {
    if (c.acquisition && !(ACQUISITION_METHODS as readonly string[]).includes(c.acquisition)) {
      errors.push(`${where('acquisition')}：入藏方式“${c.acquisition}”应为 ${ACQUISITION_METHODS.join('、')} 之一`);
    }
    if (c.acquiredOn && !/^\d{4}-\d{2}-\d{2}$/.test(c.acquiredOn))
      errors.push(`${where('acquiredOn')}：入藏日期“${c.acquiredOn}”应写作 YYYY-MM-DD`);
  }
  const title = typeof raw.title === 'string' ? raw.title : '';
  return {
    index,
    source,
    values: errors.length === 0 ? values : null,
    isbn,
    key: values ? dedupeKey(values.title, values.edition, values.pubYear) : null,
    title,
    type: typeof raw.type === 'string' ? raw.type : '',
    copies,
    errors,
  };
}

const MARC_WHERE: Record<string, string> = {
  title: '200$a',
  type: '991$a',
  isbn: '010$a',
  periodStart: '991$c',
  periodEnd: '991$d',
  round: '991$e',
  divisionCodes: '991$b',
  pubYear: '210$d',
  acquisition: '905',
  acquiredOn: '905',
};

export function candidatesFromMarc(
  decoded: readonly DecodedRecord[],
  nameToCodes: (name: string) => string[],
): CatalogueCandidate[] {
  return decoded.map((d) => {
    const source = `第 ${d.index} 条记录`;
    if (!d.record)
      return {
        index: d.index,
        source,
        values: null,
        isbn: null,
        key: null,
        title: '',
        type: '',
        copies: [],
        errors: [`${source}：${d.error}`],
      };
    const { entry, problems } = fromCnmarc(d.record, nameToCodes);
    const copies = entry.copies.map((c) => ({
      barcode: c.barcode,
      location: c.location,
      acquisition: null,
      acquiredOn: null,
      issue: c.issue,
      holder: c.holder,
    }));
    return finish(
      d.index,
      source,
      { ...entry.values },
      copies,
      problems.map((p) => `${source}：${p}`),
      (f) => `${source} ${MARC_WHERE[f] ?? f}`,
    );
  });
}

const splitList = (s: string | null) =>
  s
    ? s
        .split(/[；;，,、\s]+/)
        .map((x) => x.trim())
        .filter(Boolean)
    : [];
const intOrRaw = (s: string | null) =>
  s === null ? null : /^\d{1,4}$/.test(s) ? Number(s) : /^(\d{4})[年.\-/]/.test(s) ? Number(s.slice(0, 4)) : s;

export function candidatesFromSheet(
  rows: readonly SheetRow[],
  nameToCodes: (name: string) => string[],
): CatalogueCandidate[] {
  return rows.map((row, i) => {
    const errors: string[] = [];
    const KEY_OF: Record<string, Parameters<SheetRow['cell']>[0]> = { divisionCodes: 'areas' };
    const where = (field: string) =>
      `${row.source}（${row.cell((KEY_OF[field] ?? field) as Parameters<SheetRow['cell']>[0])}）`;
    const divisionCodes: string[] = [];
    for (const name of splitList(row.get('areas'))) {
      const codes = nameToCodes(name);
      if (codes.length === 0)
        errors.push(
          `${where('divisionCodes')}：无法确定地区“${name}”的行政区划代码，请填 6 位代码（如 220100）或带上级名称（如 长春市朝阳区）`,
        );
      divisionCodes.push(...codes);
    }
    const barcodes = splitList(row.get('barcodes'));
    const countText = row.get('copies');
    const count = countText === null ? 0 : Number(countText);
    if (countText !== null && (!Number.isInteger(count) || count < 0 || count > 1000))
      errors.push(`${row.source}（${row.cell('copies')}）：复本数“${countText}”应为 0–1000 的整数`);
    const acquiredOn = row.get('acquiredOn');
    const base = {
      location: row.get('location'),
      acquisition: row.get('acquisition'),
      acquiredOn: acquiredOn
        ? acquiredOn
            .replace(/[./年月]/g, '-')
            .replace(/日$/, '')
            .replace(/-(\d)(?=-|$)/g, '-0$1')
        : null,
      issue: row.get('issue'),
      holder: row.get('holder'),
    };
    const copies: EntryCopy[] =
      barcodes.length > 0
        ? barcodes.map((b) => ({ ...base, barcode: b }))
        : Array.from({ length: Number.isInteger(count) && count > 0 ? count : 0 }, () => ({ ...base, barcode: null }));
    const raw = {
      type: row.get('type') ?? undefined,
      title: row.get('title') ?? '',
      otherTitle: row.get('otherTitle'),
      responsibility: row.get('responsibility'),
      compilingBody: row.get('compilingBody'),
      divisionCodes: [...new Set(divisionCodes)],
      periodStart: intOrRaw(row.get('periodStart')),
      periodEnd: intOrRaw(row.get('periodEnd')),
      round: row.get('round'),
      edition: row.get('edition'),
      publisher: row.get('publisher'),
      pubPlace: row.get('pubPlace'),
      pubYear: intOrRaw(row.get('pubYear')),
      extent: row.get('extent'),
      series: row.get('series'),
      isbn: row.get('isbn'),
      cip: row.get('cip'),
      clc: row.get('clc'),
      subjects: splitList(row.get('subjects')),
      note: row.get('note'),
    };
    if (!raw.type)
      errors.push(`${where('type')}：请填写文献类型（志书、年鉴、地方史、地情文献、旧志、家谱、内部资料、期刊）`);
    return finish(i + 1, row.source, raw, copies, errors, where);
  });
}
