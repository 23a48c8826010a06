import type { TProjectProgress, TProgressRow, TStage } from '../../../shared/compilation.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { authorize } from '../../platform/policy.ts';
import { findAssignmentsOfProject, type AssignmentRow } from './assignment.repository.ts';
import { findNodeRows, type NodeRow } from './outline.repository.ts';
import { loadProject, canRead, type ProjectAccess } from './project-access.ts';
import { findProjectRowsByTask } from './project.repository.ts';
import { loadNames, type Names } from './present.ts';

/**
 * Real progress of a project: its leaf nodes (the ones that carry text) drafted, edited and final, per 承编单位 and per
 * 撰稿人, open and overdue assignments, against where the stage timeline says it should be today. Pure core.
 */
export function computeProgress(
  project: { id: number; title: string; stages: TStage[] },
  nodes: readonly Pick<NodeRow, 'id' | 'parent_id' | 'status' | 'owner_unit_id' | 'writer_id'>[],
  assignments: readonly Pick<AssignmentRow, 'node_id' | 'done_at' | 'due_date' | 'unit_id' | 'user_id'>[],
  names: Pick<Names, 'unit' | 'user'>,
  today: string,
): TProjectProgress {
  const parents = new Set(nodes.map((n) => n.parent_id).filter((p): p is number => p !== null));
  const leaves = nodes.filter((n) => !parents.has(n.id));
  const empty = (key: string, label: string): TProgressRow => ({
    key,
    label,
    nodes: 0,
    drafted: 0,
    edited: 0,
    final: 0,
    open: 0,
    overdue: 0,
  });
  const total = empty('total', '全书');
  const byUnit = new Map<string, TProgressRow>();
  const byWriter = new Map<string, TProgressRow>();
  const bump = (row: TProgressRow, status: string) => {
    row.nodes++;
    if (status === 'drafted' || status === 'edited' || status === 'final') row.drafted++;
    if (status === 'edited' || status === 'final') row.edited++;
    if (status === 'final') row.final++;
  };
  const rowOf = (map: Map<string, TProgressRow>, key: string, label: string) =>
    map.get(key) ?? map.set(key, empty(key, label)).get(key)!;
  // A 条目 without its own 承编单位 belongs to the unit its 分目 (or any heading above) was given to.
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const ownerOf = (n: (typeof nodes)[number]): number | null => {
    for (let x: (typeof nodes)[number] | undefined = n; x; x = x.parent_id === null ? undefined : byId.get(x.parent_id))
      if (x.owner_unit_id !== null) return x.owner_unit_id;
    return null;
  };
  for (const n of leaves) {
    bump(total, n.status);
    const owner = ownerOf(n);
    bump(
      rowOf(byUnit, String(owner ?? 'none'), owner === null ? '未分配单位' : (names.unit(owner) ?? `单位 ${owner}`)),
      n.status,
    );
    if (n.writer_id !== null)
      bump(rowOf(byWriter, String(n.writer_id), names.user(n.writer_id) ?? `用户 ${n.writer_id}`), n.status);
  }
  for (const a of assignments) {
    if (a.done_at !== null) continue;
    const overdue = a.due_date < today;
    const rows = [
      total,
      ...(a.unit_id !== null ? [rowOf(byUnit, String(a.unit_id), names.unit(a.unit_id) ?? `单位 ${a.unit_id}`)] : []),
      ...(a.user_id !== null ? [rowOf(byWriter, String(a.user_id), names.user(a.user_id) ?? `用户 ${a.user_id}`)] : []),
    ];
    for (const r of rows) {
      r.open++;
      if (overdue) r.overdue++;
    }
  }
  const percent =
    total.nodes === 0
      ? 0
      : Math.round(
          (((total.drafted - total.edited) / 3 + ((total.edited - total.final) * 2) / 3 + total.final) / total.nodes) *
            100,
        );
  const stages = [...project.stages].sort((a, b) => a.start.localeCompare(b.start));
  let plannedPercent: number | null = null;
  let currentStage: string | null = null;
  if (stages.length) {
    const start = Date.parse(stages[0]!.start);
    const end = Date.parse(stages.at(-1)!.end);
    const now = Date.parse(today);
    plannedPercent = end <= start ? 100 : Math.max(0, Math.min(100, Math.round(((now - start) / (end - start)) * 100)));
    currentStage =
      stages.find((s) => s.start <= today && today <= s.end)?.name ??
      (today < stages[0]!.start ? '尚未开始' : '各阶段已结束');
  }
  const sort = (rows: TProgressRow[]) => rows.sort((a, b) => b.nodes - a.nodes || a.label.localeCompare(b.label, 'zh'));
  return {
    projectId: project.id,
    title: project.title,
    total,
    byUnit: sort([...byUnit.values()]),
    byWriter: sort([...byWriter.values()]),
    percent,
    plannedPercent,
    currentStage,
  };
}

async function progressOf(db: Db, access: ProjectAccess, today: string): Promise<TProjectProgress> {
  const p = access.project;
  return computeProgress(
    { id: p.id, title: p.title, stages: JSON.parse(p.stages_json) as TStage[] },
    await findNodeRows(db, p.id),
    await findAssignmentsOfProject(db, p.id),
    await loadNames(db),
    today,
  );
}

export async function getProjectProgress(
  deps: { db: Db; clock: Clock },
  principal: Principal,
  projectId: number,
): Promise<TProjectProgress> {
  const access = await loadProject(deps.db, principal, projectId, 'read');
  return progressOf(deps.db, access, deps.clock.now().toISOString().slice(0, 10));
}

/** Projects linked to a work-plan task, with their progress: what the task page shows. Projects the actor cannot open are left out. */
export async function getTaskCompilationProgress(
  deps: { db: Db; clock: Clock },
  principal: Principal,
  taskId: number,
): Promise<TProjectProgress[]> {
  authorize(principal, 'compile.read');
  const out: TProjectProgress[] = [];
  for (const row of await findProjectRowsByTask(deps.db, taskId)) {
    const access = await loadProject(deps.db, principal, row.id, 'read').catch(() => null);
    if (access && canRead(access))
      out.push(await progressOf(deps.db, access, deps.clock.now().toISOString().slice(0, 10)));
  }
  return out;
}
