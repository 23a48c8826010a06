import { describe, expect, it } from 'vitest';
import { buildJilinTemplate, COMMITTEE, officeName } from './jilin-template.ts';

describe('Jilin unit template', () => {
  const units = buildJilinTemplate();
  const byName = new Map(units.map((u) => [u.name, u]));

  it('has the committee, its departments and bodies as the work points name them', () => {
    expect(byName.get(COMMITTEE)?.aliases).toContain('省方志委');
    for (const name of [
      '办公室',
      '研究室',
      '省直指导处',
      '市县指导处',
      '年鉴指导处',
      '资料处',
      '人事处',
      '机关党委',
      '机关纪委',
      '机关工会',
    ]) {
      expect(byName.get(name)?.parent).toBe(COMMITTEE);
    }
    expect(byName.get('吉林省方志馆')?.aliases).toEqual(expect.arrayContaining(['方志馆', '省方志馆']));
    expect(byName.get('吉林省地方志学会')?.aliases).toContain('省地方志学会');
  });

  it('has the nine prefecture offices, 长白山 and the 60 county-level offices with their codes', () => {
    const cities = units.filter((u) => u.kind === 'city_office');
    expect(cities.map((c) => c.divisionCode).sort()).toEqual([
      '220100',
      '220200',
      '220300',
      '220400',
      '220500',
      '220600',
      '220700',
      '220800',
      '222400',
    ]);
    expect(units.filter((u) => u.kind === 'county_office')).toHaveLength(60);
    expect(units.filter((u) => u.kind === 'special_office')[0]?.divisionCode).toBeNull();
    expect(byName.get(officeName('公主岭市'))).toMatchObject({ divisionCode: '220184', parent: officeName('长春市') });
    expect(byName.get(officeName('前郭尔罗斯蒙古族自治县'))?.divisionCode).toBe('220721');
    expect(units.some((u) => u.divisionCode?.startsWith('22017'))).toBe(false);
  });

  it('keeps 梅河口市 coded under 通化市 but managed by the province', () => {
    expect(byName.get(officeName('梅河口市'))).toMatchObject({
      divisionCode: '220581',
      parent: officeName('通化市'),
      managedBy: COMMITTEE,
    });
  });

  it('has unique names and aliases, and every parent exists before its children', () => {
    const seen = new Set<string>();
    for (const u of units) {
      for (const n of [u.name, ...u.aliases]) {
        expect(seen.has(n), n).toBe(false);
        seen.add(n);
      }
      if (u.parent) expect(seen.has(u.parent), u.parent).toBe(true);
    }
  });
});
