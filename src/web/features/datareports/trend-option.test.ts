import { describe, expect, it } from 'vitest';
import { buildTrendOption } from './trend-option.ts';

describe('buildTrendOption', () => {
  it('puts one bar per year and labels the change from the year before', () => {
    const o = buildTrendOption(
      [
        { year: 2022, value: 1000, offices: 60 },
        { year: 2023, value: 1250, offices: 62 },
      ],
      '馆藏资料总量',
      '册',
    );
    expect(o.xAxis.data).toEqual(['2022', '2023']);
    expect(o.series[0]!.data).toEqual([1000, 1250]);
    const fmt = o.series[0]!.label.formatter;
    expect(fmt({ dataIndex: 0, value: 1000 })).toBe('1,000');
    expect(fmt({ dataIndex: 1, value: 1250 })).toBe('1,250\n+25%');
    expect(o.title.text).toBe('馆藏资料总量（册）');
  });
});
