import fs from 'node:fs';
import path from 'node:path';
import type { TRole } from '../../../shared/auth.ts';
import type { TImportPlanResponse, TPlanDetail, TPlanPreview } from '../../../shared/workplan.ts';
import { toImportRequest } from '../../../shared/workplan-import.ts';
import type { TestApp, TestClient } from '../../test/test-app.ts';

/** Test setup shared by the report tests: the fictional 云川 plan of 2024 imported, its units, and users per unit. */
const FIXTURE = path.join(import.meta.dirname, '../workplan/fixtures/yunchuan-2024-work-points.txt');
export const UNITS = ['编纂科', '年鉴科', '资料科', '方志馆', '办公室', '指导科'] as const;

export interface ReportWorld {
  planId: number;
  unitIds: Record<(typeof UNITS)[number], number>;
  /** task number → task id */
  tasks: Record<string, number>;
  admin: TestClient;
  supervisor: TestClient;
  user(username: string, roles: TRole[], unit?: (typeof UNITS)[number]): Promise<TestClient>;
}

export async function buildReportWorld(t: TestApp): Promise<ReportWorld> {
  const admin = await t.signIn('root', ['admin']);
  const committee = await admin.json<{ id: number }>('POST', '/api/units', { name: '云川市地方志编纂委员会', kind: 'committee' });
  const unitIds = {} as Record<(typeof UNITS)[number], number>;
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
  return {
    planId: saved.body.planId,
    unitIds,
    tasks,
    admin,
    supervisor,
    user: (username, roles, unit) => t.signIn(username, roles, unit ? unitIds[unit] : null),
  };
}

/** Moves the test clock to a day (08:00 UTC). */
export function setToday(t: TestApp, date: string): void {
  t.clock.advance(Date.parse(`${date}T08:00:00.000Z`) - t.clock.now().getTime());
}

export const PDF_BYTES = new Uint8Array([...new TextEncoder().encode('%PDF-1.4\n'), ...new TextEncoder().encode('% 云川 fictional test attachment\n%%EOF\n')]);
export const EXE_BYTES = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]);

export function fileForm(name: string, bytes: Uint8Array): FormData {
  const f = new FormData();
  f.set('file', new File([new Uint8Array(bytes)], name));
  return f;
}
