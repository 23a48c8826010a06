import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { ReviewManuscriptTable, ReviewOpinionTable, ReviewPanelTable, ReviewRoundTable } from '../../db/schema.ts';

/** SQL for the `review_*` tables (rounds, panel, opinions, uploaded manuscripts). Nothing else queries them. */

export type RoundRow = Selectable<ReviewRoundTable>;
export type PanelRow = Selectable<ReviewPanelTable>;
export type OpinionRow = Selectable<ReviewOpinionTable>;
export type ManuscriptMeta = Omit<Selectable<ReviewManuscriptTable>, 'content' | 'text'>;

export async function insertManuscript(db: Db, values: Insertable<ReviewManuscriptTable>): Promise<number> {
  const { id } = await db.insertInto('review_manuscript').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function findManuscriptMeta(db: Db, id: number): Promise<ManuscriptMeta | undefined> {
  return db
    .selectFrom('review_manuscript')
    .select(['id', 'title', 'file_name', 'chars', 'unit_id', 'created_by', 'created_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findManuscriptText(db: Db, id: number): Promise<{ title: string; text: string } | undefined> {
  return db.selectFrom('review_manuscript').select(['title', 'text']).where('id', '=', id).executeTakeFirst();
}

export function findManuscriptFile(
  db: Db,
  id: number,
): Promise<{ file_name: string; content: Uint8Array } | undefined> {
  return db.selectFrom('review_manuscript').select(['file_name', 'content']).where('id', '=', id).executeTakeFirst();
}

export async function insertRound(db: Db, values: Insertable<ReviewRoundTable>): Promise<number> {
  const { id } = await db.insertInto('review_round').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateRoundRow(db: Db, id: number, values: Updateable<ReviewRoundTable>): Promise<void> {
  await db.updateTable('review_round').set(values).where('id', '=', id).execute();
}

export function findRoundRow(db: Db, id: number): Promise<RoundRow | undefined> {
  return db.selectFrom('review_round').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findRoundRows(db: Db): Promise<RoundRow[]> {
  return db.selectFrom('review_round').selectAll().orderBy('id', 'desc').execute();
}

/** Rounds of one book, oldest first. */
export function findChainRows(db: Db, chainId: number): Promise<RoundRow[]> {
  return db.selectFrom('review_round').selectAll().where('chain_id', '=', chainId).orderBy('id', 'asc').execute();
}

/** Ids of the rounds whose panel includes the user. */
export async function findRoundIdsOfPanelist(db: Db, userId: number): Promise<Set<number>> {
  const rows = await db.selectFrom('review_panel').select('round_id').where('user_id', '=', userId).execute();
  return new Set(rows.map((r) => r.round_id));
}

export function findPanelRows(db: Db, roundId: number): Promise<PanelRow[]> {
  return db.selectFrom('review_panel').selectAll().where('round_id', '=', roundId).orderBy('id', 'asc').execute();
}

export async function insertPanelRow(db: Db, values: Insertable<ReviewPanelTable>): Promise<number> {
  const { id } = await db.insertInto('review_panel').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updatePanelRow(db: Db, id: number, values: Updateable<ReviewPanelTable>): Promise<void> {
  await db.updateTable('review_panel').set(values).where('id', '=', id).execute();
}

export async function deletePanelRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('review_panel').where('id', '=', id).execute();
}

/** Clears every signature of a round (its decision changed or it was reopened). */
export async function clearSignatures(db: Db, roundId: number): Promise<void> {
  await db.updateTable('review_panel').set({ signed_at: null }).where('round_id', '=', roundId).execute();
}

export async function insertOpinion(db: Db, values: Insertable<ReviewOpinionTable>): Promise<number> {
  const { id } = await db.insertInto('review_opinion').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateOpinionRow(db: Db, id: number, values: Updateable<ReviewOpinionTable>): Promise<void> {
  await db.updateTable('review_opinion').set(values).where('id', '=', id).execute();
}

export async function deleteOpinionRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('review_opinion').where('id', '=', id).execute();
}

export function findOpinionRow(db: Db, id: number): Promise<OpinionRow | undefined> {
  return db.selectFrom('review_opinion').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findOpinionsOfRounds(db: Db, roundIds: readonly number[]): Promise<OpinionRow[]> {
  if (roundIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('review_opinion')
    .selectAll()
    .where('round_id', 'in', [...roundIds])
    .orderBy('round_id', 'asc')
    .orderBy('id', 'asc')
    .execute();
}

export async function countOpinionsByRound(db: Db): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('review_opinion')
    .select(['round_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('round_id')
    .execute();
  return new Map(rows.map((r) => [r.round_id, Number(r.n)]));
}
