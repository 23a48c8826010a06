import type { TRole } from '../../../shared/auth.ts';
import type { TestApp, TestClient } from '../../test/test-app.ts';
import { buildReportWorld, UNITS, type ReportWorld } from '../reports/report-fixture.ts';

export { setToday, UNITS } from '../reports/report-fixture.ts';

/**
 * Test world for supervision: the fictional 云川 plan of 2024 imported through the API, its units, and people with
 * e-mail addresses. Task 1 is led by 编纂科 (年鉴科 supports), deadline 2024-06-30; task 4 by 资料科.
 */
export type UnitName = (typeof UNITS)[number];

export interface SupervisionWorld extends Omit<ReportWorld, 'user'> {
  /** A signed-in user; `email` is stored on the account for the outbound channels. */
  user(username: string, roles: TRole[], unit?: UnitName, email?: string): Promise<TestClient>;
  userId(username: string): Promise<number>;
}

export async function buildSupervisionWorld(t: TestApp): Promise<SupervisionWorld> {
  const world = await buildReportWorld(t);
  const userId = async (username: string) => (await t.deps.db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
  return {
    ...world,
    userId,
    async user(username, roles, unit, email) {
      const client = await world.user(username, roles, unit);
      if (email) {
        const res = await world.admin.json('PATCH', `/api/users/${await userId(username)}`, { email });
        if (res.status !== 200) throw new Error(`setting e-mail failed: ${JSON.stringify(res.body)}`);
      }
      return client;
    },
  };
}
