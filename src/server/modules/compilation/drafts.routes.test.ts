import { execFileSync } from 'node:child_process';
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  TCheckReport,
  TDraftDiff,
  TNodeDrafts,
  TOutline,
  TOutlinePreview,
  TProjectView,
  TPublishResult,
  TRuleSettings,
  TSubmission,
} from '../../../shared/compilation.ts';
import type { TSearchResponse } from '../../../shared/gazetteer.ts';
import { getSubmission } from './submissions.ts';
import { systemActor } from '../../platform/auth/actor.ts';
import { TEST_DIALECTS } from '../../test/test-db.ts';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app.ts';
import { buildCompilationWorld, type CompilationWorld } from '../../test/compilation-fixture.ts';
import { findSoffice } from '../documents/render-with-libreoffice.ts';

type Err = { code: string; message: string };

async function wordDraft(): Promise<Blob> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: '粮食生产', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [
              new TextRun('2023年，全省粮食总产量达到'),
              new TextRun({ text: '837.3亿斤', bold: true }),
              new TextRun('，创历史新高。'),
            ],
          }),
          new Table({
            rows: [
              new TableRow({
                children: [
                  new TableCell({ children: [new Paragraph('作物')] }),
                  new TableCell({ children: [new Paragraph('产量')] }),
                ],
              }),
              new TableRow({
                children: [
                  new TableCell({ children: [new Paragraph('玉米')] }),
                  new TableCell({ children: [new Paragraph('683亿斤')] }),
                ],
              }),
            ],
          }),
        ],
      },
    ],
  });
  return new Blob([new Uint8Array(await Packer.toBuffer(doc))]);
}

