import { AppError } from '../../../../shared/errors.ts';
import type { TOutlinePreview, TProjectKind } from '../../../../shared/compilation.ts';
import { decodeText } from '../../workplan/extract/decode-text.ts';
import { readZipTextEntries } from '../../workplan/extract/read-zip.ts';
import { parseOutlineLines, parseOutlineTable, textToOutlineLines, type OutlineLine } from './parse-outline.ts';
import { toChineseNumeral } from './numbering.ts';
import { newWorkbook } from '../../../platform/workbook.ts';

/**
 * Uploaded outline → preview. The format is judged from the bytes (a renamed file still works): .docx (heading and TOC
 * styles, outline levels, indentation, automatic numbering written out, tables), .xlsx (level columns, or one column
 * with cell indentation), text in any common Chinese encoding. No database, no network.
 */

const XML_ENTITY = /&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
function decodeXml(text: string): string {
  return text.replace(XML_ENTITY, (_, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
  });
}

interface StyleInfo {
  level: number | null;
  basedOn: string | null;
}

/** styleId → heading level: `heading N`, `标题 N`, `toc N`, `目录 N`, or an outline level in the style. */
function readStyles(xml: string | undefined): Map<string, StyleInfo> {
  const styles = new Map<string, StyleInfo>();
  if (!xml) return styles;
  for (const m of xml.matchAll(/<w:style\b[^>]*w:styleId="([^"]+)"[^>]*>([\s\S]*?)<\/w:style>/g)) {
    const body = m[2] as string;
    const name = decodeXml(/<w:name w:val="([^"]*)"/.exec(body)?.[1] ?? '').toLowerCase();
    const byName = /^(?:heading|标题|toc|目录)\s*(\d)$/.exec(name);
    const outline = /<w:outlineLvl w:val="(\d)"/.exec(body);
    const level = byName ? Number(byName[1]) : outline ? Number(outline[1]) + 1 : null;
    styles.set(m[1] as string, {
      level: level !== null && level <= 9 ? level : null,
      basedOn: /<w:basedOn w:val="([^"]+)"/.exec(body)?.[1] ?? null,
    });
  }
  return styles;
}

function styleLevel(styles: Map<string, StyleInfo>, id: string | undefined): number | null {
  let current = id;
  for (let i = 0; current && i < 10; i++) {
    const s = styles.get(current);
    if (!s) return /^(?:heading|标题)?(\d)$/i.test(current) ? Number(/(\d)$/.exec(current)?.[1]) : null;
    if (s.level !== null) return s.level;
    current = s.basedOn ?? undefined;
  }
  return null;
}

interface NumLevel {
  start: number;
  format: string;
  text: string;
}

function readNumbering(xml: string | undefined): (numId: string, ilvl: number) => string {
  const abstract = new Map<string, Map<number, NumLevel>>();
  const nums = new Map<string, string>();
  if (xml) {
    for (const m of xml.matchAll(/<w:abstractNum\b[^>]*w:abstractNumId="(\d+)"[^>]*>([\s\S]*?)<\/w:abstractNum>/g)) {
      const levels = new Map<number, NumLevel>();
      for (const l of (m[2] as string).matchAll(/<w:lvl\b[^>]*w:ilvl="(\d+)"[^>]*>([\s\S]*?)<\/w:lvl>/g)) {
        const b = l[2] as string;
        levels.set(Number(l[1]), {
          start: Number(/<w:start w:val="(\d+)"/.exec(b)?.[1] ?? 1),
          format: /<w:numFmt w:val="([^"]+)"/.exec(b)?.[1] ?? 'decimal',
          text: decodeXml(/<w:lvlText w:val="([^"]*)"/.exec(b)?.[1] ?? ''),
        });
      }
      abstract.set(m[1] as string, levels);
    }
    for (const m of xml.matchAll(/<w:num\b[^>]*w:numId="(\d+)"[^>]*>[\s\S]*?<w:abstractNumId w:val="(\d+)"/g))
      nums.set(m[1] as string, m[2] as string);
  }
  const counters = new Map<string, number[]>();
  const fmt = (n: number, format: string) =>
    /^(chinese|ideograph|taiwanese|japanese)/.test(format)
      ? toChineseNumeral(n)
      : /^decimalEnclosedCircle/.test(format) && n <= 20
        ? String.fromCharCode(0x2460 + n - 1)
        : String(n);
  return (numId, ilvl) => {
    const aid = nums.get(numId);
    const levels = aid ? abstract.get(aid) : undefined;
    const level = levels?.get(ilvl);
    if (!aid || !levels || !level || level.format === 'bullet' || level.format === 'none') return '';
    const counts = counters.get(aid) ?? [];
    counts[ilvl] = counts[ilvl] === undefined ? level.start : (counts[ilvl] as number) + 1;
    counts.length = ilvl + 1;
    counters.set(aid, counts);
    return level.text.replace(/%(\d)/g, (_, k: string) =>
      fmt(
        counts[Number(k) - 1] ?? levels.get(Number(k) - 1)?.start ?? 1,
        levels.get(Number(k) - 1)?.format ?? 'decimal',
      ),
    );
  };
}

