import { describe, expect, it } from 'vitest';
import { escalationNumber } from './escalation-number.ts';

describe('escalationNumber', () => {
  it('writes the official form with 六角括号', () => {
    expect(escalationNumber('督字', 2023, 5)).toBe('督字〔2023〕5号');
    expect(escalationNumber('吉志督', 2024, 12)).toBe('吉志督〔2024〕12号');
  });
  it('falls back to 督字 for an empty prefix and refuses a bad sequence', () => {
    expect(escalationNumber('  ', 2023, 1)).toBe('督字〔2023〕1号');
    expect(() => escalationNumber('督字', 2023, 0)).toThrow(/正整数/);
  });
});
