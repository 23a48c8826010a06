import { AppError } from '../../../../shared/errors.ts';
import { OFFICE_ZIP_LIMITS, readZipTextEntries } from './read-zip.ts';

/**
 * .docx → text: one line per paragraph, one line per table row with cells separated by tabs (the parser reads
 * lead/support columns from that), and Word's automatic numbering written out (`1.`, `一、`, `（一）`), because
 * many plans number their items with list styles rather than typed digits.
 */

interface NumberingLevel {
  start: number;
  format: string;
  text: string;
}

interface Numbering {
  /** numId → abstractNumId */
  nums: Map<string, string>;
  /** abstractNumId → levels by ilvl */
  levels: Map<string, Map<number, NumberingLevel>>;
}

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

function toChineseNumeral(n: number): string {
  if (n <= 10) return n === 10 ? '十' : (CN_DIGITS[n] ?? String(n));
  if (n < 20) return `十${CN_DIGITS[n % 10] ?? ''}`.replace(/零$/, '');
  if (n < 100) return `${CN_DIGITS[Math.floor(n / 10)] ?? ''}十${n % 10 === 0 ? '' : (CN_DIGITS[n % 10] ?? '')}`;
  return String(n);
}

function formatCounter(n: number, format: string): string {
  if (
    /^(?:chineseCounting|chineseCountingThousand|ideographTraditional|taiwaneseCounting|japaneseCounting)/.test(format)
  ) {
    return toChineseNumeral(n);
  }
  if (/^decimalEnclosedCircle/.test(format) && n >= 1 && n <= 20) return String.fromCharCode(0x2460 + n - 1);
  if (format === 'lowerLetter') return String.fromCharCode(96 + n);
  if (format === 'upperLetter') return String.fromCharCode(64 + n);
  return String(n);
}

const attr = (tag: string, name: string): string | undefined => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1];

function readNumbering(xml: string | undefined): Numbering {
  const numbering: Numbering = { nums: new Map(), levels: new Map() };
  if (!xml) return numbering;
  for (const m of xml.matchAll(/<w:abstractNum\b[^>]*w:abstractNumId="(\d+)"[^>]*>([\s\S]*?)<\/w:abstractNum>/g)) {
    const levels = new Map<number, NumberingLevel>();
    for (const lvl of (m[2] as string).matchAll(/<w:lvl\b[^>]*w:ilvl="(\d+)"[^>]*>([\s\S]*?)<\/w:lvl>/g)) {
      const body = lvl[2] as string;
      levels.set(Number(lvl[1]), {
        start: Number(/<w:start w:val="(\d+)"/.exec(body)?.[1] ?? 1),
        format: /<w:numFmt w:val="([^"]+)"/.exec(body)?.[1] ?? 'decimal',
        text: /<w:lvlText w:val="([^"]*)"/.exec(body)?.[1] ?? '',
      });
    }
    numbering.levels.set(m[1] as string, levels);
  }
  for (const m of xml.matchAll(/<w:num\b[^>]*w:numId="(\d+)"[^>]*>[\s\S]*?<w:abstractNumId w:val="(\d+)"/g)) {
    numbering.nums.set(m[1] as string, m[2] as string);
  }
  return numbering;
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
  });
}

/** Keeps Word's list counters across the document and renders each numbered paragraph's label. */
function makeLabeler(numbering: Numbering): (numId: string | undefined, ilvl: number) => string {
  const counters = new Map<string, number[]>();
  return (numId, ilvl) => {
    const abstractId = numId ? numbering.nums.get(numId) : undefined;
    const levels = abstractId ? numbering.levels.get(abstractId) : undefined;
    const level = levels?.get(ilvl);
    if (!abstractId || !levels || !level || level.format === 'bullet' || level.format === 'none') return '';
    const counts = counters.get(abstractId) ?? [];
    counts[ilvl] = counts[ilvl] === undefined ? level.start : (counts[ilvl] as number) + 1;
    counts.length = ilvl + 1;
    counters.set(abstractId, counts);
    return level.text.replace(/%(\d)/g, (_, k: string) => {
      const index = Number(k) - 1;
      const lvl = levels.get(index);
      return formatCounter(counts[index] ?? lvl?.start ?? 1, lvl?.format ?? 'decimal');
    });
  };
}

