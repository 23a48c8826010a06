import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { TUnit } from '../../../shared/org.ts';
import { TEST_DIALECTS } from '../../test/test-db.ts';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app.ts';
import { importPlan } from '../../test/world.ts';

describe.each(TEST_DIALECTS)('units routes (%s)', (dialect) => {
  let t: TestApp;
  let admin: TestClient;
  // One app per file: each test names units of its own, and looks only at those.
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await t.signIn('root', ['admin']);
  });
  afterAll(async () => t.close());

  const create = (body: Record<string, unknown>) =>
    admin.json<TUnit & { code?: string; message?: string }>('POST', '/api/units', body);
  const listUnits = async () => (await admin.json<TUnit[]>('GET', '/api/units')).body;

  it('builds a tree with aliases', async () => {
    const top = await create({ name: '某省地方志编纂委员会', kind: 'committee', aliases: ['省方志委'] });
    const dept = await create({ name: '研究室', kind: 'department', parentId: top.body.id });
    expect(dept.status).toBe(201);
    expect(dept.body.parentId).toBe(top.body.id);
    const mine = (await listUnits()).filter((u) => u.id === top.body.id || u.id === dept.body.id);
    expect(mine.map((u) => u.name)).toEqual(['某省地方志编纂委员会', '研究室']);
    expect(mine[0]?.aliases).toEqual(['省方志委']);
  });

  it('refuses a duplicate name, or an alias already used, and changes nothing', async () => {
    await create({ name: '秘书处', kind: 'department', aliases: ['秘'] });
    const before = (await listUnits()).length;
    const dup = await create({ name: '秘书处', kind: 'department' });
    expect(dup).toMatchObject({ status: 409, body: { code: 'CONFLICT', message: expect.stringContaining('秘书处') } });
    const aliasClash = await create({ name: '综合秘书处', kind: 'department', aliases: ['秘'] });
    expect(aliasClash.status).toBe(409);
    expect(await listUnits()).toHaveLength(before);
  });

  it('validates division codes, parents and cycles', async () => {
    expect(
      (await create({ name: '甲市地方志办公室', kind: 'city_office', divisionCode: '2201' })).body.message,
    ).toMatch(/6 位数字/);
    const a = await create({ name: '甲', kind: 'department' });
    const b = await create({ name: '乙', kind: 'department', parentId: a.body.id });
    const cycle = await admin.json<{ message: string }>('PATCH', `/api/units/${a.body.id}`, { parentId: b.body.id });
    expect(cycle.status).toBe(400);
    expect(cycle.body.message).toMatch(/下级单位/);
    const del = await admin.json<{ message: string }>('DELETE', `/api/units/${a.body.id}`);
    expect(del.status).toBe(409);
    expect(del.body.message).toMatch(/1 个下级单位/);
    expect((await admin.json('DELETE', `/api/units/${b.body.id}`)).status).toBe(200);
  });

  it('refuses to delete a unit that tasks use with a clear Chinese 409, and lets it be set 停用 and back instead', async () => {
    const unit = await create({ name: '史料征集处', kind: 'department' });
    await importPlan(admin, {
      text: '某地2024年工作要点\n一、资料工作\n1.征集地情资料100件。（史料征集处牵头，12月底前完成）',
    });
    const del = await admin.json<{ code: string; message: string }>('DELETE', `/api/units/${unit.body.id}`);
    expect(del.status).toBe(409);
    expect(del.body.message).toMatch(/已被工作任务.*不能删除.*停用/);
    expect((await listUnits()).some((u) => u.id === unit.body.id)).toBe(true);
    const off = await admin.json<TUnit>('PATCH', `/api/units/${unit.body.id}`, { isActive: false });
    expect(off.body.isActive).toBe(false);
    const on = await admin.json<TUnit>('PATCH', `/api/units/${unit.body.id}`, { isActive: true });
    expect(on.body.isActive).toBe(true);
  });

  it('loads the Jilin template in one click, and again without duplicating', async () => {
    // On an empty directory of its own, so that every unit of the template is new.
    const t = await createTestApp(dialect);
    const admin = await t.signIn('root', ['admin']);
    onTestFinished(() => t.close());
    const first = await admin.json<{ created: number; skipped: number }>('POST', '/api/units/templates/jilin');
    expect(first.body).toEqual({ created: 83, skipped: 0 });
    const second = await admin.json<{ created: number; skipped: number }>('POST', '/api/units/templates/jilin');
    expect(second.body).toEqual({ created: 0, skipped: 83 });
    const units = (await admin.json<TUnit[]>('GET', '/api/units')).body;
    const meihekou = units.find((u) => u.divisionCode === '220581')!;
    const tonghua = units.find((u) => u.divisionCode === '220500')!;
    const committee = units.find((u) => u.kind === 'committee')!;
    expect(meihekou.parentId).toBe(tonghua.id);
    expect(meihekou.managedById).toBe(committee.id);
  });

  it('edits a unit and records before and after in the audit log', async () => {
    const u = await create({ name: '资料处', kind: 'department' });
    const edited = await admin.json<TUnit>('PATCH', `/api/units/${u.body.id}`, {
      name: '资料信息处',
      aliases: ['资料处'],
    });
    expect(edited.body).toMatchObject({ name: '资料信息处', aliases: ['资料处'] });
    const audit = await admin.json<{ items: { action: string; before: { name: string }; after: { name: string } }[] }>(
      'GET',
      '/api/audit?action=unit.update',
    );
    expect(audit.body.items[0]).toMatchObject({ before: { name: '资料处' }, after: { name: '资料信息处' } });
  });
});
