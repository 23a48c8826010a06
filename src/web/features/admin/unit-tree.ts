import type { TUnit } from '../../../shared/org.ts';

export interface UnitNode extends TUnit {
  children?: UnitNode[];
}

/** Builds the unit tree from the flat list the API returns; orphans (parent missing) become roots. */
export function buildUnitTree(units: readonly TUnit[]): UnitNode[] {
  const nodes = new Map<number, UnitNode>(units.map((u) => [u.id, { ...u }]));
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

/** Tree data for antd's TreeSelect, optionally without one unit and its subtree (a unit cannot move under itself). */
export function toTreeSelect(
  nodes: UnitNode[],
  excludeId?: number,
): { value: number; title: string; children?: ReturnType<typeof toTreeSelect> }[] {
  return nodes
    .filter((n) => n.id !== excludeId)
    .map((n) => ({
      value: n.id,
      title: n.name,
      ...(n.children ? { children: toTreeSelect(n.children, excludeId) } : {}),
    }));
}