const TOKEN =
  /<(\/?)(w:tbl|w:tr|w:tc|w:p|w:t|w:tab|w:br|w:cr|w:numId|w:ilvl|w:gridSpan|w:vMerge)(?=[\s>/])([^>]*?)(\/?)>/g;

/** Walks document.xml in order; paragraphs outside tables become lines, table rows become tab-separated lines. */
export function documentXmlToText(documentXml: string, numberingXml?: string): string {
  const label = makeLabeler(readNumbering(numberingXml));
  const lines: string[] = [];
  let tableDepth = 0;
  let paragraph = '';
  let numId: string | undefined;
  let ilvl = 0;
  let textStart = -1;
  let cellParagraphs: string[] = [];
  let rowCells: string[] = [];
  // Merged cells: a horizontal span keeps the columns aligned with empty cells; a vertical merge's continuation
  // repeats the value above (a grouping column or a unit shared by several rows speaks for each of them).
  let span = 1;
  let vMerge: 'restart' | 'continue' | null = null;
  let aboveRow: string[] = [];
  for (const m of documentXml.matchAll(TOKEN)) {
    const [whole, closing, name, attrs, selfClosing] = m as unknown as [string, string, string, string, string];
    const at = m.index ?? 0;
    if (name === 'w:t') {
      if (closing && textStart >= 0) paragraph += decodeXml(documentXml.slice(textStart, at));
      textStart = closing || selfClosing ? -1 : at + whole.length;
    } else if (name === 'w:tab' && !closing) paragraph += ' ';
    else if ((name === 'w:br' || name === 'w:cr') && !closing) paragraph += tableDepth > 0 ? ' ' : '\n';
    else if (name === 'w:numId' && !closing) numId = attr(attrs, 'w:val');
    else if (name === 'w:gridSpan' && !closing && tableDepth === 1)
      span = Math.max(1, Number(attr(attrs, 'w:val') ?? 1));
    else if (name === 'w:vMerge' && !closing && tableDepth === 1)
      vMerge = attr(attrs, 'w:val') === 'restart' ? 'restart' : 'continue';
    else if (name === 'w:ilvl' && !closing) ilvl = Number(attr(attrs, 'w:val') ?? 0);
    else if (name === 'w:p' && !closing && !selfClosing) {
      paragraph = '';
      numId = undefined;
      ilvl = 0;
    } else if (name === 'w:p' && closing) {
      const text = label(numId, ilvl) + paragraph;
      if (tableDepth > 0) cellParagraphs.push(text.trim());
      else lines.push(text);
    } else if (name === 'w:tbl') tableDepth += closing ? -1 : 1;
    else if (name === 'w:tc' && !closing && tableDepth === 1) {
      cellParagraphs = [];
      span = 1;
      vMerge = null;
    } else if (name === 'w:tc' && closing && tableDepth === 1) {
      // Several paragraphs in one cell are usually several names or sentences: keep them apart.
      const own = cellParagraphs
        .filter(Boolean)
        .reduce((acc, p) => (acc && !/[。；，、]$/.test(acc) ? `${acc}；${p}` : acc + p), '');
      const text = vMerge === 'continue' && own === '' ? (aboveRow[rowCells.length] ?? '') : own;
      rowCells.push(text);
      for (let i = 1; i < span; i++) rowCells.push('');
    } else if (name === 'w:tr' && !closing && tableDepth === 1) rowCells = [];
    else if (name === 'w:tr' && closing && tableDepth === 1) {
      lines.push(rowCells.join('\t'));
      aboveRow = rowCells;
    }
  }
  return lines.join('\n');
}

/** `fileName` names the file in a refusal (a zip bomb's message says which upload it was). */
export function docxToText(bytes: Uint8Array, fileName = '该文件'): string {
  const parts = readZipTextEntries(bytes, ['word/document.xml', 'word/numbering.xml'], OFFICE_ZIP_LIMITS, fileName);
  const documentXml = parts?.get('word/document.xml');
  if (!parts || documentXml === undefined) {
    throw new AppError(
      'UNPROCESSABLE_DOCUMENT',
      '该 Word 文件已损坏或不是有效的 .docx 文件。请用 Word 或 WPS 打开后另存为 .docx 再上传。',
    );
  }
  return documentXmlToText(documentXml, parts.get('word/numbering.xml'));
}
