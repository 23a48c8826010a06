import * as XLSX from '@e965/xlsx';
import { AppError } from '../../../../shared/errors.ts';
import { decodeText } from './decode-text.ts';
import { rowsToText } from './table-rows.ts';

/**
 * Task tables circulated as spreadsheets (.xlsx, .xls, WPS .et, .csv) → one tab-separated line per row, sheet after
 * sheet. A vertically merged cell (a grouping column, a unit shared by several rows) speaks for every row it spans,
 * so its value is repeated; a horizontally merged one (a heading across the table) stays one cell.
 */

function sheetRows(sheet: XLSX.WorkSheet): string[][] {
  const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: false, defval: '', blankrows: false });
  const grid = rows.map((row) => row.map((v) => (v === null || v === undefined ? '' : String(v))));
  for (const merge of sheet['!merges'] ?? []) {
    const value = grid[merge.s.r]?.[merge.s.c] ?? '';
    for (let r = merge.s.r; r <= merge.e.r; r++) {
      const row = grid[r];
      if (!row) continue;
      for (let c = merge.s.c; c <= merge.e.c; c++) {
        if (r === merge.s.r && c === merge.s.c) continue;
        // Across one row the heading is written once; down a column it belongs to every row.
        row[c] = c === merge.s.c ? value : '';
      }
    }
  }
  return grid;
}

function workbookToText(workbook: XLSX.WorkBook): string {
  return workbook.SheetNames.map((name) => workbook.Sheets[name])
    .filter((sheet): sheet is XLSX.WorkSheet => sheet !== undefined && !(sheet['!type'] === 'chart'))
    .map((sheet) => rowsToText(sheetRows(sheet)))
    .filter(Boolean)
    .join('\n');
}

export const SPREADSHEET_BROKEN = '该表格文件已损坏或无法读取。请用 Excel 或 WPS 打开后另存为 .xlsx 再上传。';

/** .xlsx, .xls and .et (the same binary formats under WPS's name). */
export function spreadsheetToText(bytes: Uint8Array): string {
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(bytes, {
      type: 'array',
      cellFormula: false,
      cellHTML: false,
      cellStyles: false,
      dense: false,
    });
  } catch (error) {
    if (error instanceof Error && /password|encrypt/i.test(error.message)) {
      throw new AppError(
        'UNPROCESSABLE_DOCUMENT',
        '该表格文件设置了打开密码，无法读取。请在 Excel 或 WPS 中取消密码后另存为 .xlsx 再上传。',
      );
    }
    throw new AppError('UNPROCESSABLE_DOCUMENT', SPREADSHEET_BROKEN);
  }
  return workbookToText(workbook);
}

/** .csv in whatever encoding the office saved it (Excel on Chinese Windows writes GBK). */
export function csvToText(bytes: Uint8Array): { text: string; encoding: string } {
  const decoded = decodeText(bytes);
  const workbook = XLSX.read(decoded.text, { type: 'string', raw: true });
  return { text: workbookToText(workbook), encoding: decoded.encoding };
}
