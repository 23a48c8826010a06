import { describe, expect, it } from 'vitest';
import { diffPlans, type TaskFace } from './plan-diff.ts';

const face = (number: string, over: Partial<TaskFace> = {}): TaskFace => ({
  number, text: `任务${number}`, lead: ['研究室'], support: [], targets: [], deadline: '2023-12-31', ...over,
});

describe('diffPlans', () => {
  it('reports added, removed and changed tasks with the fields that changed', () => {
    const saved = [face('1'), face('2'), face('3')];
    const revised = [face('1'), face('2', { lead: ['资料处'], deadline: '2023-06-30' }), face('4')];
    expect(diffPlans(saved, revised)).toEqual({
      added: ['4'],
      removed: ['3'],
      changed: [{ number: '2', fields: ['牵头单位', '完成时限'] }],
      unchanged: 1,
    });
  });

  it('finds nothing to change in the same document', () => {
    const tasks = [face('1', { targets: ['2000册'] })];
    expect(diffPlans(tasks, tasks)).toEqual({ added: [], removed: [], changed: [], unchanged: 1 });
  });
});
