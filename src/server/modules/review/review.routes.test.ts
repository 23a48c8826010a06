import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TOpinion, TRound, TRoundView, TTextItem } from '../../../shared/review.ts';
import { TEST_DIALECTS } from '../../test/test-db.ts';
import { createTestApp, TEST_PASSWORD, type TestApp, type TestClient } from '../../test/test-app.ts';
import { buildReviewWorld, type ReviewWorld } from '../../test/review-fixture.ts';
import { findAuditEntries } from '../../platform/audit/audit.repository.ts';

type Err = { code: string; message: string };

describe.each(TEST_DIALECTS)('review rounds (%s)', (dialect) => {
  let t: TestApp;
  let w: ReviewWorld;
  let expertA: { client: TestClient; id: number };
  let expertB: { client: TestClient; id: number };
  let chair: { client: TestClient; id: number };
  let first: TRoundView;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await buildReviewWorld(t);
    expertA = await w.person('expert_a', ['expert']);
    expertB = await w.person('expert_b', ['expert']);
    chair = await w.person('chair', ['unit_head'], '资料处');
  }, 120_000);
  afterAll(async () => t.close());

  it('refuses a 复审 before 初审 passed, naming what is missing', async () => {
    const res = await w.chief.json<Err>('POST', '/api/review/rounds', {
      stage: 'second_review',
      submissionId: w.submissionId,
      conveningBody: '吉林省地方志编纂委员会办公室',
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('不能进入复审：本书还没有初审，请先完成初审。');
  });

  it('runs 初审 with a panel, conflict declarations and passage opinions', async () => {
    const created = await w.chief.json<TRoundView>('POST', '/api/review/rounds', {
      stage: 'first_review',
      submissionId: w.submissionId,
      conveningBody: '吉林省地方志编纂委员会办公室',
      readingDeadline: '2023-05-01',
      meetingDate: '2023-05-10',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    first = created.body;
    expect(first.conditions.every((c) => c.met)).toBe(true);
    expect(first.state).toBe('preparing');
    // Not startable without a 主审人.
    expect(
      (await w.chief.json<Err>('POST', `/api/review/rounds/${first.id}/transition`, { action: 'start' })).body.message,
    ).toContain('主审人');
    for (const [who, role] of [
      [chair, 'chair'],
      [expertA, 'external'],
      [expertB, 'external'],
    ] as const)
      expect(
        (await w.chief.json('POST', `/api/review/rounds/${first.id}/panel`, { userId: who.id, role })).status,
      ).toBe(200);
    const started = await w.chief.json<TRoundView>('POST', `/api/review/rounds/${first.id}/transition`, {
      action: 'start',
    });
    expect(started.body.state).toBe('reviewing');
    // The expert was notified and sees only this round.
    const notes = (await expertA.client.json<{ items: { title: string }[] }>('GET', '/api/notifications')).body;
    expect(JSON.stringify(notes)).toContain('评审邀请');
    // No opinion before the conflict declaration.
    const text = (await expertA.client.json<TTextItem[]>('GET', `/api/review/rounds/${first.id}/text`)).body;
    const item = text.find((i) => i.text.includes('2339.4万人'))!;
    const start = item.text.indexOf('2339.4万人');
    const opinion = {
      anchor: { kind: 'passage', ordinal: item.ordinal, start, end: start + '2339.4万人'.length },
      category: '资料',
      severity: 'must',
      visibility: 'writers',
      text: '请核对常住人口数据来源，注明统计口径。',
    };
    expect(
      (await expertA.client.json<Err>('POST', `/api/review/rounds/${first.id}/opinions`, opinion)).body.message,
    ).toContain('利益冲突');
    for (const e of [chair, expertA, expertB])
      expect((await e.client.json('POST', `/api/review/rounds/${first.id}/conflict`, { conflict: false })).status).toBe(
        200,
      );
    const made = await expertA.client.json<TOpinion>('POST', `/api/review/rounds/${first.id}/opinions`, opinion);
    expect(made.status).toBe(201);
    expect(made.body.anchor).toMatchObject({ kind: 'passage', quote: '2339.4万人', title: '人口总量' });
    expect(made.body.blocking).toBe(true);
    const bad = await expertB.client.json<Err>('POST', `/api/review/rounds/${first.id}/opinions`, {
      ...opinion,
      anchor: { kind: 'passage', ordinal: item.ordinal, start: 0, end: 99999 },
    });
    expect(bad.body.message).toContain('所选文字超出');
    const secret = await expertB.client.json<TOpinion>('POST', `/api/review/rounds/${first.id}/opinions`, {
      anchor: { kind: 'book' },
      category: '保密',
      severity: 'suggest',
      visibility: 'panel',
      text: '评审组内部讨论：注意涉密地图。',
    });
    expect(secret.status).toBe(201);
    // The author edits or withdraws an open opinion; nobody else may, and an answered one stays as it was answered.
    const draft = await expertB.client.json<TOpinion>('POST', `/api/review/rounds/${first.id}/opinions`, {
      anchor: { kind: 'book' },
      category: '体例',
      severity: 'suggest',
      text: '大事记体例待定。',
    });
    const change = { category: '体例', severity: 'reference', visibility: 'panel', text: '大事记宜用编年体。' };
    const notMine = await expertA.client.json<Err>('PATCH', `/api/review/opinions/${draft.body.id}`, change);
    expect(notMine.status).toBe(403);
    expect(notMine.body.message).toBe('只有提出这条意见的专家本人可以修改它。');
    expect((await expertA.client.json<Err>('DELETE', `/api/review/opinions/${draft.body.id}`)).status).toBe(403);
    const edited = await expertB.client.json<TOpinion>('PATCH', `/api/review/opinions/${draft.body.id}`, change);
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      severity: 'reference',
      visibility: 'panel',
      text: '大事记宜用编年体。',
      editable: true,
    });
    const asOthers = (await expertA.client.json<TOpinion[]>('GET', `/api/review/rounds/${first.id}/opinions`)).body;
    expect(asOthers.find((o) => o.id === draft.body.id)?.editable).toBe(false);
    const left = await expertB.client.json<TOpinion[]>('DELETE', `/api/review/opinions/${draft.body.id}`);
    expect(left.status).toBe(200);
    expect(left.body.map((o) => o.id)).not.toContain(draft.body.id);
    const answeredOne = await expertB.client.json<TOpinion>('POST', `/api/review/rounds/${first.id}/opinions`, {
      anchor: { kind: 'book' },
      category: '体例',
      severity: 'reference',
      visibility: 'panel',
      text: '图表编号请统一。',
    });
    await w.chief.json('PUT', `/api/review/opinions/${answeredOne.body.id}/response`, { response: 'adopted' });
    const late = await expertB.client.json<Err>('DELETE', `/api/review/opinions/${answeredOne.body.id}`);
    expect(late.status).toBe(409);
    expect(late.body.message).toBe('这条意见已经答复，不能再撤回；如有补充，请另提一条意见。');
    // A passing decision is refused while a must-fix item is open.
    const pass = await chair.client.json<Err>('POST', `/api/review/rounds/${first.id}/decision`, {
      decision: 'pass',
      text: '同意通过。',
    });
    expect(pass.body.message).toContain('必须修改意见尚未落实');
  });

  it('keeps the expert inside their rounds and out of every other module', async () => {
    const stranger = await w.person('expert_c', ['expert']);
    for (const path of [
      `/api/review/rounds/${first.id}`,
      `/api/review/rounds/${first.id}/text`,
      `/api/review/rounds/${first.id}/opinions`,
    ])
      expect((await stranger.client.json('GET', path)).status).toBe(404);
    expect((await stranger.client.json<TRound[]>('GET', '/api/review/rounds')).body).toEqual([]);
    expect((await expertA.client.json<TRound[]>('GET', '/api/review/rounds')).body.map((r) => r.id)).toEqual([
      first.id,
    ]);
    for (const path of [
      '/api/compilation/projects',
      `/api/compilation/projects/${w.projectId}`,
      `/api/compilation/submissions/${w.submissionId}`,
      '/api/plans',
      '/api/users',
      '/api/library/funds',
      '/api/review/people',
    ])
      expect([403, 404]).toContain((await expertA.client.json('GET', path)).status);
    expect(
      (
        await expertA.client.json('POST', `/api/review/rounds/${first.id}/transition`, {
          action: 'cancel',
          reason: 'x',
        })
      ).status,
    ).toBe(403);
  });

  it('shows writers only what the panel sends them', async () => {
    const writer = await w.person('writer', ['unit_staff'], '省统计局');
    await w.chief.json('POST', `/api/compilation/projects/${w.projectId}/members`, {
      userId: writer.id,
      role: 'writer',
    });
    const seen = (await writer.client.json<TOpinion[]>('GET', `/api/review/rounds/${first.id}/opinions`)).body;
    expect(seen.map((o) => o.category)).toEqual(['资料']);
    // The panel sees all three left: the must-fix, the panel-only one and the answered reference (one was withdrawn).
    expect((await expertA.client.json<TOpinion[]>('GET', `/api/review/rounds/${first.id}/opinions`)).body).toHaveLength(
      3,
    );
  });

  it('answers the opinions, decides, signs with the password and opens 复审 that sees them', async () => {
    const [must, secret] = (await w.chief.json<TOpinion[]>('GET', `/api/review/rounds/${first.id}/opinions`)).body;
    const noReason = await w.chief.json<Err>('PUT', `/api/review/opinions/${secret!.id}/response`, {
      response: 'rejected',
    });
    expect(noReason.body.message).toBe('不采纳的意见必须写明理由。');
    const old = await w.chief.json<Err>('PUT', `/api/review/opinions/${must!.id}/response`, {
      response: 'adopted',
      resolvedSubmissionId: w.submissionId,
    });
    expect(old.body.message).toContain('评审之后的送审稿');
    expect(
      (
        await chair.client.json<TRoundView>('POST', `/api/review/rounds/${first.id}/decision`, {
          decision: 'pass_after_revision',
          text: '体例基本规范，资料翔实。\n请按意见修改。',
        })
      ).body.state,
    ).toBe('decided');
    const afterDecision = await expertB.client.json<Err>('PATCH', `/api/review/opinions/${secret!.id}`, {
      category: '保密',
      severity: 'suggest',
      visibility: 'panel',
      text: '改写',
    });
    expect(afterDecision.body.message).toContain('这轮评审已不在评审中');
    const wrong = await expertA.client.json<Err>('POST', `/api/review/rounds/${first.id}/sign`, { password: 'nope' });
    expect(wrong.body.message).toContain('密码不正确');
    // Re-entering the password goes through the sign-in limiter: five misses lock it like sign-in (429), even for
    // the right password, and sign-in of the same account from the same address is locked too; the lock then expires.
    for (let i = 0; i < 4; i++)
      expect(
        (await expertA.client.json<Err>('POST', `/api/review/rounds/${first.id}/sign`, { password: `guess-${i}` }))
          .status,
      ).toBe(400);
    const locked = await expertA.client.json<Err>('POST', `/api/review/rounds/${first.id}/sign`, {
      password: TEST_PASSWORD,
    });
    expect(locked.status).toBe(429);
    expect(locked.body.message).toMatch(/^该账号在此地址登录失败次数过多，请 15 分钟后再试/);
    const login = await t.anonymous().json<Err>('POST', '/api/auth/login', {
      username: 'expert_a',
      password: TEST_PASSWORD,
    });
    expect(login.status).toBe(429);
    const misses = await findAuditEntries(t.deps.db, { page: 1, pageSize: 10, action: 'auth.confirm_failed' });
    expect(misses.rows).toHaveLength(5);
    expect(misses.rows[0]!.summary).toContain('签署评审结论时密码错误');
    t.clock.advance(16 * 60_000);
    for (const e of [chair, expertA, expertB])
      expect(
        (await e.client.json('POST', `/api/review/rounds/${first.id}/sign`, { password: TEST_PASSWORD })).status,
      ).toBe(200);
    // 复审 is refused while the must-fix item is unresolved …
    const blocked = await w.chief.json<Err>('POST', '/api/review/rounds', {
      stage: 'second_review',
      submissionId: w.submissionId,
      conveningBody: '吉林省地方志编纂委员会办公室',
    });
    expect(blocked.body.message).toContain('前轮还有 1 条必须修改或否决意见未落实');
    // … until it is answered and carried out in a new 送审稿.
    const second = await w.revise(
      '【人口总量】',
      '<p>2023年末，全省常住人口2339.4万人（据省统计局人口抽样调查）。</p>',
    );
    const answered = await w.chief.json<TOpinion>('PUT', `/api/review/opinions/${must!.id}/response`, {
      response: 'adopted',
      resolvedSubmissionId: second,
    });
    expect(answered.body).toMatchObject({ blocking: false, resolvedLabel: '第 2 次送审稿“送审稿2”' });
    await w.chief.json('PUT', `/api/review/opinions/${secret!.id}/response`, {
      response: 'rejected',
      reason: '地图已经审图',
    });
    const review2 = await w.chief.json<TRoundView>('POST', '/api/review/rounds', {
      stage: 'second_review',
      submissionId: second,
      conveningBody: '吉林省地方志编纂委员会办公室',
    });
    expect(review2.status).toBe(201);
    expect(review2.body.chain.map((c) => c.stageLabel)).toEqual(['初审', '复审']);
    await w.chief.json('POST', `/api/review/rounds/${review2.body.id}/panel`, { userId: expertA.id, role: 'chair' });
    const earlier = (await expertA.client.json<TOpinion[]>('GET', `/api/review/rounds/${review2.body.id}/opinions`))
      .body;
    expect(earlier.filter((o) => o.earlier).map((o) => o.text)).toContain('请核对常住人口数据来源，注明统计口径。');
    // The rejected suggestion carried over, linked to the opinion it supersedes.
    const carried = earlier.find((o) => !o.earlier);
    expect(carried).toMatchObject({ supersedesId: secret!.id, text: '评审组内部讨论：注意涉密地图。', response: null });
    expect(earlier.find((o) => o.id === secret!.id)?.supersededById).toBe(carried!.id);
    // Documents render.
    const letter = await w.chief.request('GET', `/api/review/rounds/${first.id}/opinion-letter.docx`);
    expect(letter.status).toBe(200);
    expect(
      Buffer.from(await letter.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    const notes = await w.chief.request('GET', `/api/review/rounds/${first.id}/revision-notes.docx`);
    expect(notes.status).toBe(200);
    // Cancel and reopen need a reason and are audited.
    expect(
      (await w.chief.json<Err>('POST', `/api/review/rounds/${review2.body.id}/transition`, { action: 'cancel' })).body
        .message,
    ).toBe('取消评审请写明理由。');
    await w.chief.json('POST', `/api/review/rounds/${review2.body.id}/transition`, {
      action: 'cancel',
      reason: '评审会改期',
    });
    const reopened = await w.chief.json<TRoundView>('POST', `/api/review/rounds/${review2.body.id}/transition`, {
      action: 'reopen',
      reason: '评审会重新安排',
    });
    expect(reopened.body.state).toBe('reviewing');
    // An expert carries a 初审 opinion into 复审: its passage is found again in the revised text.
    await expertA.client.json('POST', `/api/review/rounds/${review2.body.id}/conflict`, { conflict: false });
    const carriedOn = await expertA.client.json<TOpinion>('POST', `/api/review/rounds/${review2.body.id}/opinions`, {
      anchor: { kind: 'book' },
      category: '资料',
      severity: 'suggest',
      text: '数据来源已注明，建议再核对统计公报。',
      supersedesId: must!.id,
    });
    expect(carriedOn.status).toBe(201);
    const revised = (await expertA.client.json<TTextItem[]>('GET', `/api/review/rounds/${review2.body.id}/text`)).body;
    const at = revised.find((i) => i.title === '人口总量')!.text.indexOf('2339.4万人');
    expect(carriedOn.body.anchor).toMatchObject({ kind: 'passage', quote: '2339.4万人', start: at });
    expect(carriedOn.body.supersedesId).toBe(must!.id);
    const audit = await findAuditEntries(t.deps.db, { page: 1, pageSize: 100 });
    const actions = audit.rows.map((r) => r.action);
    for (const a of [
      'review.round_create',
      'review.panel_add',
      'review.opinion_create',
      'review.opinion_respond',
      'review.opinion_edit',
      'review.opinion_withdraw',
      'review.decide',
      'review.sign',
      'review.round_cancel',
      'review.round_reopen',
    ])
      expect(actions).toContain(a);
  });

  it('re-invites an expert with a new date', async () => {
    const view = (await w.chief.json<TRoundView>('GET', `/api/review/rounds/${first.id}`)).body;
    expect(view.unsigned).toEqual([]);
    const rounds = (await w.chief.json<TRound[]>('GET', '/api/review/rounds')).body;
    const open = rounds.find((r) => r.state === 'reviewing')!;
    const member = (await w.chief.json<TRoundView>('GET', `/api/review/rounds/${open.id}`)).body.panel[0]!;
    const res = await w.chief.json<TRoundView>('POST', `/api/review/rounds/${open.id}/panel/${member.id}/reinvite`, {
      dueDate: '2023-07-01',
    });
    expect(res.body.panel[0]!.dueDate).toBe('2023-07-01');
    const notes = JSON.stringify((await expertA.client.json('GET', '/api/notifications')).body);
    expect(notes).toContain('新的审读截止日期');
  });
});
