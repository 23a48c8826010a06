import { AppError } from '../../../shared/errors.ts';
import {
  ZSubmissionInput,
  type TChecklistEntry,
  type TChecklistItem,
  type TSubmission,
  type TSubmissionInput,
  type TSubmissionItem,
} from '../../../shared/compilation.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { findLatestVersionsOfProject, type DraftVersionRow } from './draft.repository.ts';
import { findNodeRows } from './outline.repository.ts';
import { buildTree, flattenTree, type TreeNode } from './outline/outline-tree.ts';
import type { NodeRow } from './outline.repository.ts';
import { actorName, loadProject } from './project-access.ts';
import type { ProjectRow } from './project.repository.ts';
import {
  findSubmissionItems,
  findSubmissionRow,
  findSubmissionRows,
  insertSubmission,
  insertSubmissionItems,
} from './submission.repository.ts';
import { validate } from './validate.ts';

/**
 * 送审稿: the book as it stands, frozen — every node with the version it has now — with the 齐清定 checklist (目录, 凡例,
 * 正文, 图表, 照片, 附录, 编纂始末). The review (next issue) reads it through `getSubmission(id)`; nothing here ever
 * changes a submission.
 */

/** What the system can see of each checklist item; a missing one needs the editor's note. Pure. */
export function computeChecklist(
  project: Pick<ProjectRow, 'outline_state'>,
  nodes: readonly TreeNode<NodeRow>[],
  latest: ReadonlyMap<number, Pick<DraftVersionRow, 'html'>>,
): Omit<TChecklistEntry, 'note'>[] {
  const parents = new Set(nodes.map((n) => n.row.parent_id).filter((p) => p !== null));
  const leaves = nodes.filter((n) => !parents.has(n.row.id));
  const drafted = (n: TreeNode<NodeRow>) => latest.has(n.row.id);
  const byGenre = (g: string) => nodes.filter((n) => n.row.genre === g);
  const part = (item: TChecklistItem, genre: string): Omit<TChecklistEntry, 'note'> => {
    const found = byGenre(genre);
    if (found.length === 0) return { item, found: false, detail: `篇目中没有${genre}` };
    const missing = found.filter((n) => !drafted(n) && !nodes.some((c) => c.row.parent_id === n.row.id));
    return missing.length
      ? { item, found: false, detail: `${missing.map((n) => `“${n.row.title}”`).join('、')}尚无稿件` }
      : { item, found: true, detail: `${found.length} 处已有稿件` };
  };
  const body = leaves.filter((n) => n.row.matter === 'body');
  const bodyMissing = body.filter((n) => !drafted(n));
  const figures = nodes.filter((n) => n.row.genre === '图' || n.row.genre === '表');
  const html = [...latest.values()].map((v) => v.html).join('');
  const tables = (html.match(/<table/g) ?? []).length;
  const images = (html.match(/<img /g) ?? []).length;
  return [
    {
      item: '目录',
      found: nodes.length > 0 && project.outline_state === 'approved',
      detail:
        nodes.length === 0
          ? '篇目为空'
          : project.outline_state === 'approved'
            ? `篇目已批准，共 ${nodes.length} 条`
            : '篇目有未批准的修改',
    },
    part('凡例', '凡例'),
    {
      item: '正文',
      found: body.length > 0 && bodyMissing.length === 0,
      detail: bodyMissing.length
        ? `${bodyMissing.length} 条正文尚无稿件：${bodyMissing
            .slice(0, 5)
            .map((n) => `“${n.row.title}”`)
            .join('、')}${bodyMissing.length > 5 ? ' 等' : ''}`
        : `正文 ${body.length} 条均有稿件`,
    },
    {
      item: '图表',
      found: figures.every(drafted) && (tables > 0 || figures.length > 0),
      detail: `表格 ${tables} 张，图 ${images} 幅${figures.some((n) => !drafted(n)) ? '；体裁为图、表的篇目有未交稿的' : ''}`,
    },
    { item: '照片', found: images > 0, detail: images > 0 ? `图片 ${images} 幅` : '稿件中没有图片' },
    part('附录', '附录'),
    part('编纂始末', '编纂始末'),
  ];
}

