import fs from 'node:fs';
import path from 'node:path';
import type { TRole } from '../../../shared/auth.ts';
import type { TImportPlanResponse, TPlanDetail, TPlanPreview } from '../../../shared/workplan.ts';
import { toImportRequest } from '../../../shared/workplan-import.ts';
import type { TestApp, TestClient } from '../../test/test-app.ts';

/**
 * Test world for supervision: the fictional 云川 plan of 2024 imported through the API, its units, and people with
 * e-mail addresses. Task 1 is led by 编纂科 (年鉴科 supports), deadline 2024-06-30; task 4 by 资料科.
 */
const FIXTURE = path.join(import.meta.dirname, '../workplan/fixtures/yunchuan-2024-work-points.txt');
export const UNITS = ['编纂科', '年鉴科', '资料科', '方志馆', '办公室', '指导科'] as const;
export type UnitName = (typeof UNITS)[number];

export interface SupervisionWorld {
  planId: number;
  unitIds: Record<UnitName, number>;
  /** task number → task id */
  tasks: Record<string, number>;
  admin: TestClient;
  supervisor: TestClient;
  /** A signed-in user; `email` is stored on the account for the outbound channels. */
  user(username: string, roles: TRole[], unit?: UnitName, email?: string): Promise<TestClient>;
  userId(username: string): Promise<number>;
}

export async function buildSupervisionWorld(t: TestApp): Promise<SupervisionWorld> {
  const admin = await t.signIn('root', ['admin']);
  const committee = await admin.json<{ id: number }>('POST', '/api/units', { name: '云川市地方志编纂委员会', kind: 'committee' });
  const unitIds = {} as Record<UnitName, number>;
  for (const name of UNITS) unitIds[name] = (await admin.json<{ id: number }>('POST', '/api/units', { name, kind: 'department', parentId: committee.body.id })).body.id;
  const supervisor = await t.signIn('duban', ['supervisor']);
  const bytes = fs.readFileSync(FIXTURE);
  const form = () => {
    const f = new FormData();
    f.set('file', new File([new Uint8Array(bytes)], 'yunchuan.txt'));
    return f;
  };
  const preview = await supervisor.json<TPlanPreview>('POST', '/api/plans/preview', form());
  const request = form();
  request.set('plan', JSON.stringify(toImportRequest(preview.body.parse, preview.body.units, true)));
  const saved = await supervisor.json<TImportPlanResponse>('POST', '/api/plans', request);
  if (saved.status !== 201) throw new Error(`import failed: ${JSON.stringify(saved.body)}`);
  const detail = (await supervisor.json<TPlanDetail>('GET', `/api/plans/${saved.body.planId}`)).body;
  const tasks = Object.fromEntries(detail.sections.flatMap((s) => s.tasks.map((x) => [x.number, x.id])));
  const userId = async (username: string) => (await t.deps.db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
  return {
    planId: saved.body.planId,
    unitIds,
    tasks,
    admin,
    supervisor,
    userId,
    async user(username, roles, unit, email) {
      const client = await t.signIn(username, roles, unit ? unitIds[unit] : null);
      if (email) {
        const res = await admin.json('PATCH', `/api/users/${await userId(username)}`, { email });
        if (res.status !== 200) throw new Error(`setting e-mail failed: ${JSON.stringify(res.body)}`);
      }
      return client;
    },
  };
}

/** Moves the test clock to a day (08:00 UTC). */
export function setToday(t: TestApp, date: string): void {
  t.clock.advance(Date.parse(`${date}T08:00:00.000Z`) - t.clock.now().getTime());
}
