import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { CompileSubmissionItemTable, CompileSubmissionTable } from '../../db/schema.ts';

/** SQL for `compile_submission` and `compile_submission_item`: insert and read only — a 送审稿 is frozen. */

export type SubmissionRow = Selectable<CompileSubmissionTable>;
export type SubmissionItemRow = Selectable<CompileSubmissionItemTable>;

export async function insertSubmission(db: Db, values: Insertable<CompileSubmissionTable>): Promise<number> {
  const { id } = await db.insertInto('compile_submission').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function insertSubmissionItems(db: Db, items: Insertable<CompileSubmissionItemTable>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 200)
    await db
      .insertInto('compile_submission_item')
      .values(items.slice(i, i + 200))
      .execute();
}

export function findSubmissionRow(db: Db, id: number): Promise<SubmissionRow | undefined> {
  return db.selectFrom('compile_submission').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findSubmissionRows(db: Db, projectId: number): Promise<SubmissionRow[]> {
  return db
    .selectFrom('compile_submission')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('number', 'desc')
    .execute();
}

/** The frozen items with each version's text and size. */
export function findSubmissionItems(db: Db, submissionId: number) {
  return db
    .selectFrom('compile_submission_item as i')
    .leftJoin('compile_draft_version as v', 'v.id', 'i.version_id')
    .select([
      'i.ordinal',
      'i.node_id',
      'i.version_id',
      'i.depth',
      'i.level',
      'i.number',
      'i.title',
      'i.genre',
      'v.version',
      'v.html',
      'v.plain_text',
      'v.char_count',
    ])
    .where('i.submission_id', '=', submissionId)
    .orderBy('i.ordinal')
    .execute();
}