function paragraphText(p: string): string {
  let out = '';
  for (const m of p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<w:br\/>/g))
    out += m[1] !== undefined ? decodeXml(m[1]) : m[0] === '<w:tab/>' ? '\t' : ' ';
  return out;
}

/** A .docx outline: paragraphs (with style level, indentation, numbering label) and, if the outline is a table, its rows. */
export function readDocxOutline(bytes: Uint8Array): { lines: OutlineLine[]; rows: string[][] } {
  const parts = readZipTextEntries(bytes, ['word/document.xml', 'word/styles.xml', 'word/numbering.xml']);
  const doc = parts?.get('word/document.xml');
  if (!parts || doc === undefined)
    throw new AppError(
      'UNPROCESSABLE_DOCUMENT',
      '该 Word 文件已损坏或不是有效的 .docx 文件。请用 Word 或 WPS 打开后另存为 .docx 再上传。',
    );
  const styles = readStyles(parts.get('word/styles.xml'));
  const label = readNumbering(parts.get('word/numbering.xml'));
  const body = doc.replace(/<w:tbl\b[^>]*>[\s\S]*?<\/w:tbl>/g, '');
  const lines: OutlineLine[] = [];
  let n = 0;
  for (const m of body.matchAll(/<w:p(?:\s[^>]*[^/>])?\/>|<w:p(?:\s[^>]*[^/])?>([\s\S]*?)<\/w:p>/g)) {
    const p = m[1] ?? '';
    n++;
    const pPr = /<w:pPr>([\s\S]*?)<\/w:pPr>/.exec(p)?.[1] ?? '';
    const styleId = /<w:pStyle w:val="([^"]+)"/.exec(pPr)?.[1];
    const outline = /<w:outlineLvl w:val="(\d)"/.exec(pPr);
    const level = outline && Number(outline[1]) < 9 ? Number(outline[1]) + 1 : styleLevel(styles, styleId);
    const ind = /<w:ind\b([^>]*)\/?>/.exec(pPr)?.[1] ?? '';
    const leftChars = /w:(?:left|start)Chars="(-?\d+)"/.exec(ind);
    const left = /w:(?:left|start)="(-?\d+)"/.exec(ind);
    const indent = leftChars ? Number(leftChars[1]) * 2.1 : left ? Number(left[1]) : 0;
    const numId = /<w:numId w:val="(\d+)"/.exec(pPr)?.[1];
    const ilvl = Number(/<w:ilvl w:val="(\d+)"/.exec(pPr)?.[1] ?? 0);
    const prefix = numId && numId !== '0' ? label(numId, ilvl) : '';
    const text = prefix + paragraphText(p);
    // Automatic list levels count as indentation when nothing else distinguishes the lines.
    lines.push({ text, line: n, styleLevel: level, indent: Math.round(indent / 100) + (numId ? ilvl * 4 : 0) });
  }
  const rows: string[][] = [];
  for (const t of doc.matchAll(/<w:tbl\b[^>]*>([\s\S]*?)<\/w:tbl>/g)) {
    for (const r of (t[1] as string).matchAll(/<w:tr\b[^>]*>([\s\S]*?)<\/w:tr>/g)) {
      rows.push(
        [...(r[1] as string).matchAll(/<w:tc\b[^>]*>([\s\S]*?)<\/w:tc>/g)].map((c) =>
          [...(c[1] as string).matchAll(/<w:p(?:\s[^>]*[^/])?>([\s\S]*?)<\/w:p>/g)]
            .map((p) => paragraphText(p[1] as string))
            .join('')
            .trim(),
        ),
      );
    }
  }
  return { lines, rows };
}

