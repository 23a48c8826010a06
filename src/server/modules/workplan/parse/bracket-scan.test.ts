import { describe, expect, it } from 'vitest';
import { findTopLevelGroups, splitTopLevel, stripInnerBrackets } from './bracket-scan.ts';

describe('bracket scanning', () => {
  it('splits only outside brackets and keeps offsets', () => {
    const text = '各县（市、区）政府、市府办〔市数据局〕';
    expect(splitTopLevel(text, '、')).toEqual([
      { text: '各县（市、区）政府', start: 0 },
      { text: '市府办〔市数据局〕', start: 10 },
    ]);
  });

  it('finds outer parenthesis groups with nested ones inside', () => {
    const text = '编写县（市）史。（市政府办公室（市数据局）牵头）';
    expect(findTopLevelGroups(text).map((g) => g.inner)).toEqual(['市', '市政府办公室（市数据局）牵头']);
  });

  it('strips bracketed parts so the name’s own ending shows', () => {
    expect(stripInnerBrackets('市府办〔市数据局〕')).toBe('市府办');
    expect(stripInnerBrackets('各县（市、区）政府')).toBe('各县政府');
  });
});
