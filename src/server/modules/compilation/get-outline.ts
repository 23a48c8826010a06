import type { TOutline, TOutlineChange, TOutlineRevision } from '../../../shared/compilation.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import { findNodeRows, findOutlineChanges, findRevisionRows, type NodeRow } from './outline.repository.ts';
import { buildTree, flattenTree, type TreeNode } from './outline/outline-tree.ts';
import { isOwnNode, loadProject, seesOnlyOwnNodes, type ProjectAccess } from './project-access.ts';
import { loadNames, presentNode } from './present.ts';

type Deps = { db: Db };

/**
 * The nodes the actor may see, in reading order: everything, or — for a unit contact or a writer — their own nodes
 * with the headings above them (so they know where their part stands) and what lies under them.
 */
export function visibleNodes(access: ProjectAccess, rows: readonly NodeRow[]): TreeNode<NodeRow>[] {
  const flat = flattenTree(buildTree(rows));
  if (!seesOnlyOwnNodes(access)) return flat;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const keep = new Set<number>();
  for (const n of flat) {
    let own = false;
    for (let r: NodeRow | undefined = n.row; r; r = r.parent_id === null ? undefined : byId.get(r.parent_id))
      if (isOwnNode(access, r)) own = true;
    if (!own) continue;
    for (let r: NodeRow | undefined = n.row; r; r = r.parent_id === null ? undefined : byId.get(r.parent_id))
      keep.add(r.id);
  }
  return flat.filter((n) => keep.has(n.row.id));
}

export async function getOutline(deps: Deps, principal: Principal, projectId: number): Promise<TOutline> {
  const access = await loadProject(deps.db, principal, projectId, 'read');
  const names = await loadNames(deps.db);
  const nodes = visibleNodes(access, await findNodeRows(deps.db, projectId));
  return {
    projectId,
    state: access.project.outline_state as TOutline['state'],
    nodes: nodes.map((n) => presentNode(n, names)),
  };
}

export async function listOutlineChanges(
  deps: Deps,
  principal: Principal,
  projectId: number,
): Promise<TOutlineChange[]> {
  await loadProject(deps.db, principal, projectId, 'read');
  return (await findOutlineChanges(deps.db, projectId, 500)).map((c) => ({
    id: c.id,
    nodeId: c.node_id,
    kind: c.kind,
    summary: c.summary,
    actorName: c.actor_name,
    at: c.occurred_at,
  }));
}

export async function listOutlineRevisions(
  deps: Deps,
  principal: Principal,
  projectId: number,
): Promise<TOutlineRevision[]> {
  await loadProject(deps.db, principal, projectId, 'read');
  return (await findRevisionRows(deps.db, projectId)).map((r) => ({
    id: r.id,
    number: r.number,
    status: r.status as TOutlineRevision['status'],
    nodeCount: r.node_count,
    submittedBy: r.submitted_by,
    submittedAt: r.submitted_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    comment: r.comment,
  }));
}
