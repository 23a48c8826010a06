/**
 * A new exceljs workbook, for every .xlsx the server reads or writes. The library is loaded at the first call, not when
 * the server starts: loaded at start it stayed on the event loop's heap for the server's whole life, with the other
 * libraries of document files (docs/ARCHITECTURE.md; `architecture.test.ts` keeps them out of static imports).
 */
import type ExcelJS from 'exceljs';

export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const { Workbook } = (await import('exceljs')).default;
  return new Workbook();
}
