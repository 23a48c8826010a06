import fs from 'node:fs';
import path from 'node:path';
import type { TRole } from '../../shared/auth.ts';
import type { TImportPlanResponse, TPlanDetail, TPlanPreview } from '../../shared/workplan.ts';
import { toImportRequest } from '../../shared/workplan-import.ts';
import type { TestApp, TestClient } from './test-app.ts';

/**
 * The one test world of the supervision domain: a committee and its units, an administrator and a supervisor, a work
 * plan imported through the real API, and people per unit signed in once and kept. Everything after that — settings,
 * milestones, reports filed, submitted, approved, chases, extensions, closing — goes through the HTTP API too, so
 * tests only ever see states the workflow can produce. Build it once per test file (`beforeAll`) where the tests can
 * share it.
 */
export const YUNCHUAN_PLAN = path.join(
  import.meta.dirname,
  '../modules/workplan/fixtures/yunchuan-2024-work-points.txt',
);
/** How long a hook that builds a world may take: a loaded 2-core machine running PostgreSQL must not fail the tests. */
export const WORLD_TIMEOUT = 180_000;

export const UNITS = ['编纂科', '年鉴科', '资料科', '方志馆', '办公室', '指导科'] as const;
/** Short Latin names for usernames of each unit's people (`bzk_staff`, `bzk_head` …). */
export const UNIT_LOGIN: Record<(typeof UNITS)[number], string> = {
  编纂科: 'bzk',
  年鉴科: 'njk',
  资料科: 'zlk',
  方志馆: 'fzg',
  办公室: 'bgs',
  指导科: 'zdk',
};
export type UnitName = (typeof UNITS)[number];

export interface PlanSource {
  /** The document's text (our own fictional plans), or the bytes of a file. */
  text?: string;
  file?: { name: string; bytes: Uint8Array };
  /** Unknown unit names become new units under the committee. */
  createUnknownUnits?: boolean;
}

export interface World<U extends string = UnitName> {
  t: TestApp;
  committeeId: number;
  unitIds: Record<U, number>;
  admin: TestClient;
  supervisor: TestClient;
  planId: number;
  /** task number → task id */
  tasks: Record<string, number>;
  /** A signed-in person, created on first use; `email` is stored on the account for the outbound channels. */
  user(username: string, roles: TRole[], unit?: U, email?: string): Promise<TestClient>;
  userId(username: string): Promise<number>;
  /**
   * Moves the clock to a day (08:00 UTC). Sessions last 12 hours, so each person is signed in again the next time a test
   * asks `user()` for them; `admin` and `supervisor` at once. Clients a test kept from before the jump are stale.
   */
  setToday(date: string): Promise<void>;
  /**
   * Imports another copy of the 云川 plan under a title of its own (…工作要点（第N批）), so a test gets tasks nobody else
   * touched while the committee, units and people stay those of the file's world.
   */
  freshPlan(): Promise<{ planId: number; tasks: Record<string, number> }>;
}

/** Imports a plan the way the import page does (preview, then save with the resolved units) and returns its tasks. */
export async function importPlan(
  client: TestClient,
  source: PlanSource,
): Promise<{ planId: number; tasks: Record<string, number> }> {
  const form = (plan?: unknown) => {
    const f = new FormData();
    if (source.file) f.set('file', new File([new Uint8Array(source.file.bytes)], source.file.name));
    else f.set('text', source.text ?? '');
    if (plan !== undefined) f.set('plan', JSON.stringify(plan));
    return f;
  };
  const preview = await client.json<TPlanPreview>('POST', '/api/plans/preview', form());
  if (preview.status !== 200) throw new Error(`preview failed: ${JSON.stringify(preview.body)}`);
  const saved = await client.json<TImportPlanResponse>(
    'POST',
    '/api/plans',
    form(toImportRequest(preview.body.parse, preview.body.units, source.createUnknownUnits ?? false)),
  );
  if (saved.status !== 201) throw new Error(`import failed: ${JSON.stringify(saved.body)}`);
  const detail = (await client.json<TPlanDetail>('GET', `/api/plans/${saved.body.planId}`)).body;
  return {
    planId: saved.body.planId,
    tasks: Object.fromEntries(detail.sections.flatMap((s) => s.tasks.map((x) => [x.number, x.id]))),
  };
}

