import { AppError } from '../../../shared/errors.ts';
import {
  PROJECT_KIND_LABELS,
  ZCreateProject,
  type TCreateProject,
  type TProjectView,
} from '../../../shared/compilation.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { authorize } from '../../platform/policy.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { findNodeRows, insertNode, insertOutlineChange, type NodeRow } from './outline.repository.ts';
import { buildTree, type TreeNode } from './outline/outline-tree.ts';
import { actorName, signedInUser, loadProject } from './project-access.ts';
import { insertMember, insertProject } from './project.repository.ts';
import { getProject } from './get-project.ts';
import { validate } from './validate.ts';

type Deps = { db: Db; clock: Clock };

/** Copies last year's frame: the same tree, owners and budgets, each node flagged as carried over until someone touches it. */
async function cloneFrame(trx: Db, fromProjectId: number, toProjectId: number, now: string): Promise<number> {
  const rows = await findNodeRows(trx, fromProjectId);
  let count = 0;
  const copy = async (nodes: TreeNode<NodeRow>[], parentId: number | null) => {
    for (const [i, n] of nodes.entries()) {
      const r = n.row;
      const id = await insertNode(trx, {
        project_id: toProjectId,
        parent_id: parentId,
        sort_order: i,
        level: r.level,
        title: r.title,
        genre: r.genre,
        matter: r.matter,
        owner_unit_id: r.owner_unit_id,
        writer_id: r.writer_id,
        word_budget: r.word_budget,
        status: 'planned',
        approved_at: null,
        carried_from_id: r.id,
        is_carried: 1,
        created_at: now,
        updated_at: now,
      });
      count++;
      await copy(n.children, id);
    }
  };
  await copy(buildTree(rows), null);
  return count;
}

/**
 * Creates a project; the creating user becomes its 主编 and the project belongs to their unit. A yearbook volume may
 * start from an earlier volume's frame.
 */
export async function createProject(deps: Deps, principal: Principal, raw: TCreateProject): Promise<TProjectView> {
  authorize(principal, 'compile.create');
  const input = validate(ZCreateProject, raw);
  const actor = signedInUser(principal);
  const now = deps.clock.now().toISOString();
  const year = input.year ?? null;
  const id = await deps.db.transaction().execute(async (trx) => {
    let previous = null;
    if (input.cloneFromId) {
      if (input.kind !== 'yearbook') throw new AppError('VALIDATION_FAILED', '只有年鉴可以沿用上一卷的框架。');
      previous = (await loadProject(trx, principal, input.cloneFromId, 'read')).project;
      if (previous.kind !== 'yearbook')
        throw new AppError('VALIDATION_FAILED', `《${previous.title}》不是年鉴，不能作为框架来源。`);
      if (previous.year !== null && year !== null && previous.year >= year)
        throw new AppError(
          'VALIDATION_FAILED',
          `框架来源《${previous.title}》（${previous.year} 卷）不早于本卷（${year} 卷），请选择往年的卷次。`,
        );
    }
    const projectId = await insertProject(trx, {
      kind: input.kind,
      title: input.title,
      year,
      previous_id: previous?.id ?? null,
      owner_unit_id: actor?.unitId ?? null,
      outline_state: 'editing',
      task_id: null,
      scope: previous?.scope ?? null,
      // A yearbook volume records its year: 断限 is that calendar year.
      lower_limit: input.kind === 'yearbook' && year !== null ? `${year}-01-01` : null,
      upper_limit: input.kind === 'yearbook' && year !== null ? `${year}-12-31` : null,
      target_chars: previous?.target_chars ?? null,
      style_guide: previous?.style_guide ?? null,
      organisation: previous?.organisation ?? null,
      stages_json: '[]',
      rules_json: previous?.rules_json ?? null,
      published_book_id: null,
      created_by: actor?.userId ?? null,
      created_at: now,
      updated_at: now,
    });
    if (actor)
      await insertMember(trx, {
        project_id: projectId,
        user_id: actor.userId,
        role: 'chief_editor',
        unit_id: actor.unitId,
        created_at: now,
      });
    if (previous) {
      const count = await cloneFrame(trx, previous.id, projectId, now);
      await insertOutlineChange(trx, {
        project_id: projectId,
        node_id: null,
        kind: 'clone',
        summary: `沿用《${previous.title}》框架，共 ${count} 条`,
        detail_json: JSON.stringify({ fromProjectId: previous.id, count }),
        actor_name: actorName(principal),
        occurred_at: now,
      });
    }
    await recordAudit(trx, deps.clock, principal, {
      action: 'compile.project.create',
      entityType: 'compile_project',
      entityId: projectId,
      summary: `创建编纂项目《${input.title.replace(/[《》]/g, '')}》（${PROJECT_KIND_LABELS[input.kind]}${year ? `，${year} 卷` : ''}）${previous ? `，沿用《${previous.title}》框架` : ''}`,
      after: { kind: input.kind, title: input.title, year, previousId: previous?.id ?? null },
    });
    return projectId;
  });
  return getProject(deps, principal, id);
}
