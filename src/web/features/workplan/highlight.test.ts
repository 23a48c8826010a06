import { describe, expect, it } from 'vitest';
import { buildSegments } from './highlight.ts';

describe('buildSegments', () => {
  const text = '购买图书2000册，6月底前完成。（资料处）';
  it('marks each span once and keeps every character in order', () => {
    const segments = buildSegments(text, [
      { start: 18, end: 21, kind: 'unit', task: '1' },
      { start: 4, end: 9, kind: 'target', task: '1' },
      { start: 10, end: 14, kind: 'deadline', task: '1' },
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.filter((s) => s.kind).map((s) => [s.kind, s.text])).toEqual([
      ['target', '2000册'],
      ['deadline', '6月底前'],
      ['unit', '资料处'],
    ]);
  });

  it('clips overlapping and drops out-of-range spans', () => {
    const segments = buildSegments(text, [
      { start: 4, end: 9, kind: 'target', task: '1' },
      { start: 6, end: 12, kind: 'deadline', task: '1' },
      { start: 30, end: 40, kind: 'unit', task: '1' },
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.find((s) => s.kind === 'deadline')?.text).toBe('，6月');
  });
});
