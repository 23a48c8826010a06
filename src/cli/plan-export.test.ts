import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_RUN_TIMEOUT_MS, openCliSession } from '../server/test/run-cli.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../server/modules/workplan/fixtures/yunchuan-2024-work-points.txt');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-export-'));
// Every command of the case runs in one CLI session (one Node process).
const session = openCliSession({ DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'silent' });
const run = (args: string[]) => session.run(args);

afterAll(async () => {
  await session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('bin/fangzhi plan export', () => {
  it(
    'writes the task table and a bulletin of an imported plan, and refuses a wrong kind',
    { timeout: 7 * CLI_RUN_TIMEOUT_MS },
    async () => {
      expect((await run(['plan', 'import', FIXTURE, '--create-units'])).status).toBe(0);
      const [plan] = JSON.parse((await run(['plan', 'list', '--json'])).stdout) as { id: number }[];

      const xlsx = path.join(dir, 'tasks.xlsx');
      const tasks = await run([
        'plan',
        'export',
        String(plan!.id),
        '--kind',
        'tasks',
        '--format',
        'xlsx',
        '--out',
        xlsx,
      ]);
      expect(tasks.status, tasks.stderr).toBe(0);
      expect(tasks.stdout).toContain('任务分解表.xlsx');
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(xlsx);
      expect(book.getWorksheet('任务分解表')!.getCell('A1').value).toBe(
        '云川市地方志编纂委员会2024年工作要点任务分解表',
      );

      const docx = path.join(dir, 'bulletin.docx');
      const bulletin = await run([
        'plan',
        'export',
        String(plan!.id),
        '--kind',
        'bulletin',
        '--format',
        'docx',
        '--period',
        '2024-06',
        '--out',
        docx,
      ]);
      expect(bulletin.status, bulletin.stderr).toBe(0);
      const xml = await (await JSZip.loadAsync(fs.readFileSync(docx))).file('word/document.xml')!.async('string');
      expect(xml).toContain('2024年6月');
      expect(xml).toContain('二、任务进展一览');

      const bad = await run(['plan', 'export', String(plan!.id), '--kind', 'memo', '--out', path.join(dir, 'x')]);
      expect(bad.status).toBe(1);
      expect(bad.stderr).toMatch(/导出类型“memo”无效/);
      const badPeriod = await run([
        'plan',
        'export',
        String(plan!.id),
        '--kind',
        'bulletin',
        '--period',
        '2024-13',
        '--out',
        docx,
      ]);
      expect(badPeriod.stderr).toMatch(/通报期次“2024-13”格式不对/);
    },
  );
});
