import { AppError } from '../../../../shared/errors.ts';
import { CLASSIFICATION_LABELS, isClassified, type TClassification } from '../../../../shared/compilation-sources.ts';
import type { Db } from '../../../db/database.ts';
import type { Principal } from '../../../platform/auth/actor.ts';
import { findNodeRows, type NodeRow } from '../outline.repository.ts';
import { canEditOutline, isOwnNode, loadProject, seesOnlyOwnNodes, type ProjectAccess } from '../project-access.ts';
import type { CardNodeLink, CardRow, SourceRow } from './materials.repository.ts';

/**
 * Who sees and changes which 资料, on top of `project-access.ts`: 秘密 and above only for 主编、副主编、责任总纂 (and
 * the command line); a unit contact or writer sees the cards of their own nodes (and what they entered themselves) and
 * the sources behind them; editors resolve contradictions.
 */

export interface MaterialsScope {
  access: ProjectAccess;
  nodes: Map<number, NodeRow>;
  /** Nodes the actor answers for (with everything under them), or null when they see every node. */
  ownNodeIds: Set<number> | null;
  seesClassified: boolean;
}

export async function loadMaterialsScope(
  db: Db,
  principal: Principal,
  projectId: number,
  need: 'read' | 'write',
): Promise<MaterialsScope> {
  const access = await loadProject(db, principal, projectId, need);
  const rows = await findNodeRows(db, projectId);
  const nodes = new Map(rows.map((r) => [r.id, r]));
  let ownNodeIds: Set<number> | null = null;
  if (seesOnlyOwnNodes(access)) {
    ownNodeIds = new Set();
    for (const n of rows)
      for (let r: NodeRow | undefined = n; r; r = r.parent_id === null ? undefined : nodes.get(r.parent_id))
        if (isOwnNode(access, r)) {
          ownNodeIds.add(n.id);
          break;
        }
  }
  return {
    access,
    nodes,
    ownNodeIds,
    seesClassified:
      access.actor === null ||
      access.roles.some((r) => ['chief_editor', 'deputy_editor', 'general_editor'].includes(r)),
  };
}

export function seesLevel(scope: MaterialsScope, classification: string): boolean {
  return scope.seesClassified || !isClassified(classification as TClassification);
}

function ownEntry(scope: MaterialsScope, row: { created_by: number | null; unit_id: number | null }): boolean {
  const actor = scope.access.actor;
  return (
    actor !== null &&
    (row.created_by === actor.userId || (row.unit_id !== null && scope.access.unitIds.includes(row.unit_id)))
  );
}

/** A card: its source's 密级 first, then (for a unit contact) one of their nodes or their own entry. */
export function canSeeCard(
  scope: MaterialsScope,
  card: CardRow,
  source: SourceRow,
  links: readonly CardNodeLink[],
): boolean {
  if (!seesLevel(scope, source.classification)) return false;
  if (scope.ownNodeIds === null) return true;
  return ownEntry(scope, card) || links.some((l) => l.card_id === card.id && scope.ownNodeIds!.has(l.node_id));
}

/** A source: its 密级, then (for a unit contact) their own entry or a card of theirs drawn from it. */
export function canSeeSource(
  scope: MaterialsScope,
  source: SourceRow,
  visibleCardSourceIds: ReadonlySet<number>,
): boolean {
  if (!seesLevel(scope, source.classification)) return false;
  if (scope.ownNodeIds === null) return true;
  return ownEntry(scope, source) || visibleCardSourceIds.has(source.id);
}

export function isMaterialsEditor(scope: MaterialsScope): boolean {
  return canEditOutline(scope.access) || scope.access.roles.includes('section_editor');
}

/** Editors change any card; others the cards they (or their unit) entered. */
export function canEditCard(scope: MaterialsScope, card: CardRow): boolean {
  return isMaterialsEditor(scope) || (scope.access.actor !== null && ownEntry(scope, card));
}

/** Editors change any source; others the sources they (or their unit) registered. */
export function canEditSource(scope: MaterialsScope, source: SourceRow): boolean {
  return isMaterialsEditor(scope) || (scope.access.actor !== null && ownEntry(scope, source));
}

/** Linking a card to a node is writing to that node's 资料长编: a unit contact only links their own nodes. */
export function assertLinksNodes(scope: MaterialsScope, nodeIds: readonly number[]): void {
  for (const id of nodeIds) {
    const node = scope.nodes.get(id);
    if (!node) throw new AppError('VALIDATION_FAILED', `篇目 ${id} 不在本项目中，请重新选择卡片关联的篇目。`);
    if (scope.ownNodeIds !== null && !scope.ownNodeIds.has(id))
      throw new AppError('FORBIDDEN', `“${node.title}”不是分配给您或您所在单位的篇目，不能把卡片关联到它。`);
  }
}

/** Nobody files material at a 密级 they could not read back. */
export function assertMayClassify(scope: MaterialsScope, classification: TClassification): void {
  if (isClassified(classification) && !scope.seesClassified)
    throw new AppError(
      'FORBIDDEN',
      `只有主编、副主编、责任总纂可以登记“${CLASSIFICATION_LABELS[classification]}”级资料，请交由他们登记或改为“内部”。`,
    );
}
