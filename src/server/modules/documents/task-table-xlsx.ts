import { STATUS_LIGHT, TASK_STATUS_LABELS } from '../../../shared/supervision.ts';
import { formatOfficialDate } from './official-format.ts';
import type { PlanReportData, TaskReportData } from './plan-report-model.ts';
import { toChineseNumeral } from './progress-blocks.ts';
import { neutralizeFormula } from '../../../shared/spreadsheet-safe.ts';
import { newWorkbook } from '../../platform/workbook.ts';

/**
 * 任务分解表 as .xlsx: a title row, the header row (repeated on every printed page and frozen on screen), then each
 * section as a merged bold row followed by its tasks. 状态 is the light's label on the light's colour; 最新进展 is the
 * latest approved lead report's own text. Printed A4 landscape, one page wide. Pure: returns the bytes.
 */

export const TASK_TABLE_COLUMNS = [
  '序号',
  '工作任务',
  '牵头单位',
  '配合单位',
  '量化指标',
  '完成时限',
  '状态',
  '最新进展',
] as const;
const WIDTHS = [6, 48, 14, 16, 18, 14, 10, 52];

/** ARGB fills for the lights, pale enough to print black text on. */
export const LIGHT_FILLS: Record<(typeof STATUS_LIGHT)[keyof typeof STATUS_LIGHT], string> = {
  grey: 'FFD9D9D9',
  green: 'FFC6EFCE',
  yellow: 'FFFFEB9C',
  red: 'FFFFC7CE',
  blue: 'FFBDD7EE',
};

const THIN = { style: 'thin' as const, color: { argb: 'FF808080' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

function latestProgress(task: TaskReportData): string {
  if (task.latestLead.length === 0) return '';
  if (task.latestLead.length === 1) return task.latestLead[0]!.progressText;
  return task.latestLead.map((r) => `${r.unitName}：${r.progressText}`).join('\n');
}

function deadlineText(task: TaskReportData): string {
  return task.deadlineText ?? formatOfficialDate(task.deadline);
}

export async function buildTaskTableXlsx(data: PlanReportData): Promise<Uint8Array> {
  const book = await newWorkbook();
  book.creator = 'Fangzhi';
  const sheet = book.addWorksheet('任务分解表', {
    views: [{ state: 'frozen', ySplit: 2 }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: '2:2',
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
  });
  sheet.columns = WIDTHS.map((width) => ({ width }));

  const title = sheet.addRow([`${data.plan.title}任务分解表`]);
  sheet.mergeCells(title.number, 1, title.number, TASK_TABLE_COLUMNS.length);
  title.height = 32;
  title.getCell(1).font = { name: '方正小标宋简体', size: 18 };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };

  const header = sheet.addRow([...TASK_TABLE_COLUMNS]);
  header.height = 22;
  header.eachCell((cell) => {
    cell.font = { name: '黑体', size: 11, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    cell.border = BORDER;
  });

  data.sections.forEach((section, i) => {
    const row = sheet.addRow([`${toChineseNumeral(i + 1)}、${section.title}`]);
    sheet.mergeCells(row.number, 1, row.number, TASK_TABLE_COLUMNS.length);
    row.getCell(1).font = { name: '黑体', size: 11, bold: true };
    row.getCell(1).alignment = { vertical: 'middle' };
    row.getCell(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } };
    row.getCell(1).border = BORDER;
    for (const task of section.tasks) {
      const status = task.health ? TASK_STATUS_LABELS[task.health.status] : '';
      const r = sheet.addRow(
        [
          task.number,
          task.text,
          task.leadUnits.join('、'),
          task.supportUnits.join('、'),
          task.targets.join('；'),
          deadlineText(task),
          status,
          latestProgress(task),
        ].map(neutralizeFormula),
      );
      r.eachCell({ includeEmpty: true }, (cell, col) => {
        cell.font = { name: '仿宋_GB2312', size: 11 };
        cell.alignment = {
          vertical: 'top',
          wrapText: true,
          horizontal: col === 1 || col === 6 || col === 7 ? 'center' : 'left',
        };
        cell.border = BORDER;
      });
      if (task.health)
        r.getCell(7).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: LIGHT_FILLS[task.health.light] } };
    }
  });

  return new Uint8Array(await book.xlsx.writeBuffer());
}