/** The first sheet with content: rows of cell text, and each cell's indentation for one-column outlines. */
export async function readXlsxOutline(bytes: Uint8Array): Promise<{ rows: string[][]; lines: OutlineLine[] }> {
  const wb = await newWorkbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw new AppError(
      'UNPROCESSABLE_DOCUMENT',
      '该 Excel 文件已损坏或不是有效的 .xlsx 文件。请用 Excel 或 WPS 打开后另存为 .xlsx 再上传。',
    );
  }
  const sheet = wb.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) return { rows: [], lines: [] };
  const rows: string[][] = [];
  const lines: OutlineLine[] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    let first: { text: string; col: number; indent: number } | null = null;
    for (let col = 1; col <= sheet.columnCount; col++) {
      const cell = row.getCell(col);
      const text = (cell.text ?? '').toString();
      cells.push(text);
      if (!first && text.trim()) first = { text, col, indent: cell.alignment?.indent ?? 0 };
    }
    rows[rowNumber - 1] = cells;
    if (first) lines.push({ text: first.text, line: rowNumber, indent: (first.col - 1) * 10 + first.indent });
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return { rows, lines };
}

function zipKind(bytes: Uint8Array): 'docx' | 'xlsx' | null {
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) return null;
  const parts = readZipTextEntries(bytes, ['word/document.xml', 'xl/workbook.xml']);
  if (parts?.get('word/document.xml') !== undefined) return 'docx';
  if (parts?.get('xl/workbook.xml') !== undefined) return 'xlsx';
  return null;
}

/** Reads an uploaded outline and parses it. Refuses formats it cannot read with a message saying what to upload. */
export async function previewOutlineFile(
  bytes: Uint8Array,
  fileName: string,
  kind: TProjectKind,
): Promise<TOutlinePreview> {
  if (bytes.length === 0)
    throw new AppError('UNPROCESSABLE_DOCUMENT', `“${fileName}”是空文件，请选择篇目文件后重新上传。`);
  const zip = zipKind(bytes);
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf) {
    throw new AppError(
      'UNSUPPORTED_FILE',
      `“${fileName}”是旧版 Word/Excel 格式（.doc/.xls），请用 Word、Excel 或 WPS 另存为 .docx 或 .xlsx 后上传。`,
    );
  }
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46) {
    throw new AppError(
      'UNSUPPORTED_FILE',
      `“${fileName}”是 PDF。篇目请上传 .docx、.xlsx 或 .txt 文件；只有 PDF 的，可复制目录文字粘贴到文本文件中上传。`,
    );
  }
  if (zip === 'docx') {
    const { lines, rows } = readDocxOutline(bytes);
    const headingLines = lines.filter((l) => l.text.trim());
    // An outline laid out as a table (类目 | 分目 | 条目) in Word: the table wins when the paragraphs are only a title.
    if (rows.length >= 2 && headingLines.length <= 3) {
      const table = parseOutlineTable(rows, kind);
      if (table) return table;
    }
    return parseOutlineLines(lines, kind);
  }
  if (zip === 'xlsx') {
    const { rows, lines } = await readXlsxOutline(bytes);
    return parseOutlineTable(rows, kind) ?? parseOutlineLines(lines, kind);
  }
  if (zip === null && bytes[0] === 0x50 && bytes[1] === 0x4b) {
    throw new AppError(
      'UNSUPPORTED_FILE',
      `“${fileName}”是压缩包而不是 Word 或 Excel 文件，请解压后上传其中的篇目文件。`,
    );
  }
  const { text } = decodeText(bytes);
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text.slice(0, 2000))) {
    throw new AppError('UNSUPPORTED_FILE', `无法识别“${fileName}”的格式。篇目请上传 .docx、.xlsx 或 .txt 文件。`);
  }
  return parseOutlineLines(textToOutlineLines(text), kind);
}
