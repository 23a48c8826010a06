import { describe, expect, it } from 'vitest';
import { DEFAULT_SUPERVISION, ZSupervisionSettings } from './supervision.ts';

const messageOf = (input: unknown) => {
  const r = ZSupervisionSettings.safeParse(input);
  return r.success ? null : r.error.issues[0]!.message;
};

describe('ZSupervisionSettings', () => {
  it('says in Chinese what to fill in when 报送日 is cleared, instead of "expected number, received null"', () => {
    expect(messageOf({ ...DEFAULT_SUPERVISION, dueDay: null })).toBe('请填写报送日（1–28 日）');
    expect(messageOf({ ...DEFAULT_SUPERVISION, dueDay: undefined })).toBe('请填写报送日（1–28 日）');
    expect(messageOf({ ...DEFAULT_SUPERVISION, dueDay: 31 })).toBe('报送日应为 1–28 日之间的整数');
    expect(messageOf({ ...DEFAULT_SUPERVISION, dueDay: 2.5 })).toBe('报送日应为 1–28 日之间的整数');
    expect(messageOf({ ...DEFAULT_SUPERVISION, redPoints: null })).toBe('请填写红灯阈值（1–100 个百分点）');
    expect(messageOf(DEFAULT_SUPERVISION)).toBeNull();
  });
});
