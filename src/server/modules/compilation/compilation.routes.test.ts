import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  TOutline,
  TOutlinePreview,
  TOutlineChange,
  TOutlineRevision,
  TProject,
  TProjectView,
} from '../../../shared/compilation.ts';
import { TEST_DIALECTS } from '../../test/test-db.ts';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app.ts';
import { buildCompilationWorld, type CompilationWorld } from '../../test/compilation-fixture.ts';

type Err = { code: string; message: string };

const OUTLINE = [
  '凡例',
  '概述',
  '第一篇 政区',
  '第一章 沿革',
  '第一节 古代',
  '第二节 近现代',
  '第二章 区划',
  '第二篇 经济',
  '第一章 农业',
  '附录',
].join('\n');

describe.each(TEST_DIALECTS)('compilation projects and outlines (%s)', (dialect) => {
  let t: TestApp;
  let w: CompilationWorld;
  let chief: TestClient;
  let projectId: number;
  const titles = (o: TOutline) =>
    o.nodes.map((n) => `${n.depth}:${n.number}${n.number && !n.number.endsWith('、') ? ' ' : ''}${n.title}`);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await buildCompilationWorld(t);
    chief = (await w.person('chief', ['supervisor'], '资料处')).client;
    const created = await chief.json<TProjectView>('POST', '/api/compilation/projects', {
      kind: 'chronicle',
      title: '松原县志',
      year: null,
    });
    expect(created.status).toBe(201);
    projectId = created.body.project.id;
  });
  afterAll(async () => t.close());

  it('makes the creator 主编 and keeps strangers out', async () => {
    const view = (await chief.json<TProjectView>('GET', `/api/compilation/projects/${projectId}`)).body;
    expect(view.members).toEqual([
      expect.objectContaining({ role: 'chief_editor', displayName: '测试chief', unitName: '资料处' }),
    ]);
    expect(view.access).toMatchObject({ manage: true, editOutline: true, approveOutline: true });
    const stranger = (await w.person('stranger', ['unit_staff'], '省统计局')).client;
    expect((await stranger.json<Err>('GET', `/api/compilation/projects/${projectId}`)).status).toBe(403);
    expect((await stranger.json<TProject[]>('GET', '/api/compilation/projects')).body).toEqual([]);
    const leader = (await w.person('leader', ['leader'])).client;
    expect((await leader.json<TProject[]>('GET', '/api/compilation/projects')).body.map((p) => p.title)).toContain(
      '松原县志',
    );
    expect((await leader.json<Err>('PATCH', `/api/compilation/projects/${projectId}`, { title: '改' })).status).toBe(
      403,
    );
  });

  it('saves the 编纂方案 and refuses 断限 the wrong way round', async () => {
    const plan = {
      scope: '全县行政区域。',
      lowerLimit: '1986',
      upperLimit: '2020-12-31',
      targetChars: 1_200_000,
      styleGuide: '一、本志以马克思列宁主义为指导。\n二、本志采用语体文。',
      organisation: '松原县地方志编纂委员会',
      stages: [{ name: '资料收集', start: '2023-01-01', end: '2023-12-31' }],
    };
    const saved = await chief.json<TProjectView>('PATCH', `/api/compilation/projects/${projectId}`, { plan });
    expect(saved.status).toBe(200);
    expect(saved.body.project.plan).toMatchObject({
      lowerLimit: '1986',
      upperLimit: '2020-12-31',
      targetChars: 1_200_000,
      stages: [{ name: '资料收集' }],
    });
    const wrong = await chief.json<Err>('PATCH', `/api/compilation/projects/${projectId}`, {
      plan: { ...plan, lowerLimit: '2021' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toContain('断限');
    const docx = await chief.request('GET', `/api/compilation/projects/${projectId}/plan.docx`);
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-disposition')).toContain(encodeURIComponent('松原县志编纂方案.docx'));
    const bytes = new Uint8Array(await docx.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]);
  });

  it('previews and imports an outline with generated numbers and front/back matter', async () => {
    const preview = await chief.json<TOutlinePreview>(
      'POST',
      `/api/compilation/projects/${projectId}/outline/preview`,
      { text: OUTLINE },
    );
    expect(preview.body).toMatchObject({ method: 'numbering', count: 10 });
    // A preview saves nothing.
    expect(
      (await chief.json<TOutline>('GET', `/api/compilation/projects/${projectId}/outline`)).body.nodes,
    ).toHaveLength(0);
    const imported = await chief.json<TOutline>('POST', `/api/compilation/projects/${projectId}/outline/import`, {
      headings: preview.body.headings,
      mode: 'replace',
    });
    expect(imported.status).toBe(200);
    expect(titles(imported.body)).toEqual([
      '1:凡例',
      '1:概述',
      '1:第一篇 政区',
      '2:第一章 沿革',
      '3:第一节 古代',
      '3:第二节 近现代',
      '2:第二章 区划',
      '1:第二篇 经济',
      '2:第一章 农业',
      '1:附录',
    ]);
    expect(imported.body.nodes.map((n) => n.matter)).toEqual([
      'front',
      'front',
      'body',
      'body',
      'body',
      'body',
      'body',
      'body',
      'body',
      'back',
    ]);
  });

  it('gives roles to people and units; a unit contact sees only its nodes and their headings', async () => {
    const liaison = await w.person('tongji', ['unit_staff'], '省统计局');
    const editor = await w.person('zongzuan', ['unit_head'], '资料处');
    await chief.json('POST', `/api/compilation/projects/${projectId}/members`, {
      userId: liaison.id,
      role: 'unit_liaison',
    });
    const added = await chief.json<TProjectView>('POST', `/api/compilation/projects/${projectId}/members`, {
      userId: editor.id,
      role: 'general_editor',
    });
    expect(added.body.members.map((m) => m.role)).toEqual(['chief_editor', 'unit_liaison', 'general_editor']);
    expect(
      (
        await chief.json<Err>('POST', `/api/compilation/projects/${projectId}/members`, {
          userId: editor.id,
          role: 'general_editor',
        })
      ).status,
    ).toBe(409);
    const outline = (await chief.json<TOutline>('GET', `/api/compilation/projects/${projectId}/outline`)).body;
    const zoning = outline.nodes.find((n) => n.title === '区划')!;
    await chief.json('PATCH', `/api/compilation/projects/${projectId}/outline/nodes/${zoning.id}`, {
      ownerUnitId: w.units['省统计局'],
      wordBudget: 8000,
    });
    const seen = (await liaison.client.json<TOutline>('GET', `/api/compilation/projects/${projectId}/outline`)).body;
    expect(titles(seen)).toEqual(['1:第一篇 政区', '2:第二章 区划']);
    expect(
      (
        await liaison.client.json<Err>('POST', `/api/compilation/projects/${projectId}/outline/nodes`, {
          parentId: null,
          title: '新篇',
        })
      ).status,
    ).toBe(403);
    // 责任总纂 edits the outline but does not manage roles.
    expect(
      (
        await editor.client.json<Err>('POST', `/api/compilation/projects/${projectId}/members`, {
          userId: liaison.id,
          role: 'writer',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await editor.client.json<TOutline>('POST', `/api/compilation/projects/${projectId}/outline/nodes`, {
          parentId: zoning.id,
          title: '乡镇',
        })
      ).status,
    ).toBe(201);
  });

  it('reorders, splits and merges with history', async () => {
    const get = async () => (await chief.json<TOutline>('GET', `/api/compilation/projects/${projectId}/outline`)).body;
    let o = await get();
    const economy = o.nodes.find((n) => n.title === '经济')!;
    const polity = o.nodes.find((n) => n.title === '政区')!;
    o = (
      await chief.json<TOutline>('POST', `/api/compilation/projects/${projectId}/outline/nodes/${economy.id}/move`, {
        parentId: null,
        beforeId: polity.id,
      })
    ).body;
    expect(titles(o).filter((x) => x.startsWith('1:'))).toEqual([
      '1:凡例',
      '1:概述',
      '1:第一篇 经济',
      '1:第二篇 政区',
      '1:附录',
    ]);
    const history = o.nodes.find((n) => n.title === '沿革')!;
    const [ancient, modern] = o.nodes.filter((n) => n.parentId === history.id);
    o = (
      await chief.json<TOutline>('POST', `/api/compilation/projects/${projectId}/outline/nodes/${history.id}/split`, {
        title: '近现代沿革',
        childIds: [modern!.id],
      })
    ).body;
    expect(titles(o)).toContain('2:第二章 近现代沿革');
    expect(o.nodes.find((n) => n.title === '近现代')!.parentId).toBe(o.nodes.find((n) => n.title === '近现代沿革')!.id);
    const split = o.nodes.find((n) => n.title === '近现代沿革')!;
    o = (
      await chief.json<TOutline>('POST', `/api/compilation/projects/${projectId}/outline/nodes/${history.id}/merge`, {
        otherId: split.id,
      })
    ).body;
    expect(o.nodes.filter((n) => n.parentId === history.id).map((n) => n.id)).toEqual([ancient!.id, modern!.id]);
    const bad = await chief.json<Err>(
      'POST',
      `/api/compilation/projects/${projectId}/outline/nodes/${history.id}/move`,
      { parentId: ancient!.id },
    );
    expect(bad.status).toBe(400);
    const changes = (
      await chief.json<TOutlineChange[]>('GET', `/api/compilation/projects/${projectId}/outline/changes`)
    ).body;
    expect(changes.map((c) => c.kind).slice(0, 4)).toEqual(['merge', 'split', 'move', 'add']);
    expect(changes[0]!.summary).toContain('并入');
  });

  it('gates drafting on an approved outline revision', async () => {
    const submitted = await chief.json<TOutline>('POST', `/api/compilation/projects/${projectId}/outline/submit`);
    expect(submitted.body.state).toBe('pending');
    const blocked = await chief.json<Err>('POST', `/api/compilation/projects/${projectId}/outline/nodes`, {
      parentId: null,
      title: '大事记',
    });
    expect(blocked.status).toBe(409);
    const [revision] = (
      await chief.json<TOutlineRevision[]>('GET', `/api/compilation/projects/${projectId}/outline/revisions`)
    ).body;
    expect(
      (
        await chief.json<Err>(
          'POST',
          `/api/compilation/projects/${projectId}/outline/revisions/${revision!.id}/decision`,
          { approve: false },
        )
      ).status,
    ).toBe(400);
    const approved = await chief.json<TOutline>(
      'POST',
      `/api/compilation/projects/${projectId}/outline/revisions/${revision!.id}/decision`,
      { approve: true, comment: '同意' },
    );
    expect(approved.body.state).toBe('approved');
    expect(approved.body.nodes.every((n) => n.approved)).toBe(true);
    const after = (
      await chief.json<TOutline>('POST', `/api/compilation/projects/${projectId}/outline/nodes`, {
        parentId: null,
        title: '大事记',
        genre: '大事记',
        matter: 'front',
      })
    ).body;
    expect(after.state).toBe('editing');
    expect(after.nodes.find((n) => n.title === '大事记')!.approved).toBe(false);
  });

  it('starts a yearbook volume from last year’s frame and flags what was not updated', async () => {
    const office = (await w.person('nianjian', ['unit_head'], '年鉴处')).client;
    const y2022 = (
      await office.json<TProjectView>('POST', '/api/compilation/projects', {
        kind: 'yearbook',
        title: '吉林年鉴（2022）',
        year: 2022,
      })
    ).body.project;
    expect(y2022.plan).toMatchObject({ lowerLimit: '2022-01-01', upperLimit: '2022-12-31' });
    const preview = (
      await office.json<TOutlinePreview>('POST', `/api/compilation/projects/${y2022.id}/outline/preview`, {
        text: '特载\n概况\n  自然地理\n    【气候】\n    【位置面积】\n经济\n  农业',
      })
    ).body;
    await office.json('POST', `/api/compilation/projects/${y2022.id}/outline/import`, { headings: preview.headings });
    expect(
      (
        await office.json<Err>('POST', '/api/compilation/projects', {
          kind: 'yearbook',
          title: '吉林年鉴（2021）',
          year: 2021,
          cloneFromId: y2022.id,
        })
      ).status,
    ).toBe(400);
    const y2023 = (
      await office.json<TProjectView>('POST', '/api/compilation/projects', {
        kind: 'yearbook',
        title: '吉林年鉴（2023）',
        year: 2023,
        cloneFromId: y2022.id,
      })
    ).body.project;
    expect(y2023).toMatchObject({ previousId: y2022.id, nodeCount: 7 });
    let o = (await office.json<TOutline>('GET', `/api/compilation/projects/${y2023.id}/outline`)).body;
    expect(o.nodes.map((n) => `${n.level}:${n.title}`)).toEqual([
      '类目:特载',
      '类目:概况',
      '分目:自然地理',
      '条目:气候',
      '条目:位置面积',
      '类目:经济',
      '分目:农业',
    ]);
    expect(o.nodes.every((n) => n.notUpdated && n.number === '')).toBe(true);
    const climate = o.nodes.find((n) => n.title === '气候')!;
    o = (
      await office.json<TOutline>('PATCH', `/api/compilation/projects/${y2023.id}/outline/nodes/${climate.id}`, {
        title: '气候与物候',
      })
    ).body;
    expect(o.nodes.filter((n) => n.notUpdated).length).toBe(6);
    expect(
      (
        await office.json<Err>('POST', `/api/compilation/projects/${y2023.id}/outline/nodes`, {
          parentId: null,
          title: '新类',
          level: '章',
        })
      ).status,
    ).toBe(400);
  });
});
