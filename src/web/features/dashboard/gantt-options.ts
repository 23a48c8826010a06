import { LIGHT_COLORS, LIGHT_LABELS, type TGantt, type TGanttRow } from '../../../shared/dashboard.ts';
import { addDays, dateToTime } from '../../../shared/dates.ts';

/**
 * The Gantt chart as an ECharts option: one category per task (with a header line per group), a custom-series bar from
 * its start (the task's own start date, else the plan's issue date) to the deadline in the status colour with the approved progress filled in, milestone diamonds,
 * and a dashed line at today. Pure: the chart component only renders what this returns.
 */

export interface GanttLine {
  /** Category label on the y axis. */
  label: string;
  /** null for a group header line. */
  row: TGanttRow | null;
}

const short = (text: string, max = 18) =>
  Array.from(text).length > max ? `${Array.from(text).slice(0, max).join('')}…` : text;

export function ganttLines(gantt: TGantt): GanttLine[] {
  return gantt.groups.flatMap((g) => [
    { label: `【${g.label}】`, row: null },
    ...g.rows.map((row) => ({ label: `${row.number}. ${short(row.text)}`, row })),
  ]);
}

/** Milestone colour: reached green, missed red, still ahead grey. */
export function milestoneColor(m: { dueDate: string; reachedAt: string | null }, today: string): string {
  if (m.reachedAt) return LIGHT_COLORS.green;
  return m.dueDate < today ? LIGHT_COLORS.red : '#8c8c8c';
}

interface RenderApi {
  value(dim: number): number;
  coord(point: [number, number]): [number, number];
  size(size: [number, number]): [number, number];
  visual(key: 'color'): unknown;
}

/**
 * Draws one task: the whole span faint, the approved share solid. Dimensions: 0 line index, 1 start, 2 end (+1 day so a
 * deadline's own day is included), 3 progress 0–100.
 */
export function renderGanttBar(_params: unknown, api: RenderApi) {
  const line = api.value(0);
  const [x0, y] = api.coord([api.value(1), line]);
  const [x1] = api.coord([api.value(2), line]);
  const height = api.size([0, 1])[1] * 0.55;
  const width = Math.max(2, x1 - x0);
  const done = (width * Math.max(0, Math.min(100, api.value(3)))) / 100;
  const color = String(api.visual('color'));
  return {
    type: 'group',
    children: [
      { type: 'rect', shape: { x: x0, y: y - height / 2, width, height, r: 3 }, style: { fill: color, opacity: 0.35 } },
      { type: 'rect', shape: { x: x0, y: y - height / 2, width: done, height, r: 3 }, style: { fill: color } },
    ],
  };
}

/**
 * The time axis: the plan year, stretched to the latest deadline or milestone when a task was extended past 31 December
 * (its bar must end on the axis, not run off it), and to the earliest start before 1 January.
 */
export function ganttAxis(gantt: TGantt): { min: number; max: number; crossesYear: boolean } {
  const rows = gantt.groups.flatMap((g) => g.rows);
  const ends = rows.flatMap((r) => [r.end, ...r.milestones.map((m) => m.dueDate)]);
  const starts = rows.map((r) => r.start);
  const last = [`${gantt.year}-12-31`, ...ends].sort().at(-1)!;
  const first = [`${gantt.year}-01-01`, ...starts].sort()[0]!;
  return {
    min: dateToTime(first),
    max: dateToTime(addDays(last, 1)),
    crossesYear: last > `${gantt.year}-12-31` || first < `${gantt.year}-01-01`,
  };
}

export function buildGanttOption(gantt: TGantt) {
  const lines = ganttLines(gantt);
  const axis = ganttAxis(gantt);
  const bars = lines.flatMap((l, index) =>
    l.row
      ? [
          {
            name: l.label,
            value: [index, dateToTime(l.row.start), dateToTime(addDays(l.row.end, 1)), l.row.actual],
            itemStyle: { color: LIGHT_COLORS[l.row.light] },
            row: l.row,
          },
        ]
      : [],
  );
  const milestones = lines.flatMap((l, index) =>
    (l.row?.milestones ?? []).map((m) => ({
      name: m.name,
      value: [dateToTime(m.dueDate), index],
      itemStyle: { color: milestoneColor(m, gantt.today) },
      dueDate: m.dueDate,
      reachedAt: m.reachedAt,
    })),
  );
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: {
        seriesIndex: number;
        data: { row?: TGanttRow; name: string; dueDate?: string; reachedAt?: string | null };
      }) => {
        if (p.seriesIndex === 1)
          return `节点：${p.data.name}<br/>应完成：${p.data.dueDate}${p.data.reachedAt ? `<br/>已完成：${p.data.reachedAt}` : ''}`;
        const r = p.data.row;
        if (!r) return '';
        return `第 ${r.number} 项（${r.leadUnits.join('、') || '未明确牵头单位'}）<br/>${r.start} — ${r.isContinuous ? '全年持续' : r.end}<br/>${LIGHT_LABELS[r.light]}：计划 ${r.planned}%，实际 ${r.actual}%`;
      },
    },
    grid: { left: 8, right: 24, top: 24, bottom: 40, containLabel: true },
    xAxis: {
      type: 'time',
      position: 'top',
      min: axis.min,
      max: axis.max,
      axisLabel: { formatter: axis.crossesYear ? '{yyyy}年{M}月' : '{M}月' },
      splitLine: { show: true, lineStyle: { color: '#f0f0f0' } },
    },
    yAxis: {
      type: 'category',
      data: lines.map((l) =>
        l.row ? l.label : { value: l.label, textStyle: { fontWeight: 'bold', color: '#262626' } },
      ),
      inverse: true,
      axisTick: { show: false },
      axisLabel: { width: 260, overflow: 'truncate' },
    },
    dataZoom:
      lines.length > 30 ? [{ type: 'slider', yAxisIndex: 0, startValue: 0, endValue: 29, right: 0, width: 14 }] : [],
    series: [
      {
        name: '任务',
        type: 'custom',
        renderItem: renderGanttBar,
        clip: true,
        encode: { x: [1, 2], y: 0 },
        data: bars,
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: '#f5222d', type: 'dashed', width: 1.5 },
          label: { formatter: `今天 ${gantt.today.slice(5)}`, position: 'insideStartTop', color: '#f5222d' },
          data: [{ xAxis: dateToTime(gantt.today) }],
        },
      },
      {
        name: '节点',
        type: 'scatter',
        symbol: 'diamond',
        symbolSize: 13,
        data: milestones,
        z: 5,
        itemStyle: { borderColor: '#fff', borderWidth: 1.5 },
      },
    ],
  };
}

/** Chart height that gives each line room to read. */
export const ganttHeight = (gantt: TGantt) => Math.min(30, ganttLines(gantt).length) * 28 + 80;
