import ExcelJS from 'exceljs';

/** A holdings spreadsheet as an office would type it: headers in the office's own words, a title row above them. */
export async function holdingsSheet(
  rows: (string | number | null)[][],
  headers: string[],
  opts: { titleRow?: string; sheet?: string } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(opts.sheet ?? '馆藏');
  if (opts.titleRow) ws.addRow([opts.titleRow]);
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function upload(bytes: Uint8Array, fileName: string, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], fileName));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return form;
}
