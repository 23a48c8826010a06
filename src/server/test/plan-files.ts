import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import iconv from 'iconv-lite';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, VerticalMergeType } from 'docx';

/**
 * Test-only builders that turn one of our fixture texts (tab-separated lines are table rows) into the binary forms
 * offices send: a .docx with real table cells (a repeated grouping value merged down, a heading row merged across),
 * an .xlsx with the same merges, an OFD package laid out on pages, and a GBK .csv.
 */

interface Block {
  kind: 'paragraph' | 'table';
  lines: string[];
}

function blocks(text: string): Block[] {
  const out: Block[] = [];
  for (const line of text.split('\n').filter((l) => l.trim().length > 0)) {
    const kind = line.includes('\t') ? 'table' : 'paragraph';
    const last = out[out.length - 1];
    if (last && last.kind === kind && kind === 'table') last.lines.push(line);
    else out.push({ kind, lines: [line] });
  }
  return out;
}

/** Column of a table whose equal consecutive values are one merged cell (the grouping column), or -1. */
function groupColumn(rows: string[][]): number {
  const header = rows[0] ?? [];
  return header.findIndex((h) => /^(?:类别|工作任务|重点任务)$/.test(h));
}

function docxTable(lines: string[]): Table {
  const rows = lines.map((l) => l.split('\t'));
  const width = Math.max(...rows.map((r) => r.length));
  const group = groupColumn(rows);
  return new Table({
    rows: rows.map((cells, r) => {
      const filled = cells.filter((c) => c.trim());
      if (filled.length === 1 && r > 0) {
        return new TableRow({
          children: [new TableCell({ columnSpan: width, children: [new Paragraph(filled[0]!)] })],
        });
      }
      return new TableRow({
        children: Array.from({ length: width }, (_, c) => {
          const value = cells[c] ?? '';
          const above = rows[r - 1]?.[c];
          const below = rows[r + 1]?.[c];
          if (c === group && r > 0 && value && value === above) {
            return new TableCell({ verticalMerge: VerticalMergeType.CONTINUE, children: [new Paragraph('')] });
          }
          const restart = c === group && r > 0 && value && value === below;
          return new TableCell({
            ...(restart ? { verticalMerge: VerticalMergeType.RESTART } : {}),
            children: [new Paragraph({ children: [new TextRun(value)] })],
          });
        }),
      });
    }),
  });
}

export async function buildDocx(text: string): Promise<Uint8Array> {
  const children = blocks(text).flatMap((b) =>
    b.kind === 'table'
      ? [docxTable(b.lines), new Paragraph('')]
      : b.lines.map((l) => new Paragraph({ children: [new TextRun(l)] })),
  );
  return new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children }] })));
}

/** Paragraph lines go in column A; table rows fill the columns; grouping values are merged down. */
export async function buildXlsx(text: string): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('任务分解表');
  for (const block of blocks(text)) {
    const rows = block.lines.map((l) => l.split('\t'));
    const group = block.kind === 'table' ? groupColumn(rows) : -1;
    const first = sheet.rowCount + 1;
    rows.forEach((cells) => sheet.addRow(cells));
    if (group >= 0) {
      let start = 1;
      for (let r = 1; r <= rows.length; r++) {
        if (r === rows.length || rows[r]?.[group] !== rows[start]?.[group]) {
          if (r - 1 > start) sheet.mergeCells(first + start, group + 1, first + r - 1, group + 1);
          start = r;
        }
      }
    }
  }
  return new Uint8Array(await book.xlsx.writeBuffer());
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * An OFD package: paragraphs wrapped at `wrap` characters per printed line, table cells placed in columns, 28 lines
 * a page, TextObjects written in a shuffled order (reading order must come from the positions, not the XML).
 */
export async function buildOfd(text: string, wrap = 34): Promise<Uint8Array> {
  const size = 4.2;
  const printed: { x: number; text: string }[][] = [];
  for (const block of blocks(text)) {
    for (const line of block.lines) {
      if (block.kind === 'table') {
        // Columns as wide as their longest cell, 12 mm apart.
        const rows = block.lines.map((l) => l.split('\t'));
        const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)) * size + 12);
        const xs = widths.map((_, c) => 20 + widths.slice(0, c).reduce((a, b) => a + b, 0));
        printed.push(
          line
            .split('\t')
            .map((cell, c) => ({ x: xs[c] ?? 20, text: cell }))
            .filter((r) => r.text),
        );
      } else {
        for (let i = 0; i < line.length; i += wrap) printed.push([{ x: 20, text: line.slice(i, i + wrap) }]);
      }
    }
  }
  const zip = new JSZip();
  zip.file(
    'OFD.xml',
    `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>test</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
  );
  const pages: string[] = [];
  let id = 10;
  for (let p = 0; p * 28 < printed.length; p++) {
    const objects: string[] = [];
    printed.slice(p * 28, p * 28 + 28).forEach((runs, i) => {
      for (const run of runs) {
        const y = 30 + i * 8;
        const w = [...run.text].length * size;
        objects.push(
          `<ofd:TextObject ID="${id++}" Boundary="${run.x} ${y} ${w} ${size * 1.4}" Font="1" Size="${size}"><ofd:TextCode X="0" Y="${size}" DeltaX="g ${[...run.text].length - 1} ${size}">${esc(run.text)}</ofd:TextCode></ofd:TextObject>`,
        );
      }
    });
    // Reverse the objects: a reader that follows XML order instead of positions would read the page backwards.
    zip.file(
      `Doc_0/Pages/Page_${p}/Content.xml`,
      `<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="${id++}">${objects.reverse().join('')}</ofd:Layer></ofd:Content></ofd:Page>`,
    );
    pages.push(`<ofd:Page ID="${p + 1}" BaseLoc="Pages/Page_${p}/Content.xml"/>`);
  }
  zip.file(
    'Doc_0/Document.xml',
    `<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData><ofd:MaxUnitID>${id}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>${pages.join('')}</ofd:Pages></ofd:Document>`,
  );
  return new Uint8Array(await zip.generateAsync({ type: 'uint8array' }));
}

/** An OFD whose only page holds an image: a scan without a text layer. */
export async function buildImageOnlyOfd(): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(
    'OFD.xml',
    `<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
  );
  zip.file(
    'Doc_0/Document.xml',
    `<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>`,
  );
  zip.file(
    'Doc_0/Pages/Page_0/Content.xml',
    `<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="2"><ofd:ImageObject ID="3" Boundary="0 0 210 297" ResourceID="4"/></ofd:Layer></ofd:Content></ofd:Page>`,
  );
  return new Uint8Array(await zip.generateAsync({ type: 'uint8array' }));
}

/** A .csv as Excel on Chinese Windows saves it: GBK, commas, quoted cells. */
export function buildGbkCsv(text: string): Uint8Array {
  const csv = text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) =>
      l
        .split('\t')
        .map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c))
        .join(','),
    )
    .join('\r\n');
  return new Uint8Array(iconv.encode(csv, 'gbk'));
}
