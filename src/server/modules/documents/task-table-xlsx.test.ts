import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { PlanReportData } from './plan-report-model.ts';
import { LIGHT_FILLS, TASK_TABLE_COLUMNS, buildTaskTableXlsx } from './task-table-xlsx.ts';

const data: PlanReportData = {
  plan: { id: 1, year: 2023, title: '某市地方志编纂委员会2023年工作要点', issuer: null, addressees: [] },
  asOf: '2023-07-05',
  today: '2023-07-05',
  span: { key: '2023', label: '2023年', from: '2023-01-01', to: '2023-07-05' },
  previousAsOf: null,
  decisions: { instructions: [], extensions: [] },
  sections: [
    {
      ordinal: 1,
      title: '志书编纂',
      tasks: [
        {
          id: 1,
          number: '1',
          text: '完成某志终审。',
          deadline: '2023-06-30',
          deadlineText: '6月底前',
          leadUnits: ['甲处'],
          supportUnits: ['乙处', '丙处'],
          targets: ['终审1部'],
          closedAt: null,
          health: { status: 'at_risk', light: 'yellow', planned: 80, actual: 60, reportOverdue: false, reasons: [] },
          previousHealth: null,
          latestLead: [
            {
              unitName: '甲处',
              period: '2023-06',
              percent: 60,
              progressText: '已召开终审会议。',
              problems: null,
              nextSteps: null,
              decidedAt: null,
            },
          ],
          spanLead: [],
          spanSupport: [],
        },
      ],
    },
    {
      ordinal: 2,
      title: '资料工作',
      tasks: [
        {
          id: 2,
          number: '2',
          text: '征集资料。',
          deadline: '2023-12-31',
          deadlineText: null,
          leadUnits: ['丁处'],
          supportUnits: [],
          targets: [],
          closedAt: null,
          health: { status: 'not_started', light: 'grey', planned: 0, actual: 0, reportOverdue: false, reasons: [] },
          previousHealth: null,
          latestLead: [],
          spanLead: [],
          spanSupport: [],
        },
      ],
    },
  ],
};

describe('task table .xlsx', () => {
  it('has a title, a repeated frozen header, merged bold section rows and one row per task', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await buildTaskTableXlsx(data)).buffer as ArrayBuffer);
    const sheet = book.getWorksheet('任务分解表')!;
    expect(sheet.getCell('A1').value).toBe('某市地方志编纂委员会2023年工作要点任务分解表');
    expect(sheet.getCell('H1').isMerged).toBe(true);
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual([...TASK_TABLE_COLUMNS]);
    expect(sheet.getCell('A3').value).toBe('一、志书编纂');
    expect(sheet.getCell('A3').font.bold).toBe(true);
    expect(sheet.getCell('H3').isMerged).toBe(true);
    expect((sheet.getRow(4).values as unknown[]).slice(1)).toEqual([
      '1',
      '完成某志终审。',
      '甲处',
      '乙处、丙处',
      '终审1部',
      '6月底前',
      '进度滞后',
      '已召开终审会议。',
    ]);
    expect(sheet.getCell('G4').fill).toMatchObject({ type: 'pattern', fgColor: { argb: LIGHT_FILLS.yellow } });
    expect(sheet.getCell('B4').alignment.wrapText).toBe(true);
    expect(sheet.getCell('A5').value).toBe('二、资料工作');
    // No explicit deadline text: the date in Chinese; no approved report: the cell stays empty.
    expect((sheet.getRow(6).values as unknown[]).slice(1)).toEqual([
      '2',
      '征集资料。',
      '丁处',
      '',
      '',
      '2023年12月31日',
      '未启动',
      '',
    ]);
  });

  it('prints A4 landscape one page wide, repeating the header row', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await buildTaskTableXlsx(data)).buffer as ArrayBuffer);
    const sheet = book.getWorksheet('任务分解表')!;
    expect(sheet.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '2:2',
    });
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(sheet.getColumn(2).width).toBeGreaterThan(40);
  });
});
