import type { TTrend } from '../../../shared/datareports.ts';

/** Year-over-year bars of one indicator's accepted total, with the change from the year before in the label. */
export function buildTrendOption(trend: TTrend, label: string, unit: string | null) {
  const change = (i: number) => {
    const prev = trend[i - 1];
    const cur = trend[i]!;
    if (!prev || prev.value === 0) return '';
    const pct = Math.round(((cur.value - prev.value) / prev.value) * 1000) / 10;
    return `\n${pct >= 0 ? '+' : ''}${pct}%`;
  };
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 56, right: 16, top: 36, bottom: 28 },
    title: { text: `${label}${unit ? `（${unit}）` : ''}`, textStyle: { fontSize: 14 } },
    xAxis: { type: 'category', data: trend.map((t) => `${t.year}`) },
    yAxis: { type: 'value' },
    series: [
      {
        type: 'bar',
        name: label,
        data: trend.map((t) => t.value),
        label: {
          show: true,
          position: 'top',
          formatter: (p: { dataIndex: number; value: number }) =>
            `${p.value.toLocaleString('zh-CN')}${change(p.dataIndex)}`,
        },
        itemStyle: { color: '#1677ff' },
      },
    ],
  };
}
