import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toCnmarc } from '../server/modules/library/cnmarc.ts';
import { areaName } from '../server/modules/library/area-names.ts';
import { readIso2709, writeIso2709 } from '../server/modules/library/marc-codec.ts';
import type { THoldingRecordValues } from '../shared/library.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/fangzhi');
const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-holdings-'));
  dirs.push(d);
  return d;
};
const run = (dataDir: string, args: string[]) =>
  spawnSync(BIN, args, {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const base: THoldingRecordValues = {
  type: '志书',
  title: '',
  otherTitle: null,
  responsibility: null,
  compilingBody: null,
  divisionCodes: [],
  periodStart: null,
  periodEnd: null,
  round: null,
  edition: null,
  publisher: null,
  pubPlace: null,
  pubYear: null,
  extent: null,
  series: null,
  isbn: null,
  cip: null,
  clc: null,
  subjects: [],
  note: null,
};

describe('bin/fangzhi holdings', () => {
  it(
    'imports MARC (dry run first), counts by type, exports MARC and .xlsx that import back into another install',
    { timeout: 240_000 },
    () => {
      const data = tempDir();
      const work = tempDir();
      expect(run(data, ['units', 'load-jilin']).status).toBe(0);
      const file = path.join(work, '方志馆.mrc');
      fs.writeFileSync(
        file,
        writeIso2709([
          toCnmarc(
            1,
            { ...base, title: '吉林省志·地理志', divisionCodes: ['220000'], round: '二轮', pubYear: 2019 },
            [{ holder: null, barcode: 'A1', location: null, issue: null }],
            areaName,
            '2023-01-01',
          ),
          toCnmarc(
            2,
            {
              ...base,
              type: '年鉴',
              title: '长春年鉴（2022）',
              divisionCodes: ['220100'],
              pubYear: 2022,
              isbn: '9787502734343',
            },
            [
              { holder: null, barcode: 'A2', location: null, issue: null },
              { holder: null, barcode: 'A3', location: null, issue: null },
            ],
            areaName,
            '2023-01-01',
          ),
          toCnmarc(
            3,
            { ...base, title: '长春年鉴 2022', type: '年鉴', pubYear: 2022, isbn: '978-7-5027-3434-3' },
            [{ holder: null, barcode: 'A4', location: null, issue: null }],
            areaName,
            '2023-01-01',
          ),
        ]),
      );
      const dry = run(data, ['holdings', 'import', file, '--dry-run', '--json', '--unit', '吉林省方志馆']);
      expect(dry.status, dry.stderr).toBe(0);
      const preview = JSON.parse(dry.stdout) as {
        counts: { create: number; addCopies: number; copies: number };
        items: { duplicateOf: { reason: string } | null }[];
      };
      expect(preview.counts).toMatchObject({ create: 2, addCopies: 1, copies: 4 });
      expect(preview.items[2]!.duplicateOf!.reason).toContain('文件中第 2 条记录');
      expect(JSON.parse(run(data, ['holdings', 'count', '--json']).stdout)).toMatchObject({ records: 0, copies: 0 });

      const imported = run(data, ['holdings', 'import', file, '--unit', '吉林省方志馆']);
      expect(imported.status, imported.stderr).toBe(0);
      const counts = JSON.parse(run(data, ['holdings', 'count', '--json']).stdout) as {
        records: number;
        copies: number;
        byType: { type: string; copies: number }[];
      };
      expect(counts).toMatchObject({ records: 2, copies: 4 });
      expect(counts.byType.find((t) => t.type === '年鉴')!.copies).toBe(3);
      expect(JSON.parse(run(data, ['holdings', 'count', '--type', '志书', '--json']).stdout)).toMatchObject({
        records: 1,
        copies: 1,
      });

      const again = run(data, ['holdings', 'import', file, '--json']);
      expect(again.status).toBe(1);
      expect(JSON.parse(again.stdout).errors.join('\n')).toContain('条码号 A1 已被其他复本使用');

      const mrc = path.join(work, 'out.mrc');
      expect(run(data, ['holdings', 'export', '--format', 'marc', '--out', mrc]).status).toBe(0);
      expect(readIso2709(fs.readFileSync(mrc)).map((r) => r.error)).toEqual([null, null]);
      const xlsx = path.join(work, 'out.xlsx');
      expect(run(data, ['holdings', 'export', '--format', 'xlsx', '--out', xlsx]).status).toBe(0);
      const other = tempDir();
      run(other, ['units', 'load-jilin']);
      const back = run(other, ['holdings', 'import', xlsx]);
      expect(back.status, back.stderr).toBe(0);
      expect(JSON.parse(run(other, ['holdings', 'count', '--unit', '吉林省方志馆', '--json']).stdout)).toMatchObject({
        records: 2,
        copies: 4,
      });
      expect(run(other, ['holdings', 'import', path.join(work, 'missing.mrc')]).stderr).toContain('找不到文件');
    },
  );
});
