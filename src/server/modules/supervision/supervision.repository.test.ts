import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.ts';
import { TEST_DIALECTS } from '../../test/test-db.ts';
import { createTestApp, type TestApp } from '../../test/test-app.ts';
import { buildWorld, type World, WORLD_TIMEOUT } from '../../test/world.ts';
import { decideExtensionRow, findExtension, findExtensions, insertExtension } from './actions/extensions.repository.ts';
import {
  findChase,
  findChasesOfTasks,
  hasChaseAtLevel,
  insertChase,
  markChaseAnswered,
} from './actions/chases.repository.ts';
import {
  countAttachments,
  deleteAttachmentRow,
  findAttachment,
  findAttachmentInfos,
  findReportOf,
  findReportsOfTask,
  findReportsOfTasks,
  insertAttachment,
  insertReport,
  updateReportRow,
} from './reports/reports.repository.ts';
import {
  deleteMilestoneRow,
  findIndicatorsOfTasks,
  findMilestones,
  findMilestonesOfTasks,
  findOpenMilestonesAmong,
  insertIndicator,
  insertMilestone,
  markMilestonesReached,
} from './roadmap/roadmap.repository.ts';
import { findSupervisionSettingsRow, saveSupervisionSettingsRow } from './settings.repository.ts';
import { findTaskEvents, insertTaskEvent } from './task-events.repository.ts';

/**
 * The supervision repositories on each dialect, against a plan and units the API created. Each test writes through the
 * repository and reads back through it; rows here are the repositories' own contract, not a workflow state.
 */