export async function createSubmission(
  deps: { db: Db; clock: Clock },
  principal: Principal,
  projectId: number,
  raw: TSubmissionInput,
): Promise<TSubmission> {
  const input = validate(ZSubmissionInput, raw);
  const id = await deps.db.transaction().execute(async (trx) => {
    const access = await loadProject(trx, principal, projectId, 'approveOutline');
    const nodes = flattenTree(buildTree(await findNodeRows(trx, projectId)));
    const latest = new Map((await findLatestVersionsOfProject(trx, projectId)).map((v) => [v.node_id, v]));
    const found = computeChecklist(access.project, nodes, latest);
    const checklist: TChecklistEntry[] = found.map((f) => ({ ...f, note: input.notes[f.item]?.trim() || null }));
    const unconfirmed = checklist.filter((c) => !c.found && !c.note);
    if (unconfirmed.length) {
      throw new AppError(
        'VALIDATION_FAILED',
        `齐清定检查未通过：${unconfirmed.map((c) => `${c.item}（${c.detail}）`).join('；')}。请补齐，或逐项写明说明（如“本书不设附录”）后再冻结。`,
        unconfirmed.map((c) => ({ path: `notes.${c.item}`, message: c.detail })),
      );
    }
    if (latest.size === 0) throw new AppError('VALIDATION_FAILED', '还没有任何稿件，不能形成送审稿。');
    const now = deps.clock.now().toISOString();
    const number = ((await findSubmissionRows(trx, projectId))[0]?.number ?? 0) + 1;
    const sid = await insertSubmission(trx, {
      project_id: projectId,
      number,
      title: input.title,
      checklist_json: JSON.stringify(checklist),
      created_by_name: actorName(principal),
      created_at: now,
    });
    await insertSubmissionItems(
      trx,
      nodes.map((n, i) => ({
        submission_id: sid,
        ordinal: i + 1,
        node_id: n.row.id,
        version_id: latest.get(n.row.id)?.id ?? null,
        depth: n.depth,
        level: n.row.level,
        number: n.number,
        title: n.row.title,
        genre: n.row.genre,
      })),
    );
    await recordAudit(trx, deps.clock, principal, {
      action: 'compile.submission.create',
      entityType: 'compile_submission',
      entityId: sid,
      summary: `《${access.project.title}》冻结第 ${number} 次送审稿“${input.title}”（${nodes.length} 条，${latest.size} 条有稿件）`,
      after: { checklist },
    });
    return sid;
  });
  return getSubmission(deps, principal, id);
}

/** A frozen submission with every item's version (the review issue's entry point). */
export type TFrozenSubmission = Omit<TSubmission, 'items'> & { items: (TSubmissionItem & { html: string | null })[] };

export async function getSubmission(deps: { db: Db }, principal: Principal, id: number): Promise<TFrozenSubmission> {
  const row = await findSubmissionRow(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND', `送审稿 ${id} 不存在。`);
  const { project } = await loadProject(deps.db, principal, row.project_id, 'read');
  const items = await findSubmissionItems(deps.db, id);
  return {
    id: row.id,
    projectId: row.project_id,
    projectTitle: project.title,
    number: row.number,
    title: row.title,
    checklist: JSON.parse(row.checklist_json) as TChecklistEntry[],
    createdBy: row.created_by_name,
    createdAt: row.created_at,
    chars: items.reduce((n, i) => n + (i.char_count ?? 0), 0),
    items: items.map((i) => ({
      ordinal: i.ordinal,
      nodeId: i.node_id,
      versionId: i.version_id,
      version: i.version ?? null,
      depth: i.depth,
      level: i.level,
      number: i.number,
      title: i.title,
      genre: i.genre,
      chars: i.char_count ?? 0,
      html: i.html ?? null,
    })),
  };
}

export async function listSubmissions(
  deps: { db: Db },
  principal: Principal,
  projectId: number,
): Promise<Omit<TSubmission, 'items'>[]> {
  const { project } = await loadProject(deps.db, principal, projectId, 'read');
  const out: Omit<TSubmission, 'items'>[] = [];
  for (const r of await findSubmissionRows(deps.db, projectId)) {
    const items = await findSubmissionItems(deps.db, r.id);
    out.push({
      id: r.id,
      projectId,
      projectTitle: project.title,
      number: r.number,
      title: r.title,
      checklist: JSON.parse(r.checklist_json) as TChecklistEntry[],
      createdBy: r.created_by_name,
      createdAt: r.created_at,
      chars: items.reduce((n, i) => n + (i.char_count ?? 0), 0),
    });
  }
  return out;
}

/** The checklist as it would be now, for the form before freezing. */
export async function previewChecklist(
  deps: { db: Db },
  principal: Principal,
  projectId: number,
): Promise<Omit<TChecklistEntry, 'note'>[]> {
  const { project } = await loadProject(deps.db, principal, projectId, 'read');
  const nodes = flattenTree(buildTree(await findNodeRows(deps.db, projectId)));
  const latest = new Map((await findLatestVersionsOfProject(deps.db, projectId)).map((v) => [v.node_id, v]));
  return computeChecklist(project, nodes, latest);
}
