import { describe, expect, it } from 'vitest';
import { matchUnitName, type UnitDirectoryEntry } from './match-units.ts';

const directory: UnitDirectoryEntry[] = [
  { id: 1, name: '研究室', aliases: [] },
  { id: 2, name: '吉林省地方志馆', aliases: ['方志馆', '省方志馆'] },
  { id: 3, name: '资料处', aliases: [] },
  { id: 4, name: '市府办(市数据局)', aliases: [] },
];

describe('matchUnitName', () => {
  it('matches names and aliases exactly', () => {
    expect(matchUnitName('研究室', directory)).toEqual({ kind: 'matched', unitId: 1 });
    expect(matchUnitName('方志馆', directory)).toEqual({ kind: 'matched', unitId: 2 });
    expect(matchUnitName('吉林省地方志馆', directory)).toEqual({ kind: 'matched', unitId: 2 });
  });

  it('ignores script, spacing, ▲ and bracket style', () => {
    expect(matchUnitName('資料處', directory)).toEqual({ kind: 'matched', unitId: 3 });
    expect(matchUnitName(' ▲资料处 ', directory)).toEqual({ kind: 'matched', unitId: 3 });
    expect(matchUnitName('市府办〔市数据局〕', directory)).toEqual({ kind: 'matched', unitId: 4 });
  });

  it('recognises collective names', () => {
    expect(matchUnitName('其他处室、单位', directory)).toEqual({ kind: 'collective' });
    expect(matchUnitName('各县（市、区）政府', directory)).toEqual({ kind: 'collective' });
    expect(matchUnitName('相关单位', directory)).toEqual({ kind: 'collective' });
  });

  it('never guesses: a near name is unknown', () => {
    expect(matchUnitName('研究处', directory)).toEqual({ kind: 'unknown' });
    expect(matchUnitName('资料', directory)).toEqual({ kind: 'unknown' });
    expect(matchUnitName('', directory)).toEqual({ kind: 'unknown' });
  });

  it('matches a body written with its second nameplate in brackets, only when both names agree', () => {
    const dir = [
      { id: 1, name: '办公室', aliases: [] },
      { id: 2, name: '市数据局', aliases: [] },
    ];
    expect(matchUnitName('办公室〔人事科〕', dir)).toEqual({ kind: 'matched', unitId: 1 });
    expect(matchUnitName('办公室(人事科)', dir)).toEqual({ kind: 'matched', unitId: 1 });
    expect(matchUnitName('办公室〔市数据局〕', dir)).toEqual({ kind: 'unknown' });
    expect(matchUnitName('宣传科〔网信办〕', dir)).toEqual({ kind: 'unknown' });
  });

  it('folds traditional characters, variants, full-width forms and matches aliases (简称)', () => {
    const dir = [
      { id: 1, name: '吉林省地方志编纂委员会办公室', aliases: ['省方志办'] },
      { id: 2, name: '第2编纂处', aliases: [] },
    ];
    expect(matchUnitName('吉林省地方誌編纂委員會辦公室', dir)).toEqual({ kind: 'matched', unitId: 1 });
    expect(matchUnitName('省方誌辦', dir)).toEqual({ kind: 'matched', unitId: 1 });
    expect(matchUnitName('第２编纂处', dir)).toEqual({ kind: 'matched', unitId: 2 });
    expect(matchUnitName('★省方志办', dir)).toEqual({ kind: 'matched', unitId: 1 });
  });
});
