import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, CustomChart, GaugeChart, PieChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { usePrefersReducedMotion } from './reduced-motion.ts';

// Only the charts and components the dashboards use: keeps the bundle far smaller than `import * from 'echarts'`.
echarts.use([
  BarChart,
  CustomChart,
  GaugeChart,
  PieChart,
  ScatterChart,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type ChartOption = EChartsCoreOption;

/** One ECharts chart that follows its option and resizes with its box; drawn without animation when less motion is asked for. */
export function EChart({ option, height = 320, testId }: { option: ChartOption; height?: number; testId?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const reducedMotion = usePrefersReducedMotion();
  useEffect(() => {
    if (!box.current) return;
    const instance = echarts.init(box.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(box.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(reducedMotion ? { ...option, animation: false } : option, { notMerge: true });
  }, [option, reducedMotion]);
  return <div ref={box} style={{ width: '100%', height }} data-testid={testId} />;
}
