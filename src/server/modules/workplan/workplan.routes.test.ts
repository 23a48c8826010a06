import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TImportPlanResponse, TPlanDetail, TPlanPreview, TPlanSummary } from '../../../shared/workplan.ts';
import { toImportRequest } from '../../../shared/workplan-import.ts';
import { TEST_DIALECTS } from '../../test/test-db.ts';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app.ts';

const FIXTURE = path.join(import.meta.dirname, 'fixtures/yunchuan-2024-work-points.txt');
const REFERENCE = path.resolve(import.meta.dirname, '../../../../../shared/samples/jilin-fangzhi-2023-work-points.txt');
const hasReference = fs.existsSync(REFERENCE);
if (!hasReference) console.warn(`跳过参考文件导入测试：未找到 ${REFERENCE}`);

function upload(fileName: string, bytes: Uint8Array | string, plan?: unknown): FormData {
  const form = new FormData();
  form.set('file', new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], fileName));
  if (plan !== undefined) form.set('plan', JSON.stringify(plan));
  return form;
}

describe.each(TEST_DIALECTS)('work-plan import (%s)', (dialect) => {
  let t: TestApp;
  let supervisor: TestClient;
  const fixture = fs.readFileSync(FIXTURE);
  // 指导科 is left out of the directory on purpose: the document names it, so it must come back as unknown.
  const YUNCHUAN_UNITS = ['编纂科', '年鉴科', '资料科', '方志馆', '办公室'];

  beforeEach(async () => {
    t = await createTestApp(dialect);
    const admin = await t.signIn('root', ['admin']);
    const committee = await admin.json<{ id: number }>('POST', '/api/units', {
      name: '云川市地方志编纂委员会',
      kind: 'committee',
      aliases: ['市方志委'],
    });
    for (const name of YUNCHUAN_UNITS)
      await admin.json('POST', '/api/units', { name, kind: 'department', parentId: committee.body.id });
    supervisor = await t.signIn('duban', ['supervisor']);
  });
  afterEach(async () => t.close());

  const preview = async (form: FormData) =>
    supervisor.json<TPlanPreview & { code?: string; message?: string }>('POST', '/api/plans/preview', form);

  it('previews a document without saving anything, and lists units it does not know', async () => {
    const res = await preview(upload('yunchuan.txt', fixture));
    expect(res.status).toBe(200);
    expect(res.body.parse.plan).toMatchObject({ title: '云川市地方志编纂委员会2024年工作要点', year: 2024 });
    expect(res.body.units.find((u) => u.name === '指导科')?.kind).toBe('unknown');
    expect(res.body.units.find((u) => u.name === '编纂科')).toMatchObject({ kind: 'matched', unitName: '编纂科' });
    expect(res.body.existing).toBeNull();
    expect((await supervisor.json<TPlanSummary[]>('GET', '/api/plans')).body).toEqual([]);
  });

  it('refuses to save while a unit is unknown, saves nothing, then saves with the unit created', async () => {
    const { body: p } = await preview(upload('yunchuan.txt', fixture));
    const request = toImportRequest(p.parse, p.units);
    const refused = await supervisor.json<{ code: string; message: string }>(
      'POST',
      '/api/plans',
      upload('yunchuan.txt', fixture, request),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/指导科/);
    expect((await supervisor.json<TPlanSummary[]>('GET', '/api/plans')).body).toEqual([]);

    const saved = await supervisor.json<TImportPlanResponse>(
      'POST',
      '/api/plans',
      upload('yunchuan.txt', fixture, { ...request, createUnknownUnits: true }),
    );
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ created: true, revision: 1, createdUnits: expect.arrayContaining(['指导科']) });
    const detail = await supervisor.json<TPlanDetail>('GET', `/api/plans/${saved.body.planId}`);
    expect(detail.body.taskCount).toBe(p.parse.sections.flatMap((s) => s.tasks).length);
    expect(detail.body.sourceFileName).toBe('yunchuan.txt');
    const source = await supervisor.request('GET', `/api/plans/${saved.body.planId}/source`);
    expect(new Uint8Array(await source.arrayBuffer())).toEqual(new Uint8Array(fixture));
  });

  it('imports a revised document as a new revision that shows what changed, without duplicates', async () => {
    const { body: p } = await preview(upload('yunchuan.txt', fixture));
    const first = await supervisor.json<TImportPlanResponse>(
      'POST',
      '/api/plans',
      upload('yunchuan.txt', fixture, { ...toImportRequest(p.parse, p.units), createUnknownUnits: true }),
    );
    const revisedText = fixture
      .toString('utf8')
      .replace('印制1200册', '印制1500册')
      .replace(/8\.做好机关安全生产和保密工作。（办公室）/, '');
    const { body: p2 } = await preview(upload('yunchuan-修订.txt', revisedText));
    expect(p2.existing?.planId).toBe(first.body.planId);
    expect(p2.existing?.diff).toMatchObject({
      added: [],
      removed: ['8'],
      changed: [{ number: '2', fields: expect.arrayContaining(['任务内容', '量化指标']) }],
    });
    // Dropping item 8 must be confirmed by naming it; unconfirmed, nothing is written.
    const refused = await supervisor.json<{ code: string; message: string }>(
      'POST',
      '/api/plans',
      upload('yunchuan-修订.txt', revisedText, toImportRequest(p2.parse, p2.units)),
    );
    expect(refused.body).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/第 8 项/) });
    const drops = p2.existing!.diff.entries.filter((e) => e.status === 'dropped').map((e) => e.taskId!);
    expect(p2.existing!.diff.entries.find((e) => e.status === 'dropped')).toMatchObject({
      previousNumber: '8',
      outcome: 'delete',
    });
    const confirmed = { ...toImportRequest(p2.parse, p2.units), confirmedDrops: drops };
    const second = await supervisor.json<TImportPlanResponse>(
      'POST',
      '/api/plans',
      upload('yunchuan-修订.txt', revisedText, confirmed),
    );
    expect(second.body).toMatchObject({ planId: first.body.planId, revision: 2, created: false });
    const again = await supervisor.json<TImportPlanResponse>(
      'POST',
      '/api/plans',
      upload('yunchuan-修订.txt', revisedText, confirmed),
    );
    expect(again.body).toMatchObject({ revision: 2, unchanged: true });
    const plans = await supervisor.json<TPlanSummary[]>('GET', '/api/plans');
    expect(plans.body).toHaveLength(1);
    expect(plans.body[0]).toMatchObject({ revision: 2, taskCount: 7 });
  });

  it('accepts pasted text and refuses empty, unsupported and inconsistent input with Chinese errors', async () => {
    const pasted = await supervisor.json<TPlanPreview>('POST', '/api/plans/preview', {
      text: fixture.toString('utf8'),
    });
    expect(pasted.body.source.fileName).toBe('粘贴的正文.txt');
    expect((await preview(upload('empty.txt', ''))).body.message).toMatch(/空的/);
    expect((await preview(upload('plan.pptx', 'abc'))).body.message).toMatch(/不支持/);
    expect((await preview(upload('plan.xls', 'abc'))).body.message).toMatch(/不是有效的表格文件/);
    const request = { ...toImportRequest(pasted.body.parse, pasted.body.units), createUnknownUnits: true };
    request.sections[0]!.tasks[0]!.deadline = { date: '2023-05-01', explicit: true, text: '5月' };
    const early = await supervisor.json<{ message: string }>(
      'POST',
      '/api/plans',
      upload('yunchuan.txt', fixture, request),
    );
    expect(early.body.message).toMatch(/早于工作要点年度/);
    expect((await supervisor.json<TPlanSummary[]>('GET', '/api/plans')).body).toEqual([]);
  });

  it('lets staff read plans but not import them', async () => {
    const staff = await t.signIn('keyuan', ['unit_staff']);
    expect((await staff.json('GET', '/api/plans')).status).toBe(200);
    expect((await staff.json('POST', '/api/plans/preview', { text: '一、工作\n1.某项。（办公室）' })).status).toBe(403);
  });

  it.skipIf(!hasReference)(
    'imports the reference document with the Jilin template: 9 sections, 40 tasks, every unit resolved',
    async () => {
      const admin = await t.signIn('root2', ['admin']);
      await admin.json('POST', '/api/units/templates/jilin');
      const bytes = fs.readFileSync(REFERENCE);
      const { body: p } = await preview(upload('jilin-2023.txt', bytes));
      expect(p.units.filter((u) => u.kind === 'unknown')).toEqual([]);
      const saved = await supervisor.json<TImportPlanResponse>(
        'POST',
        '/api/plans',
        upload('jilin-2023.txt', bytes, toImportRequest(p.parse, p.units)),
      );
      expect(saved.status).toBe(201);
      const detail = (await supervisor.json<TPlanDetail>('GET', `/api/plans/${saved.body.planId}`)).body;
      expect(detail).toMatchObject({ year: 2023, sectionCount: 9, taskCount: 40, noticeDate: '2023-03-21' });
      const task16 = detail.sections.flatMap((s) => s.tasks).find((x) => x.number === '16')!;
      expect(task16.leadUnits).toEqual([
        { name: '方志馆', unitId: expect.any(Number), unitName: expect.stringMatching(/方志馆$/) },
      ]);
      expect(task16.targets.map((g) => [g.text, g.value])).toEqual([
        ['2000册', 2000],
        ['17万册', 170000],
      ]);
    },
  );
});
