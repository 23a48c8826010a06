import { describe, expect, it } from 'vitest';
import type { TTaskHealth } from '../../../shared/supervision.ts';
import {
  diffLights,
  findOverdue,
  latestActual,
  readActuals,
  summarizeGroups,
  type SummaryTask,
} from './dashboard-summary.ts';

const h = (
  light: TTaskHealth['light'],
  actual: number,
  planned: number,
  over: Partial<TTaskHealth> = {},
): TTaskHealth => ({
  status: ({ grey: 'not_started', green: 'on_track', yellow: 'at_risk', red: 'behind', blue: 'done' } as const)[light],
  light,
  planned,
  actual,
  reportOverdue: false,
  reasons: [`计划 ${planned}%，实际 ${actual}%`],
  ...over,
});

const task = (id: number, over: Partial<SummaryTask> = {}): SummaryTask => ({
  id,
  number: String(id),
  text: `第${id}项任务`,
  deadline: '2023-12-31',
  isContinuous: false,
  leadUnits: ['资料处'],
  ...over,
});

describe('summarizeGroups', () => {
  it('averages actual and planned progress and counts lights per group', () => {
    const health = new Map([
      [1, h('green', 50, 50)],
      [2, h('red', 10, 60)],
      [3, h('blue', 100, 70)],
    ]);
    const [a, b] = summarizeGroups(
      [
        { key: 's1', label: '一、志书工作', taskIds: [1, 2] },
        { key: 's2', label: '二、年鉴工作', taskIds: [3, 99] },
      ],
      health,
    );
    expect(a).toMatchObject({
      taskCount: 2,
      avgActual: 30,
      avgPlanned: 55,
      lights: { green: 1, red: 1, yellow: 0, blue: 0, grey: 0 },
    });
    expect(b).toMatchObject({ taskCount: 1, avgActual: 100, lights: { blue: 1 } });
  });

  it('gives an empty group zeros, not NaN', () => {
    expect(summarizeGroups([{ key: 'x', label: '空', taskIds: [] }], new Map())[0]).toMatchObject({
      taskCount: 0,
      avgActual: 0,
      avgPlanned: 0,
    });
  });
});

describe('findOverdue', () => {
  it('lists past deadlines, missed milestones and overdue reports, but never for a done task', () => {
    const items = findOverdue({
      date: '2023-07-10',
      tasks: [
        task(1, { deadline: '2023-06-30' }),
        task(2),
        task(3, { deadline: '2023-05-31' }),
        task(4, { deadline: '2023-03-31', isContinuous: true }),
      ],
      milestones: [
        { taskId: 2, name: '完成初稿', dueDate: '2023-06-15', reachedAt: null },
        { taskId: 2, name: '拟定提纲', dueDate: '2023-03-01', reachedAt: '2023-02-27' },
        { taskId: 2, name: '终审', dueDate: '2023-09-30', reachedAt: null },
      ],
      health: new Map([
        [1, h('red', 40, 100)],
        [2, h('red', 20, 50, { reportOverdue: true })],
        [3, h('blue', 100, 100)],
        [4, h('green', 60, 50)],
      ]),
      reportDueDate: '2023-06-25',
      reportPeriodLabel: '2023年6月',
    });
    expect(items.map((i) => [i.kind, i.taskNumber, i.dueDate])).toEqual([
      ['past_deadline', '1', '2023-06-30'],
      ['milestone_missed', '2', '2023-06-15'],
      ['report_overdue', '2', '2023-06-25'],
    ]);
    expect(items[1]!.detail).toBe('节点“完成初稿”应于 2023-06-15 完成');
    expect(items[2]!.detail).toBe('2023年6月进展应于 2023-06-25 前报送');
  });
});

describe('diffLights', () => {
  it('reports only tasks whose light changed, with the new reasons', () => {
    const before = new Map([
      [1, h('green', 30, 30)],
      [2, h('green', 30, 30)],
    ]);
    const after = new Map([
      [1, h('green', 60, 60)],
      [2, h('yellow', 30, 50)],
    ]);
    expect(diffLights([task(1), task(2)], before, after)).toEqual([
      {
        taskId: 2,
        taskNumber: '2',
        taskText: '第2项任务',
        from: 'green',
        to: 'yellow',
        reasons: ['计划 50%，实际 30%'],
      },
    ]);
  });
});

describe('indicator actuals', () => {
  it('takes the value from the latest period that reported the indicator', () => {
    const reports = [
      { period: '2023-05', actuals: [{ indicatorId: 7, value: 800 }] },
      { period: '2023-07', actuals: [{ indicatorId: 8, value: 3 }] },
      { period: '2023-06', actuals: [{ indicatorId: 7, value: 1200 }] },
    ];
    expect(latestActual(7, reports)).toEqual({ value: 1200, period: '2023-06' });
    expect(latestActual(9, reports)).toBeNull();
  });

  it('reads the report format and ignores malformed JSON', () => {
    expect(readActuals('[{"indicatorId":3,"value":16.8},{"indicatorId":"x","value":1}]')).toEqual([
      { indicatorId: 3, value: 16.8 },
    ]);
    expect(readActuals('{"3": 5}')).toEqual([{ indicatorId: 3, value: 5 }]);
    expect(readActuals('not json')).toEqual([]);
  });
});
