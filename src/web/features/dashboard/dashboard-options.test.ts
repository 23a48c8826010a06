import { describe, expect, it } from 'vitest';
import type { TCompletionGroup, TIndicatorRow } from '../../../shared/dashboard.ts';
import { buildCompletionOption, buildIndicatorsOption, buildLightsOption } from './dashboard-options.ts';

const group = (label: string, avgPlanned: number, avgActual: number): TCompletionGroup => ({
  key: label,
  label,
  taskCount: 2,
  avgPlanned,
  avgActual,
  lights: { green: 1, yellow: 0, red: 1, blue: 0, grey: 0 },
});

describe('dashboard options', () => {
  it('puts planned and actual progress of each group side by side, in group order', () => {
    const option = buildCompletionOption([group('资料处', 55, 30), group('方志馆', 40, 45)]);
    expect(option.yAxis.data).toEqual(['资料处', '方志馆']);
    expect(option.series.map((s) => [s.name, s.data])).toEqual([
      ['计划进度', [55, 40]],
      ['实际进度', [30, 45]],
    ]);
    expect(option.xAxis.max).toBe(100);
  });

  it('shows only lights that occur, each in its own colour', () => {
    const option = buildLightsOption({ green: 3, yellow: 0, red: 2, blue: 1, grey: 0 });
    expect(option.series[0]!.data.map((d) => [d.name, d.value, d.itemStyle.color])).toEqual([
      ['绿灯', 3, '#52c41a'],
      ['红灯', 2, '#f5222d'],
      ['已完成', 1, '#1677ff'],
    ]);
  });

  it('compares indicators as shares of their targets, with no bar where nothing was reported', () => {
    const rows: TIndicatorRow[] = [
      {
        id: 1,
        taskId: 2,
        taskNumber: '16',
        name: '馆藏图书',
        unit: '册',
        targetValue: 2000,
        plannedAtDate: 1000,
        actual: 1200,
        actualPeriod: '2023-06',
        percentOfTarget: 60,
        percentOfPlan: 120,
      },
      {
        id: 2,
        taskId: 3,
        taskNumber: '28',
        name: '出刊',
        unit: '期',
        targetValue: 6,
        plannedAtDate: 3,
        actual: null,
        actualPeriod: null,
        percentOfTarget: null,
        percentOfPlan: null,
      },
    ];
    const option = buildIndicatorsOption(rows);
    expect(option.xAxis.data).toEqual(['16. 馆藏图书', '28. 出刊']);
    expect(option.series[0]!.data).toEqual([50, 50]);
    expect(option.series[1]!.data).toEqual([60, null]);
    expect(option.series[1]!.markLine!.data).toEqual([{ yAxis: 100 }]);
    const tip = option.tooltip.formatter([{ dataIndex: 1 }]);
    expect(tip).toContain('尚无实际值');
    expect(tip).toContain('目标：6 期');
  });
});
