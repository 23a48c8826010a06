import { describe, expect, it } from 'vitest';
import type { TUnit } from '../../../shared/org.ts';
import { buildUnitTree, toTreeSelect } from './unit-tree.ts';

const unit = (id: number, name: string, parentId: number | null): TUnit => ({
  id,
  name,
  parentId,
  kind: 'department',
  divisionCode: null,
  managedById: null,
  aliases: [],
  sortOrder: id,
  isActive: true,
  note: null,
});

describe('buildUnitTree', () => {
  const units = [
    unit(1, '委', null),
    unit(2, '办公室', 1),
    unit(3, '长春市', 1),
    unit(4, '九台区', 3),
    unit(5, '孤儿', 99),
  ];
  it('nests children under parents and keeps orphans at the top', () => {
    const tree = buildUnitTree(units);
    expect(tree.map((n) => n.name)).toEqual(['委', '孤儿']);
    expect(tree[0]?.children?.map((n) => n.name)).toEqual(['办公室', '长春市']);
    expect(tree[0]?.children?.[1]?.children?.[0]?.name).toBe('九台区');
  });
  it('leaves a unit and its subtree out of the parent choices', () => {
    const options = toTreeSelect(buildUnitTree(units), 3);
    expect(JSON.stringify(options)).not.toMatch(/长春市|九台区/);
  });
});
