import type ExcelJS from 'exceljs';
import { neutralizeFormula } from '../../../shared/spreadsheet-safe.ts';
import type { THoldingRecordValues } from '../../../shared/library.ts';
import { newWorkbook } from '../../platform/workbook.ts';

/**
 * The holdings spreadsheet: one row per record, copies in the 条码号 column (several separated by ；、, or blanks) or
 * as a 复本数 when barcodes are to be assigned. Columns are found by their header wherever they are, under the names
 * people use for them (题名/书名/正题名 …), so a sheet exported from another catalogue imports without re-arranging.
 */

export const XLSX_COLUMNS = [
  { key: 'type', header: '文献类型', aliases: ['类型', '资料类型'] },
  { key: 'title', header: '题名', aliases: ['书名', '正题名', '名称', '刊名'] },
  { key: 'otherTitle', header: '副题名', aliases: ['其他题名'] },
  { key: 'responsibility', header: '责任者', aliases: ['著者', '主编', '作者'] },
  { key: 'compilingBody', header: '编纂单位', aliases: ['编纂机构', '编者单位', '编纂者'] },
  { key: 'areas', header: '地区', aliases: ['行政区划代码', '区划代码', '所属地区', '记述地域'] },
  { key: 'periodStart', header: '断限起', aliases: ['上限', '断限上限'] },
  { key: 'periodEnd', header: '断限止', aliases: ['下限', '断限下限'] },
  { key: 'round', header: '修志轮次', aliases: ['轮次'] },
  { key: 'edition', header: '版次', aliases: ['版本'] },
  { key: 'publisher', header: '出版者', aliases: ['出版社', '出版单位'] },
  { key: 'pubPlace', header: '出版地', aliases: [] },
  { key: 'pubYear', header: '出版年', aliases: ['出版年份', '出版时间'] },
  { key: 'extent', header: '载体形态', aliases: ['页数', '册数', '开本'] },
  { key: 'series', header: '丛书', aliases: ['丛书名'] },
  { key: 'isbn', header: 'ISBN', aliases: ['书号', '国际标准书号'] },
  { key: 'cip', header: 'CIP核字号', aliases: ['CIP', 'CIP数据核字号'] },
  { key: 'clc', header: '中图法分类号', aliases: ['分类号', '中图分类号'] },
  { key: 'subjects', header: '主题词', aliases: ['主题'] },
  { key: 'note', header: '附注', aliases: ['备注'] },
  { key: 'issue', header: '期号', aliases: ['年期', '卷期'] },
  { key: 'barcodes', header: '条码号', aliases: ['条码', '登录号'] },
  { key: 'copies', header: '复本数', aliases: ['册数（复本）', '复本'] },
  { key: 'location', header: '馆藏位置', aliases: ['排架号', '索书号', '位置'] },
  { key: 'acquisition', header: '入藏方式', aliases: ['来源'] },
  { key: 'acquiredOn', header: '入藏日期', aliases: ['登到日期', '入藏时间'] },
  { key: 'holder', header: '收藏单位', aliases: ['馆藏单位'] },
] as const;
type ColumnKey = (typeof XLSX_COLUMNS)[number]['key'];

export interface SheetRow {
  /** `工作表“馆藏” 第 5 行` */
  source: string;
  /** The cell address of each column in this row, for error messages (`D5`). */
  cell: (key: ColumnKey) => string;
  get: (key: ColumnKey) => string | null;
}

const normHeader = (s: string) => s.replace(/[\s（）()*＊：:]/g, '').toUpperCase();

function cellText(v: ExcelJS.CellValue): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v)
      return (
        v.richText
          .map((r) => r.text)
          .join('')
          .trim() || null
      );
    if ('text' in v && typeof v.text === 'string') return v.text.trim() || null;
    if ('result' in v)
      return v.result === undefined || v.result === null ? null : cellText(v.result as ExcelJS.CellValue);
    return null;
  }
  const s = String(v).trim();
  return s ? s : null;
}

