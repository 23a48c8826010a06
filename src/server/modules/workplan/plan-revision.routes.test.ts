import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TReport } from '../../../shared/reports.ts';
import type { TImportPlanResponse, TPlanDetail, TPlanPreview, TTask } from '../../../shared/workplan.ts';
import { toImportRequest } from '../../../shared/workplan-import.ts';
import { TEST_DIALECTS } from '../../test/test-db.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { buildWorld, setToday, type World } from '../../test/world.ts';

/**
 * A revised plan that drops item 1 and renumbers the rest: every report must stay on the text it was written for,
 * the dropped task with a report is archived (已撤销) with its history, and nothing goes unconfirmed.
 */

const FIXTURE = path.join(import.meta.dirname, 'fixtures/yunchuan-2024-work-points.txt');

/** Our fixture without item 1, items 2–8 renumbered 1–7 (the table row too). */
function dropFirstItem(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('1.完成《云川市志'))
    .map((line) => line.replace(/^(\d)(\.|\t)/, (_, n: string, sep: string) => `${Number(n) - 1}${sep}`))
    .join('\n');
}

function upload(fileName: string, text: string, plan?: unknown): FormData {
  const form = new FormData();
  form.set('file', new File([text], fileName));
  if (plan !== undefined) form.set('plan', JSON.stringify(plan));
  return form;
}

describe.each(TEST_DIALECTS)('revising a plan keeps every report on its own text (%s)', (dialect) => {
  let t: TestApp;
  let w: World;

  beforeEach(async () => {
    t = await createTestApp(dialect);
    setToday(t, '2024-07-10');
    w = await buildWorld(t);
  });
  afterEach(async () => t.close());

  it('archives the dropped task with its report, renumbers the rest by content, and asks before dropping anything', async () => {
    const bianzuan = await w.user('bz', ['unit_staff'], '编纂科');
    const nianjian = await w.user('nj', ['unit_staff'], '年鉴科');
    const onDropped = await bianzuan.json<TReport>('PUT', `/api/tasks/${w.tasks['1']}/reports/2024-06`, {
      progressText: '市志终审稿已送审。',
      percent: 50,
    });
    const onRenumbered = await nianjian.json<TReport>('PUT', `/api/tasks/${w.tasks['2']}/reports/2024-06`, {
      progressText: '年鉴已完成组稿。',
      percent: 40,
    });
    expect([onDropped.status, onRenumbered.status]).toEqual([200, 200]);

    const revised = dropFirstItem(fs.readFileSync(FIXTURE, 'utf8'));
    const { body: p } = await w.supervisor.json<TPlanPreview>(
      'POST',
      '/api/plans/preview',
      upload('yunchuan-修订.txt', revised),
    );
    const entries = p.existing!.diff.entries;
    expect(entries.find((e) => e.status === 'dropped')).toMatchObject({
      previousNumber: '1',
      taskId: w.tasks['1'],
      outcome: 'archive',
      history: { reports: 1, milestones: 0, chases: 0, extensions: 0 },
    });
    expect(entries.find((e) => e.number === '1')).toMatchObject({
      status: 'renumbered',
      previousNumber: '2',
      taskId: w.tasks['2'],
      history: { reports: 1 },
    });
    expect(entries.filter((e) => e.status === 'renumbered')).toHaveLength(7);

    // Not confirmed: refused, and nothing changed.
    const refused = await w.supervisor.json<{ code: string; message: string }>(
      'POST',
      '/api/plans',
      upload('yunchuan-修订.txt', revised, toImportRequest(p.parse, p.units, true)),
    );
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/第 1 项/);
    const untouched = (await w.supervisor.json<TPlanDetail>('GET', `/api/plans/${w.planId}`)).body;
    expect(untouched.revision).toBe(1);

    const confirmed = { ...toImportRequest(p.parse, p.units, true), confirmedDrops: [w.tasks['1']!] };
    const saved = await w.supervisor.json<TImportPlanResponse>(
      'POST',
      '/api/plans',
      upload('yunchuan-修订.txt', revised, confirmed),
    );
    expect(saved.body).toMatchObject({ planId: w.planId, revision: 2 });

    const detail = (await w.supervisor.json<TPlanDetail>('GET', `/api/plans/${w.planId}`)).body;
    const all: TTask[] = detail.sections.flatMap((s) => s.tasks);
    expect(detail.taskCount).toBe(7);
    const archived = all.find((x) => x.id === w.tasks['1']);
    expect(archived).toMatchObject({ archived: true, number: '1', text: expect.stringContaining('云川市志') });
    const nowFirst = all.find((x) => !x.archived && x.number === '1');
    expect(nowFirst).toMatchObject({ id: w.tasks['2'], text: expect.stringContaining('云川年鉴') });

    // An archived task keeps its history but no longer has a light on the 督办台 (nor a score or a place in documents).
    const lights = (await w.supervisor.json<{ tasks: { taskId: number }[] }>('GET', `/api/plans/${w.planId}/lights`))
      .body;
    expect(lights.tasks.map((l) => l.taskId)).not.toContain(w.tasks['1']);
    expect(lights.tasks.map((l) => l.taskId)).toContain(w.tasks['2']);
    expect(lights.tasks).toHaveLength(7);

    // Each report still hangs on the task whose text it was written for.
    const first = (await bianzuan.json<TReport>('GET', `/api/reports/${onDropped.body.id}`)).body;
    const second = (await nianjian.json<TReport>('GET', `/api/reports/${onRenumbered.body.id}`)).body;
    expect(first.taskId).toBe(w.tasks['1']);
    expect(second.taskId).toBe(w.tasks['2']);
    expect(second.progressText).toBe('年鉴已完成组稿。');

    // The original document again: the archived task comes back with its id and report, nothing to confirm.
    const original = fs.readFileSync(FIXTURE, 'utf8');
    const { body: p3 } = await w.supervisor.json<TPlanPreview>(
      'POST',
      '/api/plans/preview',
      upload('yunchuan-原版.txt', original),
    );
    expect(p3.existing!.diff.entries.find((e) => e.taskId === w.tasks['1'])).toMatchObject({
      status: 'changed',
      number: '1',
      fields: ['恢复已撤销的任务'],
    });
    expect(p3.existing!.diff.entries.filter((e) => e.status === 'dropped')).toEqual([]);
    const third = await w.supervisor.json<TImportPlanResponse>(
      'POST',
      '/api/plans',
      upload('yunchuan-原版.txt', original, toImportRequest(p3.parse, p3.units, true)),
    );
    expect(third.body).toMatchObject({ revision: 3 });
    const restored = (await w.supervisor.json<TPlanDetail>('GET', `/api/plans/${w.planId}`)).body.sections.flatMap(
      (s) => s.tasks,
    );
    expect(restored.filter((x) => x.archived)).toEqual([]);
    expect(restored.find((x) => x.number === '1')).toMatchObject({
      id: w.tasks['1'],
      archived: false,
      text: expect.stringContaining('云川市志'),
    });
    expect(restored.find((x) => x.number === '2')?.id).toBe(w.tasks['2']);
  });
});
