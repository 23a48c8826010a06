import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isUniqueViolation, type DbHandle } from '../../db/database.ts';
import { createTestDatabase, TEST_DIALECTS } from '../../test/test-db.ts';
import {
  countChildUnits,
  deleteUnitRow,
  findUnitByDivisionCode,
  findUnitById,
  findUnitNamesByIds,
  findUnits,
  findUnitUsingName,
  insertUnit,
  replaceAliases,
  updateUnitRow,
  type UnitValues,
} from './org.repository.ts';

const NOW = '2023-04-01T08:00:00.000Z';
const unit = (over: Partial<UnitValues> = {}): UnitValues => ({
  name: '省地方志编纂委员会',
  kind: 'committee',
  parentId: null,
  divisionCode: null,
  managedById: null,
  sortOrder: 10,
  isActive: true,
  note: null,
  ...over,
});

describe.each(TEST_DIALECTS)('org repository (%s)', (dialect) => {
  let h: DbHandle;
  beforeEach(async () => {
    h = await createTestDatabase(dialect);
  });
  afterEach(async () => h.close());

  it('stores a unit with its aliases in the order given, and finds it by name or alias', async () => {
    const id = await insertUnit(h.db, unit({ divisionCode: '220000' }), NOW);
    await replaceAliases(h.db, id, ['省方志委', '方志委', '省方志委']);
    expect(await findUnitById(h.db, id)).toMatchObject({
      name: '省地方志编纂委员会',
      is_active: 1,
      aliases: ['省方志委', '方志委'],
    });
    expect(await findUnitUsingName(h.db, '方志委')).toEqual({ id, name: '省地方志编纂委员会' });
    expect(await findUnitUsingName(h.db, '省地方志编纂委员会')).toEqual({ id, name: '省地方志编纂委员会' });
    expect(await findUnitUsingName(h.db, '没有这个单位')).toBeUndefined();
    expect(await findUnitByDivisionCode(h.db, '220000')).toEqual({ id, name: '省地方志编纂委员会' });
    await replaceAliases(h.db, id, ['编委会']);
    expect((await findUnitById(h.db, id))?.aliases).toEqual(['编委会']);
  });

  it('lists units by sort order, counts children and gives names by id', async () => {
    const root = await insertUnit(h.db, unit({ sortOrder: 20 }), NOW);
    const office = await insertUnit(
      h.db,
      unit({ name: '办公室', kind: 'department', parentId: root, sortOrder: 5 }),
      NOW,
    );
    await insertUnit(h.db, unit({ name: '年鉴处', kind: 'department', parentId: root, sortOrder: 5 }), NOW);
    expect((await findUnits(h.db)).map((u) => u.name)).toEqual(['办公室', '年鉴处', '省地方志编纂委员会']);
    expect(await countChildUnits(h.db, root)).toBe(2);
    expect(await countChildUnits(h.db, office)).toBe(0);
    const names = await findUnitNamesByIds(h.db, [office, root, office, 9999]);
    expect([...names.entries()].sort()).toEqual(
      [
        [root, '省地方志编纂委员会'],
        [office, '办公室'],
      ].sort(),
    );
    expect((await findUnitNamesByIds(h.db, [])).size).toBe(0);
  });

  it('updates and deletes a unit, and refuses a duplicate name', async () => {
    const id = await insertUnit(h.db, unit(), NOW);
    await updateUnitRow(
      h.db,
      id,
      unit({ name: '省方志办', isActive: false, note: '更名' }),
      '2023-05-01T00:00:00.000Z',
    );
    expect(await findUnitById(h.db, id)).toMatchObject({ name: '省方志办', is_active: 0, note: '更名' });
    const error = await insertUnit(h.db, unit({ name: '省方志办' }), NOW).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    await deleteUnitRow(h.db, id);
    expect(await findUnitById(h.db, id)).toBeUndefined();
  });
});
