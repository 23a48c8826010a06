import type ExcelJS from 'exceljs';
import { FIELD_TYPE_LABELS, type TFormDefinition, type TValue } from '../../../shared/datareports.ts';
import { neutralizeFormula } from '../../../shared/spreadsheet-safe.ts';
import { newWorkbook } from '../../platform/workbook.ts';

/**
 * The .xlsx an office downloads, fills and uploads: generated from the form definition (one row per field, the value in
 * column D, Excel's own data validation for numbers, dates and options), with the field keys in hidden column G so a
 * re-ordered or re-titled sheet still reads back. Reading names every cell it cannot use.
 */
export const SHEET = '资料年报';
const VALUE_COL = 'D';
const KEY_COL = 7;
const FIRST_ROW = 5;

export async function writeReportTemplate(
  def: TFormDefinition,
  meta: { title: string; year: number; unitName: string | null; deadline: string },
  values: Record<string, TValue> = {},
): Promise<Buffer> {
  const wb = await newWorkbook();
  const ws = wb.addWorksheet(SHEET, { pageSetup: { paperSize: 9, fitToPage: true, fitToWidth: 1 } });
  ws.columns = [
    { width: 6 },
    { width: 36 },
    { width: 10 },
    { width: 18 },
    { width: 10 },
    { width: 40 },
    { width: 12, hidden: true },
  ];
  ws.mergeCells('A1:F1');
  ws.getCell('A1').value = neutralizeFormula(meta.title);
  ws.getCell('A1').font = { size: 15, bold: true };
  ws.getCell('A2').value = neutralizeFormula(
    `填报单位：${meta.unitName ?? '（请填写）'}    年度：${meta.year}    截止日期：${meta.deadline}`,
  );
  ws.getCell('A3').value = '只在 D 列填写数值；没有的请填 0。请勿修改其他列，G 列为系统使用的隐藏列。';
  ws.getCell('A3').font = { italic: true, color: { argb: 'FF888888' } };
  const header = ws.getRow(FIRST_ROW - 1);
  header.values = ['序号', '指标', '计量单位', '填报值', '类型', '说明', 'key'];
  header.font = { bold: true };
  def.fields.forEach((f, i) => {
    const r = FIRST_ROW + i;
    const row = ws.getRow(r);
    row.values = [
      i + 1,
      neutralizeFormula(`${f.section ? `${f.section}：` : ''}${f.label}`),
      f.unit ?? '',
      values[f.key] ?? null,
      FIELD_TYPE_LABELS[f.type],
      neutralizeFormula(
        [
          f.required ? '必填' : '选填',
          f.min !== null ? `≥ ${f.min}` : null,
          f.max !== null ? `≤ ${f.max}` : null,
          f.type === 'choice' ? `可选：${f.options.join('/')}` : null,
          f.help,
        ]
          .filter(Boolean)
          .join('；'),
      ),
      f.key,
    ];
    const cell = ws.getCell(`${VALUE_COL}${r}`);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF7E6' } };
    if (f.type === 'integer' || f.type === 'number') {
      cell.dataValidation = {
        type: f.type === 'integer' ? 'whole' : 'decimal',
        operator: 'between',
        allowBlank: !f.required,
        formulae: [f.min ?? -1e12, f.max ?? 1e12],
        showErrorMessage: true,
        errorTitle: '数值不正确',
        error: `请填写${FIELD_TYPE_LABELS[f.type]}${f.min !== null ? `，不小于 ${f.min}` : ''}${f.max !== null ? `，不大于 ${f.max}` : ''}`,
      };
    } else if (f.type === 'choice') {
      cell.dataValidation = {
        type: 'list',
        allowBlank: !f.required,
        formulae: [`"${f.options.join(',')}"`],
        showErrorMessage: true,
        error: `请选择：${f.options.join('、')}`,
      };
    }
  });
  const noteRow = FIRST_ROW + def.fields.length + 1;
  ws.getCell(`B${noteRow}`).value = '填报说明（同比变化较大时请写明原因）';
  ws.getCell(`G${noteRow}`).value = '__note__';
  ws.mergeCells(`D${noteRow}:F${noteRow}`);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function cellValue(v: ExcelJS.CellValue): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('result' in v) return v.result ?? null;
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return v.text;
    if ('error' in v) return String(v.error);
    return null;
  }
  return v;
}

export interface ReadWorkbook {
  raw: Record<string, unknown>;
  note: string | null;
  cellOf: (key: string) => string | null;
  /** Problems with the file itself (not a template of this form, fields missing). */
  problems: string[];
}

export async function readReportWorkbook(bytes: Uint8Array, def: TFormDefinition): Promise<ReadWorkbook> {
  const wb = await newWorkbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw new Error('无法读取该文件：请上传从本系统下载的 .xlsx 年报表（旧的 .xls 请先另存为 .xlsx）');
  }
  const ws = wb.getWorksheet(SHEET) ?? wb.worksheets[0];
  if (!ws) throw new Error('文件中没有工作表');
  const rowOf = new Map<string, number>();
  ws.eachRow((row, r) => {
    const key = cellValue(row.getCell(KEY_COL).value);
    if (typeof key === 'string' && key) rowOf.set(key.trim(), r);
  });
  const problems: string[] = [];
  const missing = def.fields.filter((f) => !rowOf.has(f.key));
  if (rowOf.size === 0)
    problems.push(`工作表“${ws.name}”不是本年报的模板（找不到 G 列的字段标识），请重新下载模板填写`);
  else if (missing.length > 0)
    problems.push(
      `工作表“${ws.name}”缺少 ${missing.map((f) => `“${f.label}”`).join('、')} 所在的行，请使用本次年报的模板`,
    );
  const raw: Record<string, unknown> = {};
  for (const f of def.fields) {
    const r = rowOf.get(f.key);
    if (r) raw[f.key] = cellValue(ws.getCell(`${VALUE_COL}${r}`).value);
  }
  const noteRow = rowOf.get('__note__');
  const note = noteRow ? cellValue(ws.getCell(`${VALUE_COL}${noteRow}`).value) : null;
  return {
    raw,
    note: typeof note === 'string' && note.trim() ? note.trim() : null,
    cellOf: (key) => (rowOf.has(key) ? `工作表“${ws.name}” ${VALUE_COL}${rowOf.get(key)}` : null),
    problems,
  };
}
