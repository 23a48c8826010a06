import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { PrintEventTable, PrintJobTable } from '../../db/schema.ts';

export type PrintJobRow = Selectable<PrintJobTable>;
export type PrintEventRow = Selectable<PrintEventTable>;

export async function insertPrintJob(db: Db, v: Omit<Insertable<PrintJobTable>, 'id'>): Promise<number> {
  return (await db.insertInto('print_job').values(v).returning('id').executeTakeFirstOrThrow()).id;
}
export async function findPrintJob(db: Db, id: number): Promise<PrintJobRow | undefined> {
  return db.selectFrom('print_job').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function findPrintJobs(db: Db): Promise<PrintJobRow[]> {
  return db.selectFrom('print_job').selectAll().orderBy('id', 'desc').execute();
}
export async function setPrintJobStatus(db: Db, id: number, status: string): Promise<void> {
  await db.updateTable('print_job').set({ status }).where('id', '=', id).execute();
}
export async function insertPrintEvent(db: Db, v: Omit<Insertable<PrintEventTable>, 'id'>): Promise<number> {
  return (await db.insertInto('print_event').values(v).returning('id').executeTakeFirstOrThrow()).id;
}
export async function findPrintEvents(db: Db, jobIds: readonly number[]): Promise<PrintEventRow[]> {
  if (jobIds.length === 0) return [];
  return db
    .selectFrom('print_event')
    .selectAll()
    .where('job_id', 'in', [...jobIds])
    .orderBy('id')
    .execute();
}
export async function findPrintEvent(db: Db, id: number): Promise<PrintEventRow | undefined> {
  return db.selectFrom('print_event').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function resolvePrintEvent(db: Db, id: number, now: string): Promise<void> {
  await db.updateTable('print_event').set({ resolved_at: now }).where('id', '=', id).execute();
}
