import type { TRanking } from '../../../shared/assessment.ts';
import { neutralizeFormula } from '../../../shared/spreadsheet-safe.ts';
import { newWorkbook } from '../../platform/workbook.ts';

/** Column letter of a 1-based column number (1 → A, 27 → AA). */
export function columnLetter(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/**
 * The ranking as a spreadsheet: a title row, Chinese headers, a row with each item's formula, then one row per unit.
 * The total is a real SUM formula over the item columns (with its value cached), so a reader can check it in Excel.
 */
export async function formatRankingXlsx(ranking: TRanking): Promise<Uint8Array> {
  const workbook = await newWorkbook();
  workbook.creator = '方志 Fangzhi';
  const sheet = workbook.addWorksheet('绩效考评');
  const items = ranking.rules.items;
  const header = ['排名', '单位', ...items.map((i) => i.label), '总分', '等级', '质量评语', '得分说明'];
  const width = header.length;
  sheet.addRow([`${ranking.planTitle} 绩效考评排名（截至 ${ranking.asOf}）`]);
  sheet.mergeCells(1, 1, 1, width);
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.addRow(header).font = { bold: true };
  const bands = ranking.rules.gradeBands
    .map(
      (b) =>
        `${b.grade} ${b.grade === '不合格' ? `< ${ranking.rules.gradeBands.find((x) => x.grade === '合格')?.min ?? 60}` : `≥ ${b.min}`}`,
    )
    .join('，');
  sheet.addRow([
    '计算公式',
    '',
    ...items.map((i) => i.formula),
    `各项得分之和（0–100）；有不计入的项时按适用项折算`,
    bands,
    '',
    '',
  ]).font = { italic: true, color: { argb: 'FF666666' } };
  const first = columnLetter(3);
  const last = columnLetter(2 + items.length);
  for (const row of ranking.rows) {
    const r = sheet.addRow([
      row.rank,
      neutralizeFormula(row.unitName),
      ...row.items.map((i) => (i.applicable ? i.score : '不计入')),
      null,
      row.grade,
      neutralizeFormula(row.facts.qualityComment ?? ''),
      row.explanation,
    ]);
    // A plain sum only when every item applies; otherwise the scaled total, explained in the last column.
    const total = row.items.every((i) => i.applicable);
    r.getCell(3 + items.length).value = total
      ? { formula: `MAX(0,MIN(100,SUM(${first}${r.number}:${last}${r.number})))`, result: row.total }
      : row.total;
  }
  sheet.columns = header.map((h, i) => ({
    width: i === 1 ? 22 : i >= width - 2 ? 40 : Math.max(10, h.length * 2 + 4),
  }));
  sheet.getRow(3).alignment = { wrapText: true, vertical: 'top' };
  sheet.views = [{ state: 'frozen', ySplit: 3, xSplit: 2 }];
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
