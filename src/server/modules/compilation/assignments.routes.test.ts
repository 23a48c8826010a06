import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  TAssignment,
  TOutline,
  TOutlinePreview,
  TProjectProgress,
  TProjectView,
} from '../../../shared/compilation.ts';
import { TEST_DIALECTS } from '../../test/test-db.ts';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app.ts';
import { buildWorld, setToday, type World } from '../../test/world.ts';
import { findNotificationsOf } from '../notifications/notifications.repository.ts';
import { remindAssignments } from './remind-assignments.ts';

type Err = { code: string; message: string };

describe.each(TEST_DIALECTS)('assignments, 待办, reminders and progress (%s)', (dialect) => {
  let t: TestApp;
  let w: World;
  let office: TestClient;
  let projectId: number;
  let outline: TOutline;
  const ids = new Map<string, number>();
  const clients = new Map<string, TestClient>();
  const userId = async (username: string) =>
    (await w.admin.json<{ id: number; username: string }[]>('GET', '/api/users')).body.find(
      (u) => u.username === username,
    )!.id;
  const node = (title: string) => outline.nodes.find((n) => n.title === title)!;
  const base = () => `/api/compilation/projects/${projectId}`;
  const notices = async (username: string) =>
    (await findNotificationsOf(t.deps.db, ids.get(username)!, { unreadOnly: false, limit: 1000, offset: 0 })).rows.map(
      (n) => ({ title: n.title, dedupe_key: n.dedupe_key }),
    );

  beforeAll(async () => {
    t = await createTestApp(dialect);
    setToday(t, '2024-03-01');
    w = await buildWorld(t);
    office = await w.user('office', ['unit_head'], '年鉴科');
    for (const [name, unit] of [
      ['ziliao', '资料科'],
      ['bianzuan', '编纂科'],
    ] as const) {
      clients.set(name, await w.user(name, ['unit_staff'], unit));
      ids.set(name, await userId(name));
    }
    projectId = (
      await office.json<TProjectView>('POST', '/api/compilation/projects', {
        kind: 'yearbook',
        title: '云川年鉴（2024）',
        year: 2024,
      })
    ).body.project.id;
    const preview = (
      await office.json<TOutlinePreview>('POST', `${base()}/outline/preview`, {
        text: '社会\n  文化\n    【图书馆】\n    【博物馆】\n  教育\n    【高等教育】',
      })
    ).body;
    outline = (await office.json<TOutline>('POST', `${base()}/outline/import`, { headings: preview.headings })).body;
    await office.json('POST', `${base()}/members`, { userId: ids.get('ziliao'), role: 'unit_liaison' });
  });
  afterAll(async () => t.close());

  it('assigns 分目 to two units with deadlines and tells them in the notification centre', async () => {
    const a = await office.json<TAssignment[]>('POST', `${base()}/assignments`, {
      nodeId: node('文化').id,
      kind: 'write',
      unitId: w.unitIds['资料科'],
      dueDate: '2024-03-20',
    });
    expect(a.status).toBe(201);
    await office.json('POST', `${base()}/assignments`, {
      nodeId: node('教育').id,
      kind: 'supply',
      unitId: w.unitIds['编纂科'],
      dueDate: '2024-03-03',
    });
    const late = await office.json<Err>('POST', `${base()}/assignments`, {
      nodeId: node('教育').id,
      kind: 'review',
      unitId: w.unitIds['编纂科'],
      dueDate: '2024-02-01',
    });
    expect(late.status).toBe(400);
    expect(await notices('ziliao')).toEqual([
      expect.objectContaining({ title: '撰稿任务：《云川年鉴（2024）》“文化”' }),
    ]);
    expect(await notices('bianzuan')).toEqual([
      expect.objectContaining({ title: '供稿任务：《云川年鉴（2024）》“教育”' }),
    ]);
    outline = (await office.json<TOutline>('GET', `${base()}/outline`)).body;
    expect(node('文化').ownerUnitName).toBe('资料科');
  });

  it('shows a unit contact only its nodes and its 待办', async () => {
    const liaison = clients.get('ziliao')!;
    const seen = (await liaison.json<TOutline>('GET', `${base()}/outline`)).body.nodes.map((n) => n.title);
    expect(seen).toEqual(['社会', '文化', '图书馆', '博物馆']);
    expect((await liaison.json<TAssignment[]>('GET', `${base()}/assignments`)).body.map((a) => a.nodePath)).toEqual([
      '社会 / 文化',
    ]);
    const mine = (await liaison.json<TAssignment[]>('GET', '/api/compilation/my/assignments')).body;
    expect(mine).toEqual([
      expect.objectContaining({
        projectTitle: '云川年鉴（2024）',
        kind: 'write',
        dueDate: '2024-03-20',
        overdue: false,
      }),
    ]);
    expect(
      (
        await liaison.json<Err>('POST', `${base()}/assignments`, {
          nodeId: node('教育').id,
          kind: 'write',
          unitId: w.unitIds['资料科'],
          dueDate: '2024-04-01',
        })
      ).status,
    ).toBe(403);
  });

  it('reminds once three days before and once when overdue', async () => {
    expect(await remindAssignments(t.deps, '2024-03-01')).toBeGreaterThan(0);
    expect(await remindAssignments(t.deps, '2024-03-01')).toBe(0);
    expect((await notices('bianzuan')).map((n) => n.dedupe_key)).toContain(
      `compile-assignment-${(await office.json<TAssignment[]>('GET', `${base()}/assignments`)).body.find((a) => a.kind === 'supply')!.id}-due-soon`,
    );
    await remindAssignments(t.deps, '2024-03-04');
    expect((await notices('bianzuan')).some((n) => n.title.startsWith('已逾期'))).toBe(true);
    expect((await notices('ziliao')).some((n) => n.title.startsWith('即将到期') || n.title.startsWith('已逾期'))).toBe(
      false,
    );
  });

  it('reports progress per unit and per writer, and for the work-plan task it is linked to', async () => {
    const all = await office.json<TAssignment[]>('GET', `${base()}/assignments`);
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    const supply = all.body.find((a) => a.kind === 'supply')!;
    const done = await clients
      .get('bianzuan')!
      .json<TAssignment[]>('POST', `${base()}/assignments/${supply.id}/done`, { done: true });
    expect(done.status).toBe(403);
    await office.json('POST', `${base()}/assignments/${supply.id}/done`, { done: true });
    const p = (await office.json<TProjectProgress>('GET', `${base()}/progress`)).body;
    expect(p.total).toMatchObject({ nodes: 3, drafted: 0, open: 1, overdue: 0 });
    expect(p.byUnit.map((r) => [r.label, r.nodes, r.open])).toEqual([
      ['资料科', 2, 1],
      ['编纂科', 1, 0],
    ]);
    const taskId = w.tasks['1']!;
    expect((await office.json<TProjectView>('PATCH', base(), { taskId })).status).toBe(200);
    await office.json('PATCH', base(), {
      plan: {
        stages: [
          { name: '供稿', start: '2024-03-01', end: '2024-03-31' },
          { name: '编辑', start: '2024-04-01', end: '2024-05-31' },
        ],
      },
    });
    const viaTask = (await w.supervisor.json<TProjectProgress[]>('GET', `/api/compilation/tasks/${taskId}/progress`))
      .body;
    expect(viaTask).toEqual([
      expect.objectContaining({ title: '云川年鉴（2024）', percent: 0, currentStage: '供稿', plannedPercent: 0 }),
    ]);
  });
});
