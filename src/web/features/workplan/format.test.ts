import { describe, expect, it } from 'vitest';
import { formatDeadline, formatTarget } from './format.ts';

describe('formatTarget', () => {
  it('shows each comparator the way the table needs', () => {
    expect(formatTarget({ comparator: 'eq', value: 170000, unit: '册' })).toBe('170,000 册');
    expect(formatTarget({ comparator: 'range', min: 4, max: 7, unit: '部' })).toBe('4–7 部');
    expect(formatTarget({ comparator: 'gte', value: 98, unit: '%' })).toBe('≥ 98 %');
    expect(formatTarget({ comparator: 'approx', value: 6.2, unit: '%' })).toBe('≈ 6.2 %');
  });
});

describe('formatDeadline', () => {
  it('marks a deadline the document did not state', () => {
    expect(formatDeadline({ date: '2023-12-31', explicit: false, text: null })).toBe('2023-12-31（未明确）');
    expect(formatDeadline({ date: '2023-06-30', explicit: true, text: '6月底前' })).toBe('2023-06-30（6月底前）');
  });

  it('shows a continuous task as 长期 with the words the document used', () => {
    expect(formatDeadline({ date: '2023-12-31', explicit: false, text: '长期坚持', continuous: true })).toBe(
      '长期（长期坚持）',
    );
  });
});
