import type { Db } from '../../db/database.ts';
import type { TTaskInput } from '../../../shared/workplan.ts';
import { findUnitNamesByIds } from '../org/org.repository.ts';

export async function findPlanByYearTitle(db: Db, year: number, title: string) {
  return db.selectFrom('plan').selectAll().where('year', '=', year).where('title', '=', title).executeTakeFirst();
}

export async function findPlanById(db: Db, id: number) {
  return db.selectFrom('plan').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPlanSummaries(db: Db) {
  return db
    .selectFrom('plan')
    .select((eb) => [
      'plan.id',
      'plan.year',
      'plan.title',
      'plan.issuer',
      'plan.notice_date',
      'plan.revision',
      'plan.updated_at',
      eb
        .selectFrom('plan_section')
        .whereRef('plan_section.plan_id', '=', 'plan.id')
        .select((e) => e.fn.countAll<string | number>().as('n'))
        .as('section_count'),
      eb
        .selectFrom('task')
        .whereRef('task.plan_id', '=', 'plan.id')
        .where('task.archived_at', 'is', null)
        .select((e) => e.fn.countAll<string | number>().as('n'))
        .as('task_count'),
    ])
    .orderBy('plan.year', 'desc')
    .orderBy('plan.id', 'desc')
    .execute();
}

export interface PlanValues {
  year: number;
  title: string;
  issuer: string | null;
  preamble: string;
  noticeTitle: string | null;
  noticeDate: string | null;
  noticeAddressees: string[];
}

export async function insertPlan(db: Db, v: PlanValues, createdBy: number | null, now: string): Promise<number> {
  const { id } = await db
    .insertInto('plan')
    .values({
      year: v.year,
      title: v.title,
      issuer: v.issuer,
      preamble: v.preamble,
      notice_title: v.noticeTitle,
      notice_date: v.noticeDate,
      notice_addressees_json: JSON.stringify(v.noticeAddressees),
      revision: 1,
      created_by: createdBy,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updatePlanRow(db: Db, id: number, v: PlanValues, revision: number, now: string): Promise<void> {
  await db
    .updateTable('plan')
    .set({
      issuer: v.issuer,
      preamble: v.preamble,
      notice_title: v.noticeTitle,
      notice_date: v.noticeDate,
      notice_addressees_json: JSON.stringify(v.noticeAddressees),
      revision,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function insertPlanSource(
  db: Db,
  s: {
    planId: number;
    revision: number;
    fileName: string;
    format: string;
    sha256: string;
    content: Uint8Array;
    now: string;
  },
): Promise<void> {
  await db
    .insertInto('plan_source')
    .values({
      plan_id: s.planId,
      revision: s.revision,
      file_name: s.fileName,
      format: s.format,
      sha256: s.sha256,
      size: s.content.byteLength,
      content: s.content,
      created_at: s.now,
    })
    .execute();
}

export async function findLatestPlanSource(db: Db, planId: number) {
  return db
    .selectFrom('plan_source')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('revision', 'desc')
    .executeTakeFirst();
}

export async function findSections(db: Db, planId: number) {
  return db.selectFrom('plan_section').selectAll().where('plan_id', '=', planId).orderBy('ordinal').execute();
}

/**
 * The plan's current tasks: what supervision, dashboards, assessment and documents count. A task a revision dropped
 * (已撤销, `archived_at` set) keeps its history and shows on the plan page, but no longer has a light or a score.
 */
export async function findCurrentTasks(db: Db, planId: number) {
  return db
    .selectFrom('task')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('archived_at', 'is', null)
    .orderBy('sort_order')
    .execute();
}

export async function findTasks(db: Db, planId: number) {
  return db.selectFrom('task').selectAll().where('plan_id', '=', planId).orderBy('sort_order').execute();
}

/**
 * The units named on a plan's tasks, in document order, with the directory's current name of each matched unit
 * (`unit_name`, null for a collective). The unit table is org's: its names come through org's exported function.
 */
export async function findTaskUnits(db: Db, planId: number) {
  const rows = await db
    .selectFrom('task_unit')
    .innerJoin('task', 'task.id', 'task_unit.task_id')
    .select(['task_unit.task_id', 'task_unit.unit_id', 'task_unit.name', 'task_unit.role'])
    .where('task.plan_id', '=', planId)
    .orderBy('task_unit.task_id')
    .orderBy('task_unit.sort_order')
    .execute();
  const names = await findUnitNamesByIds(
    db,
    rows.flatMap((r) => (r.unit_id === null ? [] : [r.unit_id])),
  );
  return rows.map((r) => ({ ...r, unit_name: r.unit_id === null ? null : (names.get(r.unit_id) ?? null) }));
}

export async function findTaskTargets(db: Db, planId: number) {
  return db
    .selectFrom('task_target')
    .innerJoin('task', 'task.id', 'task_target.task_id')
    .selectAll('task_target')
    .where('task.plan_id', '=', planId)
    .orderBy('task_target.task_id')
    .orderBy('task_target.sort_order')
    .execute();
}

/**
 * Writes the sections of a plan by ordinal (rows kept, so tasks can move between them) and returns ordinal → id.
 * Sections the revision no longer has are removed later by `deleteEmptySections`, once their tasks have moved.
 */
export async function upsertSections(
  db: Db,
  planId: number,
  sections: { ordinal: number; title: string }[],
): Promise<Map<number, number>> {
  const existing = await findSections(db, planId);
  const ids = new Map<number, number>();
  for (const s of sections) {
    const row = existing.find((e) => e.ordinal === s.ordinal);
    if (row) {
      await db.updateTable('plan_section').set({ title: s.title }).where('id', '=', row.id).execute();
      ids.set(s.ordinal, row.id);
    } else {
      const { id } = await db
        .insertInto('plan_section')
        .values({ plan_id: planId, ordinal: s.ordinal, title: s.title })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(s.ordinal, id);
    }
  }
  return ids;
}

/** Removes sections outside `keep` that hold no task any more (an archived task keeps its section). */
export async function deleteEmptySections(db: Db, planId: number, keep: readonly number[]): Promise<void> {
  const used = (await db.selectFrom('task').select('section_id').where('plan_id', '=', planId).execute()).map(
    (r) => r.section_id,
  );
  const stale = (await findSections(db, planId))
    .filter((s) => !keep.includes(s.id) && !used.includes(s.id))
    .map((s) => s.id);
  if (stale.length > 0) await db.deleteFrom('plan_section').where('id', 'in', stale).execute();
}

export interface ResolvedTask extends Omit<TTaskInput, 'leadUnits' | 'supportUnits'> {
  units: { name: string; unitId: number | null; role: 'lead' | 'support' }[];
}

/** Frees the numbers of tasks about to be renumbered, so that no two rows ever hold one number mid-transaction. */
export async function parkTaskNumbers(db: Db, taskIds: readonly number[]): Promise<void> {
  for (const id of taskIds)
    await db
      .updateTable('task')
      .set({ number: `~${id}` })
      .where('id', '=', id)
      .execute();
}

/** Archives dropped tasks that have history: they keep their rows and everything hanging on them, marked 已撤销. */
export async function archiveTasks(db: Db, taskIds: readonly number[], now: string): Promise<void> {
  for (const id of taskIds) {
    const row = await db
      .selectFrom('task')
      .select(['plan_id', 'number', 'archived_number'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const original = row.archived_number ?? row.number;
    // The row's number must free the original for the revision; pages that read it directly still show what it was.
    let archivedLabel = `${original}（已撤销）`;
    const taken = await db
      .selectFrom('task')
      .select('id')
      .where('plan_id', '=', row.plan_id)
      .where('number', '=', archivedLabel)
      .executeTakeFirst();
    if (taken && taken.id !== id) archivedLabel = `${original}（已撤销${id}）`;
    await db
      .updateTable('task')
      .set({ archived_at: now, archived_number: original, number: archivedLabel, updated_at: now })
      .where('id', '=', id)
      .execute();
  }
}

export async function deleteTasks(db: Db, taskIds: readonly number[]): Promise<void> {
  if (taskIds.length > 0)
    await db
      .deleteFrom('task')
      .where('id', 'in', [...taskIds])
      .execute();
}

/**
 * Writes a task: `taskId` is the saved task the revision matched by content (its id survives, so reports and
 * milestones stay on the text they were written for), null for a new task. Units and targets are replaced.
 */
export async function writeTask(
  db: Db,
  planId: number,
  sectionId: number,
  sortOrder: number,
  t: ResolvedTask,
  taskId: number | null,
  now: string,
): Promise<number> {
  const values = {
    section_id: sectionId,
    number: t.number,
    sort_order: sortOrder,
    text: t.text,
    group_title: t.groupTitle,
    deadline: t.deadline.date,
    deadline_explicit: t.deadline.explicit ? 1 : 0,
    deadline_text: t.deadline.text,
    references_json: JSON.stringify(t.references),
    leaders_json: JSON.stringify(t.leaders),
    // Written again by a revision, an archived task is current again.
    archived_at: null,
    archived_number: null,
    updated_at: now,
    ...(t.deadline.continuous ? { is_continuous: 1 } : {}),
  };
  let id: number;
  if (taskId !== null) {
    id = taskId;
    await db.updateTable('task').set(values).where('id', '=', id).execute();
    await db.deleteFrom('task_unit').where('task_id', '=', id).execute();
    await db.deleteFrom('task_target').where('task_id', '=', id).execute();
  } else {
    ({ id } = await db
      .insertInto('task')
      .values({ ...values, plan_id: planId, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow());
  }
  if (t.units.length > 0) {
    await db
      .insertInto('task_unit')
      .values(t.units.map((u, i) => ({ task_id: id, unit_id: u.unitId, name: u.name, role: u.role, sort_order: i })))
      .execute();
  }
  if (t.targets.length > 0) {
    await db
      .insertInto('task_target')
      .values(
        t.targets.map((g, i) => ({
          task_id: id,
          sort_order: i,
          text: g.text,
          comparator: g.comparator,
          value: g.value ?? null,
          min: g.min ?? null,
          max: g.max ?? null,
          unit: g.unit,
        })),
      )
      .execute();
  }
  return id;
}

export async function deleteTasksNotIn(db: Db, planId: number, keepNumbers: string[]): Promise<void> {
  let q = db.deleteFrom('task').where('plan_id', '=', planId);
  if (keepNumbers.length > 0) q = q.where('number', 'not in', keepNumbers);
  await q.execute();
}

// Read by the supervision domain
// (and, for 全年持续, 办结 and an approved 延期, the task's own columns written through the functions below).

/** One task with its plan's title and year and its section's title: what every supervision use case starts from. */
export async function findTaskWithPlan(db: Db, taskId: number) {
  return db
    .selectFrom('task')
    .innerJoin('plan', 'plan.id', 'task.plan_id')
    .innerJoin('plan_section', 'plan_section.id', 'task.section_id')
    .selectAll('task')
    .select(['plan.title as plan_title', 'plan.year as plan_year', 'plan_section.title as section_title'])
    .where('task.id', '=', taskId)
    .executeTakeFirst();
}

/** The units named on one task (lead and support), with the directory name of each unit that resolved (org's names). */
export async function findUnitsOfTask(db: Db, taskId: number) {
  const rows = await db
    .selectFrom('task_unit')
    .select(['task_unit.task_id', 'task_unit.unit_id', 'task_unit.name', 'task_unit.role'])
    .where('task_unit.task_id', '=', taskId)
    .orderBy('task_unit.sort_order')
    .execute();
  const names = await findUnitNamesByIds(
    db,
    rows.flatMap((r) => (r.unit_id === null ? [] : [r.unit_id])),
  );
  return rows.map((r) => ({ ...r, unit_name: r.unit_id === null ? null : (names.get(r.unit_id) ?? null) }));
}

export async function findTargetsOfTask(db: Db, taskId: number) {
  return db.selectFrom('task_target').selectAll().where('task_id', '=', taskId).orderBy('sort_order').execute();
}

/** Every task a unit is named on (lead or support), newest plan first, with the plan's title and year. */
export async function findTasksOfUnit(db: Db, unitId: number) {
  return db
    .selectFrom('task_unit')
    .innerJoin('task', 'task.id', 'task_unit.task_id')
    .innerJoin('plan', 'plan.id', 'task.plan_id')
    .selectAll('task')
    .select(['task_unit.role', 'plan.title as plan_title', 'plan.year as plan_year'])
    .where('task_unit.unit_id', '=', unitId)
    .orderBy('plan.year', 'desc')
    .orderBy('task.plan_id')
    .orderBy('task.sort_order')
    .execute();
}

export async function findPlansOfYear(db: Db, year: number) {
  return db.selectFrom('plan').selectAll().where('year', '=', year).orderBy('id').execute();
}

export async function setTaskContinuousFlag(db: Db, taskId: number, isContinuous: boolean): Promise<void> {
  await db
    .updateTable('task')
    .set({ is_continuous: isContinuous ? 1 : 0 })
    .where('id', '=', taskId)
    .execute();
}

/** 办结 (closedBy/evidence set) or reopening (all null). */
export async function setTaskClosure(
  db: Db,
  taskId: number,
  closure: { closedAt: string | null; closedBy: number | null; evidence: string | null },
  now: string,
): Promise<void> {
  await db
    .updateTable('task')
    .set({
      closed_at: closure.closedAt,
      closed_by: closure.closedBy,
      close_evidence: closure.evidence,
      updated_at: now,
    })
    .where('id', '=', taskId)
    .execute();
}

/** An approved 延期: the new date is explicit, and the document's wording (如“6月底前”) no longer describes it. */
export async function moveTaskDeadline(db: Db, taskId: number, deadline: string, now: string): Promise<void> {
  await db
    .updateTable('task')
    .set({ deadline, deadline_explicit: 1, deadline_text: null, updated_at: now })
    .where('id', '=', taskId)
    .execute();
}

/** How many plans and tasks the database holds (the fuzz run checks a refused import left none behind). */
export async function countPlansAndTasks(db: Db): Promise<{ plans: number; tasks: number }> {
  const [plans, tasks] = await Promise.all([
    db
      .selectFrom('plan')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('task')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { plans: Number(plans.n), tasks: Number(tasks.n) };
}

/** A task's own start date (planned progress counts from it), set by a supervisor; null counts from the plan's issue date. */
export async function setTaskStartDate(db: Db, taskId: number, startDate: string | null, now: string): Promise<void> {
  await db.updateTable('task').set({ start_date: startDate, updated_at: now }).where('id', '=', taskId).execute();
}
