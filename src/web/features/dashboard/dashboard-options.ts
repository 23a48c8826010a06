import {
  LIGHT_COLORS,
  LIGHT_LABELS,
  LIGHTS,
  type TCompletionGroup,
  type TIndicatorRow,
  type TLightCounts,
} from '../../../shared/dashboard.ts';

/** Pure ECharts option builders of the leader dashboard: data in, option object out (tested without a browser). */

const PLANNED_COLOR = '#91caff';
const ACTUAL_COLOR = '#1677ff';

/** Average planned vs actual progress per group, as horizontal bars (long Chinese labels read better on the y axis). */
export function buildCompletionOption(groups: readonly TCompletionGroup[]) {
  const labels = groups.map((g) => g.label);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${v}%` },
    legend: { data: ['计划进度', '实际进度'], top: 0 },
    grid: { left: 8, right: 40, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { width: 120, overflow: 'truncate' } },
    series: [
      {
        name: '计划进度',
        type: 'bar',
        data: groups.map((g) => g.avgPlanned),
        itemStyle: { color: PLANNED_COLOR },
        barGap: '10%',
      },
      {
        name: '实际进度',
        type: 'bar',
        data: groups.map((g) => g.avgActual),
        itemStyle: { color: ACTUAL_COLOR },
        label: { show: true, position: 'right', formatter: '{c}%' },
      },
    ],
  };
}

/** The lights as a pie in their own colours; empty slices are left out so the legend lists what exists. */
export function buildLightsOption(lights: TLightCounts) {
  const data = LIGHTS.filter((l) => lights[l] > 0).map((l) => ({
    name: LIGHT_LABELS[l],
    value: lights[l],
    itemStyle: { color: LIGHT_COLORS[l] },
  }));
  return {
    tooltip: { trigger: 'item', formatter: '{b}：{c} 项（{d}%）' },
    legend: { bottom: 0 },
    series: [
      {
        name: '任务状态',
        type: 'pie',
        radius: ['40%', '70%'],
        center: ['50%', '45%'],
        label: { formatter: '{b}\n{c} 项' },
        data,
      },
    ],
  };
}

/** Indicator label on the chart: task number and name, e.g. 16. 馆藏图书. */
export const indicatorLabel = (i: Pick<TIndicatorRow, 'taskNumber' | 'name'>) => `${i.taskNumber}. ${i.name}`;

/**
 * Each indicator against its target, as percentages of the target so 2000 册 and 6 期 share one axis: planned by the
 * date vs actual, with a line at 100 %.
 */
export function buildIndicatorsOption(indicators: readonly TIndicatorRow[]) {
  const pct = (v: number | null, target: number) =>
    v === null || target <= 0 ? null : Math.round((v / target) * 1000) / 10;
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: { dataIndex: number }[]) => {
        const i = indicators[params[0]?.dataIndex ?? 0];
        if (!i) return '';
        const actual = i.actual === null ? '尚无实际值' : `${i.actual} ${i.unit}（${pct(i.actual, i.targetValue)}%）`;
        return `${indicatorLabel(i)}<br/>目标：${i.targetValue} ${i.unit}<br/>计划：${i.plannedAtDate} ${i.unit}<br/>实际：${actual}`;
      },
    },
    legend: { data: ['计划完成', '实际完成'], top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: indicators.map(indicatorLabel),
      axisLabel: { interval: 0, width: 90, overflow: 'break' },
    },
    yAxis: { type: 'value', name: '占目标 %', axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: '计划完成',
        type: 'bar',
        data: indicators.map((i) => pct(i.plannedAtDate, i.targetValue)),
        itemStyle: { color: PLANNED_COLOR },
      },
      {
        name: '实际完成',
        type: 'bar',
        data: indicators.map((i) => pct(i.actual, i.targetValue)),
        itemStyle: { color: ACTUAL_COLOR },
        label: { show: true, position: 'top', formatter: '{c}%' },
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: '#f5222d', type: 'dashed' },
          label: { formatter: '目标', position: 'insideEndTop' },
          data: [{ yAxis: 100 }],
        },
      },
    ],
  };
}
