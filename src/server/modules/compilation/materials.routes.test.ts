import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TNodeDrafts, TOutline, TOutlinePreview, TProjectView } from '../../../shared/compilation.ts';
import type {
  TCard,
  TContradiction,
  TSourceCompilation,
  TMaterials,
  TParagraphSources,
  TSource,
} from '../../../shared/compilation-sources.ts';
import { ZAuditQuery } from '../../../shared/audit.ts';
import { findAuditEntries } from '../../platform/audit/audit.repository.ts';
import { TEST_DIALECTS } from '../../test/test-db.ts';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app.ts';
import { buildCompilationWorld, type CompilationWorld } from '../../test/compilation-fixture.ts';

type Err = { code: string; message: string };

async function documentXml(bytes: ArrayBuffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  return (
    (await zip.file('word/document.xml')!.async('string')) + (await zip.file('word/footnotes.xml')?.async('string'))
  );
}

describe.each(TEST_DIALECTS)('编纂 资料: sources, cards, 长编, contradictions, provenance (%s)', (dialect) => {
  let t: TestApp;
  /** Audit entries of one action, read through the audit log's own repository. */
  const auditOf = async (action: string) =>
    (await findAuditEntries(t.deps.db, ZAuditQuery.parse({ action, pageSize: 100 }))).rows;
  let w: CompilationWorld;
  let chief: TestClient;
  let section: TestClient;
  let liaison: TestClient;
  let projectId: number;
  let outline: TOutline;
  const node = (title: string) => outline.nodes.find((n) => n.title === title)!;
  const base = () => `/api/compilation/projects/${projectId}`;
  const cards: Record<string, TCard> = {};
  const sources: Record<string, TSource> = {};

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await buildCompilationWorld(t);
    chief = (await w.person('chief', ['unit_head'], '资料处')).client;
    section = (await w.person('section', ['unit_staff'], '资料处')).client;
    const l = await w.person('liaison', ['unit_staff'], '省统计局');
    liaison = l.client;
    projectId = (
      await chief.json<TProjectView>('POST', '/api/compilation/projects', { kind: 'chronicle', title: '青岚县志' })
    ).body.project.id;
    const preview = (
      await chief.json<TOutlinePreview>('POST', `${base()}/outline/preview`, {
        text: '第一篇 建置\n第一章 建置沿革\n第二章 行政区划\n第二篇 经济\n第一章 农业',
      })
    ).body;
    outline = (await chief.json<TOutline>('POST', `${base()}/outline/import`, { headings: preview.headings })).body;
    const sectionId = (await w.person('section', ['unit_staff'], '资料处')).id;
    await chief.json('POST', `${base()}/members`, { userId: sectionId, role: 'section_editor' });
    await chief.json('POST', `${base()}/members`, { userId: l.id, role: 'unit_liaison', unitId: w.units['省统计局'] });
    await chief.json('PATCH', `${base()}/outline/nodes/${node('农业').id}`, { ownerUnitId: w.units['省统计局'] });
    await chief.json('POST', `${base()}/outline/submit`);
    const [rev] = (await chief.json<{ id: number }[]>('GET', `${base()}/outline/revisions`)).body;
    await chief.json('POST', `${base()}/outline/revisions/${rev!.id}/decision`, { approve: true });
  });
  afterAll(async () => t.close());

  it('registers sources of every kind with their citation fields, and says what is missing', async () => {
    const bad = await chief.json<Err>('POST', `${base()}/sources`, {
      kind: 'archive',
      title: '县委关于建县的请示',
      fields: {},
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('全宗号、档号');
    const specs = {
      archive: {
        kind: 'archive',
        title: '关于设立青岚县的请示',
        fields: { holder: '青岚县档案馆', fonds: '1', fileNo: '1-1-3' },
      },
      press: { kind: 'press', title: '青岚建县', fields: { paper: '吉林日报', date: '1956年3月5日', page: '2' } },
      oral: { kind: 'oral', title: '建县亲历', fields: { narrator: '王某', interviewedAt: '2023年4月1日' } },
      web: { kind: 'web', title: '县政府网站', fields: { url: 'https://example.org/a', accessedAt: '2023-04-01' } },
      doc: {
        kind: 'document',
        title: '关于区划调整的通知',
        fields: { docNo: '吉政发〔1985〕12号' },
        classification: 'internal',
      },
      secret: { kind: 'archive', title: '边界勘定', fields: { fonds: '9', fileNo: '9-1' }, classification: 'secret' },
    } as const;
    for (const [key, body] of Object.entries(specs)) {
      const res = await chief.json<TSource>('POST', `${base()}/sources`, body);
      expect(res.status, key).toBe(201);
      sources[key] = res.body;
    }
    // The unit contact registers the statistics they draw their own cards from.
    const stats = await liaison.json<TSource>('POST', `${base()}/sources`, {
      kind: 'statistics',
      title: '青岚县统计年鉴',
      fields: { caliber: '全口径', period: '1985年' },
    });
    expect(stats.status).toBe(201);
    sources.stats = stats.body;
    expect(sources.archive!.citation).toBe('青岚县档案馆藏，全宗号1，档号1-1-3：《关于设立青岚县的请示》');
    expect(sources.press!.citation).toBe('《青岚建县》，《吉林日报》1956年3月5日第2版');
    expect(sources.doc!.citation).toContain('（吉政发〔1985〕12号）');
    const web = await chief.json<Err>('POST', `${base()}/sources`, {
      kind: 'web',
      title: '假链接',
      fields: { url: 'javascript:alert(1)', accessedAt: '2023-04-01' },
    });
    expect(web.status).toBe(400);
    // A unit contact may not file material at a 密级 they could not read back.
    const refused = await liaison.json<Err>('POST', `${base()}/sources`, { ...specs.secret });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('秘密');
  });

  it('cites a passage of a gazetteer book by its permalink, resolved and cited by the gazetteer', async () => {
    const form = new FormData();
    form.set(
      'file',
      new File([new TextEncoder().encode('# 青岚旧志\n\n## 建置\n\n青岚本古县地。\n\n清初设治。\n')], '青岚旧志.md'),
    );
    form.set('published', 'true');
    const up = await w.admin.request('POST', '/api/books', form);
    expect(up.status).toBe(201);
    const bookId = ((await up.json()) as { book: { id: number } }).book.id;
    const wrong = await chief.json<Err>('POST', `${base()}/sources`, {
      kind: 'gazetteer',
      permalink: 'https://fz.example/library/books/99999/sections/1',
      fields: {},
    });
    expect(wrong.status).toBe(404);
    const notLink = await chief.json<Err>('POST', `${base()}/sources`, {
      kind: 'gazetteer',
      permalink: '青岚旧志',
      fields: {},
    });
    expect(notLink.body.message).toContain('永久链接');
    const res = await chief.json<TSource>('POST', `${base()}/sources`, {
      kind: 'gazetteer',
      permalink: `https://fz.example/library/books/${bookId}/sections/1#l-1`,
      fields: {},
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ title: '青岚旧志', book: { bookId, ordinal: 1 } });
    expect(res.body.book!.permalink).toBe(`https://fz.example/library/books/${bookId}/sections/1#l-1`);
    expect(res.body.citation).toContain('青岚旧志');
    expect(res.body.citation).toContain('[2023-04-01]');
    sources.gazetteer = res.body;
  });

  it('enters cards with fuzzy times linked to nodes, and filters by node, subject and time', async () => {
    const add = async (key: string, client: TestClient, body: Record<string, unknown>) => {
      const res = await client.json<TCard>('POST', `${base()}/cards`, body);
      expect(res.status, `${key}: ${JSON.stringify(res.body)}`).toBe(201);
      cards[key] = res.body;
    };
    const yan = node('建置沿革').id;
    await add('a', chief, {
      sourceId: sources.archive!.id,
      text: '1956年3月，经国务院批准设立青岚县。',
      time: '1956年3月',
      subject: '建县',
      nodeIds: [yan],
    });
    await add('b', chief, {
      sourceId: sources.press!.id,
      text: '青岚县于1956年春正式成立。',
      time: '1956年春',
      subject: '建县',
      nodeIds: [yan],
    });
    const badTime = await chief.json<Err>('POST', `${base()}/cards`, {
      sourceId: sources.oral!.id,
      text: '口述',
      time: '那年冬天',
    });
    expect(badTime.status).toBe(400);
    expect(badTime.body.message).toContain('1985年春');
    await add('c', chief, {
      sourceId: sources.gazetteer!.id,
      text: '青岚本古县地。',
      locator: '建置 第2段',
      nodeIds: [yan],
    });
    await add('d', chief, {
      sourceId: sources.oral!.id,
      text: '建县大会是1956年4月开的。',
      time: '1956年4月',
      subject: '建县',
      nodeIds: [yan],
    });
    await add('s', chief, {
      sourceId: sources.secret!.id,
      text: '边界于1985年勘定。',
      time: '1985年',
      subject: '边界',
      nodeIds: [node('行政区划').id],
    });
    await add('farm', liaison, {
      sourceId: sources.stats!.id,
      text: '1985年粮食总产量12万吨。',
      time: '1985年',
      subject: '粮食',
      nodeIds: [node('农业').id],
    });
    const byNode = (await chief.json<TMaterials>('GET', `${base()}/materials?nodeId=${yan}`)).body;
    // 1956年春 and 1956年3月 share a sort key (a season starts at its first month): entry order breaks the tie.
    expect(byNode.cards.map((c) => c.id)).toEqual([cards.a!.id, cards.b!.id, cards.d!.id, cards.c!.id]);
    const subject = (await chief.json<TMaterials>('GET', `${base()}/materials?subject=${encodeURIComponent('建县')}`))
      .body;
    expect(subject.cards).toHaveLength(3);
    const range = (await chief.json<TMaterials>('GET', `${base()}/materials?from=1980年&to=1985年`)).body;
    expect(range.cards.map((c) => c.id).sort()).toEqual([cards.s!.id, cards.farm!.id].sort());
    const badRange = await chief.json<Err>('GET', `${base()}/materials?from=${encodeURIComponent('去年')}`);
    expect(badRange.status).toBe(400);
  });

  it('keeps unit contacts to their own nodes’ materials and 秘密 to the editors', async () => {
    const mine = (await liaison.json<TMaterials>('GET', `${base()}/materials`)).body;
    expect(mine.cards.map((c) => c.id)).toEqual([cards.farm!.id]);
    expect(mine.sources.map((s) => s.id)).toEqual([sources.stats!.id]);
    expect(mine.seesClassified).toBe(false);
    const linkOther = await liaison.json<Err>('POST', `${base()}/cards`, {
      sourceId: sources.stats!.id,
      text: '越界',
      nodeIds: [node('建置沿革').id],
    });
    expect(linkOther.status).toBe(403);
    // A public source they cannot list is unknown to them, even by id: no card from it, new or edited.
    const byId = await liaison.json<Err>('POST', `${base()}/cards`, {
      sourceId: sources.press!.id,
      text: '借他人来源',
      nodeIds: [node('农业').id],
    });
    expect(byId.status).toBe(404);
    expect(byId.body.message).toContain(`资料来源 ${sources.press!.id} 不在本项目中`);
    const moved = await liaison.json<Err>('PUT', `${base()}/cards/${cards.farm!.id}`, {
      sourceId: sources.press!.id,
      text: '1985年粮食总产量12万吨。',
      nodeIds: [node('农业').id],
    });
    expect(moved.status).toBe(404);
    expect((await liaison.json<TMaterials>('GET', `${base()}/materials`)).body.cards[0]!.sourceId).toBe(
      sources.stats!.id,
    );
    expect((await liaison.json('GET', `${base()}/nodes/${node('建置沿革').id}/source-compilation`)).status).toBe(403);
    expect(
      (await liaison.json('PUT', `${base()}/cards/${cards.a!.id}`, { sourceId: sources.archive!.id, text: '改' }))
        .status,
    ).toBe(404);
    // The section editor sees every node but not 秘密; the chief sees it.
    const sec = (await section.json<TMaterials>('GET', `${base()}/materials`)).body;
    expect(sec.cards.some((c) => c.id === cards.s!.id)).toBe(false);
    expect(sec.sources.some((s) => s.id === sources.secret!.id)).toBe(false);
    expect(sec.hidden).toBe(1);
    const chiefView = (await chief.json<TMaterials>('GET', `${base()}/materials`)).body;
    expect(chiefView.cards.find((c) => c.id === cards.s!.id)?.classification).toBe('secret');
    expect((await section.json('GET', `${base()}/nodes/${node('行政区划').id}/source-compilation`)).body).toMatchObject(
      {
        entries: [],
      },
    );
    // A stranger with the compile roles but no project role sees nothing.
    const stranger = (await w.person('stranger', ['unit_staff'], '省气象局')).client;
    expect((await stranger.json('GET', `${base()}/materials`)).status).toBe(403);
  });

  it('orders a node’s 资料长编 by time, lets the editor reorder and annotate it, and exports it as .docx', async () => {
    const yan = node('建置沿革').id;
    const auto = (await chief.json<TSourceCompilation>('GET', `${base()}/nodes/${yan}/source-compilation`)).body;
    expect(auto.ordered).toBe(false);
    expect(auto.entries.map((e) => e.card.time)).toEqual(['1956年3月', '1956年春', '1956年4月', null]);
    const order = [cards.c!.id, cards.a!.id, cards.b!.id, cards.d!.id];
    const set = await section.json<TSourceCompilation>('PUT', `${base()}/nodes/${yan}/source-compilation`, {
      entries: order.map((cardId) => ({ cardId, note: cardId === cards.c!.id ? '旧志所记建置源流' : undefined })),
    });
    expect(set.status).toBe(200);
    expect(set.body.ordered).toBe(true);
    expect(set.body.entries.map((e) => e.card.id)).toEqual(order);
    expect(set.body.entries[0]!.note).toBe('旧志所记建置源流');
    const stray = await section.json<Err>('PUT', `${base()}/nodes/${yan}/source-compilation`, {
      entries: [{ cardId: cards.farm!.id }],
    });
    expect(stray.status).toBe(400);
    const res = await chief.request('GET', `${base()}/nodes/${yan}/source-compilation.docx`);
    expect(res.status).toBe(200);
    const xml = await documentXml(await res.arrayBuffer());
    expect(xml).toContain('建置沿革');
    expect(xml).toContain('经国务院批准设立青岚县');
    expect(xml).toContain('编者按：旧志所记建置源流');
    expect(xml.indexOf('青岚本古县地')).toBeLessThan(xml.indexOf('经国务院批准'));
    const empty = await chief.json<Err>(
      'GET',
      `${base()}/nodes/${node('第一篇 建置'.slice(4)).id}/source-compilation.docx`,
    );
    expect(empty.status).toBe(400);
  });

  it('records a contradiction that blocks 定稿 until an editor resolves it with a reason', async () => {
    const yan = node('建置沿革').id;
    const one = await chief.json<Err>('POST', `${base()}/contradictions`, { fact: '建县时间', cardIds: [cards.a!.id] });
    expect(one.status).toBe(400);
    const hiddenCard = await liaison.json<Err>('POST', `${base()}/contradictions`, {
      fact: '建县时间',
      cardIds: [cards.a!.id, cards.farm!.id],
    });
    expect(hiddenCard.status).toBe(404);
    const rec = await section.json<TContradiction[]>('POST', `${base()}/contradictions`, {
      fact: '建县时间',
      cardIds: [cards.a!.id, cards.b!.id, cards.d!.id],
    });
    expect(rec.status).toBe(201);
    const contradiction = rec.body[0]!;
    expect(contradiction.status).toBe('open');
    await chief.json('POST', `${base()}/nodes/${yan}/drafts`, {
      html: `<p>青岚县设立于1956年3月。<sup data-card="${cards.a!.id}">〔卡${cards.a!.id}〕</sup></p>`,
    });
    const blocked = await chief.json<Err>('POST', `${base()}/nodes/${yan}/status`, { status: 'final' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.message).toContain(
      `“建置沿革”（卡片 #${cards.a!.id} 与 卡片 #${cards.b!.id} 与 卡片 #${cards.d!.id}）`,
    );
    expect(blocked.body.message).toContain('裁定');
    // Nodes and card numbers only: the fact as worded by its recorder stays on the 资料 page.
    expect(blocked.body.message).not.toContain('建县时间');
    // The part above the node is blocked too: the contradiction sits on a node under it.
    const part = node('建置').id;
    await chief.json('POST', `${base()}/nodes/${part}/drafts`, { html: '<p>建置篇概述。</p>' });
    const parent = await chief.json<Err>('POST', `${base()}/nodes/${part}/status`, { status: 'final' });
    expect(parent.status).toBe(409);
    expect(parent.body.message).toContain('“建置”及其下级篇目还有 1 处资料矛盾未裁定');
    expect(parent.body.message).toContain(`“建置沿革”（卡片 #${cards.a!.id} 与`);
    expect(parent.body.message).not.toContain('建县时间');
    // A sibling part with no contradiction under it is not held back.
    const economy = node('经济').id;
    await chief.json('POST', `${base()}/nodes/${economy}/drafts`, { html: '<p>经济篇概述。</p>' });
    expect((await chief.json('POST', `${base()}/nodes/${economy}/status`, { status: 'final' })).status).toBe(200);
    const byLiaison = await liaison.json<Err>('POST', `${base()}/contradictions/${contradiction.id}/resolve`, {
      chosenCardId: cards.a!.id,
      reason: '以档案为准',
    });
    expect(byLiaison.status).toBe(403);
    const noReason = await section.json<Err>('POST', `${base()}/contradictions/${contradiction.id}/resolve`, {
      chosenCardId: cards.a!.id,
      reason: '',
    });
    expect(noReason.status).toBe(400);
    const outside = await section.json<Err>('POST', `${base()}/contradictions/${contradiction.id}/resolve`, {
      chosenCardId: cards.c!.id,
      reason: '以旧志为准，旧志记载最早',
    });
    expect(outside.status).toBe(400);
    const resolved = await section.json<TContradiction[]>(
      'POST',
      `${base()}/contradictions/${contradiction.id}/resolve`,
      {
        chosenCardId: cards.a!.id,
        reason: '以国务院批复档案为准，报载“春”为约略之词',
      },
    );
    expect(resolved.body[0]).toMatchObject({
      status: 'resolved',
      chosenCardId: cards.a!.id,
      resolvedByName: expect.stringContaining('section'),
    });
    const final = await chief.json<TNodeDrafts>('POST', `${base()}/nodes/${yan}/status`, { status: 'final' });
    expect(final.status).toBe(200);
    expect(final.body.status).toBe('final');
    expect((await chief.json('POST', `${base()}/nodes/${part}/status`, { status: 'final' })).status).toBe(200);
  });

  it('keeps card citations in draft versions and the diff, lists each paragraph’s sources, and prints public ones as notes', async () => {
    const yan = node('建置沿革').id;
    const html =
      `<p>青岚县设立于1956年3月。<sup data-card="${cards.a!.id}">〔卡${cards.a!.id}〕</sup></p>` +
      `<p>其地古为县治。<sup data-card="${cards.c!.id}">〔卡${cards.c!.id}〕</sup><sup data-card="${cards.s!.id}">〔卡${cards.s!.id}〕</sup></p>` +
      `<p>无出处的一段。<sup data-card="x1" onclick="alert(1)">1</sup></p>`;
    const saved = await chief.json<TNodeDrafts>('POST', `${base()}/nodes/${yan}/drafts`, { html });
    expect(saved.status).toBe(201);
    expect(saved.body.latest!.html).toContain(`<sup data-card="${cards.c!.id}">`);
    expect(saved.body.latest!.html).not.toContain('x1');
    expect(saved.body.latest!.html).not.toContain('onclick');
    // Card markers are not text of the book: not counted.
    expect(saved.body.latest!.chars).toBe('青岚县设立于1956年3月。其地古为县治。无出处的一段。1'.length);
    const [newer, older] = saved.body.versions;
    const diff = (
      await chief.json<{ segments: { op: string; text: string }[] }>(
        'GET',
        `${base()}/nodes/${yan}/diff?from=${older!.id}&to=${newer!.id}`,
      )
    ).body;
    expect(
      diff.segments
        .filter((s) => s.op === 'insert')
        .map((s) => s.text)
        .join(''),
    ).toContain(`〔卡${cards.c!.id}〕`);

    const prov = (await section.json<TParagraphSources>('GET', `${base()}/nodes/${yan}/provenance`)).body;
    expect(prov.version).toBe(newer!.version);
    expect(prov.paragraphs.map((p) => p.cards.map((c) => c.id))).toEqual([
      [cards.a!.id],
      [cards.c!.id, cards.s!.id],
      [],
    ]);
    expect(prov.paragraphs[1]!.cards[1]).toMatchObject({ visible: false, label: '受限或已删除的资料卡片' });
    expect(prov.paragraphs[0]!.cards[0]!.label).toContain('档号1-1-3');

    const plain = await documentXml(
      await (await chief.request('GET', `${base()}/export?format=docx&nodeId=${yan}`)).arrayBuffer(),
    );
    expect(plain).not.toContain('〔卡');
    expect(plain).not.toContain('档号1-1-3');
    const noted = await documentXml(
      await (await chief.request('GET', `${base()}/export?format=docx&nodeId=${yan}&sourceNotes=1`)).arrayBuffer(),
    );
    expect(noted).toContain('档号1-1-3');
    expect(noted).toContain('青岚旧志');
    expect(noted).not.toContain('〔卡');
    // 秘密 never reaches the book, even when the chief (who may read it) exports.
    expect(noted).not.toContain('边界勘定');
    expect(noted).not.toContain('9-1');
  });

  it('edits a source under the same rules as registering it, and deletes it only when no card cites it', async () => {
    const src = (id: number) => `${base()}/sources/${id}`;
    const edited = await section.json<TSource>('PUT', src(sources.press!.id), {
      kind: 'press',
      title: '青岚建县纪实',
      fields: { paper: '吉林日报', date: '1956年3月6日', page: '1' },
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ title: '青岚建县纪实', cardCount: 1 });
    expect(edited.body.citation).toBe('《青岚建县纪实》，《吉林日报》1956年3月6日第1版');
    // Cards drawn from it cite it anew.
    const card = (await chief.json<TMaterials>('GET', `${base()}/materials`)).body.cards.find(
      (c) => c.id === cards.b!.id,
    )!;
    expect(card.citation).toBe(edited.body.citation);
    const missing = await section.json<Err>('PUT', src(sources.archive!.id), {
      kind: 'archive',
      title: '缺档号',
      fields: {},
    });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('全宗号、档号');
    const badUrl = await section.json<Err>('PUT', src(sources.web!.id), {
      kind: 'web',
      title: '县政府网站',
      fields: { url: 'javascript:alert(1)', accessedAt: '2023-04-01' },
    });
    expect(badUrl.status).toBe(400);
    // 秘密 only by those who may read it back: the section editor may not raise a source to it.
    const raise = await section.json<Err>('PUT', src(sources.web!.id), {
      kind: 'web',
      title: '县政府网站',
      fields: { url: 'https://example.org/a', accessedAt: '2023-04-01' },
      classification: 'secret',
    });
    expect(raise.status).toBe(403);
    expect(raise.body.message).toContain('秘密');
    // Nor see, and so edit or delete, one already 秘密; the chief may.
    expect((await section.json('PUT', src(sources.secret!.id), { kind: 'web', title: 'x' })).status).toBe(404);
    expect((await section.json('DELETE', src(sources.secret!.id))).status).toBe(404);
    // A unit contact: a source they cannot list is unknown; another unit's they see is not theirs to change.
    expect((await liaison.json('DELETE', src(sources.web!.id))).status).toBe(404);
    const liaisonOwn = await liaison.json<TSource>('PUT', src(sources.stats!.id), {
      kind: 'statistics',
      title: '青岚县统计年鉴（1986）',
      fields: { caliber: '全口径', period: '1985年' },
    });
    expect(liaisonOwn.status).toBe(200);
    const liaisonSecret = await liaison.json<Err>('PUT', src(sources.stats!.id), {
      kind: 'statistics',
      title: '青岚县统计年鉴（1986）',
      fields: { caliber: '全口径', period: '1985年' },
      classification: 'secret',
    });
    expect(liaisonSecret.status).toBe(403);
    const up = await chief.json<TSource>('PUT', src(sources.web!.id), {
      kind: 'web',
      title: '县政府网站',
      fields: { url: 'https://example.org/a', accessedAt: '2023-04-01' },
      classification: 'secret',
    });
    expect(up.status).toBe(200);
    expect(up.body.classification).toBe('secret');
    expect((await section.json<TMaterials>('GET', `${base()}/materials`)).body.sources.map((s) => s.id)).not.toContain(
      sources.web!.id,
    );

    // Cited by cards: refused with 409, saying how many.
    const cited = await chief.json<Err>('DELETE', src(sources.archive!.id));
    expect(cited.status).toBe(409);
    expect(cited.body.message).toContain('还有 1 张摘录卡片引用');
    const unused = await section.request('DELETE', src(sources.doc!.id));
    expect(unused.status).toBe(204);
    expect((await chief.json<TMaterials>('GET', `${base()}/materials`)).body.sources.map((s) => s.id)).not.toContain(
      sources.doc!.id,
    );
    expect((await chief.json('DELETE', src(sources.doc!.id))).status).toBe(404);
    const audit = [...(await auditOf('materials.source_update')), ...(await auditOf('materials.source_delete'))];
    expect(audit.map((a) => a.action).sort()).toEqual([
      'materials.source_delete',
      'materials.source_update',
      'materials.source_update',
      'materials.source_update',
    ]);
    expect(audit.find((a) => a.action === 'materials.source_delete')!.summary).toContain('关于区划调整的通知');
  });

  it('removes a contradiction left with one card when a card is deleted, and keeps the card a decision chose', async () => {
    const list = async () => (await chief.json<TContradiction[]>('GET', `${base()}/contradictions`)).body;
    const add = async (text: string) =>
      (
        await chief.json<TCard>('POST', `${base()}/cards`, {
          sourceId: sources.oral!.id,
          text,
          nodeIds: [node('行政区划').id],
        })
      ).body;
    const [x, y, z] = [await add('甲说'), await add('乙说'), await add('丙说')];
    const two = (
      await chief.json<TContradiction[]>('POST', `${base()}/contradictions`, {
        fact: '区划调整年份',
        cardIds: [x.id, y.id],
      })
    ).body.find((c) => c.fact === '区划调整年份')!;
    const three = (
      await chief.json<TContradiction[]>('POST', `${base()}/contradictions`, {
        fact: '区划调整范围',
        cardIds: [x.id, y.id, z.id],
      })
    ).body.find((c) => c.fact === '区划调整范围')!;
    // Deleting z: the three-card one keeps two sides and stays.
    expect((await chief.request('DELETE', `${base()}/cards/${z.id}`)).status).toBe(204);
    expect((await list()).find((c) => c.id === three.id)!.cards.map((c) => c.id)).toEqual([x.id, y.id]);
    // Deleting y: both are left with x alone and are removed.
    expect((await chief.request('DELETE', `${base()}/cards/${y.id}`)).status).toBe(204);
    expect((await list()).map((c) => c.id)).not.toContain(two.id);
    expect((await list()).map((c) => c.id)).not.toContain(three.id);
    const audit = (await auditOf('materials.card_delete')).find((a) => String(a.entity_id) === String(y.id))!;
    expect(audit.summary).toContain('随之撤销');
    // The card a resolution chose is kept: deleting it is refused.
    const w2 = await add('丁说');
    const r = (
      await chief.json<TContradiction[]>('POST', `${base()}/contradictions`, {
        fact: '区划调整文号',
        cardIds: [x.id, w2.id],
      })
    ).body.find((c) => c.fact === '区划调整文号')!;
    await section.json('POST', `${base()}/contradictions/${r.id}/resolve`, {
      chosenCardId: x.id,
      reason: '以丁说为误',
    });
    const refused = await chief.json<Err>('DELETE', `${base()}/cards/${x.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('区划调整文号');
    expect((await list()).find((c) => c.id === r.id)!.status).toBe('resolved');
  });
});
