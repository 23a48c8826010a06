import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/db/database.ts';
import { createCampaign } from '../server/modules/evaluation/campaigns.ts';
import { saveTemplate } from '../server/modules/evaluation/templates.ts';
import type { Actor } from '../server/platform/auth/actor.ts';
import { systemClock } from '../server/platform/clock.ts';
import { YEARBOOK_SHEET } from '../server/test/evaluation-world.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/fangzhi');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-review-'));
const run = (args: string[], input?: string) =>
  spawnSync(BIN, args, {
    env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
    input,
    encoding: 'utf8',
  });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const admin: Actor = {
  userId: 1,
  username: 'root',
  displayName: '管理员',
  roles: ['admin'],
  unitId: null,
  ip: null,
  requestId: null,
};
const file = (name: string, body: unknown) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, typeof body === 'string' ? body : JSON.stringify(body));
  return p;
};

describe('bin/fangzhi review', () => {
  it('score FILE --json computes with the shared computation and writes nothing', { timeout: 120_000 }, () => {
    const sheet = {
      criteria: [
        { id: 'politics', name: '政治导向', max: 20, deductPer: 5, cap: 20 },
        { id: 'edit', name: '编校质量', max: 80, deductPer: 1, cap: 10 },
      ],
      veto: ['泄密'],
      errorRate: { criterion: 'edit', perTenThousand: 1, deductPerExcess: 2 },
      grades: [
        { name: '优秀', min: 90 },
        { name: '合格', min: 60 },
      ],
      aggregate: 'trimmed',
    };
    const marks = [
      // 25,000 characters allow 2 errors (2.5 floored); 6 errors → 4 beyond → 8, plus 3 occurrences → 11, cap 10
      { expert: '甲', deductions: { edit: 3 }, sampledChars: 25_000, errors: 6 },
      { expert: '乙', deductions: { politics: 1 } },
      { expert: '丙', deductions: {} },
    ];
    const r = run(['review', 'score', file('a.json', { sheet, marks }), '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(
      out.experts.map((e: { expert: string; total: number; errorRate: number | null }) => [
        e.expert,
        e.total,
        e.errorRate,
      ]),
    ).toEqual([
      ['甲', 90, 2.4],
      ['乙', 95, null],
      ['丙', 100, null],
    ]);
    expect(out).toMatchObject({ total: 95, grade: '优秀', vetoed: false, aggregateUsed: 'trimmed' });
    const vetoed = JSON.parse(
      run(['review', 'score', file('b.json', { sheet, marks: [{ ...marks[0], veto: ['泄密'] }, marks[1]] }), '--json'])
        .stdout,
    );
    expect(vetoed).toMatchObject({ vetoed: true, grade: null, aggregateUsed: 'mean', total: 92.5 });
    // nothing was written: no database file appeared
    expect(fs.existsSync(path.join(dir, 'fangzhi.sqlite'))).toBe(false);

    const bad = run([
      'review',
      'score',
      file('c.json', { sheet: { ...sheet, grades: [] }, marks: [{ expert: '甲', deductions: { nope: 1 } }] }),
      '--json',
    ]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('sheet.grades：至少要有一个等级');
    const unknown = run([
      'review',
      'score',
      file('d.json', { sheet, marks: [{ expert: '甲', deductions: { nope: 1 } }] }),
    ]);
    expect(unknown.stderr).toContain('扣分项“nope”不在评分表中');
    expect(run(['review', 'score', file('e.json', '{ not json')]).stderr).toContain('不是有效的 JSON');
    expect(run(['review', 'score', path.join(dir, 'missing.json')]).stderr).toContain('找不到文件');
  });

  it('campaign list --json lists the campaigns', { timeout: 120_000 }, async () => {
    expect(run(['user', 'add', 'root', '--role', 'admin', '--password-stdin'], 'root-pass-123\n').status).toBe(0);
    const handle = openDatabase({ kind: 'sqlite', file: path.join(dir, 'fangzhi.sqlite') });
    const deps = { db: handle.db, clock: systemClock };
    const t = await saveTemplate(deps, admin, null, { name: '年鉴质量评审标准', definition: YEARBOOK_SHEET });
    await createCampaign(deps, admin, {
      kind: 'yearbook_quality',
      title: '2023年度全省年鉴质量评审',
      year: 2023,
      templateId: t.id,
    });
    await handle.close();
    const r = run(['review', 'campaign', 'list', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      expect.objectContaining({ title: '2023年度全省年鉴质量评审', stage: 'call', templateVersion: 1, entryCount: 0 }),
    ]);
    expect(run(['review', 'campaign', 'list']).stdout).toContain(
      '2023年度全省年鉴质量评审\t年度全省年鉴质量评审\t征集参评',
    );
  });
});
