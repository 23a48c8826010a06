import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TNotificationPage } from '../../../../shared/notifications.ts';
import type { TTaskView } from '../../../../shared/reports.ts';
import type { TChase, TExtension, TPlanLights } from '../../../../shared/supervision.ts';
import { TEST_DIALECTS } from '../../../test/test-db.ts';
import { auditLogSize, readAuditLog } from '../../../test/audit-log.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { buildWorld, setToday, type World, WORLD_TIMEOUT } from '../../../test/world.ts';
import { findTaskWithPlan } from '../../workplan/workplan.repository.ts';

type Err = { code: string; message: string };

describe.each(TEST_DIALECTS)('supervision actions (%s)', (dialect) => {
  let t: TestApp;
  let w: World;
  let bianStaff: TestClient;
  let bianHead: TestClient;
  let nianStaff: TestClient;
  let leader: TestClient;

  /** This test's own copy of the plan: the committee, units and people are the file's, built once. */
  let plan: { planId: number; tasks: Record<string, number> };
  /** Each person's newest notification id and total before this test: inboxes show only what the test caused. */
  const marks = new Map<TestClient, number>();
  const totalsBefore = new Map<TestClient, number>();

  beforeAll(async () => {
    t = await createTestApp(dialect);
    // Sessions last hours: move the clock first, then sign in.
    setToday(t, '2024-05-10');
    w = await buildWorld(t);
    bianStaff = await w.user('bian_staff', ['unit_staff'], '编纂科');
    bianHead = await w.user('bian_head', ['unit_head'], '编纂科');
    nianStaff = await w.user('nian_staff', ['unit_staff'], '年鉴科');
    leader = await w.user('lingdao', ['leader']);
  }, WORLD_TIMEOUT);
  beforeEach(async () => {
    plan = await w.freshPlan();
    // Earlier tests' notifications are read and left out of every inbox below.
    for (const c of [bianStaff, bianHead, nianStaff, leader]) {
      await c.json('POST', '/api/notifications/read-all');
      const page = (await c.json<TNotificationPage>('GET', '/api/notifications?pageSize=100')).body;
      totalsBefore.set(c, page.total);
      marks.set(c, Math.max(0, ...page.items.map((n) => n.id)));
    }
  });
  afterAll(async () => t.close());

  /** What the API shows of a task: its timeline (oldest first), its chases, its 延期 requests of every status. */
  const timeline = async (taskId: number) =>
    (await w.supervisor.json<TTaskView>('GET', `/api/tasks/${taskId}`)).body.events;
  const chasesOf = async (taskId: number) =>
    (await w.supervisor.json<TChase[]>('GET', `/api/tasks/${taskId}/chases`)).body;
  const extensionsOf = async (taskId: number) =>
    (await leader.json<TExtension[]>('GET', `/api/extensions?taskId=${taskId}`)).body;
  /** The whole audit log's size, as the administrator reads it. */
  const auditSize = async () => auditLogSize(w.admin);
  /** The user's notifications caused by this test: the server's unread count, its total less what was there before. */
  const inbox = async (c: TestClient) => {
    const page = (await c.json<TNotificationPage>('GET', '/api/notifications')).body;
    return {
      ...page,
      items: page.items.filter((n) => n.id > (marks.get(c) ?? 0)),
      total: page.total - (totalsBefore.get(c) ?? 0),
    };
  };

  it('shows every task with its light to supervisors and leaders, and only its own tasks to a unit', async () => {
    const all = await w.supervisor.json<TPlanLights>('GET', `/api/plans/${plan.planId}/lights`);
    expect(all.status).toBe(200);
    expect(all.body.date).toBe('2024-05-10');
    expect(all.body.tasks.map((x) => x.number)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    const first = all.body.tasks[0]!;
    expect(first).toMatchObject({
      number: '1',
      deadline: '2024-06-30',
      light: expect.any(String),
      reportOverdue: true,
      sectionTitle: '志鉴编纂工作',
    });
    expect(first.leadUnits.map((u) => u.name)).toEqual(['编纂科']);
    expect(first.reasons.join()).toMatch(/逾期未报/);
    expect((await leader.json<TPlanLights>('GET', `/api/plans/${plan.planId}/lights`)).body.tasks).toHaveLength(8);

    const mine = await bianStaff.json<TPlanLights>('GET', `/api/plans/${plan.planId}/lights`);
    // 编纂科 leads 1 and 3; 7 is "各科室配合", a collective without a unit id.
    expect(mine.body.tasks.map((x) => x.number)).toEqual(['1', '3']);
    expect(
      (await nianStaff.json<TPlanLights>('GET', `/api/plans/${plan.planId}/lights`)).body.tasks.map((x) => x.number),
    ).toEqual(['1', '2']);

    // Past the deadline the light is red, whatever day the server thinks it is.
    const later = await w.supervisor.json<TPlanLights>('GET', `/api/plans/${plan.planId}/lights?date=2024-07-05`);
    expect(later.body.tasks[0]).toMatchObject({ status: 'behind', light: 'red' });
    expect((await w.supervisor.json<Err>('GET', `/api/plans/${plan.planId}/lights?date=2024-02-30`)).status).toBe(400);
    expect((await w.supervisor.json<Err>('GET', '/api/plans/9999/lights')).status).toBe(404);
  });

  it('sends a chase notice to the unit: chase, timeline, audit, and the unit’s people notified — nobody else', async () => {
    const before = { events: (await timeline(plan.tasks['1']!)).length, audit: await auditSize() };
    const res = await w.supervisor.json<TChase>('POST', `/api/tasks/${plan.tasks['1']}/chases`, {
      unitId: w.unitIds['编纂科'],
      message: '请于本周内报送终审进展。',
      replyBy: '2024-05-15',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      level: 0,
      levelLabel: '催办',
      unitName: '编纂科',
      replyBy: '2024-05-15',
      notified: 2,
      answeredAt: null,
    });
    const events = await timeline(plan.tasks['1']!);
    expect(events).toHaveLength(before.events + 1);
    expect(await auditSize()).toBe(before.audit + 1);
    const event = events.at(-1)!;
    expect(event).toMatchObject({ kind: 'chase', actorName: '测试duban', unitId: w.unitIds['编纂科'] });
    expect(event.summary).toContain('请于本周内报送终审进展');

    for (const c of [bianStaff, bianHead]) {
      const box = await inbox(c);
      expect(box.unread).toBe(1);
      expect(box.items[0]).toMatchObject({
        kind: 'chase',
        title: '催办：第1项任务',
        link: `/supervision/tasks/${plan.tasks['1']}`,
      });
      expect(box.items[0]!.body).toContain('请于 2024-05-15 前回复');
    }
    expect((await inbox(nianStaff)).unread).toBe(0);
    expect((await inbox(leader)).unread).toBe(0);

    const lights = await w.supervisor.json<TPlanLights>('GET', `/api/plans/${plan.planId}/lights`);
    expect(lights.body.tasks[0]).toMatchObject({ chaseLevel: 0, chaseCount: 1 });

    // The chased unit answers; another unit cannot.
    const chaseId = res.body.id;
    expect((await nianStaff.json<Err>('POST', `/api/chases/${chaseId}/answer`, { reply: '不是我们的' })).status).toBe(
      403,
    );
    const answered = await bianStaff.json<TChase>('POST', `/api/chases/${chaseId}/answer`, { reply: '已报送终审稿。' });
    expect(answered.status).toBe(200);
    expect(answered.body.answeredAt).not.toBeNull();
    expect((await bianStaff.json<Err>('POST', `/api/chases/${chaseId}/answer`, { reply: '再答一次' })).status).toBe(
      409,
    );
    const list = await bianHead.json<TChase[]>('GET', `/api/tasks/${plan.tasks['1']}/chases`);
    expect(list.body).toHaveLength(1);
    expect((await bianStaff.json<Err>('GET', `/api/tasks/${plan.tasks['4']}/chases`)).status).toBe(403);
  });

  it('refuses a chase to a unit that is not on the task, with a reply date in the past, or on a closed task', async () => {
    const before = (await chasesOf(plan.tasks['1']!)).length;
    const other = await w.supervisor.json<Err>('POST', `/api/tasks/${plan.tasks['1']}/chases`, {
      unitId: w.unitIds['资料科'],
      message: '请报送进展。',
    });
    expect(other.status).toBe(400);
    expect(other.body.message).toMatch(/不是这项任务的牵头或配合单位/);
    const past = await w.supervisor.json<Err>('POST', `/api/tasks/${plan.tasks['1']}/chases`, {
      unitId: w.unitIds['编纂科'],
      message: '请报送进展。',
      replyBy: '2024-05-01',
    });
    expect(past.status).toBe(400);
    expect(past.body.message).toMatch(/回复期限/);
    await w.supervisor.json('POST', `/api/tasks/${plan.tasks['1']}/close`, {
      evidence: '终审稿已交付出版社，有交接单。',
    });
    expect(
      (
        await w.supervisor.json<Err>('POST', `/api/tasks/${plan.tasks['1']}/chases`, {
          unitId: w.unitIds['编纂科'],
          message: '请报送进展。',
        })
      ).status,
    ).toBe(409);
    expect(await chasesOf(plan.tasks['1']!)).toHaveLength(before);
  });

  it('escalates one level at a time: 一级 to the head, 二级 to head and leaders, 三级 to all leaders', async () => {
    const chasesBefore = (await chasesOf(plan.tasks['1']!)).length;
    const chase = (level: number) =>
      w.supervisor.json<TChase & Err>('POST', `/api/tasks/${plan.tasks['1']}/chases`, {
        unitId: w.unitIds['编纂科'],
        level,
        message: `第${level}级：进度严重滞后，请说明原因。`,
      });
    const skipped = await chase(2);
    expect(skipped.status).toBe(400);
    expect(skipped.body.message).toBe('督办单须逐级升级：请先对该单位发出一级督办，再发二级督办。');
    expect(await chasesOf(plan.tasks['1']!)).toHaveLength(chasesBefore);
    expect((await chase(1)).status).toBe(400); // needs a 催办 first
    await chase(0);
    const one = await chase(1);
    expect(one.body).toMatchObject({ level: 1, levelLabel: '一级督办', notified: 1 });
    // A 督办单 is a numbered document: its number is in the notice's title.
    expect((await inbox(bianHead)).items[0]).toMatchObject({
      kind: 'escalation',
      title: expect.stringMatching(/^一级督办 督字〔2024〕\d+号：第1项任务$/),
    });
    expect((await inbox(bianStaff)).items.map((n) => n.kind)).toEqual(['chase']);
    expect((await inbox(leader)).unread).toBe(0);
    const two = await chase(2);
    expect(two.body.notified).toBe(2);
    expect((await inbox(leader)).items[0]?.title).toMatch(/^二级督办 督字〔2024〕\d+号：第1项任务$/);
    const leader2 = await w.user('lingdao2', ['leader']);
    const three = await chase(3);
    expect(three.body.notified).toBe(3);
    expect((await inbox(leader2)).items.map((n) => n.title)).toEqual([
      expect.stringMatching(/^三级督办 督字〔2024〕\d+号：第1项任务$/),
    ]);
    expect((await timeline(plan.tasks['1']!)).map((e) => e.kind)).toEqual([
      'chase',
      'escalation',
      'escalation',
      'escalation',
    ]);
    const lights = await leader.json<TPlanLights>('GET', `/api/plans/${plan.planId}/lights`);
    expect(lights.body.tasks[0]).toMatchObject({ chaseLevel: 3, chaseCount: 4 });
  });

  it('lets the lead unit request an extension that a leader approves: the deadline moves, timeline and audit record it', async () => {
    const support = await nianStaff.json<Err>('POST', `/api/tasks/${plan.tasks['1']}/extensions`, {
      newDate: '2024-09-30',
      reason: '配合单位想延期',
    });
    expect(support.status).toBe(403);
    expect(support.body.message).toBe('只有这项任务的牵头单位可以申请延期。');
    const req = await bianStaff.json<TExtension>('POST', `/api/tasks/${plan.tasks['1']}/extensions`, {
      newDate: '2024-09-30',
      reason: '出版社排期推迟，终审会延至8月。',
    });
    expect(req.status).toBe(201);
    expect(req.body).toMatchObject({
      status: 'pending',
      oldDate: '2024-06-30',
      newDate: '2024-09-30',
      unitName: '编纂科',
      taskNumber: '1',
    });
    expect((await inbox(leader)).items[0]).toMatchObject({ kind: 'extension_request', title: '延期申请：第1项任务' });
    const again = await bianHead.json<Err>('POST', `/api/tasks/${plan.tasks['1']}/extensions`, {
      newDate: '2024-10-31',
      reason: '再申请一次看看',
    });
    expect(again.status).toBe(409);

    // Units see only their own requests; leaders see all pending ones.
    expect((await nianStaff.json<TExtension[]>('GET', '/api/extensions')).body).toEqual([]);
    expect((await leader.json<TExtension[]>('GET', '/api/extensions?status=pending')).body.map((e) => e.id)).toEqual([
      req.body.id,
    ]);

    expect(
      (await w.supervisor.json<Err>('POST', `/api/extensions/${req.body.id}/decision`, { approve: true })).status,
    ).toBe(403);
    const ok = await leader.json<TExtension>('POST', `/api/extensions/${req.body.id}/decision`, {
      approve: true,
      comment: '同意，务必9月底前交付。',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      status: 'approved',
      decidedBy: '测试lingdao',
      decisionComment: '同意，务必9月底前交付。',
    });
    const view = (await w.supervisor.json<TTaskView>('GET', `/api/tasks/${plan.tasks['1']}`)).body;
    expect(view.task).toMatchObject({ deadline: '2024-09-30', deadlineText: null });
    expect(view.events.map((e) => e.kind)).toEqual(['extension_requested', 'extension_approved']);
    const audit = (await readAuditLog(w.admin, { action: 'extension.approve' })).filter(
      (a) => a.entityId === String(plan.tasks['1']),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before).toEqual({ deadline: '2024-06-30' });
    expect((await inbox(bianStaff)).items[0]).toMatchObject({
      kind: 'extension_decision',
      title: '延期申请已同意：第1项任务',
    });
    expect(
      (await leader.json<Err>('POST', `/api/extensions/${req.body.id}/decision`, { approve: false, comment: '改主意' }))
        .status,
    ).toBe(409);
    // Past the old deadline the light follows the new one.
    const lights = await w.supervisor.json<TPlanLights>('GET', `/api/plans/${plan.planId}/lights?date=2024-07-05`);
    expect(lights.body.tasks[0]?.reasons.join()).not.toMatch(/已超过完成时限/);
  });

  it('refuses a new date before the plan’s year or not after the deadline, and a refusal without a comment — changing nothing', async () => {
    const before = {
      ext: (await extensionsOf(plan.tasks['1']!)).length,
      events: (await timeline(plan.tasks['1']!)).length,
      audit: await auditSize(),
    };
    const early = await bianStaff.json<Err>('POST', `/api/tasks/${plan.tasks['1']}/extensions`, {
      newDate: '2023-12-31',
      reason: '日期填错了年份',
    });
    expect(early.status).toBe(400);
    expect(early.body.message).toBe('新的完成时限 2023-12-31 早于工作要点所在的 2024 年，请填写 2024 年或之后的日期。');
    const sooner = await bianStaff.json<Err>('POST', `/api/tasks/${plan.tasks['1']}/extensions`, {
      newDate: '2024-06-01',
      reason: '提前完成也算延期吗',
    });
    expect(sooner.status).toBe(400);
    expect(sooner.body.message).toBe('新的完成时限 2024-06-01 应晚于当前完成时限 2024-06-30，请重新选择日期。');
    const bogus = await bianStaff.json<Err>('POST', `/api/tasks/${plan.tasks['1']}/extensions`, {
      newDate: '2024-02-30',
      reason: '不存在的日期',
    });
    expect(bogus.status).toBe(400);
    expect(await extensionsOf(plan.tasks['1']!)).toHaveLength(before.ext);
    expect(await timeline(plan.tasks['1']!)).toHaveLength(before.events);
    expect(await auditSize()).toBe(before.audit);

    const req = await bianStaff.json<TExtension>('POST', `/api/tasks/${plan.tasks['1']}/extensions`, {
      newDate: '2024-08-31',
      reason: '资料补充需要时间',
    });
    const noComment = await leader.json<Err>('POST', `/api/extensions/${req.body.id}/decision`, { approve: false });
    expect(noComment.status).toBe(400);
    expect(noComment.body.message).toMatch(/不同意延期时请填写意见/);
    const refused = await leader.json<TExtension>('POST', `/api/extensions/${req.body.id}/decision`, {
      approve: false,
      comment: '时限不变，请加派人手。',
    });
    expect(refused.body.status).toBe('refused');
    expect((await w.supervisor.json<TTaskView>('GET', `/api/tasks/${plan.tasks['1']}`)).body.task.deadline).toBe(
      '2024-06-30',
    );
  });

  it('closes a task with its evidence (light done) and reopens it', async () => {
    const empty = await w.supervisor.json<Err>('POST', `/api/tasks/${plan.tasks['4']}/close`, { evidence: '' });
    expect(empty.status).toBe(400);
    const closed = await w.supervisor.json<{ closedAt: string }>('POST', `/api/tasks/${plan.tasks['4']}/close`, {
      evidence: '征集资料312件，入库登记表见附件。',
    });
    expect(closed.status).toBe(200);
    let light = (await w.supervisor.json<TPlanLights>('GET', `/api/plans/${plan.planId}/lights`)).body.tasks.find(
      (x) => x.number === '4',
    )!;
    expect(light).toMatchObject({
      status: 'done',
      light: 'blue',
      closeEvidence: '征集资料312件，入库登记表见附件。',
      reportOverdue: false,
    });
    expect(
      (await w.supervisor.json<Err>('POST', `/api/tasks/${plan.tasks['4']}/close`, { evidence: '再办结一次' })).status,
    ).toBe(409);
    // Who closed it is kept on the task (read through workplan, the table's owner), not only on the timeline.
    const row = (await findTaskWithPlan(t.deps.db, plan.tasks['4']!))!;
    expect(row.closed_by).toBe(await w.userId('duban'));
    expect(row.closed_at).toBe('2024-05-10T08:00:00.000Z');

    const reopened = await w.supervisor.json('POST', `/api/tasks/${plan.tasks['4']}/reopen`, {
      reason: '入库数量需复核',
    });
    expect(reopened.status).toBe(200);
    light = (await w.supervisor.json<TPlanLights>('GET', `/api/plans/${plan.planId}/lights`)).body.tasks.find(
      (x) => x.number === '4',
    )!;
    expect(light.status).not.toBe('done');
    expect(light.closedAt).toBeNull();
    expect((await timeline(plan.tasks['4']!)).map((e) => e.kind)).toEqual(['closed', 'reopened']);
    expect(
      (await w.supervisor.json<Err>('POST', `/api/tasks/${plan.tasks['4']}/reopen`, { reason: '再开一次' })).status,
    ).toBe(409);
  });

  it('stores a user’s e-mail for the channels, refuses a malformed one, and clears it with an empty string', async () => {
    const id = await w.userId('bian_staff');
    const bad = await w.admin.json<Err>('PATCH', `/api/users/${id}`, { email: 'bian.staff@' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/邮箱地址格式不正确/);
    expect(
      (await w.admin.json<{ email: string | null }>('PATCH', `/api/users/${id}`, { email: ' bian@yunchuan.example ' }))
        .body.email,
    ).toBe('bian@yunchuan.example');
    expect(
      (await w.admin.json<{ email: string | null }>('PATCH', `/api/users/${id}`, { email: '' })).body.email,
    ).toBeNull();
  });

  it('keeps a notification centre per user: unread count, mark one read, mark all read, nobody else’s', async () => {
    await w.supervisor.json('POST', `/api/tasks/${plan.tasks['1']}/chases`, {
      unitId: w.unitIds['编纂科'],
      message: '请报送五月进展。',
    });
    await w.supervisor.json('POST', `/api/tasks/${plan.tasks['3']}/chases`, {
      unitId: w.unitIds['编纂科'],
      message: '请报送镇村志进展。',
    });
    let box = await inbox(bianStaff);
    expect(box).toMatchObject({ unread: 2, total: 2 });
    const [newest, older] = box.items;
    expect(newest!.body).toContain('镇村志');
    expect((await nianStaff.json<Err>('POST', `/api/notifications/${newest!.id}/read`)).status).toBe(404);
    expect((await bianStaff.json('POST', `/api/notifications/${newest!.id}/read`)).status).toBe(200);
    box = await inbox(bianStaff);
    expect(box.unread).toBe(1);
    expect(
      (await bianStaff.json<TNotificationPage>('GET', '/api/notifications?unreadOnly=true')).body.items.map(
        (n) => n.id,
      ),
    ).toEqual([older!.id]);
    expect((await inbox(bianHead)).unread).toBe(2);
    expect((await bianStaff.json<{ marked: number }>('POST', '/api/notifications/read-all')).body).toEqual({
      marked: 1,
    });
    expect((await inbox(bianStaff)).unread).toBe(0);
    expect((await inbox(bianHead)).unread).toBe(2);
  });
});
