import { describe, expect, it } from 'vitest';
import { diffPlans, matchTasks, textSimilarity, type TaskFace } from './plan-diff.ts';

const face = (number: string, text: string, over: Partial<TaskFace> = {}): TaskFace => ({
  number,
  text,
  lead: ['研究室'],
  support: [],
  targets: [],
  deadline: '2023-12-31',
  ...over,
});

const A = '完成《松岭县志》终审验收，年底前付印出版';
const B = '编辑出版《松岭年鉴（2023）》，印制800册';
const C = '开展方志进校园活动，全年不少于6场';

describe('diffPlans: matching by content', () => {
  it('keeps each saved task on its own text when item 1 is dropped and the rest renumbered', () => {
    const saved = [
      face('1', A, { id: 11, history: { reports: 2, milestones: 1, chases: 0, extensions: 0 } }),
      face('2', B, { id: 12 }),
      face('3', C, { id: 13 }),
    ];
    const revised = [face('1', B), face('2', C)];
    const diff = diffPlans(saved, revised);
    expect(diff.entries.map((e) => [e.status, e.previousNumber, e.number, e.taskId, e.outcome])).toEqual([
      ['renumbered', '2', '1', 12, null],
      ['renumbered', '3', '2', 13, null],
      ['dropped', '1', null, 11, 'archive'],
    ]);
    expect(diff.removed).toEqual(['1']);
    expect(diff.entries[2]?.history).toEqual({ reports: 2, milestones: 1, chases: 0, extensions: 0 });
  });

  it('reports a reworded task as changed with its fields, a dropped one without history as deleted, and new ones', () => {
    const saved = [face('1', A, { id: 1 }), face('2', B, { id: 2 }), face('3', C, { id: 3 })];
    const revised = [
      face('1', A.replace('年底前', '10月底前'), { deadline: '2023-10-31' }),
      face('2', B),
      face('3', '建设数字方志馆，新增资源1万条'),
    ];
    const diff = diffPlans(saved, revised);
    expect(diff.entries.map((e) => [e.status, e.number, e.taskId, e.fields])).toEqual([
      ['changed', '1', 1, ['任务内容', '完成时限']],
      ['kept', '2', 2, []],
      ['new', '3', null, []],
      ['dropped', null, 3, []],
    ]);
    expect(diff.entries[3]?.outcome).toBe('delete');
    expect(diff.changed).toEqual([{ number: '1', fields: ['任务内容', '完成时限'] }]);
  });

  it('uses the number only to break a tie between identical texts', () => {
    const saved = [face('1', A, { id: 1 }), face('2', A, { id: 2 })];
    const revised = [face('2', A), face('1', A)];
    expect(matchTasks(saved, revised).map((m) => [m.saved.id, m.revised.number])).toEqual([
      [1, '1'],
      [2, '2'],
    ]);
  });

  it('never pairs unrelated work by number', () => {
    expect(textSimilarity(A, C)).toBeLessThan(0.3);
    const diff = diffPlans([face('1', A, { id: 1 })], [face('1', C)]);
    expect(diff.entries.map((e) => e.status)).toEqual(['new', 'dropped']);
  });

  it('matches traditional and simplified writing of the same task', () => {
    expect(textSimilarity('編輯出版《松嶺年鑑（2023）》，印製800冊', B)).toBe(1);
  });

  it('finds nothing to change in the same document', () => {
    const tasks = [face('1', A, { targets: ['2000册'] })];
    expect(diffPlans(tasks, tasks)).toMatchObject({ added: [], removed: [], changed: [], unchanged: 1 });
  });

  it('restores an archived task a later revision brings back, before treating its text as new', () => {
    const saved = [face('1', A, { id: 1, archived: true }), face('2', B, { id: 2 })];
    const diff = diffPlans(saved, [face('1', A), face('2', B)]);
    expect(diff.entries.map((e) => [e.status, e.taskId, e.fields])).toEqual([
      ['changed', 1, ['恢复已撤销的任务']],
      ['kept', 2, []],
    ]);
    expect(diffPlans(saved, [face('1', B)]).entries.map((e) => e.status)).toEqual(['renumbered']);
  });
});
