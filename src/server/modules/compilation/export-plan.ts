import { PROJECT_KIND_LABELS, type TProjectKind, type TStage } from '../../../shared/compilation.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { formatOfficialDate, type OfficialBlock } from '../documents/official-format.ts';
import { findNodeRows } from './outline.repository.ts';
import { buildTree, type TreeNode } from './outline/outline-tree.ts';
import { loadProject } from './project-access.ts';
import { loadNames } from './present.ts';
import type { NodeRow } from './outline.repository.ts';

/** “1986” → 1986年; “1986-01-01” → 1986年1月1日. */
export function formatLimit(limit: string): string {
  const [y, m, d] = limit.split('-').map(Number);
  return `${y}年${m ? `${m}月` : ''}${d ? `${d}日` : ''}`;
}

function paragraphs(text: string | null): OfficialBlock[] {
  return (text ?? '')
    .split(/\n+/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => ({ kind: 'body' as const, text: t }));
}

/** The 编纂方案 as blocks: 一、编纂范围 … 七、篇目框架; sections with nothing written say so rather than vanish. */
export function planBlocks(
  p: {
    kind: TProjectKind;
    title: string;
    scope: string | null;
    lowerLimit: string | null;
    upperLimit: string | null;
    targetChars: number | null;
    styleGuide: string | null;
    organisation: string | null;
    stages: TStage[];
  },
  outline: TreeNode<NodeRow>[],
): OfficialBlock[] {
  const blocks: OfficialBlock[] = [];
  const section = (title: string, body: OfficialBlock[], empty: string) => {
    blocks.push({ kind: 'heading1', text: title });
    blocks.push(...(body.length ? body : [{ kind: 'body' as const, text: empty }]));
  };
  section('一、编纂范围', paragraphs(p.scope), '（编纂范围待定。）');
  const limits =
    p.lowerLimit || p.upperLimit
      ? `本${PROJECT_KIND_LABELS[p.kind]}上限起自${p.lowerLimit ? formatLimit(p.lowerLimit) : '（待定）'}，下限止于${p.upperLimit ? formatLimit(p.upperLimit) : '（待定）'}。`
      : '';
  section('二、断限', limits ? [{ kind: 'body', text: limits }] : [], '（断限待定。）');
  section(
    '三、规模',
    p.targetChars
      ? [
          {
            kind: 'body',
            text: `全书约 ${p.targetChars >= 10000 ? `${Math.round(p.targetChars / 1000) / 10} 万` : p.targetChars} 字。`,
          },
        ]
      : [],
    '（规模待定。）',
  );
  section('四、组织机构', paragraphs(p.organisation), '（组织机构待定。）');
  section('五、编纂凡例', paragraphs(p.styleGuide), '（凡例待定。）');
  section(
    '六、进度安排',
    p.stages.map((s, i) => ({
      kind: 'heading3' as const,
      text: `${i + 1}.${s.name}。`,
      follow: `${formatOfficialDate(s.start)}至${formatOfficialDate(s.end)}。`,
    })),
    '（进度安排待定。）',
  );
  const top = outline.map((n) => ({
    kind: 'body' as const,
    text: `${n.number ? `${n.number} ` : ''}${n.row.title}${n.children.length ? `：${n.children.map((c) => `${c.number}${c.number && !c.number.endsWith('、') ? ' ' : ''}${c.row.title}`).join('；')}` : ''}`,
  }));
  section('七、篇目框架', top, '（篇目待编制。）');
  return blocks;
}

/** The project's 编纂方案 as an official-format .docx (GB/T 9704 page, 方正小标宋 title, 仿宋 body). */
export async function exportProjectPlan(
  deps: { db: Db; clock: Clock },
  principal: Principal,
  projectId: number,
): Promise<{ fileName: string; bytes: Uint8Array }> {
  const { project } = await loadProject(deps.db, principal, projectId, 'read');
  const names = await loadNames(deps.db);
  const outline = buildTree(await findNodeRows(deps.db, projectId));
  const title = `《${project.title.replace(/[《》]/g, '')}》编纂方案`;
  const { renderOfficialDocx } = await import('../documents/official-docx.ts');
  const bytes = await renderOfficialDocx({
    title,
    addressee: null,
    blocks: planBlocks(
      {
        kind: project.kind as TProjectKind,
        title: project.title,
        scope: project.scope,
        lowerLimit: project.lower_limit,
        upperLimit: project.upper_limit,
        targetChars: project.target_chars,
        styleGuide: project.style_guide,
        organisation: project.organisation,
        stages: JSON.parse(project.stages_json) as TStage[],
      },
      outline,
    ),
    issuer: names.unit(project.owner_unit_id),
    date: deps.clock.now().toISOString().slice(0, 10),
  });
  return { fileName: `${title.replace(/[《》]/g, '')}.docx`, bytes };
}