describe.each(TEST_DIALECTS)('drafts: versions, diff, restore, Word import and export (%s)', (dialect) => {
  let t: TestApp;
  let w: CompilationWorld;
  let chief: TestClient;
  let writer: { client: TestClient; id: number };
  let projectId: number;
  let outline: TOutline;
  const node = (title: string) => outline.nodes.find((n) => n.title === title)!;
  const base = () => `/api/compilation/projects/${projectId}`;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await buildCompilationWorld(t);
    chief = (await w.person('chief', ['unit_head'], '年鉴处')).client;
    writer = await w.person('writer', ['unit_staff'], '省统计局');
    projectId = (
      await chief.json<TProjectView>('POST', '/api/compilation/projects', {
        kind: 'yearbook',
        title: '吉林年鉴（2023）',
        year: 2023,
      })
    ).body.project.id;
    const preview = (
      await chief.json<TOutlinePreview>('POST', `${base()}/outline/preview`, {
        text: '经济\n  农业\n    【粮食生产】\n    【畜牧业】',
      })
    ).body;
    outline = (await chief.json<TOutline>('POST', `${base()}/outline/import`, { headings: preview.headings })).body;
    await chief.json('PATCH', `${base()}/outline/nodes/${node('粮食生产').id}`, { writerId: writer.id });
  });
  afterAll(async () => t.close());

  it('refuses drafting before the outline is approved, and strangers always', async () => {
    const early = await writer.client.json<Err>('POST', `${base()}/nodes/${node('粮食生产').id}/drafts`, {
      html: '<p>初稿</p>',
    });
    expect(early.status).toBe(409);
    expect(early.body.message).toContain('尚未批准');
    await chief.json('POST', `${base()}/outline/submit`);
    const [rev] = (await chief.json<{ id: number }[]>('GET', `${base()}/outline/revisions`)).body;
    await chief.json('POST', `${base()}/outline/revisions/${rev!.id}/decision`, { approve: true });
    const other = await writer.client.json<Err>('POST', `${base()}/nodes/${node('畜牧业').id}/drafts`, {
      html: '<p>不是我的</p>',
    });
    expect(other.status).toBe(403);
    expect((await writer.client.json<Err>('GET', `${base()}/nodes/${node('畜牧业').id}/drafts`)).status).toBe(403);
  });

  it('imports a unit’s .docx draft, keeps every version, diffs two of them and restores as a new version', async () => {
    const id = node('粮食生产').id;
    const form = new FormData();
    form.set('file', await wordDraft(), '粮食生产.docx');
    const imported = await writer.client.json<TNodeDrafts>('POST', `${base()}/nodes/${id}/drafts/import`, form);
    expect(imported.status).toBe(201);
    expect(imported.body.latest).toMatchObject({ version: 1, source: 'docx', sourceName: '粮食生产.docx' });
    expect(imported.body.latest!.html).toContain('<strong>837.3亿斤</strong>');
    expect(imported.body.latest!.html).toMatch(/<table>[\s\S]*玉米[\s\S]*<\/table>/);
    expect(imported.body.status).toBe('drafted');

    const edited = await chief.json<TNodeDrafts>('POST', `${base()}/nodes/${id}/drafts`, {
      html: imported.body.latest!.html.replace('创历史新高', '连续三年创历史新高<script>x</script>'),
      baseVersion: 1,
      note: '编辑修改',
    });
    expect(edited.body.latest).toMatchObject({ version: 2, source: 'editor', note: '编辑修改' });
    expect(edited.body.latest!.html).not.toContain('script');
    expect(edited.body.status).toBe('edited');
    const stale = await writer.client.json<Err>('POST', `${base()}/nodes/${id}/drafts`, {
      html: '<p>旧稿上改</p>',
      baseVersion: 1,
    });
    expect(stale.status).toBe(409);

    const [v2, v1] = edited.body.versions;
    const diff = (await chief.json<TDraftDiff>('GET', `${base()}/nodes/${id}/diff?from=${v1!.id}&to=${v2!.id}`)).body;
    expect(
      diff.segments
        .filter((s) => s.op === 'insert')
        .map((s) => s.text)
        .join(''),
    ).toBe('连续三年');
    expect(diff.deleted).toBe(0);

    const restored = await chief.json<TNodeDrafts>('POST', `${base()}/drafts/${v1!.id}/restore`);
    expect(restored.body.latest).toMatchObject({ version: 3, source: 'restore', restoredFrom: 1 });
    expect(restored.body.versions.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(
      (await chief.json<TDraftDiff>('GET', `${base()}/nodes/${id}/diff?from=${v1!.id}&to=${restored.body.latest!.id}`))
        .body.segments,
    ).toEqual([expect.objectContaining({ op: 'equal' })]);

    const notWord = new FormData();
    notWord.set('file', new Blob(['plain text']), '稿件.txt');
    expect((await writer.client.json<Err>('POST', `${base()}/nodes/${id}/drafts/import`, notWord)).status).toBe(415);
    expect((await writer.client.json<Err>('POST', `${base()}/nodes/${id}/status`, { status: 'final' })).status).toBe(
      403,
    );
    expect(
      (await chief.json<TNodeDrafts>('POST', `${base()}/nodes/${id}/status`, { status: 'final' })).body.status,
    ).toBe('final');
  });

  it('checks on save and for the whole book, each problem linked to its node and paragraph; rules are configurable', async () => {
    const id = node('畜牧业').id;
    await chief.json('PATCH', `${base()}/outline/nodes/${id}`, { title: '全省畜牧业生产保持稳中有进良好发展态势' });
    await chief.json('POST', `${base()}/outline/submit`);
    const [rev] = (await chief.json<{ id: number; status: string }[]>('GET', `${base()}/outline/revisions`)).body;
    await chief.json('POST', `${base()}/outline/revisions/${rev!.id}/decision`, { approve: true });
    const saved = (
      await chief.json<TNodeDrafts>('POST', `${base()}/nodes/${id}/drafts`, {
        html: '<p>2023年，全省肉蛋奶产量稳定。</p><p>2024年2月，召开畜牧业工作会议。</p>',
      })
    ).body;
    expect(saved.problems.map((p) => [p.rule, p.paragraph])).toEqual([
      ['entry-title', null],
      ['date-range', 1],
    ]);
    const report = (await chief.json<TCheckReport>('GET', `${base()}/check`)).body;
    expect(report.problems.filter((p) => p.nodeId === id).map((p) => p.rule)).toEqual(['entry-title', 'date-range']);
    expect(report.problems.find((p) => p.rule === 'date-range')).toMatchObject({
      nodePath: '经济 / 农业 / 全省畜牧业生产保持稳中有进良好发展态势',
      excerpt: expect.stringContaining('2024年2月'),
    });
    const settings = (
      await chief.json<TRuleSettings>('PUT', `${base()}/rules`, {
        disabled: ['entry-title'],
        bannedWords: ['肉蛋奶'],
        sensitiveWords: [],
        entryTitleMax: 15,
      })
    ).body;
    expect(settings.disabled).toEqual(['entry-title']);
    expect(
      (await chief.json<TCheckReport>('GET', `${base()}/check`)).body.problems
        .filter((p) => p.nodeId === id)
        .map((p) => p.rule),
    ).toEqual(['banned-words', 'date-range']);
    expect((await writer.client.json<Err>('PUT', `${base()}/rules`, settings)).status).toBe(403);
    await chief.json('PUT', `${base()}/rules`, {
      disabled: [],
      bannedWords: [],
      sensitiveWords: [],
      entryTitleMax: 15,
    });
  });

  it('exports the book as .docx with headings, running heads, the TOC and the draft text', async () => {
    const res = await chief.request('GET', `${base()}/export?format=docx`);
    expect(res.status).toBe(200);
    const zip = await JSZip.loadAsync(await res.arrayBuffer());
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('目　　录');
    expect(xml).toContain('【粮食生产】');
    expect(xml).toContain('837.3亿斤');
    expect(xml).toMatch(/PAGEREF part_\d+/);
    const headers = await Promise.all(
      Object.keys(zip.files)
        .filter((f) => /word\/header\d+\.xml/.test(f))
        .map((f) => zip.file(f)!.async('string')),
    );
    expect(headers.join()).toContain('吉林年鉴（2023）　·　经济');
    const mine = await writer.client.json<Err>('GET', `${base()}/export?format=docx`);
    expect(mine.status).toBe(403);
    expect(
      (await writer.client.request('GET', `${base()}/export?format=docx&nodeId=${node('粮食生产').id}`)).status,
    ).toBe(200);
  });

  it('freezes a 送审稿 with its 齐清定 checklist; later edits do not change it', async () => {
    const refused = await chief.json<Err & { details: { path: string }[] }>('POST', `${base()}/submissions`, {
      title: '送审稿',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.details.map((d) => d.path)).toEqual([
      'notes.凡例',
      'notes.照片',
      'notes.附录',
      'notes.编纂始末',
    ]);
    const notes = {
      凡例: '年鉴凡例见卷首，沿用上卷',
      图表: '本稿表格随条目',
      照片: '照片另行报送',
      附录: '本卷不设附录',
      编纂始末: '编后记定稿后补入',
    };
    const made = await chief.json<TSubmission>('POST', `${base()}/submissions`, {
      title: '《吉林年鉴（2023）》送审稿',
      notes,
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ number: 1, title: '《吉林年鉴（2023）》送审稿' });
    expect(made.body.checklist.find((c) => c.item === '正文')).toMatchObject({ found: true });
    const grain = made.body.items.find((i) => i.title === '粮食生产')!;
    expect(grain.version).toBe(3);
    await chief.json('POST', `${base()}/nodes/${node('粮食生产').id}/drafts`, {
      html: '<p>2023年全省粮食再获丰收。</p>',
    });
    const frozen = await getSubmission(t.deps, systemActor('review'), made.body.id);
    expect(frozen.items.find((i) => i.title === '粮食生产')).toMatchObject({
      version: 3,
      html: expect.stringContaining('837.3亿斤'),
    });
    expect(
      (
        await (
          await w.person('outsider', ['unit_staff'], '资料处')
        ).client.json('GET', `/api/compilation/submissions/${made.body.id}`)
      ).status,
    ).toBe(403);
  });

  it('publishes the book into the gazetteer database, where it is searchable', async () => {
    expect((await chief.json<Err>('POST', `${base()}/publish`, {})).status).toBe(403);
    const [sub] = (await chief.json<TSubmission[]>('GET', `${base()}/submissions`)).body;
    const published = await w.admin.json<TPublishResult>('POST', `${base()}/publish`, { submissionId: sub!.id });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ title: '吉林年鉴（2023）', replaced: false, sections: 4 });
    const found = (await t.anonymous().json<TSearchResponse>('GET', `/api/search?q=${encodeURIComponent('837.3亿斤')}`))
      .body;
    expect(found.hits.map((h) => [h.bookTitle, h.sectionTitle])).toEqual([['吉林年鉴（2023）', '【粮食生产】']]);
    const again = await w.admin.json<TPublishResult>('POST', `${base()}/publish`, {});
    expect(again.body).toMatchObject({ bookId: published.body.bookId, replaced: true });
    expect(
      (await t.anonymous().json<TSearchResponse>('GET', `/api/search?q=${encodeURIComponent('再获丰收')}`)).body.total,
    ).toBe(1);
  });

  it.skipIf(!findSoffice() || dialect !== 'sqlite')(
    'renders the book as PDF through LibreOffice',
    { timeout: 180_000 },
    async () => {
      const res = await chief.request('GET', `${base()}/export?format=pdf`);
      expect(res.status).toBe(200);
      const pdf = Buffer.from(await res.arrayBuffer());
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const text = execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString();
      expect(text).toContain('粮食生产');
      expect(text).toContain('再获丰收');
    },
  );
});
