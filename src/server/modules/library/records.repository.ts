import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { HoldingRecordTable } from '../../db/schema.ts';

export type HoldingRecordRow = Selectable<HoldingRecordTable>;
export type HoldingRecordInsert = Omit<Insertable<HoldingRecordTable>, 'id'>;
export type HoldingIssueRow = Selectable<import('../../db/schema.ts').HoldingIssueTable>;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function insertRecord(db: Db, values: HoldingRecordInsert): Promise<number> {
  const { id } = await db.insertInto('holding_record').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateRecord(
  db: Db,
  id: number,
  values: Omit<HoldingRecordInsert, 'created_at' | 'import_id'>,
): Promise<void> {
  await db.updateTable('holding_record').set(values).where('id', '=', id).execute();
}

export async function deleteRecord(db: Db, id: number): Promise<void> {
  await db.deleteFrom('holding_record').where('id', '=', id).execute();
}

export async function findRecordById(db: Db, id: number): Promise<HoldingRecordRow | undefined> {
  return db.selectFrom('holding_record').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findRecordsByIds(db: Db, ids: readonly number[]): Promise<HoldingRecordRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('holding_record')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

/** Existing records that share an ISBN or a title+edition+year key with any of the candidates. */
export async function findDuplicateCandidates(
  db: Db,
  isbns: readonly string[],
  keys: readonly string[],
): Promise<Pick<HoldingRecordRow, 'id' | 'title' | 'isbn' | 'dedupe_key'>[]> {
  const out: Pick<HoldingRecordRow, 'id' | 'title' | 'isbn' | 'dedupe_key'>[] = [];
  // Chunked: PostgreSQL and SQLite both cap bound parameters.
  const chunk = <T>(xs: readonly T[]) =>
    Array.from({ length: Math.ceil(xs.length / 500) }, (_, i) => xs.slice(i * 500, i * 500 + 500));
  for (const part of chunk(isbns)) {
    out.push(
      ...(await db
        .selectFrom('holding_record')
        .select(['id', 'title', 'isbn', 'dedupe_key'])
        .where('isbn', 'in', part)
        .execute()),
    );
  }
  for (const part of chunk(keys)) {
    out.push(
      ...(await db
        .selectFrom('holding_record')
        .select(['id', 'title', 'isbn', 'dedupe_key'])
        .where('dedupe_key', 'in', part)
        .execute()),
    );
  }
  return out;
}

export interface RecordFilter {
  q?: string | undefined;
  type?: string | undefined;
  /** Only records with a copy held by one of these units. */
  unitIds?: readonly number[] | undefined;
}

function filtered(db: Db, f: RecordFilter) {
  let q = db.selectFrom('holding_record');
  if (f.type) q = q.where('type', '=', f.type);
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    const compact = f.q.replace(/[-\s]/g, '');
    q = q.where((eb) =>
      eb.or([
        eb('title', 'like', like),
        eb('responsibility', 'like', like),
        eb('compiling_body', 'like', like),
        eb('clc', 'like', `${escapeLike(f.q!)}%`),
        eb('isbn', '=', compact),
      ]),
    );
  }
  if (f.unitIds) {
    const ids = [...f.unitIds];
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('holding_copy')
          .select('holding_copy.id')
          .whereRef('holding_copy.record_id', '=', 'holding_record.id')
          .where('holding_copy.unit_id', 'in', ids.length ? ids : [-1]),
      ),
    );
  }
  return q;
}

export async function findRecords(
  db: Db,
  f: RecordFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: HoldingRecordRow[]; total: number }> {
  const rows = await filtered(db, f).selectAll().orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
  const { n } = await filtered(db, f)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(n) };
}

export async function findAllRecords(db: Db): Promise<HoldingRecordRow[]> {
  return db.selectFrom('holding_record').selectAll().orderBy('id').execute();
}

export async function countRecordsByType(
  db: Db,
  unitIds: readonly number[] | null,
): Promise<{ type: string; n: number }[]> {
  let q = db
    .selectFrom('holding_record')
    .select(['type', (eb) => eb.fn.countAll<string | number>().as('n')])
    .groupBy('type');
  if (unitIds)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('holding_copy')
          .select('holding_copy.id')
          .whereRef('holding_copy.record_id', '=', 'holding_record.id')
          .where('holding_copy.unit_id', 'in', unitIds.length ? [...unitIds] : [-1]),
      ),
    );
  return (await q.execute()).map((r) => ({ type: r.type, n: Number(r.n) }));
}

export async function deleteRecordsOfImport(db: Db, importId: number): Promise<number> {
  const res = await db.deleteFrom('holding_record').where('import_id', '=', importId).executeTakeFirst();
  return Number(res.numDeletedRows);
}

export async function insertIssue(db: Db, recordId: number, year: number, label: string, now: string): Promise<number> {
  const { id } = await db
    .insertInto('holding_issue')
    .values({ record_id: recordId, year, label, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function findIssue(
  db: Db,
  recordId: number,
  year: number,
  label: string,
): Promise<HoldingIssueRow | undefined> {
  return db
    .selectFrom('holding_issue')
    .selectAll()
    .where('record_id', '=', recordId)
    .where('year', '=', year)
    .where('label', '=', label)
    .executeTakeFirst();
}

export async function findIssuesOfRecords(db: Db, recordIds: readonly number[]): Promise<HoldingIssueRow[]> {
  if (recordIds.length === 0) return [];
  return db
    .selectFrom('holding_issue')
    .selectAll()
    .where('record_id', 'in', [...recordIds])
    .orderBy('year')
    .orderBy('id')
    .execute();
}

export async function findIssueById(db: Db, id: number): Promise<HoldingIssueRow | undefined> {
  return db.selectFrom('holding_issue').selectAll().where('id', '=', id).executeTakeFirst();
}
