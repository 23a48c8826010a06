import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.ts';
import { openConfiguredDatabase } from '../server/main.ts';
import { fixedDateClock } from '../server/platform/clock.ts';
import { saveReportDraft } from '../server/modules/supervision/reports/file-report.ts';
import { findPlanSummaries, findTasks } from '../server/modules/workplan/workplan.repository.ts';
import { findUserByUsername } from '../server/modules/users/users.repository.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/fangzhi');
const FIXTURE = path.resolve(import.meta.dirname, '../server/modules/workplan/fixtures/yunchuan-2024-work-points.txt');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-revision-'));
const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'silent', FANGZHI_FIXED_DATE: '' };
const run = (args: string[], input?: string) =>
  spawnSync(BIN, args, { env, encoding: 'utf8', ...(input ? { input } : {}) });

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('bin/fangzhi plan import of a revision', () => {
  it(
    'prints what the revision would do and refuses to archive a task with reports unless --accept-revision',
    { timeout: 90_000 },
    async () => {
      expect(run(['plan', 'import', FIXTURE, '--create-units']).status).toBe(0);
      expect(
        run(['user', 'add', 'bz', '--role', 'unit_staff', '--unit', '编纂科', '--password-stdin'], 'Correct-Horse-42\n')
          .status,
      ).toBe(0);

      // A report on item 1, filed through the report service as the unit's staff would.
      const handle = await openConfiguredDatabase(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' }));
      try {
        const user = (await findUserByUsername(handle.db, 'bz'))!;
        const [plan] = await findPlanSummaries(handle.db);
        const task = (await findTasks(handle.db, plan!.id)).find((t) => t.number === '1')!;
        const actor = {
          userId: user.id,
          username: 'bz',
          displayName: 'bz',
          roles: ['unit_staff'] as const,
          unitId: user.unit_id,
          ip: null,
          requestId: null,
        };
        await saveReportDraft({ db: handle.db, clock: fixedDateClock('2024-07-10') }, actor, task.id, '2024-06', {
          progressText: '终审稿已送审。',
          percent: 50,
          milestonesReached: [],
          indicatorActuals: [],
          problems: null,
          nextSteps: null,
        });
      } finally {
        await handle.close();
      }

      const revised = path.join(dir, 'revised.txt');
      fs.writeFileSync(
        revised,
        fs
          .readFileSync(FIXTURE, 'utf8')
          .split('\n')
          .filter((line) => !line.startsWith('1.完成《云川市志'))
          .map((line) => line.replace(/^(\d)(\.|\t)/, (_, n: string, sep: string) => `${Number(n) - 1}${sep}`))
          .join('\n'),
      );
      const refused = run(['plan', 'import', revised]);
      expect(refused.status).toBe(1);
      expect(refused.stdout).toMatch(/去掉 原第 1 项（填报 1，节点 0，催办 0，延期 0），将标为已撤销并保留历史/);
      expect(refused.stdout).toMatch(/重新编号 原第 2 项 → 第 1 项/);
      expect(refused.stderr).toMatch(/--accept-revision/);
      expect((JSON.parse(run(['plan', 'list', '--json']).stdout) as { revision: number }[])[0]?.revision).toBe(1);

      const accepted = run(['plan', 'import', revised, '--accept-revision']);
      expect(accepted.status, accepted.stderr).toBe(0);
      expect(accepted.stdout).toMatch(/第 2 版.*撤销 1 项/);
      expect(JSON.parse(run(['plan', 'list', '--json']).stdout)).toMatchObject([{ revision: 2, taskCount: 7 }]);
    },
  );
});