/** Reads every sheet that has a 题名 header; rows without a title and without barcodes are blank and skipped. */
export async function readHoldingsWorkbook(bytes: Uint8Array): Promise<SheetRow[]> {
  const wb = await newWorkbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw new Error('无法读取该 Excel 文件：请确认是 .xlsx 格式（旧的 .xls 请先在 Excel 或 WPS 中另存为 .xlsx）');
  }
  const rows: SheetRow[] = [];
  let sawHeader = false;
  wb.eachSheet((ws) => {
    let headerRow = 0;
    const colOf = new Map<ColumnKey, number>();
    for (let r = 1; r <= Math.min(ws.rowCount, 10) && headerRow === 0; r++) {
      const row = ws.getRow(r);
      row.eachCell((cell, col) => {
        const h = normHeader(cellText(cell.value) ?? '');
        const hit = XLSX_COLUMNS.find((c) => normHeader(c.header) === h || c.aliases.some((a) => normHeader(a) === h));
        if (hit && !colOf.has(hit.key)) colOf.set(hit.key, col);
      });
      if (colOf.has('title')) headerRow = r;
      else colOf.clear();
    }
    if (!headerRow) return;
    sawHeader = true;
    for (let r = headerRow + 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const get = (key: ColumnKey) => {
        const col = colOf.get(key);
        return col ? cellText(row.getCell(col).value) : null;
      };
      if (!get('title') && !get('barcodes') && !get('isbn')) continue;
      rows.push({
        source: `工作表“${ws.name}” 第 ${r} 行`,
        cell: (key) => {
          const col = colOf.get(key);
          return col
            ? `${ws.getColumn(col).letter}${r}`
            : `${r} 行（缺“${XLSX_COLUMNS.find((c) => c.key === key)!.header}”列）`;
        },
        get,
      });
    }
  });
  if (!sawHeader)
    throw new Error('没有找到表头：请在前 10 行内放一行表头，至少包含“题名”列（可下载导出的馆藏表作为模板）');
  return rows;
}

export interface ExportRow {
  values: THoldingRecordValues;
  areaNames: string[];
  holder: string;
  barcodes: string[];
  location: string | null;
  acquisition: string | null;
  acquiredOn: string | null;
  issue: string | null;
}

/** One row per record and holding office; text cells are neutralised so none opens as a formula. */
export async function writeHoldingsWorkbook(rows: readonly ExportRow[]): Promise<Buffer> {
  const wb = await newWorkbook();
  const ws = wb.addWorksheet('馆藏');
  const keys = XLSX_COLUMNS.filter((c) => c.key !== 'copies');
  ws.columns = keys.map((c) => ({ header: c.header, key: c.key, width: c.key === 'title' ? 36 : 14 }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of rows) {
    const v = r.values;
    const cells: Record<string, string | number | null> = {
      type: v.type,
      title: v.title,
      otherTitle: v.otherTitle,
      responsibility: v.responsibility,
      compilingBody: v.compilingBody,
      areas: v.divisionCodes.join('；'),
      periodStart: v.periodStart,
      periodEnd: v.periodEnd,
      round: v.round,
      edition: v.edition,
      publisher: v.publisher,
      pubPlace: v.pubPlace,
      pubYear: v.pubYear,
      extent: v.extent,
      series: v.series,
      isbn: v.isbn,
      cip: v.cip,
      clc: v.clc,
      subjects: v.subjects.join('；'),
      note: v.note,
      issue: r.issue,
      barcodes: r.barcodes.join('；'),
      location: r.location,
      acquisition: r.acquisition,
      acquiredOn: r.acquiredOn,
      holder: r.holder,
    };
    ws.addRow(Object.fromEntries(Object.entries(cells).map(([k, val]) => [k, neutralizeFormula(val)])));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
