import { neutralizeFormula } from '../../../shared/spreadsheet-safe.ts';
import { newWorkbook } from '../../platform/workbook.ts';

export interface PackingList {
  number: string;
  sender: string;
  receiver: string;
  title: string;
  issue: string | null;
  isbn: string | null;
  quantity: number;
  sentOn: string;
}

/** 配送清单: one sheet per shipment, printable on A4, with a line for the receiving office to sign. */
export async function writePackingLists(lists: readonly PackingList[]): Promise<Buffer> {
  const wb = await newWorkbook();
  for (const p of lists) {
    const ws = wb.addWorksheet(p.receiver.slice(0, 28).replace(/[\\/?*[\]:]/g, '_') || p.number, {
      pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1 },
    });
    ws.columns = [{ width: 8 }, { width: 44 }, { width: 18 }, { width: 10 }];
    ws.mergeCells('A1:D1');
    ws.getCell('A1').value = '配送清单';
    ws.getCell('A1').font = { size: 16, bold: true };
    ws.getCell('A1').alignment = { horizontal: 'center' };
    ws.addRow(['编号', neutralizeFormula(p.number)]);
    ws.addRow(['发出', neutralizeFormula(p.sender)]);
    ws.addRow(['收件', neutralizeFormula(p.receiver)]);
    ws.addRow(['日期', p.sentOn]);
    ws.addRow([]);
    const header = ws.addRow(['序号', '题名', 'ISBN / 期号', '册数']);
    header.font = { bold: true };
    ws.addRow([1, neutralizeFormula(p.title), neutralizeFormula(p.issue ?? p.isbn ?? ''), p.quantity]);
    ws.addRow(['', '合计', '', p.quantity]).font = { bold: true };
    ws.addRow([]);
    ws.addRow(['', '收到后请在“方志馆 → 本单位”中确认签收；如有缺损请如实填写实收册数和说明。']);
    ws.addRow(['', '签收人：                    日期：']);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
