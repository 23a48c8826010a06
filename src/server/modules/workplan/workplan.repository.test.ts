import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/database.ts';
import { createTestDatabase, TEST_DIALECTS } from '../../test/test-db.ts';
import { insertUnit, updateUnitRow, type UnitValues } from '../org/org.repository.ts';
import {
  deleteTasksNotIn,
  findLatestPlanSource,
  findPlanById,
  findPlanByYearTitle,
  findPlanSummaries,
  findSections,
  findTasks,
  findTaskTargets,
  findTaskUnits,
  insertPlan,
  insertPlanSource,
  updatePlanRow,
  upsertSections,
  writeTask,
  deleteEmptySections,
  type PlanValues,
  type ResolvedTask,
} from './workplan.repository.ts';

const NOW = '2023-04-01T08:00:00.000Z';
const LATER = '2023-06-01T08:00:00.000Z';
const PLAN: PlanValues = {
  year: 2023,
  title: '2023年工作要点',
  issuer: '省地方志编纂委员会',
  preamble: '总体要求',
  noticeTitle: null,
  noticeDate: '2023-02-10',
  noticeAddressees: ['各市（州）地方志办'],
};
const task = (
  number: string,
  text: string,
  units: ResolvedTask['units'] = [],
  targets: ResolvedTask['targets'] = [],
): ResolvedTask => ({
  number,
  text,
  groupTitle: null,
  units,
  targets,
  deadline: { date: '2023-12-31', explicit: false, text: null },
  references: { titles: ['《吉林年鉴》'], places: [] },
  leaders: [],
});
const unitValues = (name: string): UnitValues => ({
  name,
  kind: 'department',
  parentId: null,
  divisionCode: null,
  managedById: null,
  sortOrder: 1,
  isActive: true,
  note: null,
});

describe.each(TEST_DIALECTS)('workplan repository (%s)', (dialect) => {
  let h: DbHandle;
  beforeEach(async () => {
    h = await createTestDatabase(dialect);
  });
  afterEach(async () => h.close());

  it('saves a plan and its sources, finds it by year and title, and gives the latest source', async () => {
    const id = await insertPlan(h.db, PLAN, null, NOW);
    expect(await findPlanByYearTitle(h.db, 2023, '2023年工作要点')).toMatchObject({
      id,
      revision: 1,
      notice_addressees_json: '["各市（州）地方志办"]',
    });
    expect(await findPlanByYearTitle(h.db, 2024, '2023年工作要点')).toBeUndefined();
    const bytes = (text: string) => new TextEncoder().encode(text);
    await insertPlanSource(h.db, {
      planId: id,
      revision: 1,
      fileName: 'a.txt',
      format: 'txt',
      sha256: 'aa',
      content: bytes('一'),
      now: NOW,
    });
    await updatePlanRow(h.db, id, { ...PLAN, preamble: '修订后的总体要求' }, 2, LATER);
    await insertPlanSource(h.db, {
      planId: id,
      revision: 2,
      fileName: 'b.docx',
      format: 'docx',
      sha256: 'bb',
      content: bytes('二二'),
      now: LATER,
    });
    const latest = await findLatestPlanSource(h.db, id);
    expect(latest).toMatchObject({ revision: 2, file_name: 'b.docx', size: 6 });
    expect(new TextDecoder().decode(latest!.content)).toBe('二二');
    expect(await findPlanById(h.db, id)).toMatchObject({
      revision: 2,
      preamble: '修订后的总体要求',
      updated_at: LATER,
    });
  });

  it('keeps section and task ids across a revision, replaces units and targets, drops what it removed', async () => {
    const office = await insertUnit(h.db, unitValues('办公室'), NOW);
    const planId = await insertPlan(h.db, PLAN, null, NOW);
    const sections = await upsertSections(h.db, planId, [
      { ordinal: 1, title: '一、编纂' },
      { ordinal: 2, title: '二、年鉴' },
    ]);
    const lead = { name: '办公室', unitId: office, role: 'lead' as const };
    const others = { name: '其他处室', unitId: null, role: 'support' as const };
    const first = await writeTask(
      h.db,
      planId,
      sections.get(1)!,
      1,
      task('1', '编纂志书', [lead, others], [{ text: '完成3部', comparator: 'eq', value: 3, unit: '部' }]),
      null,
      NOW,
    );
    await writeTask(h.db, planId, sections.get(2)!, 2, task('2', '出版年鉴'), null, NOW);

    expect(await findTaskUnits(h.db, planId)).toEqual([
      { task_id: first, unit_id: office, name: '办公室', role: 'lead', unit_name: '办公室' },
      { task_id: first, unit_id: null, name: '其他处室', role: 'support', unit_name: null },
    ]);
    // The directory's current name, not the name the document used.
    await updateUnitRow(h.db, office, unitValues('综合处'), LATER);
    expect((await findTaskUnits(h.db, planId))[0]?.unit_name).toBe('综合处');
    expect(await findTaskTargets(h.db, planId)).toMatchObject([
      { task_id: first, text: '完成3部', comparator: 'eq', value: 3, min: null, unit: '部' },
    ]);

    // The revision: section 2 goes away, task 1 changes (matched by content, so it keeps its id), task 2 is removed,
    // task 3 is new.
    const revised = await upsertSections(h.db, planId, [{ ordinal: 1, title: '一、志书编纂' }]);
    expect(revised.get(1)).toBe(sections.get(1));
    await deleteTasksNotIn(h.db, planId, ['1', '3']);
    const again = await writeTask(
      h.db,
      planId,
      revised.get(1)!,
      1,
      task('1', '编纂志书两部', [{ ...lead, role: 'support' }]),
      first,
      LATER,
    );
    await writeTask(h.db, planId, revised.get(1)!, 2, task('3', '新任务'), null, LATER);
    await deleteEmptySections(h.db, planId, [...revised.values()]);
    expect(again).toBe(first);
    expect((await findSections(h.db, planId)).map((s) => s.title)).toEqual(['一、志书编纂']);
    expect((await findTasks(h.db, planId)).map((t) => [t.number, t.text, t.references_json])).toEqual([
      ['1', '编纂志书两部', '{"titles":["《吉林年鉴》"],"places":[]}'],
      ['3', '新任务', '{"titles":["《吉林年鉴》"],"places":[]}'],
    ]);
    expect((await findTaskUnits(h.db, planId)).map((u) => [u.task_id, u.role])).toEqual([[first, 'support']]);
    expect(await findTaskTargets(h.db, planId)).toEqual([]);
    expect(await findPlanSummaries(h.db)).toMatchObject([{ id: planId, year: 2023 }]);
    const [summary] = await findPlanSummaries(h.db);
    expect([Number(summary!.section_count), Number(summary!.task_count)]).toEqual([1, 2]);
  });
});