/**
 * Builds the world on a fresh test app: the committee `committee` with `units`, and the plan (default: our fictional
 * 云川 plan of 2024, whose task 1 is led by 编纂科 with 年鉴科 supporting, deadline 2024-06-30, and task 4 by 资料科).
 */
export async function buildWorld<U extends string = UnitName>(
  t: TestApp,
  options: { committee?: string; units?: readonly U[]; plan?: PlanSource } = {},
): Promise<World<U>> {
  const admin = await t.signIn('root', ['admin']);
  const committee = await admin.json<{ id: number }>('POST', '/api/units', {
    name: options.committee ?? '云川市地方志编纂委员会',
    kind: 'committee',
  });
  const unitIds = {} as Record<U, number>;
  for (const name of options.units ?? (UNITS as unknown as readonly U[])) {
    unitIds[name] = (
      await admin.json<{ id: number }>('POST', '/api/units', { name, kind: 'department', parentId: committee.body.id })
    ).body.id;
  }
  const people = new Map<string, TestClient>();
  // Sessions last 12 hours: after the clock jumps, each person signs in again the next time a test asks for them.
  const stale = new Set<string>();
  const person = async (username: string) => {
    if (stale.delete(username)) people.set(username, await t.login(username));
    return people.get(username)!;
  };
  people.set('root', admin);
  people.set('duban', await t.signIn('duban', ['supervisor']));
  const plan = await importPlan(
    people.get('duban')!,
    options.plan ?? { file: { name: 'yunchuan.txt', bytes: fs.readFileSync(YUNCHUAN_PLAN) }, createUnknownUnits: true },
  );
  const ids = new Map<string, number>();
  let batch = 1;
  const userId = async (username: string) => {
    if (!ids.has(username)) {
      const users = (await (await person('root')).json<{ id: number; username: string }[]>('GET', '/api/users')).body;
      for (const u of users) ids.set(u.username, u.id);
    }
    const id = ids.get(username);
    if (id === undefined) throw new Error(`no user ${username}`);
    return id;
  };
  const world: World<U> = {
    t,
    committeeId: committee.body.id,
    unitIds,
    admin,
    supervisor: people.get('duban')!,
    planId: plan.planId,
    tasks: plan.tasks,
    userId,
    async user(username, roles, unit, email) {
      if (people.has(username)) return person(username);
      const client = await t.signIn(username, roles, unit ? unitIds[unit] : null);
      people.set(username, client);
      if (email) {
        const res = await (await person('root')).json('PATCH', `/api/users/${await userId(username)}`, { email });
        if (res.status !== 200) throw new Error(`setting e-mail failed: ${JSON.stringify(res.body)}`);
      }
      return client;
    },
    async freshPlan() {
      batch += 1;
      const text = fs
        .readFileSync(YUNCHUAN_PLAN, 'utf8')
        .replaceAll('云川市地方志编纂委员会2024年工作要点', `云川市地方志编纂委员会2024年工作要点（第${batch}批）`);
      return importPlan(await person('duban'), { text, createUnknownUnits: true });
    },
    async setToday(date) {
      setToday(t, date);
      for (const username of people.keys()) stale.add(username);
      // The two every test uses directly are signed in again at once.
      world.admin = await person('root');
      world.supervisor = await person('duban');
    },
  };
  return world;
}

/** Moves the test clock to a day (08:00 UTC). Sessions signed in before a jump of more than 12 hours expire. */
export function setToday(t: TestApp, date: string): void {
  t.clock.advance(Date.parse(`${date}T08:00:00.000Z`) - t.clock.now().getTime());
}