describe.each(TEST_DIALECTS)('supervision repositories (%s)', (dialect) => {
  let t: TestApp;
  let w: World;
  let db: Db;
  let task1: number;
  let task4: number;
  const at = '2024-05-10T08:00:00.000Z';

  beforeAll(async () => {
    t = await createTestApp(dialect);
    w = await buildWorld(t);
    db = t.deps.db;
    task1 = w.tasks['1']!;
    task4 = w.tasks['4']!;
  }, WORLD_TIMEOUT);
  afterAll(async () => t.close());

  it('reports: one per task, unit and period, filtered by role, status and unit; attachments without their bytes in lists', async () => {
    const base = {
      milestones_reached_json: '[]',
      indicator_actuals_json: '[]',
      problems: null,
      next_steps: null,
      created_by: null,
      submitted_at: null,
      decided_by: null,
      decided_at: null,
      decision_comment: null,
      created_at: at,
      updated_at: at,
    };
    const lead = await insertReport(db, {
      ...base,
      task_id: task4,
      unit_id: w.unitIds.资料科,
      period: '2024-04',
      role: 'lead',
      status: 'draft',
      progress_text: '四月',
      percent: 30,
    });
    await insertReport(db, {
      ...base,
      task_id: task4,
      unit_id: w.unitIds.方志馆,
      period: '2024-04',
      role: 'support',
      status: 'approved',
      progress_text: '配合',
      percent: null,
    });
    await expect(
      insertReport(db, {
        ...base,
        task_id: task4,
        unit_id: w.unitIds.资料科,
        period: '2024-04',
        role: 'lead',
        status: 'draft',
        progress_text: '重复',
        percent: 1,
      }),
    ).rejects.toThrow();
    await updateReportRow(db, lead, { status: 'approved', percent: 35 });
    expect(await findReportOf(db, task4, w.unitIds.资料科, '2024-04')).toMatchObject({
      id: lead,
      status: 'approved',
      percent: 35,
    });
    expect((await findReportsOfTask(db, task4)).map((r) => r.role)).toEqual(['lead', 'support']);
    expect((await findReportsOfTasks(db, [task1, task4], { role: 'lead' })).map((r) => r.id)).toEqual([lead]);
    expect(await findReportsOfTasks(db, [task4], { statuses: [] })).toEqual([]);
    expect(await findReportsOfTasks(db, [], {})).toEqual([]);
    expect((await findReportsOfTasks(db, [task4], { unitId: w.unitIds.方志馆 })).map((r) => r.role)).toEqual([
      'support',
    ]);

    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 1, 2, 3]);
    const file = await insertAttachment(db, {
      report_id: lead,
      file_name: '进展.pdf',
      mime: 'application/pdf',
      size: bytes.byteLength,
      sha256: 'x',
      content: bytes,
      created_by: null,
      created_at: at,
    });
    expect(await countAttachments(db, lead)).toBe(1);
    expect(new Uint8Array((await findAttachment(db, file))!.content)).toEqual(bytes);
    expect(await findAttachmentInfos(db, [lead])).toEqual([
      { id: file, report_id: lead, file_name: '进展.pdf', mime: 'application/pdf', size: 8, created_at: at },
    ]);
    await deleteAttachmentRow(db, file);
    expect(await countAttachments(db, lead)).toBe(0);
  });

  it('milestones and indicators: ordered by due date, open ones among given ids, reached in one update', async () => {
    const row = (name: string, due: string) => ({
      task_id: task1,
      name,
      due_date: due,
      deliverable: null,
      weight: 1,
      reached_at: null,
      sort_order: 1,
      created_at: at,
    });
    const late = await insertMilestone(db, row('终审', '2024-06-20'));
    const early = await insertMilestone(db, row('初审', '2024-03-01'));
    expect((await findMilestones(db, task1)).map((m) => m.name)).toEqual(['初审', '终审']);
    expect((await findOpenMilestonesAmong(db, task1, [early, late, 999_999])).map((m) => m.id).sort()).toEqual(
      [late, early].sort(),
    );
    await markMilestonesReached(db, [early], '2024-03-02');
    expect((await findOpenMilestonesAmong(db, task1, [early, late])).map((m) => m.id)).toEqual([late]);
    expect((await findMilestonesOfTasks(db, [task1, task4])).map((m) => [m.name, m.reached_at])).toEqual([
      ['初审', '2024-03-02'],
      ['终审', null],
    ]);
    await deleteMilestoneRow(db, late);
    expect(await findMilestones(db, task1)).toHaveLength(1);

    const ind = (task: number, name: string) =>
      insertIndicator(db, {
        task_id: task,
        target_id: null,
        name,
        unit: '件',
        target_value: 10,
        baseline: 0,
        curve: 'linear',
        points_json: '[]',
      });
    await ind(task4, '乙');
    await ind(task1, '甲');
    expect((await findIndicatorsOfTasks(db, [task1, task4])).map((i) => i.name)).toEqual(['甲', '乙']);
  });

  it('chases and extensions: levels on record, answered once, filters by unit, status and task', async () => {
    const chase = await insertChase(db, {
      task_id: task1,
      unit_id: w.unitIds.编纂科,
      level: 0,
      message: '请报送',
      due_date: null,
      created_by: null,
      created_at: at,
      answered_at: null,
    });
    expect(await hasChaseAtLevel(db, task1, w.unitIds.编纂科, 0)).toBe(true);
    expect(await hasChaseAtLevel(db, task1, w.unitIds.编纂科, 1)).toBe(false);
    expect(await hasChaseAtLevel(db, task1, w.unitIds.年鉴科, 0)).toBe(false);
    expect(await markChaseAnswered(db, chase, at, { text: '已报送', late: true })).toBe(true);
    expect(await markChaseAnswered(db, chase, at, { text: '再次', late: false })).toBe(false);
    expect(await findChase(db, chase)).toMatchObject({
      answered_at: at,
      level: 0,
      reply_text: '已报送',
      replied_late: 1,
    });
    expect((await findChasesOfTasks(db, [task1, task4])).map((c) => c.id)).toEqual([chase]);

    const ext = await insertExtension(db, {
      task_id: task4,
      unit_id: w.unitIds.资料科,
      reason: '排期',
      old_date: '2024-09-30',
      new_date: '2024-10-31',
      status: 'pending',
      requested_by: null,
      requested_at: at,
      decided_by: null,
      decided_at: null,
      decision_comment: null,
    });
    expect((await findExtensions(db, { taskIds: [task4], status: 'pending' })).map((e) => e.id)).toEqual([ext]);
    expect(await findExtensions(db, { unitId: w.unitIds.编纂科 })).toEqual([]);
    expect(await findExtensions(db, { taskIds: [] })).toEqual([]);
    await decideExtensionRow(db, ext, {
      status: 'refused',
      decidedBy: await w.userId('duban'),
      decidedAt: at,
      comment: '不同意',
    });
    expect(await findExtension(db, ext)).toMatchObject({ status: 'refused', decision_comment: '不同意' });
    expect(await findExtensions(db, { status: 'pending' })).toEqual([]);
  });

  it('settings upsert by plan, and the timeline in order', async () => {
    const settings = {
      plan_id: w.planId,
      cycle: 'quarterly',
      due_day: 10,
      yellow_points: 5,
      red_points: 20,
      remind_days_before: 2,
      doc_prefix: '吉志督',
      updated_at: at,
    };
    await saveSupervisionSettingsRow(db, settings);
    await saveSupervisionSettingsRow(db, { ...settings, due_day: 12 });
    expect(await findSupervisionSettingsRow(db, w.planId)).toEqual({ ...settings, due_day: 12 });
    const event = (summary: string, occurred_at: string) => ({
      task_id: task4,
      kind: 'note',
      actor_id: null,
      actor_name: '测试',
      unit_id: null,
      report_id: null,
      summary,
      detail_json: null,
      occurred_at,
    });
    await insertTaskEvent(db, event('后', '2024-05-10T09:00:00.000Z'));
    await insertTaskEvent(db, event('先', '2024-05-10T08:00:00.000Z'));
    expect((await findTaskEvents(db, task4)).map((e) => e.summary)).toEqual(['先', '后']);
  });
});
