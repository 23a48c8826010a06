import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { ReportAttachmentTable, ReportTable } from '../../../db/schema.ts';

/** `report` and `report_attachment`: progress reports (one per task, unit and period) and their files. */
export type ReportRow = Selectable<ReportTable>;
export type AttachmentRow = Selectable<ReportAttachmentTable>;
/** An attachment without its bytes, for lists. */
export type AttachmentInfo = Omit<AttachmentRow, 'content' | 'sha256' | 'created_by'>;

export async function findReportRow(db: Db, id: number): Promise<ReportRow | undefined> {
  return db.selectFrom('report').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findReportOf(
  db: Db,
  taskId: number,
  unitId: number,
  period: string,
): Promise<ReportRow | undefined> {
  return db
    .selectFrom('report')
    .selectAll()
    .where('task_id', '=', taskId)
    .where('unit_id', '=', unitId)
    .where('period', '=', period)
    .executeTakeFirst();
}

export async function insertReport(db: Db, row: Insertable<ReportTable>): Promise<number> {
  return (await db.insertInto('report').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateReportRow(db: Db, id: number, values: Updateable<ReportTable>): Promise<void> {
  await db.updateTable('report').set(values).where('id', '=', id).execute();
}

/** A task's reports, newest period first, lead before support. */
export async function findReportsOfTask(db: Db, taskId: number): Promise<ReportRow[]> {
  return db
    .selectFrom('report')
    .selectAll()
    .where('task_id', '=', taskId)
    .orderBy('period', 'desc')
    .orderBy('role')
    .orderBy('id')
    .execute();
}

/** Reports of many tasks (a plan's, a unit's), optionally narrowed by role, status and unit. */
export async function findReportsOfTasks(
  db: Db,
  taskIds: readonly number[],
  filter: { role?: 'lead' | 'support'; statuses?: readonly string[]; unitId?: number } = {},
): Promise<ReportRow[]> {
  if (taskIds.length === 0 || filter.statuses?.length === 0) return [];
  let q = db
    .selectFrom('report')
    .selectAll()
    .where('task_id', 'in', [...taskIds]);
  if (filter.role) q = q.where('role', '=', filter.role);
  if (filter.statuses) q = q.where('status', 'in', [...filter.statuses]);
  if (filter.unitId !== undefined) q = q.where('unit_id', '=', filter.unitId);
  return q.orderBy('period').orderBy('id').execute();
}

export async function findAttachmentInfos(db: Db, reportIds: readonly number[]): Promise<AttachmentInfo[]> {
  if (reportIds.length === 0) return [];
  return db
    .selectFrom('report_attachment')
    .select(['id', 'report_id', 'file_name', 'mime', 'size', 'created_at'])
    .where('report_id', 'in', [...reportIds])
    .orderBy('id')
    .execute();
}

export async function findAttachment(db: Db, id: number): Promise<AttachmentRow | undefined> {
  return db.selectFrom('report_attachment').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countAttachments(db: Db, reportId: number): Promise<number> {
  const row = await db
    .selectFrom('report_attachment')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('report_id', '=', reportId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertAttachment(db: Db, row: Insertable<ReportAttachmentTable>): Promise<number> {
  return (await db.insertInto('report_attachment').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function deleteAttachmentRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('report_attachment').where('id', '=', id).execute();
}

/** Reports per task (read by the plan import, through supervision's `countTaskHistory`). */
export async function countReportsByTask(db: Db, taskIds: readonly number[]): Promise<Map<number, number>> {
  if (taskIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('report')
    .select(['task_id', (e) => e.fn.countAll<string | number>().as('n')])
    .where('task_id', 'in', [...taskIds])
    .groupBy('task_id')
    .execute();
  return new Map(rows.map((r) => [r.task_id, Number(r.n)]));
}
