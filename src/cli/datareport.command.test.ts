import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/db/database.ts';
import { createCycle, saveForm } from '../server/modules/datareports/forms-and-cycles.ts';
import type { Actor } from '../server/platform/auth/actor.ts';
import { systemClock } from '../server/platform/clock.ts';
import { fillTemplate, REPORT_FORM } from '../server/test/datareport-form.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/fangzhi');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-datareport-'));
const run = (args: string[], input?: string) =>
  spawnSync(BIN, args, {
    env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
    input,
    encoding: 'utf8',
  });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const admin: Actor = {
  userId: 1,
  username: 'test',
  displayName: '测试',
  roles: ['admin'],
  unitId: null,
  ip: null,
  requestId: null,
};

describe('bin/fangzhi datareport', () => {
  it(
    'writes the template of a cycle and validates a filled workbook with errors by sheet and cell',
    { timeout: 120_000 },
    async () => {
      expect(run(['units', 'load-jilin']).status).toBe(0);
      expect(run(['user', 'add', 'zlc', '--role', 'admin', '--password-stdin'], 'zlc-pass-123\n').status).toBe(0);
      const handle = openDatabase({ kind: 'sqlite', file: path.join(dir, 'fangzhi.sqlite') });
      const form = await saveForm({ db: handle.db, clock: systemClock }, admin, null, {
        name: '地方志资料年报',
        definition: REPORT_FORM,
      });
      const cycle = await createCycle({ db: handle.db, clock: systemClock }, admin, {
        formId: form.id,
        year: 2023,
        title: '2023年度地方志资料年报',
        deadline: '2024-03-31',
      });
      await handle.close();

      const template = path.join(dir, 'template.xlsx');
      const t = run(['datareport', 'template', String(cycle.id), '--out', template]);
      expect(t.status, t.stderr).toBe(0);
      const wrong = path.join(dir, 'wrong.xlsx');
      fs.writeFileSync(
        wrong,
        await fillTemplate(fs.readFileSync(template), {
          books_total: 100,
          chronicles: 300,
          yearbooks: 0,
          new_this_year: 5,
          room_area: 20,
          staff: 1,
          has_room: '否',
        }),
      );
      const bad = run(['datareport', 'validate', String(cycle.id), wrong, '--json']);
      expect(bad.status).toBe(1);
      const report = JSON.parse(bad.stdout) as { ok: boolean; errors: { cell: string; message: string }[] };
      expect(report.ok).toBe(false);
      expect(report.errors).toEqual([
        expect.objectContaining({
          cell: '工作表“资料年报” D6',
          message: expect.stringContaining('志书不能多于馆藏总量'),
        }),
      ]);
      const good = path.join(dir, 'good.xlsx');
      fs.writeFileSync(
        good,
        await fillTemplate(fs.readFileSync(template), {
          books_total: 1000,
          chronicles: 300,
          yearbooks: 0,
          new_this_year: 5,
          room_area: 20,
          staff: 1,
          has_room: '否',
        }),
      );
      expect(run(['datareport', 'validate', String(cycle.id), good]).stdout).toContain('检查通过');
      expect(run(['datareport', 'validate', String(cycle.id), template, '--json']).stdout).toContain('必填');
    },
  );
});
