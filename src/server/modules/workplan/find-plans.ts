import { AppError } from '../../../shared/errors.ts';
import type { TPlanDetail, TPlanSummary, TTask, TTaskUnit } from '../../../shared/workplan.ts';
import { ZPlanTarget } from '../../../shared/workplan-parse.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import { authorize } from '../../platform/policy.ts';
import type { TaskFace } from './plan-diff.ts';
import type { TaskHistoryPort } from './task-history-port.ts';
import {
  findLatestPlanSource,
  findPlanById,
  findPlanSummaries,
  findSections,
  findTasks,
  findTaskTargets,
  findTaskUnits,
} from './workplan.repository.ts';

/** The saved plans, newest year first. */
export async function listPlans(deps: { db: Db }, actor: Principal): Promise<TPlanSummary[]> {
  authorize(actor, 'plan.read');
  return (await findPlanSummaries(deps.db)).map((r) => ({
    id: r.id,
    year: r.year,
    title: r.title,
    issuer: r.issuer,
    noticeDate: r.notice_date,
    revision: r.revision,
    sectionCount: Number(r.section_count ?? 0),
    taskCount: Number(r.task_count ?? 0),
    updatedAt: r.updated_at,
  }));
}

async function loadTasks(db: Db, planId: number): Promise<TTask[]> {
  const [tasks, units, targets] = await Promise.all([
    findTasks(db, planId),
    findTaskUnits(db, planId),
    findTaskTargets(db, planId),
  ]);
  return tasks.map((t) => {
    const mine = units.filter((u) => u.task_id === t.id);
    const toUnit = (u: (typeof mine)[number]): TTaskUnit => ({
      name: u.name,
      unitId: u.unit_id,
      unitName: u.unit_name,
    });
    return {
      id: t.id,
      sectionId: t.section_id,
      number: t.number,
      text: t.text,
      groupTitle: t.group_title,
      leadUnits: mine.filter((u) => u.role === 'lead').map(toUnit),
      supportUnits: mine.filter((u) => u.role === 'support').map(toUnit),
      targets: targets
        .filter((g) => g.task_id === t.id)
        .map((g) => ({
          text: g.text,
          comparator: ZPlanTarget.shape.comparator.parse(g.comparator),
          unit: g.unit,
          ...(g.value !== null ? { value: g.value } : {}),
          ...(g.min !== null ? { min: g.min } : {}),
          ...(g.max !== null ? { max: g.max } : {}),
        })),
      deadline: {
        date: t.deadline,
        explicit: t.deadline_explicit === 1,
        text: t.deadline_text,
        ...(t.is_continuous === 1 ? { continuous: true } : {}),
      },
      references: JSON.parse(t.references_json) as TTask['references'],
      leaders: JSON.parse(t.leaders_json) as string[],
      // An archived task shows the number it had; its row number only frees that number for the revision.
      ...(t.archived_at ? { number: t.archived_number ?? t.number } : {}),
      archived: t.archived_at !== null,
      archivedAt: t.archived_at,
    };
  });
}

/**
 * The plan's tasks as the revision diff compares them, with what hangs on each. Archived (已撤销) tasks come flagged:
 * a revision that brings one back restores it instead of creating a new task.
 */
export async function loadSavedTaskFaces(db: Db, planId: number, taskHistory: TaskHistoryPort): Promise<TaskFace[]> {
  const tasks = await loadTasks(db, planId);
  const history = await taskHistory(
    db,
    tasks.map((t) => t.id),
  );
  return tasks.map((t) => ({
    id: t.id,
    number: t.number,
    text: t.text,
    lead: t.leadUnits.map((u) => u.name),
    support: t.supportUnits.map((u) => u.name),
    targets: t.targets.map((g) => g.text),
    deadline: t.deadline.date,
    ...(history.get(t.id) ? { history: history.get(t.id)! } : {}),
    ...(t.archived ? { archived: true } : {}),
  }));
}

export async function getPlan(deps: { db: Db }, actor: Principal, planId: number): Promise<TPlanDetail> {
  authorize(actor, 'plan.read');
  const plan = await findPlanById(deps.db, planId);
  if (!plan) throw new AppError('NOT_FOUND', '该工作要点不存在或已被删除。');
  const [sections, tasks, source] = await Promise.all([
    findSections(deps.db, planId),
    loadTasks(deps.db, planId),
    findLatestPlanSource(deps.db, planId),
  ]);
  return {
    id: plan.id,
    year: plan.year,
    title: plan.title,
    issuer: plan.issuer,
    noticeDate: plan.notice_date,
    revision: plan.revision,
    sectionCount: sections.length,
    taskCount: tasks.filter((t) => !t.archived).length,
    updatedAt: plan.updated_at,
    preamble: plan.preamble,
    noticeTitle: plan.notice_title,
    noticeAddressees: JSON.parse(plan.notice_addressees_json) as string[],
    sourceFileName: source?.file_name ?? null,
    sections: sections.map((s) => ({
      id: s.id,
      ordinal: s.ordinal,
      title: s.title,
      tasks: tasks.filter((t) => t.sectionId === s.id),
    })),
  };
}

/** The original document of the plan's latest revision, for download. */
export async function getPlanSource(
  deps: { db: Db },
  actor: Principal,
  planId: number,
): Promise<{ fileName: string; content: Uint8Array }> {
  authorize(actor, 'plan.read');
  const source = await findLatestPlanSource(deps.db, planId);
  if (!source) throw new AppError('NOT_FOUND', '该工作要点没有保存原始文件。');
  return { fileName: source.file_name, content: source.content };
}
