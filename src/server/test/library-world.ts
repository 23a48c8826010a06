import type { TUnit } from '../../shared/org.ts';
import type { Dialect } from '../db/database.ts';
import { createTestApp, type TestApp, type TestClient } from './test-app.ts';

/**
 * The province as the library and data-report tests need it: the Jilin unit template, and a user for the 方志馆,
 * two 市州 offices (长春, 吉林) and counties of each (朝阳区 and 南关区 under 长春, 永吉县 under 吉林市), plus 梅河口市,
 * coded under 通化 but managed by the province. Built through the real API.
 */
export interface LibraryWorld {
  t: TestApp;
  units: Map<string, TUnit>;
  id: (name: string) => number;
  admin: TestClient;
  library: TestClient;
  supervisor: TestClient;
  changchun: TestClient;
  chaoyang: TestClient;
  nanguan: TestClient;
  jilinCity: TestClient;
  yongji: TestClient;
  meihekou: TestClient;
  tonghua: TestClient;
}

export async function createLibraryWorld(dialect: Dialect): Promise<LibraryWorld> {
  const t = await createTestApp(dialect);
  const admin = await t.signIn('root', ['admin']);
  const loaded = await admin.json('POST', '/api/units/templates/jilin');
  if (loaded.status !== 200) throw new Error(`template: ${loaded.status} ${JSON.stringify(loaded.body)}`);
  const list = (await admin.json<TUnit[]>('GET', '/api/units')).body;
  const units = new Map(list.map((u) => [u.name, u]));
  const id = (name: string) => {
    const u = units.get(name) ?? list.find((x) => x.name.startsWith(name));
    if (!u) throw new Error(`no unit ${name}`);
    return u.id;
  };
  return {
    t,
    units,
    id,
    admin,
    library: await t.signIn('fzg', ['unit_staff'], id('吉林省方志馆')),
    supervisor: await t.signIn('dbz', ['supervisor'], id('办公室')),
    changchun: await t.signIn('cc', ['local_staff'], id('长春市地方志工作机构')),
    chaoyang: await t.signIn('cy', ['local_staff'], id('朝阳区地方志工作机构')),
    nanguan: await t.signIn('ng', ['local_staff'], id('南关区地方志工作机构')),
    jilinCity: await t.signIn('jl', ['local_staff'], id('吉林市地方志工作机构')),
    yongji: await t.signIn('yj', ['local_staff'], id('永吉县地方志工作机构')),
    meihekou: await t.signIn('mhk', ['local_staff'], id('梅河口市地方志工作机构')),
    tonghua: await t.signIn('th', ['local_staff'], id('通化市地方志工作机构')),
  };
}
