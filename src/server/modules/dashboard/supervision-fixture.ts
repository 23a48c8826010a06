import type { TImportPlanResponse, TPlanDetail, TPlanPreview } from '../../../shared/workplan.ts';
import { toImportRequest } from '../../../shared/workplan-import.ts';
import type { TestApp, TestClient } from '../../test/test-app.ts';

/**
 * Test data shared by the dashboard and assessment route tests: a small fictional plan (our own sentences), units, and
 * a quarter's worth of reports written straight into the tables, as the reports module would leave them.
 */
export const FIXTURE_PLAN = [
  '青石市地方志编纂委员会2023年工作要点',
  '一、志书工作',
  '1.完成《青石市志》送审稿评议，6月底前报送。（编纂处牵头，资料处配合）',
  '2.征集地情资料不少于500件。（资料处负责）',
  '二、开发利用',
  '3.方志馆全年接待参观2000人次。（方志馆）',
  '4.编印地情手册2期，9月底前完成。（资料处、方志馆分别负责）',
].join('\n');

export interface SupervisionFixture {
  planId: number;
  supervisor: TestClient;
  units: Record<'编纂处' | '资料处' | '方志馆', number>;
  tasks: Record<'1' | '2' | '3' | '4', number>;
  indicatorId: number;
}

export async function buildSupervisionFixture(t: TestApp): Promise<SupervisionFixture> {
  const admin = await t.signIn('root', ['admin']);
  const committee = await admin.json<{ id: number }>('POST', '/api/units', { name: '青石市地方志编纂委员会', kind: 'committee' });
  const units = {} as SupervisionFixture['units'];
  for (const name of ['编纂处', '资料处', '方志馆'] as const) {
    units[name] = (await admin.json<{ id: number }>('POST', '/api/units', { name, kind: 'department', parentId: committee.body.id })).body.id;
  }
  const supervisor = await t.signIn('duban', ['supervisor']);
  const preview = await supervisor.json<TPlanPreview>('POST', '/api/plans/preview', { text: FIXTURE_PLAN });
  const form = new FormData();
  form.set('text', FIXTURE_PLAN);
  form.set('plan', JSON.stringify(toImportRequest(preview.body.parse, preview.body.units)));
  const saved = await supervisor.json<TImportPlanResponse>('POST', '/api/plans', form);
  if (saved.status !== 201) throw new Error(`fixture import failed: ${JSON.stringify(saved.body)}`);
  const planId = saved.body.planId;
  const detail = (await supervisor.json<TPlanDetail>('GET', `/api/plans/${planId}`)).body;
  const tasks = Object.fromEntries(detail.sections.flatMap((s) => s.tasks).map((x) => [x.number, x.id])) as SupervisionFixture['tasks'];

  const db = t.deps.db;
  const now = '2023-04-01T00:00:00.000Z';
  await db.insertInto('plan_supervision').values({ plan_id: planId, cycle: 'quarterly', due_day: 25, yellow_points: 10, red_points: 30, remind_days_before: 3, updated_at: now }).execute();
  await db
    .insertInto('milestone')
    .values([
      { task_id: tasks['2'], name: '制定征集方案', due_date: '2023-05-31', deliverable: '征集方案', weight: 1, reached_at: '2023-05-20', sort_order: 1, created_at: now },
      { task_id: tasks['2'], name: '完成全年征集', due_date: '2023-12-15', deliverable: '资料目录', weight: 1, reached_at: null, sort_order: 2, created_at: now },
      { task_id: tasks['4'], name: '印制第1期', due_date: '2023-06-30', deliverable: '手册', weight: 1, reached_at: null, sort_order: 1, created_at: now },
      { task_id: tasks['4'], name: '印制第2期', due_date: '2023-09-30', deliverable: '手册', weight: 1, reached_at: null, sort_order: 2, created_at: now },
    ])
    .execute();
  const indicator = await db
    .insertInto('indicator')
    .values({ task_id: tasks['2'], target_id: null, name: '征集地情资料', unit: '件', target_value: 500, baseline: 0, curve: 'linear', points_json: '[]' })
    .returning('id')
    .executeTakeFirstOrThrow();

  const report = (r: { task: number; unit: number; period: string; percent: number; text: string; submitted: string; decided: string | null; actuals?: unknown }) => ({
    task_id: r.task,
    unit_id: r.unit,
    period: r.period,
    role: 'lead' as const,
    status: r.decided ? 'approved' : 'submitted',
    progress_text: r.text,
    percent: r.percent,
    problems: null,
    next_steps: null,
    milestones_reached_json: '[]',
    indicator_actuals_json: JSON.stringify(r.actuals ?? []),
    created_by: null,
    submitted_at: `${r.submitted}T02:00:00.000Z`,
    decided_by: null,
    decided_at: r.decided ? `${r.decided}T03:00:00.000Z` : null,
    decision_comment: null,
    created_at: `${r.submitted}T01:00:00.000Z`,
    updated_at: `${r.submitted}T02:00:00.000Z`,
  });
  await db
    .insertInto('report')
    .values([
      report({ task: tasks['1'], unit: units.编纂处, period: '2023-Q1', percent: 40, text: '送审稿已分送各评议专家，专家意见正在汇总。', submitted: '2023-03-20', decided: '2023-03-22' }),
      report({ task: tasks['1'], unit: units.编纂处, period: '2023-Q2', percent: 80, text: '评议会议已召开，正按专家意见修改送审稿。', submitted: '2023-06-20', decided: '2023-06-26' }),
      // 资料处: a too-short first report (空报), then a full one with the indicator's actual.
      report({ task: tasks['2'], unit: units.资料处, period: '2023-Q1', percent: 20, text: '按计划推进。', submitted: '2023-03-24', decided: '2023-03-27' }),
      report({ task: tasks['2'], unit: units.资料处, period: '2023-Q2', percent: 50, text: '已征集地情资料260件，完成登记编目。', submitted: '2023-06-20', decided: '2023-07-03', actuals: [{ indicatorId: indicator.id, value: 260 }] }),
      // Filed after the 25 March due day.
      report({ task: tasks['4'], unit: units.资料处, period: '2023-Q1', percent: 10, text: '手册编写提纲已确定，正在组稿。', submitted: '2023-03-28', decided: '2023-03-30' }),
    ])
    .execute();
  await db
    .insertInto('extension_request')
    .values({ task_id: tasks['4'], unit_id: units.方志馆, reason: '承印单位排期推迟', old_date: '2023-09-30', new_date: '2023-11-30', status: 'approved', requested_by: null, requested_at: '2023-06-01T00:00:00.000Z', decided_by: null, decided_at: '2023-06-02T00:00:00.000Z', decision_comment: null })
    .execute();
  return { planId, supervisor, units, tasks, indicatorId: indicator.id };
}
