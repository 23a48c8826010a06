import { describe, expect, it } from 'vitest';
import { assignExperts, type AssignEntry, type AssignExpert } from './assign-experts.ts';

describe('expert assignment with conflict avoidance', () => {
  // Regions 1 (长春), 2 (吉林), 3 (通化); groups 10 and 20.
  const entries: AssignEntry[] = [
    { id: 1, regionId: 1, groupId: 10 },
    { id: 2, regionId: 1, groupId: 10 },
    { id: 3, regionId: 2, groupId: 10 },
    { id: 4, regionId: 2, groupId: 20 },
    { id: 5, regionId: 3, groupId: 20 },
    { id: 6, regionId: 3, groupId: 20 },
  ];
  const experts: AssignExpert[] = [
    { id: 101, regionId: 1, groupId: 10 },
    { id: 102, regionId: 2, groupId: 10 },
    { id: 201, regionId: 3, groupId: 20 },
    { id: 202, regionId: 1, groupId: 20 },
  ];

  it('never gives an expert an entry from their own region, borrowing across groups', () => {
    const r = assignExperts(entries, experts, 2);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const region = new Map(experts.map((x) => [x.id, x.regionId]));
    for (const a of r.assignments)
      expect(region.get(a.expertId)).not.toBe(entries.find((e) => e.id === a.entryId)!.regionId);
    for (const e of entries) expect(r.assignments.filter((a) => a.entryId === e.id)).toHaveLength(2);
    // entry 1 (长春, group 10): 101 is from 长春, so 102 of its group and one expert of group 20 who is not from 长春
    expect(r.assignments.filter((a) => a.entryId === 1)).toEqual([
      { entryId: 1, expertId: 102, crossGroup: false },
      { entryId: 1, expertId: 201, crossGroup: true },
    ]);
    expect(r.avoided).toContainEqual({ entryId: 1, expertId: 101 });
    expect(r.avoided).toContainEqual({ entryId: 5, expertId: 201 });
  });

  it('is the same for the same input and spreads the load', () => {
    const a = assignExperts(entries, experts, 2);
    expect(assignExperts([...entries].reverse(), [...experts].reverse(), 2)).toEqual(a);
    if (!a.ok) return;
    const loads = experts.map((x) => a.assignments.filter((y) => y.expertId === x.id).length);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(2);
  });

  it('reports every entry that cannot get enough experts from outside its region, and assigns nothing', () => {
    const r = assignExperts(entries, experts, 3);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    // 长春 entries have 102 and 201 only; 吉林 entries 101, 201, 202 (enough); 通化 entries 101, 102, 202 (enough)
    expect(r.problems).toEqual([
      { entryId: 1, needed: 3, available: 2 },
      { entryId: 2, needed: 3, available: 2 },
    ]);
    expect(
      assignExperts([{ id: 9, regionId: 1, groupId: null }], [{ id: 1, regionId: 1, groupId: null }], 1),
    ).toMatchObject({
      ok: false,
      problems: [{ entryId: 9, needed: 1, available: 0 }],
    });
  });

  it('random worlds: whenever it succeeds no expert has their own region and each entry has distinct experts', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 200; round++) {
      const es = Array.from({ length: 1 + rnd(8) }, (_, i) => ({ id: i + 1, regionId: rnd(4), groupId: rnd(2) }));
      const xs = Array.from({ length: 1 + rnd(6) }, (_, i) => ({ id: 100 + i, regionId: rnd(4), groupId: rnd(2) }));
      const per = 1 + rnd(3);
      const r = assignExperts(es, xs, per);
      const feasible = es.every((e) => xs.filter((x) => x.regionId !== e.regionId).length >= per);
      expect(r.ok).toBe(feasible);
      if (!r.ok) continue;
      for (const e of es) {
        const got = r.assignments.filter((a) => a.entryId === e.id).map((a) => a.expertId);
        expect(new Set(got).size).toBe(per);
        for (const x of got) expect(xs.find((y) => y.id === x)!.regionId).not.toBe(e.regionId);
      }
    }
  });
});
