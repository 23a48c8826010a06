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

  it('compiles the June bulletin from approved reports only, in the official order', async () => {
    const res = await get(leader, 'kind=bulletin&format=docx&period=2024-06');
    expect(res.status).toBe(200);
    expect(decodeURIComponent(res.headers.get('content-disposition')!.split("UTF-8''")[1]!)).toBe(
      '云川市地方志编纂委员会2024年工作要点（2024年6月进展通报）.docx',
    );
    const zip = await JSZip.loadAsync(await res.arrayBuffer());
    const text = bodyText(await zip.file('word/document.xml')!.async('string'));
    const order = [
      '落实情况的通报',
      '各区县地方志工作机构',
      '现将2024年6月',
      '一、总体进展',
      '二、分项进展',
      '（一）志鉴编纂工作',
      '三、存在问题',
      '四、下一步工作',
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
    expect(text).toContain('召开终审会议');
    expect(text).toContain('配合单位年鉴科：提供2006年以来年鉴条目索引');
    expect(text).toContain('部分图照版权尚未落实');
    expect(text).toContain('7月底前向出版社交付全部书稿');
    // May's report is outside the June bulletin; unapproved reports are never in it.
    expect(text).not.toContain('志稿第一至十二编完成复审修改');
    expect(text).not.toContain('待审核');
    expect(text).not.toContain('被退回');
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
