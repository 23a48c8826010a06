import type { TCampaignDetail, TScoreTemplate } from '../../shared/evaluation.ts';
import type { Dialect } from '../db/database.ts';
import { createLibraryWorld, type LibraryWorld } from './library-world.ts';
import { buildDocx } from './plan-files.ts';
import type { TestClient } from './test-app.ts';

/** A 年鉴质量评审 score sheet on the 100-point scale, with an error-rate item (3/10,000) and two veto items. */
export const YEARBOOK_SHEET = {
  criteria: [
    {
      id: 'politics',
      name: '政治导向',
      category: '政治与保密',
      max: 15,
      deductPer: 5,
      cap: 15,
      guidance: '观点正确，表述规范',
    },
    { id: 'frame', name: '框架设计', category: '框架体例', max: 20, deductPer: 2, cap: 10, guidance: '类目设置合理' },
    {
      id: 'content',
      name: '内容资料',
      category: '资料与记述',
      max: 35,
      deductPer: 1,
      cap: 20,
      guidance: '资料翔实，年度特点突出',
    },
    {
      id: 'edit',
      name: '编校质量',
      category: '编校质量',
      max: 30,
      deductPer: 1,
      cap: 20,
      guidance: '差错率不超过万分之三',
    },
  ],
  veto: ['泄露国家秘密', '严重政治错误'],
  errorRate: { criterion: 'edit', perTenThousand: 3, deductPerExcess: 2 },
  grades: [
    { name: '特等', min: 95 },
    { name: '一等', min: 90 },
    { name: '二等', min: 80 },
    { name: '三等', min: 70 },
  ],
  aggregate: 'mean' as const,
};

/** A synthetic yearbook text long enough to sample (made up for tests; no real document is copied). */
export function yearbookText(title: string, lines = 120): string {
  return Array.from(
    { length: lines },
    (_, i) =>
      `${title}第${i + 1}条　本年度地方志工作机构完成资料征集${i + 3}项，编纂年鉴条目${i * 2 + 5}条，开展业务培训${(i % 7) + 1}次。`,
  ).join('\n');
}

export interface EvaluationWorld extends LibraryWorld {
  province: TestClient;
  template: TScoreTemplate;
  campaign: TCampaignDetail;
  tonghuaCounty: TestClient;
  /** Experts: 长春 (A), 吉林 (B), 通化 (C), and one of the 方志馆 (the province, D). */
  experts: { client: TestClient; userId: number; name: string; unit: string }[];
}

export async function entryForm(title: string, fields: Record<string, string> = {}, text = yearbookText(title)) {
  const f = new FormData();
  f.set('file', new File([(await buildDocx(text)) as Uint8Array<ArrayBuffer>], `${title}.docx`));
  f.set('title', title);
  f.set('entryKind', fields.entryKind ?? '市级年鉴');
  f.set('volumeYear', fields.volumeYear ?? '2022');
  f.set('published', fields.published ?? 'true');
  f.set('publisher', fields.publisher ?? '吉林人民出版社');
  return f;
}

/** The province, a template and a 2023 yearbook campaign in its call stage, with four expert accounts (not yet added). */
export async function createEvaluationWorld(dialect: Dialect): Promise<EvaluationWorld> {
  const w = await createLibraryWorld(dialect);
  const province = await w.t.signIn('pj', ['unit_staff'], w.id('年鉴指导处'));
  const template = (
    await province.json<TScoreTemplate>('POST', '/api/evaluation/templates', {
      name: '年鉴质量评审标准',
      definition: YEARBOOK_SHEET,
    })
  ).body;
  const campaign = (
    await province.json<TCampaignDetail>('POST', '/api/evaluation/campaigns', {
      kind: 'yearbook_quality',
      title: '2023年度全省年鉴质量评审',
      year: 2023,
      volumeYear: 2022,
      templateId: template.id,
      expertsPerEntry: 2,
      quotas: { 特等: 1, 一等: 2 },
      submitDeadline: '2023-06-30',
    })
  ).body;
  const experts: EvaluationWorld['experts'] = [];
  for (const [username, unit] of [
    ['zj_cc', '长春市地方志工作机构'],
    ['zj_jl', '吉林市地方志工作机构'],
    ['zj_th', '通化市地方志工作机构'],
    ['zj_sheng', '吉林省方志馆'],
  ] as const) {
    const client = await w.t.signIn(username, ['expert'], w.id(unit));
    const me = (await client.json<{ id: number; displayName: string }>('GET', '/api/auth/me')).body;
    experts.push({ client, userId: me.id, name: me.displayName, unit });
  }
  return {
    ...w,
    province,
    template,
    campaign,
    tonghuaCounty: await w.t.signIn('thx', ['local_staff'], w.id('通化县')),
    experts,
  };
}
