import type {
  TMember,
  TOutlineNode,
  TProject,
  TProjectKind,
  TProjectRole,
  TStage,
  TGenre,
  TMatter,
  TNodeLevel,
} from '../../../shared/compilation.ts';
import type { Db } from '../../db/database.ts';
import { findUnits } from '../org/org.repository.ts';
import { findUsers } from '../users/users.repository.ts';
import type { MemberRow, ProjectRow } from './project.repository.ts';
import type { NodeRow } from './outline.repository.ts';
import type { TreeNode } from './outline/outline-tree.ts';

/** Rows → the shared response types. Unit and user names come from their owners' repositories. */

export interface Names {
  unit(id: number | null): string | null;
  user(id: number | null): string | null;
}

export async function loadNames(db: Db): Promise<Names> {
  const units = new Map((await findUnits(db)).map((u) => [u.id, u.name]));
  const users = new Map((await findUsers(db)).map((u) => [u.id, u.display_name]));
  return {
    unit: (id) => (id === null ? null : (units.get(id) ?? null)),
    user: (id) => (id === null ? null : (users.get(id) ?? null)),
  };
}

export function presentProject(row: ProjectRow, names: Names, nodeCount: number): TProject {
  return {
    id: row.id,
    kind: row.kind as TProjectKind,
    title: row.title,
    year: row.year,
    previousId: row.previous_id,
    ownerUnitId: row.owner_unit_id,
    ownerUnitName: names.unit(row.owner_unit_id),
    outlineState: row.outline_state as TProject['outlineState'],
    taskId: row.task_id,
    plan: {
      scope: row.scope,
      lowerLimit: row.lower_limit,
      upperLimit: row.upper_limit,
      targetChars: row.target_chars,
      styleGuide: row.style_guide,
      organisation: row.organisation,
      stages: JSON.parse(row.stages_json) as TStage[],
    },
    nodeCount,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentMember(row: MemberRow, names: Names): TMember {
  return {
    id: row.id,
    userId: row.user_id,
    displayName: names.user(row.user_id) ?? `用户 ${row.user_id}`,
    role: row.role as TProjectRole,
    unitId: row.unit_id,
    unitName: names.unit(row.unit_id),
  };
}

export function presentNode(n: TreeNode<NodeRow>, names: Names): TOutlineNode {
  const r = n.row;
  return {
    id: r.id,
    parentId: r.parent_id,
    sortOrder: r.sort_order,
    depth: n.depth,
    level: r.level as TNodeLevel,
    number: n.number,
    title: r.title,
    genre: r.genre as TGenre,
    matter: r.matter as TMatter,
    ownerUnitId: r.owner_unit_id,
    ownerUnitName: names.unit(r.owner_unit_id),
    writerId: r.writer_id,
    writerName: names.user(r.writer_id),
    wordBudget: r.word_budget,
    approved: r.approved_at !== null,
    notUpdated: r.is_carried === 1,
  };
}
