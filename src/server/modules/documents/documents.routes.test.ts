import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../../test/test-db.ts';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app.ts';
import { buildDocumentsWorld, type World, WORLD_TIMEOUT } from '../../test/world.ts';

const bodyText = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

describe.each(TEST_DIALECTS)('plan export (%s)', (dialect) => {
  let t: TestApp;
  let seeded: World;
  let leader: TestClient;
  let staff: TestClient;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    seeded = await buildDocumentsWorld(t);
    leader = await seeded.user('leader', ['leader']);
    staff = await seeded.user('staff', ['unit_staff'], '资料科');
  }, WORLD_TIMEOUT);
  afterAll(async () => t.close());

  const get = (client: TestClient, query: string) =>
    client.request('GET', `/api/plans/${seeded.planId}/export?${query}`);

  it('streams the task table with a Chinese file name, the latest approved lead progress and the light', async () => {
    const res = await get(leader, 'kind=tasks&format=xlsx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const disposition = res.headers.get('content-disposition') ?? '';
    expect(disposition).toContain(
      `filename*=UTF-8''${encodeURIComponent('云川市地方志编纂委员会2024年工作要点任务分解表.xlsx')}`,
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.getWorksheet('任务分解表')!;
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
    const task1 = rows.find((r) => r[0] === '1')!;
    expect(task1[2]).toBe('编纂科');
    expect(task1[3]).toBe('年鉴科');
    // June's approved report, not May's; the support contribution is not the task's progress.
    expect(task1[7]).toMatch(/^召开终审会议/);
    // A submitted or returned report never shows.
    expect(rows.find((r) => r[0] === '5')![7]).toBe('');
    expect(rows.find((r) => r[0] === '6')![7]).toBe('');
  });

  it('compiles the June bulletin: a table of every task from approved reports only, then changes, laggards, decisions', async () => {
    const res = await get(leader, 'kind=bulletin&format=docx&period=2024-06');
    expect(res.status).toBe(200);
    expect(decodeURIComponent(res.headers.get('content-disposition')!.split("UTF-8''")[1]!)).toBe(
      '云川市地方志编纂委员会2024年工作要点（2024年6月进展通报）.docx',
    );
    const xml = await (await JSZip.loadAsync(await res.arrayBuffer())).file('word/document.xml')!.async('string');
    const text = bodyText(xml);
    const order = [
      '落实情况的通报',
      '各区县地方志工作机构',
      '现将2024年6月',
      '一、总体情况',
      '二、任务进展一览',
      '序号任务牵头单位状态完成进度',
      '（一）志鉴编纂工作',
      '三、本期变化',
      '与上期（截至2024年5月31日）相比',
      '四、需加快推进的单位',
      '五、领导批示和延期事项',
      '云川市地方志编纂委员会',
      '2024年7月5日',
    ];
    // Each part is found after the one before it.
    let from = 0;
    for (const part of order) {
      const i = text.indexOf(part, from);
      expect(i, part).toBeGreaterThanOrEqual(0);
      from = i + part.length;
    }
    // Task 1's approved June percent is in its row; the submitted (5) and returned (6) reports count for nothing.
    expect(text).toMatch(/1完成《云川市志[^]*?编纂科[^]*?70%计划100%/);
    expect(text).toMatch(/5制作2部地情短视频[^]*?0%计划/);
    expect(text).toMatch(/6开展“方志进校园”[^]*?0%计划/);
    // No prose per task, no 版头 unless asked.
    expect(text).not.toContain('分项进展');
    expect(text).not.toContain('云川市地方志编纂委员会文件');
    expect(xml).not.toContain('E60012');
  });

  it('prints the red 版头 with the 文号 when asked, and refuses a malformed 文号 in Chinese', async () => {
    const res = await get(
      leader,
      `kind=bulletin&period=2024-06&redHeader=1&docNumber=${encodeURIComponent('云志办通（2024）6号')}`,
    );
    expect(res.status).toBe(200);
    const xml = await (await JSZip.loadAsync(await res.arrayBuffer())).file('word/document.xml')!.async('string');
    const text = bodyText(xml);
    expect(text.indexOf('云川市地方志编纂委员会文件')).toBeLessThan(text.indexOf('云志办通〔2024〕6号'));
    expect(text.indexOf('云志办通〔2024〕6号')).toBeLessThan(text.indexOf('落实情况的通报'));
    expect(xml).toContain('w:color w:val="E60012"');
    const bad = await leader.json<{ message: string }>(
      'GET',
      `/api/plans/${seeded.planId}/export?kind=bulletin&period=2024-06&docNumber=${encodeURIComponent('六号文')}`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/发文字号“六号文”格式不对/);
  });

  it('compiles the half-year summary with the year to date', async () => {
    const res = await get(leader, 'kind=summary&format=docx&period=2024-H1');
    expect(res.status).toBe(200);
    const text = bodyText(
      await (await JSZip.loadAsync(await res.arrayBuffer())).file('word/document.xml')!.async('string'),
    );
    expect(text).toContain('云川市地方志编纂委员会2024年上半年工作总结');
    expect(text).toContain('现将2024年上半年');
    expect(text).toContain('召开终审会议');
  });

  it.each([
    ['kind=memo', /导出类型/],
    ['kind=tasks&format=docx', /只能导出为 xlsx/],
    ['kind=bulletin&format=docx&period=2024-13', /通报期次/],
    ['kind=bulletin&period=2023-06', /不在本工作要点的年度/],
    ['kind=summary&period=2024-Q3', /2024-H1（上半年）或 2024（全年）/],
  ])('refuses %s with a Chinese 400', async (query, message) => {
    const res = await get(leader, query);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(message);
  });

  it('refuses unit staff and answers 404 for a missing plan', async () => {
    expect((await get(staff, 'kind=tasks')).status).toBe(403);
    expect((await leader.request('GET', '/api/plans/99999/export?kind=tasks')).status).toBe(404);
  });
});
