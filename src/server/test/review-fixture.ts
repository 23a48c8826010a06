import type {
  TOutline,
  TOutlinePreview,
  TOutlineRevision,
  TProjectView,
  TSubmission,
} from '../../shared/compilation.ts';
import type { TestApp, TestClient } from './test-app.ts';
import { buildCompilationWorld, type CompilationWorld } from './compilation-fixture.ts';

/** A yearbook with an approved outline, a draft in every leaf and a frozen 送审稿, built through the API. */
export interface ReviewWorld extends CompilationWorld {
  chief: TestClient;
  chiefId: number;
  projectId: number;
  submissionId: number;
  outline: TOutline;
  /** Saves a new version of a leaf and freezes the next 送审稿; returns its id. */
  revise(nodeTitle: string, html: string): Promise<number>;
}

const FRAME = ['概况', '  自然地理', '    【位置面积】', '    【气候】', '  人口', '    【人口总量】'].join('\n');

const DRAFTS: Record<string, string> = {
  '【位置面积】': '<p>吉林省位于中国东北地区中部，面积18.74万平方千米。</p>',
  '【气候】': '<p>全省属温带大陆性季风气候，四季分明，雨热同季。</p>',
  '【人口总量】': '<p>2023年末，全省常住人口2339.4万人，比上年末减少8.3万人。</p>',
};

async function ok<T>(p: Promise<{ status: number; body: T }>): Promise<T> {
  const r = await p;
  if (r.status >= 300) throw new Error(`fixture request failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function buildReviewWorld(t: TestApp): Promise<ReviewWorld> {
  const w = await buildCompilationWorld(t);
  const { client: chief, id: chiefId } = await w.person('chief', ['supervisor'], '年鉴处');
  const base = '/api/compilation/projects';
  const project = (
    await ok(chief.json<TProjectView>('POST', base, { kind: 'yearbook', title: '吉林年鉴（2023）', year: 2023 }))
  ).project;
  const preview = await ok(
    chief.json<TOutlinePreview>('POST', `${base}/${project.id}/outline/preview`, { text: FRAME }),
  );
  await ok(chief.json('POST', `${base}/${project.id}/outline/import`, { headings: preview.headings }));
  await ok(chief.json('POST', `${base}/${project.id}/outline/submit`));
  const [revision] = await ok(chief.json<TOutlineRevision[]>('GET', `${base}/${project.id}/outline/revisions`));
  await ok(chief.json('POST', `${base}/${project.id}/outline/revisions/${revision!.id}/decision`, { approve: true }));
  const outline = await ok(chief.json<TOutline>('GET', `${base}/${project.id}/outline`));
  for (const [title, html] of Object.entries(DRAFTS)) {
    const node = outline.nodes.find((n) => n.title === title.replace(/[【】]/g, ''))!;
    await ok(chief.json('POST', `${base}/${project.id}/nodes/${node.id}/drafts`, { html }));
  }
  const notes = {
    正文: '条目即正文',
    凡例: '年鉴不设凡例',
    图表: '本卷无图表',
    照片: '另行报送',
    附录: '不设附录',
    编纂始末: '不设',
  };
  let n = 0;
  const freeze = async () =>
    (await ok(chief.json<TSubmission>('POST', `${base}/${project.id}/submissions`, { title: `送审稿${++n}`, notes })))
      .id;
  const submissionId = await freeze();
  return {
    ...w,
    chief,
    chiefId,
    projectId: project.id,
    submissionId,
    outline,
    async revise(nodeTitle, html) {
      const node = outline.nodes.find((x) => x.title === nodeTitle.replace(/[【】]/g, ''))!;
      await ok(chief.json('POST', `${base}/${project.id}/nodes/${node.id}/drafts`, { html }));
      return freeze();
    },
  };
}