export const PDF_BYTES = new Uint8Array([
  ...new TextEncoder().encode('%PDF-1.4\n'),
  ...new TextEncoder().encode('% 云川 fictional test attachment\n%%EOF\n'),
]);
export const EXE_BYTES = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]);

export function fileForm(name: string, bytes: Uint8Array): FormData {
  const f = new FormData();
  f.set('file', new File([new Uint8Array(bytes)], name));
  return f;
}

// ---------------------------------------------------------------------------------------------------------------------
// Worlds with history: a small plan and a quarter's worth of work, produced by the workflow itself.

/** A small fictional plan (our own sentences) for the dashboard and assessment tests. */
export const QINGSHI_PLAN = [
  '青石市地方志编纂委员会2023年工作要点',
  '一、志书工作',
  '1.完成《青石市志》送审稿评议，6月底前报送。（编纂处牵头，资料处配合）',
  '2.征集地情资料不少于500件。（资料处负责）',
  '二、开发利用',
  '3.方志馆全年接待参观2000人次。（方志馆）',
  '4.编印地情手册2期，9月底前完成。（资料处、方志馆分别负责）',
].join('\n');
export const QINGSHI_UNITS = ['编纂处', '资料处', '方志馆'] as const;

export interface QingshiWorld extends World<(typeof QINGSHI_UNITS)[number]> {
  indicatorId: number;
}

/**
 * 青石 2023, quarterly reporting due on the 25th, as of 1 April 2023 (the clock is put back there at the end):
 *  - task 1 (编纂处): Q1 40 % filed 20 March, approved 22 March; Q2 80 % filed 20 June, approved 26 June;
 *  - task 2 (资料处): Q1 20 % "按计划推进。" (空报) filed 24 March, approved 27 March; Q2 50 % with the indicator at
 *    260 件 filed 20 June, approved 3 July; milestones 制定征集方案 (31 May, reached 20 May) and 完成全年征集 (15 Dec);
 *  - task 4 (资料处 and 方志馆): Q1 10 % by 资料处 filed 28 March, after the due day, approved 30 March; milestones
 *    印制第1期 (30 June) and 印制第2期 (30 September); 方志馆's 延期 to 30 November approved by a leader on 2 June, after
 *    which the office re-issued the plan unchanged, so the deadline is the document's 30 September again;
 *  - task 3 (方志馆): nothing reported.
 */
