import fs from 'node:fs';
import path from 'node:path';
import type { TImportPlanResponse, TPlanPreview } from '../../../shared/workplan.ts';
import { toImportRequest } from '../../../shared/workplan-import.ts';
import type { TestApp } from '../../test/test-app.ts';

/**
 * Test data for the documents: the fictional 云川市 plan (committed fixture) imported through the API, and approved,
 * submitted and returned reports written here — our own sentences about fictional work — inserted into `report`
 * directly, as the reports API would leave them.
 */

const FIXTURE = path.resolve(import.meta.dirname, '../workplan/fixtures/yunchuan-2024-work-points.txt');

/** 2024-07-05 08:00 UTC: the June reports are in and approved. */
export const DOCUMENT_TODAY = '2024-07-05';

export interface SeededPlan {
  planId: number;
  taskIds: Map<string, number>;
  unitIds: Map<string, number>;
}

function upload(bytes: Uint8Array, plan?: unknown): FormData {
  const form = new FormData();
  form.set('file', new File([new Uint8Array(bytes)], 'yunchuan-2024-work-points.txt'));
  if (plan !== undefined) form.set('plan', JSON.stringify(plan));
  return form;
}

export async function seedPlanWithReports(t: TestApp): Promise<SeededPlan> {
  const admin = await t.signIn('doc_admin', ['admin']);
  const committee = await admin.json<{ id: number }>('POST', '/api/units', { name: '云川市地方志编纂委员会', kind: 'committee', aliases: ['市方志委'] });
  for (const name of ['编纂科', '年鉴科', '资料科', '方志馆', '办公室', '指导科']) {
    await admin.json('POST', '/api/units', { name, kind: 'department', parentId: committee.body.id });
  }
  const bytes = fs.readFileSync(FIXTURE);
  const preview = await admin.json<TPlanPreview>('POST', '/api/plans/preview', upload(bytes));
  const request = { ...toImportRequest(preview.body.parse, preview.body.units), createUnknownUnits: true };
  const saved = await admin.json<TImportPlanResponse>('POST', '/api/plans', upload(bytes, request));
  if (saved.status !== 201) throw new Error(`plan import failed: ${JSON.stringify(saved.body)}`);
  const planId = saved.body.planId;

  const db = t.deps.db;
  const tasks = await db.selectFrom('task').select(['id', 'number']).where('plan_id', '=', planId).execute();
  const units = await db.selectFrom('unit').select(['id', 'name']).execute();
  const taskIds = new Map(tasks.map((x) => [x.number, x.id]));
  const unitIds = new Map(units.map((x) => [x.name, x.id]));

  const report = async (
    number: string,
    unit: string,
    period: string,
    fields: { role?: 'lead' | 'support'; status?: string; percent?: number | null; text: string; problems?: string; next?: string },
  ) => {
    const at = `${period.slice(0, 7)}-24T02:00:00.000Z`;
    await db
      .insertInto('report')
      .values({
        task_id: taskIds.get(number)!,
        unit_id: unitIds.get(unit)!,
        period,
        role: fields.role ?? 'lead',
        status: fields.status ?? 'approved',
        progress_text: fields.text,
        percent: fields.percent ?? null,
        problems: fields.problems ?? null,
        next_steps: fields.next ?? null,
        milestones_reached_json: '[]',
        indicator_actuals_json: '[]',
        created_by: null,
        submitted_at: at,
        decided_by: null,
        decided_at: fields.status === 'submitted' ? null : at,
        decision_comment: fields.status === 'returned' ? '请补充印制数量。' : null,
        created_at: at,
        updated_at: at,
      })
      .execute();
  };

  await report('1', '编纂科', '2024-05', { percent: 40, text: '志稿第一至十二编完成复审修改。' });
  await report('1', '编纂科', '2024-06', {
    percent: 70,
    text: '召开终审会议，评审专家提出修改意见四十二条，已修改完成三十条；与出版社商定排版样式。',
    problems: '部分图照版权尚未落实，影响交付进度。',
    next: '7月中旬前完成剩余意见修改，7月底前向出版社交付全部书稿。',
  });
  await report('1', '年鉴科', '2024-06', { role: 'support', text: '提供2006年以来年鉴条目索引，供志稿核对数据。' });
  await report('2', '年鉴科', '2024-06', { percent: 55, text: '完成年鉴框架设计和组稿，收到供稿单位稿件八十六份。', next: '8月底前完成统稿。' });
  await report('4', '资料科', '2024-06', {
    percent: 30,
    text: '征集地情资料一百二十件，完成入库登记九十件。',
    problems: '部分区县报送资料不及时。',
    next: '赴三个区县上门征集资料。',
  });
  // Not approved: never in a document.
  await report('5', '资料科', '2024-06', { status: 'submitted', percent: 20, text: '草拟短视频脚本两部（待审核）。' });
  await report('6', '方志馆', '2024-06', { status: 'returned', percent: 50, text: '已开展进校园活动两次（被退回）。' });
  await report('8', '办公室', '2024-06', { percent: 50, text: '开展保密自查一次，更新机关安全管理制度。' });
  return { planId, taskIds, unitIds };
}
