import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ASSESSMENT_RULES, type TRanking, type TRulesResponse } from '../../../shared/assessment.ts';
import { TEST_DIALECTS } from '../../test/test-db.ts';
import { readAuditLog } from '../../test/audit-log.ts';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app.ts';
import { buildQingshiWorld, type QingshiWorld, WORLD_TIMEOUT } from '../../test/world.ts';
import { findQualityScores } from './assessment.repository.ts';

describe.each(TEST_DIALECTS)('assessment (%s)', (dialect) => {
  let t: TestApp;
  let f: QingshiWorld;
  let leader: TestClient;
  // One world for the file, and the tests tell one story in order, as an office lives it: refusals change nothing,
  // a leader scores quality, the ranking is exported, and only then does the supervisor change the rules.
  beforeAll(async () => {
    t = await createTestApp(dialect);
    f = await buildQingshiWorld(t);
    leader = await f.user('lingdao', ['leader']);
  }, WORLD_TIMEOUT);
  afterAll(async () => t.close());

  const ranking = async (client: TestClient) =>
    (await client.json<TRanking>('GET', `/api/plans/${f.planId}/assessment/ranking?date=2023-07-10`)).body;
  const summary = (r: TRanking) => r.rows.map((row) => [row.rank, row.unitName, row.total, row.grade]);

  it('lets only leaders score quality, within 0–100, for units that lead tasks', async () => {
    expect(
      (await f.supervisor.json('PUT', `/api/plans/${f.planId}/assessment/quality/${f.unitIds.编纂处}`, { score: 80 }))
        .status,
    ).toBe(403);
    const tooHigh = await leader.json<{ message: string }>(
      'PUT',
      `/api/plans/${f.planId}/assessment/quality/${f.unitIds.编纂处}`,
      { score: 140 },
    );
    expect(tooHigh.status).toBe(400);
    expect(tooHigh.body.message).toMatch(/0–100/);
    const notLead = await leader.json<{ message: string }>(
      'PUT',
      `/api/plans/${f.planId}/assessment/quality/${f.committeeId}`,
      { score: 80 },
    );
    expect(notLead.status).toBe(400);
    expect(notLead.body.message).toMatch(/没有牵头任务/);
    expect(await findQualityScores(t.deps.db, f.planId)).toEqual([]);
    expect((await leader.json('PUT', `/api/plans/${f.planId}/assessment/rules`, DEFAULT_ASSESSMENT_RULES)).status).toBe(
      403,
    );
  });

  it('scores each lead unit from its tasks, reports, extensions and the leader quality score', async () => {
    const rules = await leader.json<TRulesResponse>('GET', `/api/plans/${f.planId}/assessment/rules`);
    expect(rules.body).toMatchObject({ isDefault: true, rules: DEFAULT_ASSESSMENT_RULES });

    const before = await ranking(leader);
    const archives = before.rows.find((r) => r.unitName === '资料处')!;
    // Two lead tasks × Q1, Q2: three filed (one of them late, 28 March), one missing; the 6-character Q1 text is 空报.
    expect(archives.facts).toMatchObject({
      leadTasks: 2,
      dueTasks: 0,
      reportsDue: 4,
      reportsOnTime: 2,
      reportsMissing: 1,
      reportsEmpty: 1,
    });
    const museum = before.rows.find((r) => r.unitName === '方志馆')!;
    expect(museum.facts).toMatchObject({ reportsDue: 4, reportsMissing: 4, extensionsApproved: 1 });
    // Items not yet due (tasks) or not yet scored (quality) are left out and the rest scaled to 100:
    // 资料处: reports 2/4 × 30 = 15 of 30 → 50, − 1 missing × 2 − 1 empty = 47.
    // 编纂处: task 1 was due 30 June and is at 80 %: 0 of 40; both reports on time: 30 → 30 of 70 → 42.9.
    // 方志馆: reported nothing: 0, and the deductions cannot take it below 0 — it ranks last, not tied for second.
    expect(summary(before)).toEqual([
      [1, '资料处', 47, '不合格'],
      [2, '编纂处', 42.9, '不合格'],
      [3, '方志馆', 0, '不合格'],
    ]);
    expect(before.rows[0]!.explanation).toBe(
      '任务完成、完成质量不计入；进展报送得 15 / 30 分，折合 50 / 100 分；扣分 3（漏报 2，空报 1）；总分 47。',
    );

    const scored = await leader.json('PUT', `/api/plans/${f.planId}/assessment/quality/${f.unitIds.编纂处}`, {
      score: 90,
      comment: '评议组织扎实',
    });
    expect(scored.status).toBe(200);
    const after = await ranking(leader);
    expect(summary(after)[0]).toEqual([1, '编纂处', 57, '不合格']);
    expect(after.rows[0]!.items.find((i) => i.key === 'quality')).toMatchObject({ score: 27, detail: '评分 90' });
    // The log, as a leader reads it: the one score given (the refusals above recorded nothing).
    const audit = await readAuditLog(leader, { action: 'assessment.quality_score' });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.summary).toMatch(/编纂处.*90/);
  });

  it('exports the ranking as .xlsx with Chinese headers, a formula row and SUM totals', async () => {
    await leader.json('PUT', `/api/plans/${f.planId}/assessment/quality/${f.unitIds.编纂处}`, { score: 90 });
    const res = await leader.request('GET', `/api/plans/${f.planId}/assessment/ranking.xlsx?date=2023-07-10`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('绩效考评排名-2023-07-10.xlsx'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.getWorksheet('绩效考评')!;
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      '排名',
      '单位',
      '任务完成',
      '进展报送',
      '完成质量',
      '漏报',
      '空报',
      '延期',
      '总分',
      '等级',
      '质量评语',
      '得分说明',
    ]);
    expect(sheet.getRow(3).getCell(3).value).toBe('按时完成任务数 ÷ 应完成牵头任务数 × 40');
    expect(sheet.getRow(3).getCell(6).value).toBe('− 漏报期数 × 2，最多扣 10 分');
    const first = sheet.getRow(4);
    expect([first.getCell(1).value, first.getCell(2).value, first.getCell(10).value]).toEqual([1, '编纂处', '不合格']);
    expect(first.getCell(9).value).toEqual({ formula: 'MAX(0,MIN(100,SUM(C4:H4)))', result: 57 });
    expect(sheet.rowCount).toBe(6);
  });

  it('applies rules the supervisor edits, shows their formulas, and refuses bad rules without saving', async () => {
    const rules = structuredClone(DEFAULT_ASSESSMENT_RULES);
    rules.items[0]!.points = 60;
    rules.items[1]!.points = 10;
    rules.items[0]!.formula = '任何人写的文字';
    rules.gradeBands[2]!.min = 45;
    const saved = await f.supervisor.json<TRulesResponse>('PUT', `/api/plans/${f.planId}/assessment/rules`, rules);
    expect(saved.status).toBe(200);
    expect(saved.body.rules.items[0]!.formula).toBe('按时完成任务数 ÷ 应完成牵头任务数 × 60');
    const read = await leader.json<TRulesResponse>('GET', `/api/plans/${f.planId}/assessment/rules`);
    expect(read.body).toMatchObject({
      isDefault: false,
      rules: { items: expect.arrayContaining([expect.objectContaining({ key: 'tasks', points: 60 })]) },
    });
    // 资料处 had no task due: reports 2/4 × 10 = 5 of 10 → 50, − 2 − 1 = 47 → 合格 under the new 45-point line.
    expect(summary(await ranking(f.supervisor))[0]).toEqual([1, '资料处', 47, '合格']);

    const bad = structuredClone(rules);
    bad.gradeBands[0]!.min = 40;
    const refused = await f.supervisor.json<{ message: string }>('PUT', `/api/plans/${f.planId}/assessment/rules`, bad);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/依次降低/);
    expect(
      (await leader.json<TRulesResponse>('GET', `/api/plans/${f.planId}/assessment/rules`)).body.rules.gradeBands[0]!
        .min,
    ).toBe(90);
  });
});
