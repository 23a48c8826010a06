import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { UnitTable } from '../../db/schema.ts';

/** A unit with its aliases (in the order they were given). */
export type UnitRow = Omit<Selectable<UnitTable>, 'created_at' | 'updated_at'> & { aliases: string[] };

const COLUMNS = [
  'id',
  'name',
  'kind',
  'parent_id',
  'division_code',
  'managed_by_id',
  'sort_order',
  'is_active',
  'note',
] as const;

async function withAliases(db: Db, rows: Omit<UnitRow, 'aliases'>[]): Promise<UnitRow[]> {
  if (rows.length === 0) return [];
  const aliasRows = await db.selectFrom('unit_alias').select(['unit_id', 'alias']).orderBy('id').execute();
  const byUnit = new Map<number, string[]>();
  for (const a of aliasRows) byUnit.set(a.unit_id, [...(byUnit.get(a.unit_id) ?? []), a.alias]);
  return rows.map((r) => ({ ...r, aliases: byUnit.get(r.id) ?? [] }));
}

export async function findUnits(db: Db): Promise<UnitRow[]> {
  return withAliases(db, await db.selectFrom('unit').select(COLUMNS).orderBy('sort_order').orderBy('id').execute());
}

export async function findUnitById(db: Db, id: number): Promise<UnitRow | undefined> {
  const row = await db.selectFrom('unit').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const aliases = await db.selectFrom('unit_alias').select('alias').where('unit_id', '=', id).orderBy('id').execute();
  return { ...row, aliases: aliases.map((a) => a.alias) };
}

/** Which unit already uses `name` as its name or as an alias (names and aliases share one namespace). */
export async function findUnitUsingName(db: Db, name: string): Promise<{ id: number; name: string } | undefined> {
  const byName = await db.selectFrom('unit').select(['id', 'name']).where('name', '=', name).executeTakeFirst();
  if (byName) return byName;
  return db
    .selectFrom('unit_alias')
    .innerJoin('unit', 'unit.id', 'unit_alias.unit_id')
    .select(['unit.id', 'unit.name'])
    .where('unit_alias.alias', '=', name)
    .executeTakeFirst();
}

export interface UnitValues {
  name: string;
  kind: string;
  parentId: number | null;
  divisionCode: string | null;
  managedById: number | null;
  sortOrder: number;
  isActive: boolean;
  note: string | null;
}

export async function insertUnit(db: Db, v: UnitValues, now: string): Promise<number> {
  const { id } = await db
    .insertInto('unit')
    .values({
      name: v.name,
      kind: v.kind,
      parent_id: v.parentId,
      division_code: v.divisionCode,
      managed_by_id: v.managedById,
      sort_order: v.sortOrder,
      is_active: v.isActive ? 1 : 0,
      note: v.note,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateUnitRow(db: Db, id: number, v: UnitValues, now: string): Promise<void> {
  await db
    .updateTable('unit')
    .set({
      name: v.name,
      kind: v.kind,
      parent_id: v.parentId,
      division_code: v.divisionCode,
      managed_by_id: v.managedById,
      sort_order: v.sortOrder,
      is_active: v.isActive ? 1 : 0,
      note: v.note,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function replaceAliases(db: Db, unitId: number, aliases: readonly string[]): Promise<void> {
  await db.deleteFrom('unit_alias').where('unit_id', '=', unitId).execute();
  const unique = [...new Set(aliases)];
  if (unique.length > 0) {
    await db
      .insertInto('unit_alias')
      .values(unique.map((alias) => ({ unit_id: unitId, alias })))
      .execute();
  }
}

export async function deleteUnitRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('unit').where('id', '=', id).execute();
}

/** How many units sit directly under this one. */
export async function countChildUnits(db: Db, id: number): Promise<number> {
  const r = await db
    .selectFrom('unit')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('parent_id', '=', id)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function findUnitByDivisionCode(db: Db, code: string): Promise<{ id: number; name: string } | undefined> {
  return db.selectFrom('unit').select(['id', 'name']).where('division_code', '=', code).executeTakeFirst();
}

/** The names of these units, by id (unknown ids are simply absent). */
export async function findUnitNamesByIds(db: Db, ids: Iterable<number>): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('unit').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
