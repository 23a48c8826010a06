/** KWIC concordance as a spreadsheet (exceljs) or CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese). */
import type { TKwicRow } from '../../../shared/gazetteer.ts';
import { neutralizeFormula } from '../../../shared/spreadsheet-safe.ts';
import { newWorkbook } from '../../platform/workbook.ts';

const HEADER = ['书名', '章节', '出处', '左文', '检索词', '右文', '永久链接'];

/** The permalink of a row's line on the server at `origin`. */
export function kwicPermalink(r: TKwicRow, origin: string): string {
  return `${origin}/library/books/${r.bookId}/sections/${r.sectionOrdinal}#l-${r.lineId}`;
}

function toCells(r: TKwicRow, origin: string): string[] {
  return [r.bookTitle, r.sectionTitle, r.anchor ?? '', r.left, r.keyword, r.right]
    .map(neutralizeFormula)
    .concat(kwicPermalink(r, origin));
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function formatKwicRowsCsv(rows: readonly TKwicRow[], origin: string): string {
  const lines = [HEADER, ...rows.map((r) => toCells(r, origin))].map((cells) => cells.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function formatKwicRowsXlsx(
  rows: readonly TKwicRow[],
  query: string,
  origin: string,
): Promise<Uint8Array> {
  const workbook = await newWorkbook();
  workbook.creator = '方志 Fangzhi';
  const sheet = workbook.addWorksheet('KWIC');
  sheet.addRow([`检索式：${neutralizeFormula(query)}`, `共 ${rows.length} 行`]);
  sheet.addRow(HEADER).font = { bold: true };
  for (const r of rows) {
    const row = sheet.addRow(toCells(r, origin));
    const link = kwicPermalink(r, origin);
    row.getCell(7).value = { text: link, hyperlink: link };
  }
  sheet.columns = [
    { width: 20 },
    { width: 14 },
    { width: 22 },
    { width: 30 },
    { width: 10 },
    { width: 30 },
    { width: 50 },
  ];
  sheet.getColumn(4).alignment = { horizontal: 'right' };
  sheet.getColumn(5).font = { bold: true, color: { argb: 'FF8C2F1B' } };
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
