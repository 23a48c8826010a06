import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { neutralizeFormula } from '../shared/spreadsheet-safe.ts';
import { DEFAULT_ASSESSMENT_RULES, type TRanking } from '../shared/assessment.ts';
import type { TKwicRow } from '../shared/gazetteer.ts';
import { formatKwicRowsCsv, formatKwicRowsXlsx } from './modules/gazetteer/kwic-export.ts';
import { buildTaskTableXlsx } from './modules/documents/task-table-xlsx.ts';
import type { PlanReportData } from './modules/documents/plan-report-model.ts';
import { formatRankingXlsx } from './modules/assessment/ranking-xlsx.ts';

/** Issue 11, item 7: exported cells never start a formula. */
const HOSTILE = ['=HYPERLINK("http://x","点我")', '+1+1', '-2+3', '@SUM(A1:A2)', '\t=1', '\r=1'];

async function textCells(bytes: Uint8Array): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const out: string[] = [];
  workbook.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === 'string') out.push(cell.value);
        if (cell.value && typeof cell.value === 'object' && 'formula' in cell.value)
          out.push(`FORMULA:${String(cell.value.formula)}`);
      }),
    ),
  );
  return out;
}

const startsFormula = (s: string) => /^[=+\-@\t\r]/.test(s);

describe('neutralizeFormula', () => {
  it('prefixes an apostrophe to text that would start a formula and leaves everything else alone', () => {
    for (const text of HOSTILE) expect(neutralizeFormula(text)).toBe(`'${text}`);
    expect(neutralizeFormula('长白山 = 白头山')).toBe('长白山 = 白头山');
    expect(neutralizeFormula(-5)).toBe(-5);
    expect(neutralizeFormula(null)).toBeNull();
  });
});

describe('exports neutralise formulas in user and imported text', () => {
  const kwic: TKwicRow[] = HOSTILE.map((text, i) => ({
    bookId: 1,
    bookTitle: text,
    sectionOrdinal: i,
    sectionTitle: text,
    offset: 0,
    anchor: text,
    lineId: `001-1a.${i + 1}`,
    left: text,
    keyword: '长白山',
    right: text,
  }));

  it('KWIC CSV: no field starts a formula', () => {
    const csv = formatKwicRowsCsv(kwic, 'https://fz.example.org');
    const fields = csv
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean)
      .slice(1)
      .flatMap((line) => line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/));
    // Six text columns and the permalink column (a URL of ours, never a formula).
    expect(fields.length).toBe(HOSTILE.length * 7);
    for (const f of fields) expect(startsFormula(f.replace(/^"/, '')), f).toBe(false);
    expect(csv).toContain(`'=HYPERLINK`);
  });

  it('KWIC .xlsx, the task table and the assessment ranking: no text cell starts a formula', async () => {
    const task = {
      id: 1,
      number: '1',
      text: HOSTILE[0]!,
      deadline: '2023-06-30',
      deadlineText: null,
      leadUnits: [HOSTILE[1]!],
      supportUnits: [HOSTILE[3]!],
      targets: [HOSTILE[2]!],
      closedAt: null,
      health: null,
      latestLead: [
        {
          unitName: '甲处',
          period: '2023-06',
          percent: 60,
          progressText: HOSTILE[3]!,
          problems: null,
          nextSteps: null,
          decidedAt: null,
        },
      ],
      spanLead: [],
      spanSupport: [],
    };
    const plan = {
      plan: { id: 1, year: 2023, title: '某市2023年工作要点', issuer: null, addressees: [] },
      asOf: '2023-07-05',
      today: '2023-07-05',
      span: { key: '2023', label: '2023年', from: '2023-01-01', to: '2023-07-05' },
      sections: [{ ordinal: 1, title: '志书编纂', tasks: [task] }],
    } as unknown as PlanReportData;
    const ranking = {
      planId: 1,
      planTitle: '某市2023年工作要点',
      asOf: '2023-12-31',
      rules: DEFAULT_ASSESSMENT_RULES,
      rows: [
        {
          rank: 1,
          unitId: 1,
          unitName: HOSTILE[0]!,
          facts: { qualityComment: HOSTILE[3]! },
          items: DEFAULT_ASSESSMENT_RULES.items.map(() => ({ score: 10 })),
          total: 40,
          grade: '合格',
        },
      ],
    } as unknown as TRanking;
    for (const bytes of [
      await formatKwicRowsXlsx(kwic, HOSTILE[0]!, 'https://fz.example.org'),
      await buildTaskTableXlsx(plan),
      await formatRankingXlsx(ranking),
    ]) {
      const cells = await textCells(bytes);
      expect(cells.some((c) => c.startsWith("'="))).toBe(true);
      for (const c of cells.filter((x) => !x.startsWith('FORMULA:'))) expect(startsFormula(c), c).toBe(false);
    }
  });
});
