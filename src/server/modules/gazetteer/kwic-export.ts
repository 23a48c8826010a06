/** KWIC concordance as a spreadsheet (exceljs) or CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese). */
import ExcelJS from 'exceljs';
import type { TKwicRow } from '../../../shared/gazetteer.ts';
import { neutralizeFormula } from '../../../shared/spreadsheet-safe.ts';

const HEADER = ['书名', '章节', '页', '左文', '检索词', '右文'];

/** Every cell is text from the books or the reader's query: none may start a formula. */
function toCells(r: TKwicRow): string[] {
  return [r.bookTitle, r.sectionTitle, r.anchor ?? '', r.left, r.keyword, r.right].map(neutralizeFormula);
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function formatKwicRowsCsv(rows: readonly TKwicRow[]): string {
  const lines = [HEADER, ...rows.map(toCells)].map((cells) => cells.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function formatKwicRowsXlsx(rows: readonly TKwicRow[], query: string): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '方志 Fangzhi';
  const sheet = workbook.addWorksheet('KWIC');
  sheet.addRow([neutralizeFormula(`检索式：${query}`), `共 ${rows.length} 行`]);
  sheet.addRow(HEADER).font = { bold: true };
  for (const r of rows) sheet.addRow(toCells(r));
  sheet.columns = [{ width: 20 }, { width: 14 }, { width: 18 }, { width: 30 }, { width: 10 }, { width: 30 }];
  sheet.getColumn(4).alignment = { horizontal: 'right' };
  sheet.getColumn(5).font = { bold: true, color: { argb: 'FF8C2F1B' } };
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
