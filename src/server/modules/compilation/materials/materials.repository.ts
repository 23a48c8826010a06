import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { CompileCardTable, CompileContradictionTable, CompileSourceTable } from '../../../db/schema.ts';

/** SQL for `compile_source`, `compile_card`, `compile_card_node`, `compile_contradiction`, `compile_contradiction_card`. */

export type SourceRow = Selectable<CompileSourceTable>;
export type CardRow = Selectable<CompileCardTable>;
export type ContradictionRow = Selectable<CompileContradictionTable>;
export interface CardNodeLink {
  card_id: number;
  node_id: number;
  position: number | null;
  note: string | null;
}

export async function insertSource(db: Db, values: Insertable<CompileSourceTable>): Promise<number> {
  const { id } = await db.insertInto('compile_source').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function findSourceRow(db: Db, id: number): Promise<SourceRow | undefined> {
  return db.selectFrom('compile_source').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findSourceRows(db: Db, projectId: number): Promise<SourceRow[]> {
  return db.selectFrom('compile_source').selectAll().where('project_id', '=', projectId).orderBy('id').execute();
}

export async function updateSourceRow(db: Db, id: number, values: Updateable<CompileSourceTable>): Promise<void> {
  await db.updateTable('compile_source').set(values).where('id', '=', id).execute();
}

export async function deleteSourceRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('compile_source').where('id', '=', id).execute();
}

/** How many cards (visible or not) are drawn from a source. */
export async function countCardsOfSource(db: Db, sourceId: number): Promise<number> {
  const row = await db
    .selectFrom('compile_card')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('source_id', '=', sourceId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function deleteContradictionRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('compile_contradiction').where('id', '=', id).execute();
}

export async function insertCard(db: Db, values: Insertable<CompileCardTable>): Promise<number> {
  const { id } = await db.insertInto('compile_card').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateCardRow(db: Db, id: number, values: Updateable<CompileCardTable>): Promise<void> {
  await db.updateTable('compile_card').set(values).where('id', '=', id).execute();
}

export async function deleteCardRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('compile_card').where('id', '=', id).execute();
}

export function findCardRow(db: Db, id: number): Promise<CardRow | undefined> {
  return db.selectFrom('compile_card').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findCardRows(db: Db, projectId: number): Promise<CardRow[]> {
  return db
    .selectFrom('compile_card')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('time_sort')
    .orderBy('id')
    .execute();
}

export function findCardRowsByIds(db: Db, ids: readonly number[]): Promise<CardRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('compile_card')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

/** Every card–node link of a project's cards. */
export function findCardNodeLinks(db: Db, projectId: number): Promise<CardNodeLink[]> {
  return db
    .selectFrom('compile_card_node')
    .innerJoin('compile_card', 'compile_card.id', 'compile_card_node.card_id')
    .select([
      'compile_card_node.card_id',
      'compile_card_node.node_id',
      'compile_card_node.position',
      'compile_card_node.note',
    ])
    .where('compile_card.project_id', '=', projectId)
    .execute();
}

/** Replaces a card's node links, keeping the order and note of the links that stay. */
export async function replaceCardNodes(db: Db, cardId: number, nodeIds: readonly number[]): Promise<void> {
  const keep = [...new Set(nodeIds)];
  let del = db.deleteFrom('compile_card_node').where('card_id', '=', cardId);
  if (keep.length) del = del.where('node_id', 'not in', keep);
  await del.execute();
  const existing = new Set(
    (await db.selectFrom('compile_card_node').select('node_id').where('card_id', '=', cardId).execute()).map(
      (r) => r.node_id,
    ),
  );
  const fresh = keep.filter((n) => !existing.has(n));
  if (fresh.length)
    await db
      .insertInto('compile_card_node')
      .values(fresh.map((node_id) => ({ card_id: cardId, node_id, position: null, note: null })))
      .execute();
}

export async function setCardNodePlace(
  db: Db,
  cardId: number,
  nodeId: number,
  values: { position: number | null; note: string | null },
): Promise<void> {
  await db
    .updateTable('compile_card_node')
    .set(values)
    .where('card_id', '=', cardId)
    .where('node_id', '=', nodeId)
    .execute();
}

export async function insertContradiction(
  db: Db,
  values: Insertable<CompileContradictionTable>,
  cardIds: readonly number[],
): Promise<number> {
  const { id } = await db.insertInto('compile_contradiction').values(values).returning('id').executeTakeFirstOrThrow();
  await db
    .insertInto('compile_contradiction_card')
    .values(cardIds.map((card_id) => ({ contradiction_id: id, card_id })))
    .execute();
  return id;
}

export function findContradictionRow(db: Db, id: number): Promise<ContradictionRow | undefined> {
  return db.selectFrom('compile_contradiction').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findContradictionRows(db: Db, projectId: number): Promise<ContradictionRow[]> {
  return db
    .selectFrom('compile_contradiction')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('id', 'desc')
    .execute();
}

/** Cards of every contradiction of a project. */
export function findContradictionCards(
  db: Db,
  projectId: number,
): Promise<{ contradiction_id: number; card_id: number }[]> {
  return db
    .selectFrom('compile_contradiction_card')
    .innerJoin('compile_contradiction', 'compile_contradiction.id', 'compile_contradiction_card.contradiction_id')
    .select(['compile_contradiction_card.contradiction_id', 'compile_contradiction_card.card_id'])
    .where('compile_contradiction.project_id', '=', projectId)
    .orderBy('compile_contradiction_card.id')
    .execute();
}

export async function resolveContradictionRow(
  db: Db,
  id: number,
  values: Pick<
    Updateable<CompileContradictionTable>,
    'chosen_card_id' | 'reason' | 'resolved_by' | 'resolved_by_name' | 'resolved_at'
  >,
): Promise<void> {
  await db
    .updateTable('compile_contradiction')
    .set({ ...values, status: 'resolved' })
    .where('id', '=', id)
    .execute();
}

/** Open contradictions with a card linked to any of these nodes, with all their cards. */
export async function findOpenContradictionsOfNodes(
  db: Db,
  nodeIds: readonly number[],
): Promise<{ id: number; fact: string; card_ids: number[] }[]> {
  if (nodeIds.length === 0) return [];
  const rows = await db
    .selectFrom('compile_contradiction')
    .innerJoin('compile_contradiction_card', 'compile_contradiction_card.contradiction_id', 'compile_contradiction.id')
    .select(['compile_contradiction.id', 'compile_contradiction.fact', 'compile_contradiction_card.card_id'])
    .where('compile_contradiction.status', '=', 'open')
    .where('compile_contradiction.id', 'in', (eb) =>
      eb
        .selectFrom('compile_contradiction_card')
        .innerJoin('compile_card_node', 'compile_card_node.card_id', 'compile_contradiction_card.card_id')
        .select('compile_contradiction_card.contradiction_id')
        .where('compile_card_node.node_id', 'in', [...nodeIds]),
    )
    .orderBy('compile_contradiction.id')
    .orderBy('compile_contradiction_card.card_id')
    .execute();
  const out = new Map<number, { id: number; fact: string; card_ids: number[] }>();
  for (const r of rows) {
    const c = out.get(r.id) ?? { id: r.id, fact: r.fact, card_ids: [] };
    c.card_ids.push(r.card_id);
    out.set(r.id, c);
  }
  return [...out.values()];
}
