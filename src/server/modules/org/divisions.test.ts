import { describe, expect, it } from 'vitest';
import { divisionName } from './divisions.ts';

describe('divisionName', () => {
  it('names provinces, prefectures and counties by their GB/T 2260 code', () => {
    expect(divisionName('220000')).toBe('吉林省');
    expect(divisionName('222400')).toBe('延边朝鲜族自治州');
    expect(divisionName('220581')).toBe('梅河口市');
    expect(divisionName('330000')).toBe('浙江省');
  });
  it('leaves historical names and unknown codes alone', () => {
    expect(divisionName('盛京')).toBeNull();
    expect(divisionName('999999')).toBeNull();
  });
});