export async function buildQingshiWorld(t: TestApp): Promise<QingshiWorld> {
  const w = await buildWorld(t, {
    committee: '青石市地方志编纂委员会',
    units: QINGSHI_UNITS,
    plan: { text: QINGSHI_PLAN },
  });
  const ok = async <T>(res: Promise<{ status: number; body: T }>, what: string): Promise<T> => {
    const r = await res;
    if (r.status >= 300) throw new Error(`${what} failed: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const tasks = w.tasks as Record<'1' | '2' | '3' | '4', number>;
  await ok(
    w.supervisor.json('PUT', `/api/plans/${w.planId}/supervision`, {
      cycle: 'quarterly',
      dueDay: 25,
      yellowPoints: 10,
      redPoints: 30,
      remindDaysBefore: 3,
    }),
    'settings',
  );
  const milestone = (task: number, name: string, dueDate: string, deliverable: string) =>
    ok(
      w.supervisor.json<{ id: number }>('POST', `/api/tasks/${task}/milestones`, {
        name,
        dueDate,
        deliverable,
        weight: 1,
      }),
      `milestone ${name}`,
    );
  const plan = await milestone(tasks['2'], '制定征集方案', '2023-05-31', '征集方案');
  await milestone(tasks['2'], '完成全年征集', '2023-12-15', '资料目录');
  await milestone(tasks['4'], '印制第1期', '2023-06-30', '手册');
  await milestone(tasks['4'], '印制第2期', '2023-09-30', '手册');
  const indicator = await ok(
    w.supervisor.json<{ id: number }>('POST', `/api/tasks/${tasks['2']}/indicators`, {
      name: '征集地情资料',
      unit: '件',
      targetValue: 500,
      curve: 'linear',
    }),
    'indicator',
  );

  const staff = { 编纂处: 'bzc_staff', 资料处: 'zlc_staff', 方志馆: 'fzg_staff' } as const;
  const heads = { 编纂处: 'bzc_head', 资料处: 'zlc_head', 方志馆: 'fzg_head' } as const;
  for (const unit of QINGSHI_UNITS) {
    await w.user(staff[unit], ['unit_staff'], unit);
    await w.user(heads[unit], ['unit_head'], unit);
  }
  await w.user('qs_leader', ['leader']);
  const file = async (
    day: string,
    task: number,
    unit: (typeof QINGSHI_UNITS)[number],
    period: string,
    percent: number,
    progressText: string,
    actuals: unknown[] = [],
  ) => {
    await w.setToday(day);
    const client = await w.user(staff[unit], ['unit_staff'], unit);
    const report = await ok(
      client.json<{ id: number }>('PUT', `/api/tasks/${task}/reports/${period}`, {
        progressText,
        percent,
        indicatorActuals: actuals,
      }),
      `report ${period}`,
    );
    await ok(client.json('POST', `/api/reports/${report.id}/submit`), `submit ${period}`);
    return { id: report.id, unit };
  };
  const approve = async (day: string, report: { id: number; unit: (typeof QINGSHI_UNITS)[number] }) => {
    await w.setToday(day);
    await ok(
      (await w.user(heads[report.unit], ['unit_head'], report.unit)).json(
        'POST',
        `/api/reports/${report.id}/approve`,
        {},
      ),
      'approve',
    );
  };
  await approve(
    '2023-03-22',
    await file('2023-03-20', tasks['1'], '编纂处', '2023-Q1', 40, '送审稿已分送各评议专家，专家意见正在汇总。'),
  );
  // 资料处: a too-short first report (空报), then a full one with the indicator's actual.
  await approve('2023-03-27', await file('2023-03-24', tasks['2'], '资料处', '2023-Q1', 20, '按计划推进。'));
  // Filed after the 25 March due day.
  await approve(
    '2023-03-30',
    await file('2023-03-28', tasks['4'], '资料处', '2023-Q1', 10, '手册编写提纲已确定，正在组稿。'),
  );
  await w.setToday('2023-05-20');
  await ok(w.supervisor.json('POST', `/api/milestones/${plan.id}/reached`, { reached: true }), 'milestone reached');

  await w.setToday('2023-06-01');
  const museum = await w.user(staff.方志馆, ['unit_staff'], '方志馆');
  const extension = await ok(
    museum.json<{ id: number }>('POST', `/api/tasks/${tasks['4']}/extensions`, {
      newDate: '2023-11-30',
      reason: '承印单位排期推迟',
    }),
    'extension',
  );
  await w.setToday('2023-06-02');
  await ok(
    (await w.user('qs_leader', ['leader'])).json('POST', `/api/extensions/${extension.id}/decision`, {
      approve: true,
      comment: '',
    }),
    'extension decision',
  );
  await importPlan(w.supervisor, { text: QINGSHI_PLAN });

  const q2First = await file(
    '2023-06-20',
    tasks['1'],
    '编纂处',
    '2023-Q2',
    80,
    '评议会议已召开，正按专家意见修改送审稿。',
  );
  const q2Second = await file(
    '2023-06-20',
    tasks['2'],
    '资料处',
    '2023-Q2',
    50,
    '已征集地情资料260件，完成登记编目。',
    [{ indicatorId: indicator.id, value: 260 }],
  );
  await approve('2023-06-26', q2First);
  await approve('2023-07-03', q2Second);
  await w.setToday('2023-04-01');
  return Object.assign(w, { indicatorId: indicator.id });
}

/** 2024-07-05 08:00 UTC: the June reports of the 云川 plan are in and approved. */
export const DOCUMENT_TODAY = '2024-07-05';

/**
 * 云川 2024 for the documents, as of 5 July 2024: approved May and June lead reports (task 1 with problems and next
 * steps), an approved support contribution by 年鉴科 on task 1, approved June reports on tasks 2, 4 and 8 — and, never
 * in a document, a submitted report on task 5 and a returned one on task 6. Monthly reporting (the plan's default).
 */
export async function buildDocumentsWorld(t: TestApp): Promise<World> {
  const w = await buildWorld(t);
  const ok = async <T>(res: Promise<{ status: number; body: T }>, what: string): Promise<T> => {
    const r = await res;
    if (r.status >= 300) throw new Error(`${what} failed: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const report = async (
    day: string,
    number: string,
    unit: UnitName,
    period: string,
    fields: {
      percent?: number;
      text: string;
      problems?: string;
      next?: string;
      end?: 'approved' | 'submitted' | 'returned';
    },
  ) => {
    await w.setToday(day);
    const staff = await w.user(`${UNIT_LOGIN[unit]}_staff`, ['unit_staff'], unit);
    const draft = {
      progressText: fields.text,
      percent: fields.percent ?? null,
      problems: fields.problems ?? null,
      nextSteps: fields.next ?? null,
    };
    const saved = await ok(
      staff.json<{ id: number }>('PUT', `/api/tasks/${w.tasks[number]}/reports/${period}`, draft),
      `report ${number} ${period}`,
    );
    await ok(staff.json('POST', `/api/reports/${saved.id}/submit`), 'submit');
    const end = fields.end ?? 'approved';
    if (end === 'submitted') return;
    const head = await w.user(`${UNIT_LOGIN[unit]}_head`, ['unit_head'], unit);
    if (end === 'approved') await ok(head.json('POST', `/api/reports/${saved.id}/approve`, {}), 'approve');
    else await ok(head.json('POST', `/api/reports/${saved.id}/return`, { comment: '请补充印制数量。' }), 'return');
  };
  await report('2024-05-24', '1', '编纂科', '2024-05', { percent: 40, text: '志稿第一至十二编完成复审修改。' });
  await report('2024-06-24', '1', '编纂科', '2024-06', {
    percent: 70,
    text: '召开终审会议，评审专家提出修改意见四十二条，已修改完成三十条；与出版社商定排版样式。',
    problems: '部分图照版权尚未落实，影响交付进度。',
    next: '7月中旬前完成剩余意见修改，7月底前向出版社交付全部书稿。',
  });
  await report('2024-06-24', '1', '年鉴科', '2024-06', { text: '提供2006年以来年鉴条目索引，供志稿核对数据。' });
  await report('2024-06-24', '2', '年鉴科', '2024-06', {
    percent: 55,
    text: '完成年鉴框架设计和组稿，收到供稿单位稿件八十六份。',
    next: '8月底前完成统稿。',
  });
  await report('2024-06-24', '4', '资料科', '2024-06', {
    percent: 30,
    text: '征集地情资料一百二十件，完成入库登记九十件。',
    problems: '部分区县报送资料不及时。',
    next: '赴三个区县上门征集资料。',
  });
  // Not approved: never in a document.
  await report('2024-06-24', '5', '资料科', '2024-06', {
    percent: 20,
    text: '草拟短视频脚本两部（待审核）。',
    end: 'submitted',
  });
  await report('2024-06-24', '6', '方志馆', '2024-06', {
    percent: 50,
    text: '已开展进校园活动两次（被退回）。',
    end: 'returned',
  });
  await report('2024-06-24', '8', '办公室', '2024-06', {
    percent: 50,
    text: '开展保密自查一次，更新机关安全管理制度。',
  });
  await w.setToday(DOCUMENT_TODAY);
  return w;
}
