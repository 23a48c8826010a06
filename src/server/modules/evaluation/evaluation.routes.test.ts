import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TCampaignDetail, TCampaignSummary, TEntryForExpert, TScoreTemplate } from '../../../shared/evaluation.ts';
import { createEvaluationWorld, entryForm, YEARBOOK_SHEET, type EvaluationWorld } from '../../test/evaluation-world.ts';
import type { TestClient } from '../../test/test-app.ts';
import { TEST_DIALECTS } from '../../test/test-db.ts';
import { findAuditEntries } from '../../platform/audit/audit.repository.ts';

type Err = { code: string; message: string };

describe.each(TEST_DIALECTS)('evaluation campaigns (%s)', (dialect) => {
  let w: EvaluationWorld;
  let c: TCampaignDetail;
  const entryId = (title: string) => c.entries.find((e) => e.title === title)!.id;
  const detail = async (client: TestClient = w.province) =>
    (c = (await client.json<TCampaignDetail>('GET', `/api/evaluation/campaigns/${w.campaign.id}`)).body);
  beforeAll(async () => {
    w = await createEvaluationWorld(dialect);
  }, 120_000);
  afterAll(async () => w.t.close());

  it('templates: 100-point scale checked, frozen once used (editing makes a new version)', async () => {
    const bad = await w.province.json<Err>('POST', '/api/evaluation/templates', {
      name: '坏表',
      definition: { ...YEARBOOK_SHEET, criteria: YEARBOOK_SHEET.criteria.slice(1) },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('满分合计应为 100 分，现在是 85 分');
    expect(w.template).toMatchObject({ version: 1, frozen: false });
    const edited = await w.province.json<TScoreTemplate>('PUT', `/api/evaluation/templates/${w.template.id}`, {
      name: '年鉴质量评审标准',
      definition: { ...YEARBOOK_SHEET, aggregate: 'trimmed' },
    });
    // the campaign of the world uses version 1, so the edit is version 2
    expect(edited.body).toMatchObject({ version: 2, frozen: false });
    expect(edited.body.id).not.toBe(w.template.id);
    const list = (await w.province.json<TScoreTemplate[]>('GET', '/api/evaluation/templates')).body;
    expect(list.map((t) => [t.version, t.frozen])).toEqual([
      [2, false],
      [1, true],
    ]);
    expect((await w.changchun.json('GET', '/api/evaluation/templates')).status).toBe(403);
  });

  it('offices enter their volumes; eligibility (published, volume year) and file type are checked', async () => {
    const post = (client: TestClient, f: FormData) =>
      client.request('POST', `/api/evaluation/campaigns/${w.campaign.id}/entries`, f);
    const unpublished = await post(w.changchun, await entryForm('长春年鉴（2022）', { published: 'false' }));
    expect(unpublished.status).toBe(400);
    expect(((await unpublished.json()) as Err).message).toContain('只接受公开出版');
    const wrongYear = await post(w.changchun, await entryForm('长春年鉴（2021）', { volumeYear: '2021' }));
    expect(((await wrongYear.json()) as Err).message).toContain('只接受 2022 卷');
    const notDocx = new FormData();
    for (const [k, v] of (await entryForm('假文件')).entries()) if (k !== 'file') notDocx.set(k, v);
    notDocx.set('file', new File([new TextEncoder().encode('=cmd|calc')], '假文件.docx'));
    expect(((await (await post(w.changchun, notDocx)).json()) as Err).message).toContain('不是 .docx 或 .pdf');
    expect((await post(w.province, await entryForm('省里不能申报'))).status).toBe(403);
    const closed = await w.province.json<TCampaignDetail>('POST', '/api/evaluation/campaigns', {
      kind: 'fine_yearbook',
      title: '已截止的精品年鉴初选',
      year: 2023,
      templateId: w.template.id,
      submitDeadline: '2023-03-31',
    });
    const late = await w.changchun.request(
      'POST',
      `/api/evaluation/campaigns/${closed.body.id}/entries`,
      await entryForm('迟到的年鉴'),
    );
    expect(late.status).toBe(409);
    expect(((await late.json()) as Err).message).toContain('申报截止日期是 2023-03-31');
    for (const [client, title, kind] of [
      [w.changchun, '长春年鉴（2022）', '市级年鉴'],
      [w.chaoyang, '朝阳区年鉴（2022）', '县级年鉴'],
      [w.jilinCity, '吉林市年鉴（2022）', '市级年鉴'],
      [w.yongji, '永吉年鉴（2022）', '县级年鉴'],
      [w.tonghua, '通化年鉴（2022）', '市级年鉴'],
      [w.tonghuaCounty, '通化县年鉴（2022）', '县级年鉴'],
    ] as const) {
      const res = await post(client, await entryForm(title, { entryKind: kind }));
      expect(res.status, title).toBe(201);
    }
    await detail();
    expect(c.entries).toHaveLength(6);
    expect(c.entries.find((e) => e.title === '朝阳区年鉴（2022）')).toMatchObject({
      regionName: '长春市地方志工作机构',
    });
    // an office sees its own region's entries only
    const seen = (await w.jilinCity.json<TCampaignDetail>('GET', `/api/evaluation/campaigns/${w.campaign.id}`)).body;
    expect(seen.entries.map((e) => e.title).sort()).toEqual(['吉林市年鉴（2022）', '永吉年鉴（2022）']);
    expect(seen.ranking).toBeNull();
    expect(
      (await w.jilinCity.request('GET', `/api/evaluation/entries/${entryId('长春年鉴（2022）')}/file`)).status,
    ).toBe(404);
  });

  it('an office withdraws its own entry while the call is open; nobody else may', async () => {
    const res = await w.chaoyang.request(
      'POST',
      `/api/evaluation/campaigns/${w.campaign.id}/entries`,
      await entryForm('朝阳区年鉴（2022）增订本', { entryKind: '县级年鉴' }),
    );
    expect(res.status).toBe(201);
    await detail();
    const id = entryId('朝阳区年鉴（2022）增订本');
    // 长春 sees its county's entry but did not enter it
    const other = await w.changchun.json<Err>('DELETE', `/api/evaluation/entries/${id}`);
    expect(other.status).toBe(403);
    expect(other.body.message).toContain('只有申报单位可以撤回');
    expect((await w.jilinCity.json('DELETE', `/api/evaluation/entries/${id}`)).status).toBe(404);
    expect((await w.province.json('DELETE', `/api/evaluation/entries/${id}`)).status).toBe(403);
    const done = await w.chaoyang.json<TCampaignDetail>('DELETE', `/api/evaluation/entries/${id}`);
    expect(done.status).toBe(200);
    expect(done.body.entries.map((e) => e.title)).not.toContain('朝阳区年鉴（2022）增订本');
    await detail();
    expect(c.entries).toHaveLength(6);
    const audit = await findAuditEntries(w.t.deps.db, { page: 1, pageSize: 10, action: 'campaign.entry_withdraw' });
    expect(audit.rows[0]!.summary).toContain('撤回了《朝阳区年鉴（2022）增订本》');
  });

  it('groups, experts and an assignment that never gives an expert their own region; impossible is reported', async () => {
    const groups = [];
    for (const [name, entryKind] of [
      ['市级组', '市级年鉴'],
      ['县级组', '县级年鉴'],
    ])
      groups.push(
        (
          await w.province.json<TCampaignDetail>('POST', `/api/evaluation/campaigns/${w.campaign.id}/groups`, {
            name,
            entryKind,
          })
        ).body.groups.at(-1)!,
      );
    await detail();
    expect(c.entries.every((e) => e.groupId !== null)).toBe(true);
    const [a, b, cc, d] = w.experts;
    const add = (x: typeof a, groupId: number) =>
      w.province.json<TCampaignDetail>('POST', `/api/evaluation/campaigns/${w.campaign.id}/experts`, {
        userId: x!.userId,
        groupId,
      });
    expect((await add(a, groups[0]!.id)).status).toBe(200);
    // with only the 长春 expert, 长春's entries cannot be assigned: every such entry is named
    const impossible = await w.province.json<Err>('POST', `/api/evaluation/campaigns/${w.campaign.id}/assign`);
    expect(impossible.status).toBe(409);
    expect(impossible.body.message).toContain('《长春年鉴（2022）》只有 0 位可选');
    expect(impossible.body.message).toContain('《吉林市年鉴（2022）》只有 1 位可选');
    await add(b, groups[0]!.id);
    await add(cc, groups[1]!.id);
    await add(d, groups[1]!.id);
    const assigned = await w.province.json<TCampaignDetail>(
      'POST',
      `/api/evaluation/campaigns/${w.campaign.id}/assign`,
    );
    expect(assigned.status).toBe(200);
    c = assigned.body;
    const expertRegion = new Map(c.experts.map((x) => [x.id, x.regionName]));
    for (const asg of c.assignments)
      expect(expertRegion.get(asg.expertId)).not.toBe(c.entries.find((e) => e.id === asg.entryId)!.regionName);
    expect(c.assignments).toHaveLength(12);
    expect(c.avoided.length).toBe(6); // each entry has exactly one expert from its region among A, B, C
    expect(c.assignments.some((x) => x.crossGroup)).toBe(true);
  });

  it('experts see only their assigned entries, never others (server-side)', async () => {
    const [a] = w.experts;
    const mine = (await a!.client.json<TCampaignDetail>('GET', `/api/evaluation/campaigns/${w.campaign.id}`)).body;
    const assigned = c.assignments.filter((x) => x.expertId === mine.viewer.expertId).map((x) => x.entryId);
    expect(mine.entries.map((e) => e.id).sort()).toEqual(assigned.sort());
    expect(mine.entries.some((e) => e.regionName === '长春市地方志工作机构')).toBe(false);
    expect(mine.experts).toHaveLength(1);
    expect(mine.ranking).toBeNull();
    const other = c.entries.find((e) => !assigned.includes(e.id))!;
    expect((await a!.client.json('GET', `/api/evaluation/entries/${other.id}`)).status).toBe(404);
    expect((await a!.client.request('GET', `/api/evaluation/entries/${other.id}/file`)).status).toBe(404);
    expect((await a!.client.json('PUT', `/api/evaluation/entries/${other.id}/sheet`, { marks: {} })).status).toBe(404);
    // an expert who is in no campaign sees none
    const stranger = await w.t.signIn('zj_none', ['expert'], w.id('吉林省方志馆'));
    expect((await stranger.json<TCampaignSummary[]>('GET', '/api/evaluation/campaigns')).body).toEqual([]);
    expect((await stranger.json('GET', `/api/evaluation/campaigns/${w.campaign.id}`)).status).toBe(404);
    expect((await a!.client.json('POST', `/api/evaluation/campaigns/${w.campaign.id}/assign`)).status).toBe(403);
  });

  it('初评 → 复评 → 终评 with error marks, a veto and votes; ranking with quotas; 公示; exports', async () => {
    expect(
      (
        await w.province.json<TCampaignDetail>('POST', `/api/evaluation/campaigns/${w.campaign.id}/stage`, {
          stage: 'first',
        })
      ).status,
    ).toBe(200);
    await detail();
    const expertOf = (x: (typeof w.experts)[number]) => c.experts.find((e) => e.userId === x.userId)!.id;
    const score = async (stage: string) => {
      for (const x of w.experts)
        for (const asg of c.assignments.filter((y) => y.expertId === expertOf(x))) {
          const title = c.entries.find((e) => e.id === asg.entryId)!.title;
          if (stage === 'second' && title.startsWith('永吉')) continue;
          const view = (await x.client.json<TEntryForExpert>('GET', `/api/evaluation/entries/${asg.entryId}`)).body;
          expect(view.passages.length).toBeGreaterThan(0);
          const quote = view.passages[0]!.text.slice(0, 6);
          const errors = title.startsWith('吉林市') ? 5 : 1;
          const marks = {
            deductions: title.startsWith('长春') ? { frame: 1 } : { content: 3 },
            veto:
              title.startsWith('永吉') &&
              x.name &&
              x ===
                w.experts.find((y) =>
                  c.assignments.some((z) => z.entryId === asg.entryId && z.expertId === expertOf(y)),
                )
                ? ['泄露国家秘密']
                : [],
            errorMarks: Array.from({ length: errors }, () => ({ passage: 0, quote, note: '用字错误' })),
            problems: [{ criterion: 'content', text: '大事记条目要素不全' }],
            comment: '',
          };
          const res = await x.client.json<Err>('PUT', `/api/evaluation/entries/${asg.entryId}/sheet`, {
            marks,
            submit: true,
          });
          expect(res.status, res.body.message).toBe(200);
        }
    };
    const badQuote = await w.experts[0]!.client.json<Err>(
      'PUT',
      `/api/evaluation/entries/${c.assignments.find((y) => y.expertId === expertOf(w.experts[0]!))!.entryId}/sheet`,
      { marks: { errorMarks: [{ passage: 0, quote: '不存在的原文内容' }] } },
    );
    expect(badQuote.body.message).toContain('不在抽查段落 1 中');
    const early = await w.province.json<Err>('POST', `/api/evaluation/campaigns/${w.campaign.id}/stage`, {
      stage: 'second',
    });
    expect(early.body.message).toContain('初评评分没有提交');
    await score('first');
    expect(
      (await w.province.json('POST', `/api/evaluation/campaigns/${w.campaign.id}/stage`, { stage: 'second' })).status,
    ).toBe(200);
    await detail();
    expect(c.progress.expected).toBe(10); // 永吉 was vetoed in 初评 and does not go on
    await score('second');
    expect(
      (await w.province.json('POST', `/api/evaluation/campaigns/${w.campaign.id}/stage`, { stage: 'final' })).status,
    ).toBe(200);
    await detail();
    for (const x of w.experts)
      for (const asg of c.assignments.filter((y) => y.expertId === expertOf(x))) {
        if (c.entries.find((e) => e.id === asg.entryId)!.title.startsWith('永吉')) continue;
        expect(
          (await x.client.json('POST', `/api/evaluation/entries/${asg.entryId}/vote`, { recommend: true })).status,
        ).toBe(200);
      }
    expect(
      (await w.province.json('POST', `/api/evaluation/campaigns/${w.campaign.id}/stage`, { stage: 'notice' })).status,
    ).toBe(400);
    const notice = await w.province.json<TCampaignDetail>('POST', `/api/evaluation/campaigns/${w.campaign.id}/stage`, {
      stage: 'notice',
      noticeFrom: '2023-04-01',
      noticeTo: '2023-04-07',
    });
    expect(notice.status).toBe(200);
    c = notice.body;
    const rank = c.ranking!;
    // 长春 entries: frame −2, edit: 1 error in a sample that allows more → 98; others content −3 → 97; 吉林市 5 errors
    const byTitle = new Map(rank.map((r) => [r.title, r]));
    expect(byTitle.get('永吉年鉴（2022）')).toMatchObject({ vetoed: true, grade: null, note: '一票否决' });
    expect(rank.at(-1)!.title).toBe('永吉年鉴（2022）');
    expect(rank.filter((r) => r.grade === '特等')).toHaveLength(1);
    expect(rank.filter((r) => r.grade === '一等').length).toBeLessThanOrEqual(2);
    expect(rank[0]!.rank).toBe(1);
    expect(c.problems!.find((p) => p.category === '资料与记述')!.examples).toContain('大事记条目要素不全');
    // offices now see the whole ranking (公示), experts still do not
    expect(
      (await w.yongji.json<TCampaignDetail>('GET', `/api/evaluation/campaigns/${w.campaign.id}`)).body.ranking,
    ).toHaveLength(6);
    expect(
      (await w.experts[0]!.client.json<TCampaignDetail>('GET', `/api/evaluation/campaigns/${w.campaign.id}`)).body
        .ranking,
    ).toBeNull();
    const closeEarly = await w.province.json<Err>('POST', `/api/evaluation/campaigns/${w.campaign.id}/stage`, {
      stage: 'closed',
    });
    expect(closeEarly.body.message).toContain('公示期到 2023-04-07 为止');
    const xlsx = await w.province.request('GET', `/api/evaluation/campaigns/${w.campaign.id}/scores.xlsx`);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const sheet = wb.getWorksheet('排名')!;
    expect(sheet.rowCount).toBe(7);
    expect(sheet.getRow(7).getCell(2).value).toBe('永吉年鉴（2022）');
    expect(sheet.getRow(7).getCell(7).value).toBe('是');
    // every submitted sheet: 12 初评 + 10 复评 scores and 10 终评 votes, under one header row
    expect(wb.getWorksheet('评分明细')!.rowCount).toBe(33);
    const docx = await w.province.request('GET', `/api/evaluation/campaigns/${w.campaign.id}/bulletin.docx`);
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-disposition')).toContain(encodeURIComponent('通报'));
    expect((await w.changchun.request('GET', `/api/evaluation/campaigns/${w.campaign.id}/bulletin.docx`)).status).toBe(
      403,
    );
  });

  it('an entry cannot be withdrawn once the call is over; a campaign is cancelled with a reason and then frozen', async () => {
    const late = await w.changchun.json<Err>('DELETE', `/api/evaluation/entries/${entryId('长春年鉴（2022）')}`);
    expect(late.status).toBe(409);
    expect(late.body.message).toContain('征集已经结束');
    const made = await w.province.json<TCampaignDetail>('POST', '/api/evaluation/campaigns', {
      kind: 'fine_yearbook',
      title: '待取消的精品年鉴评审',
      year: 2023,
      templateId: w.template.id,
    });
    const url = `/api/evaluation/campaigns/${made.body.id}`;
    expect((await w.changchun.json('POST', `${url}/cancel`, { reason: '改期' })).status).toBe(403);
    const noReason = await w.province.json<Err>('POST', `${url}/cancel`, { reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toContain('取消评审请写明理由。');
    const cancelled = await w.province.json<TCampaignDetail>('POST', `${url}/cancel`, {
      reason: '评审标准调整，改期举行',
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.cancelled).toMatchObject({ reason: '评审标准调整，改期举行' });
    expect(cancelled.body.viewer.enter).toBe(false);
    const list = (await w.changchun.json<TCampaignSummary[]>('GET', '/api/evaluation/campaigns')).body;
    expect(list.find((x) => x.id === made.body.id)?.cancelled?.reason).toBe('评审标准调整，改期举行');
    expect(list.find((x) => x.id === w.campaign.id)?.cancelled).toBeNull();
    const enter = await w.changchun.request('POST', `${url}/entries`, await entryForm('取消后申报'));
    expect(enter.status).toBe(409);
    expect(((await enter.json()) as Err).message).toContain('已于 2023-04');
    const group = await w.province.json<Err>('POST', `${url}/groups`, { name: '市级组', entryKind: '市级年鉴' });
    expect(group.status).toBe(409);
    expect(group.body.message).toContain('取消（评审标准调整，改期举行），不能再操作');
    expect((await w.province.json('POST', `${url}/stage`, { stage: 'first' })).status).toBe(409);
    expect((await w.province.json('POST', `${url}/cancel`, { reason: '再取消' })).status).toBe(409);
    const audit = await findAuditEntries(w.t.deps.db, { page: 1, pageSize: 10, action: 'campaign.cancel' });
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]!.summary).toContain('取消“待取消的精品年鉴评审”（征集参评阶段）：评审标准调整，改期举行');
  });
});
