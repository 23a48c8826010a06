import { BOOK_LEVELS, YEARBOOK_LEVELS, type TNodeLevel, type TProjectKind } from '../../../../shared/compilation.ts';
import { formatHeadingNumber } from './numbering.ts';

/**
 * The outline as a tree in reading order, from flat rows: depth, conventional numbers (第一篇 / 第一章 / 第一节 / 一、 /
 * （一）, counted per parent among body nodes of the same level; front and back matter and yearbook levels are not
 * numbered), and the order a book is read in. Pure.
 */

export interface TreeRow {
  id: number;
  parent_id: number | null;
  sort_order: number;
  level: string;
  matter: string;
  title: string;
}

export interface TreeNode<R extends TreeRow> {
  row: R;
  depth: number;
  number: string;
  children: TreeNode<R>[];
}

export function buildTree<R extends TreeRow>(rows: readonly R[]): TreeNode<R>[] {
  const byParent = new Map<number | null, R[]>();
  for (const r of rows) {
    const list = byParent.get(r.parent_id) ?? [];
    list.push(r);
    byParent.set(r.parent_id, list);
  }
  const build = (parentId: number | null, depth: number): TreeNode<R>[] => {
    const kids = (byParent.get(parentId) ?? []).sort((a, b) => a.sort_order - b.sort_order || a.id - b.id);
    const counters = new Map<string, number>();
    return kids.map((row) => {
      let number = '';
      if (row.matter === 'body') {
        const n = (counters.get(row.level) ?? 0) + 1;
        counters.set(row.level, n);
        number = formatHeadingNumber(row.level, n);
      }
      return { row, depth, number, children: build(row.id, depth + 1) };
    });
  };
  return build(null, 1);
}

/** Depth-first, reading order. */
export function flattenTree<R extends TreeRow>(tree: readonly TreeNode<R>[]): TreeNode<R>[] {
  return tree.flatMap((n) => [n, ...flattenTree(n.children)]);
}

export function levelScheme(kind: TProjectKind): readonly TNodeLevel[] {
  return kind === 'yearbook' ? YEARBOOK_LEVELS : BOOK_LEVELS;
}

/** The level a child of `parentLevel` gets by default: the next one down, the deepest at most. */
export function childLevel(kind: TProjectKind, parentLevel: string | null, hasPian = true): TNodeLevel {
  const scheme = levelScheme(kind);
  if (parentLevel === null) return kind === 'yearbook' || hasPian ? (scheme[0] as TNodeLevel) : '章';
  const i = scheme.indexOf(parentLevel as TNodeLevel);
  return scheme[Math.min(i + 1, scheme.length - 1)] as TNodeLevel;
}

/** Ids of a node and everything under it. */
export function subtreeIds<R extends TreeRow>(rows: readonly R[], id: number): Set<number> {
  const ids = new Set<number>([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of rows)
      if (r.parent_id !== null && ids.has(r.parent_id) && !ids.has(r.id)) {
        ids.add(r.id);
        grew = true;
      }
  }
  return ids;
}

/** “第一篇 建置区划 / 第一章 建置沿革”: a node's place, for messages and rule-check links. */
export function pathLabel<R extends TreeRow>(flat: readonly TreeNode<R>[], id: number): string {
  const byId = new Map(flat.map((n) => [n.row.id, n]));
  const parts: string[] = [];
  for (let n = byId.get(id); n; n = n.row.parent_id === null ? undefined : byId.get(n.row.parent_id))
    parts.unshift(`${n.number ? `${n.number} ` : ''}${n.row.title}`.trim());
  return parts.join(' / ');
}
