import { describe, expect, it } from 'vitest';
import type { TGantt, TGanttRow } from '../../../shared/dashboard.ts';
import { buildGanttOption, ganttAxis, ganttLines, milestoneColor, renderGanttBar } from './gantt-options.ts';

const row = (number: string, over: Partial<TGanttRow> = {}): TGanttRow => ({
  taskId: Number(number),
  number,
  text: `第${number}项：完成一项需要较长文字来描述的年度工作任务`,
  leadUnits: ['资料处'],
  start: '2023-01-01',
  end: '2023-06-30',
  isContinuous: false,
  status: 'on_track',
  light: 'green',
  planned: 50,
  actual: 40,
  milestones: [],
  ...over,
});

const gantt: TGantt = {
  planId: 1,
  planTitle: '测试工作要点',
  year: 2023,
  today: '2023-07-10',
  groupBy: 'section',
  groups: [
    {
      key: 's1',
      label: '志书工作',
      rows: [
        row('1', { light: 'red', milestones: [{ id: 1, name: '初稿', dueDate: '2023-05-31', reachedAt: null }] }),
        row('2'),
      ],
    },
    {
      key: 's2',
      label: '开发利用',
      rows: [
        row('3', {
          end: '2023-12-31',
          milestones: [{ id: 2, name: '方案', dueDate: '2023-03-01', reachedAt: '2023-02-28' }],
        }),
      ],
    },
  ],
};

describe('buildGanttOption', () => {
  it('lists a header line per group followed by its tasks, shortening long task text', () => {
    const lines = ganttLines(gantt);
    expect(lines.map((l) => l.row?.number ?? l.label)).toEqual(['【志书工作】', '1', '2', '【开发利用】', '3']);
    expect(lines[1]!.label.startsWith('1. 第1项：完成一项')).toBe(true);
    expect(lines[1]!.label.endsWith('…')).toBe(true);
  });

  it('places each bar on its line from the year start to the end of the deadline day, in the status colour', () => {
    const option = buildGanttOption(gantt);
    const bars = option.series[0]!.data as { value: number[]; itemStyle: { color: string } }[];
    expect(bars.map((b) => b.value[0])).toEqual([1, 2, 4]);
    expect(bars[0]!.value[1]).toBe(Date.parse('2023-01-01T00:00:00Z'));
    expect(bars[0]!.value[2]).toBe(Date.parse('2023-07-01T00:00:00Z'));
    expect(bars[0]!.itemStyle.color).toBe('#f5222d');
    expect(bars[1]!.itemStyle.color).toBe('#52c41a');
  });

  it('marks today with a line and milestones as diamonds coloured by reached or missed', () => {
    const option = buildGanttOption(gantt);
    expect(option.series[0]!.markLine!.data).toEqual([{ xAxis: Date.parse('2023-07-10T00:00:00Z') }]);
    const ms = option.series[1]!.data as { name: string; value: number[]; itemStyle: { color: string } }[];
    expect(ms.map((m) => [m.name, m.value[1], m.itemStyle.color])).toEqual([
      ['初稿', 1, '#f5222d'],
      ['方案', 4, '#52c41a'],
    ]);
    expect(milestoneColor({ dueDate: '2023-08-01', reachedAt: null }, '2023-07-10')).toBe('#8c8c8c');
    expect(option.xAxis.min).toBe(Date.parse('2023-01-01T00:00:00Z'));
  });

  it('draws the approved share of a bar solid over the faint full span', () => {
    const api = {
      value: (d: number) => [3, 0, 100, 40][d]!,
      coord: ([x, y]: [number, number]): [number, number] => [x * 2, y * 30],
      size: (): [number, number] => [0, 30],
      visual: () => '#52c41a',
    };
    const shape = renderGanttBar(null, api);
    expect(shape.children.map((c) => [c.shape.x, c.shape.width, c.style.fill])).toEqual([
      [0, 200, '#52c41a'],
      [0, 80, '#52c41a'],
    ]);
    expect(shape.children[0]!.shape.y).toBeCloseTo(90 - (30 * 0.55) / 2);
  });
});

describe('ganttAxis', () => {
  it('keeps the plan year when every task ends in it', () => {
    const axis = ganttAxis(gantt);
    expect(axis).toEqual({
      min: Date.parse('2023-01-01T00:00:00Z'),
      max: Date.parse('2024-01-01T00:00:00Z'),
      crossesYear: false,
    });
  });
  it('stretches to an extended deadline so the bar of an extended task ends on the axis', () => {
    const extended: TGantt = {
      ...gantt,
      groups: [{ key: 's', label: '志书工作', rows: [row('1', { end: '2024-03-31' })] }],
    };
    const axis = ganttAxis(extended);
    expect(axis.max).toBe(Date.parse('2024-04-01T00:00:00Z'));
    expect(axis.crossesYear).toBe(true);
    const option = buildGanttOption(extended);
    const bar = (option.series[0]!.data as { value: number[] }[])[0]!;
    expect(bar.value[2]).toBeLessThanOrEqual(option.xAxis.max);
    expect(option.xAxis.axisLabel.formatter).toBe('{yyyy}年{M}月');
  });
});
