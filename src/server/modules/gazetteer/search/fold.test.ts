import { describe, expect, it } from 'vitest';
import { createFolder, getDefaultFolder } from './fold.ts';

const folder = getDefaultFolder();
const same = (a: string, b: string): boolean => folder.foldText(a) === folder.foldText(b);

describe('folding', () => {
  it('joins traditional and simplified characters', () => {
    expect(same('縣志', '县志')).toBe(true);
    expect(same('長白山', '长白山')).toBe(true);
    expect(folder.foldText('乾隆').startsWith(folder.foldText('乾'))).toBe(true);
  });

  it('joins the curated variant glyphs', () => {
    expect(new Set([...'寧寕甯宁'].map((c) => folder.foldText(c))).size).toBe(1);
    expect(same('爲', '為')).toBe(true);
    expect(same('緑', '綠')).toBe(true);
    expect(same('黒', '黑')).toBe(true);
  });

  it('folds full-width forms and case', () => {
    expect(folder.foldText('ＡＢｃ１２Ｚ')).toBe('abc12z');
    expect(folder.foldText('GDP')).toBe('gdp');
  });

  it('keeps unrelated characters apart', () => {
    expect(same('山', '川')).toBe(false);
    expect(same('吉', '古')).toBe(false);
  });

  it('preserves the UTF-16 length of any text, astral characters included', () => {
    const text = '縣𠀀志ＡİẞΣ寕\u{2F800}';
    expect(folder.foldText(text)).toHaveLength(text.length);
    for (let cp = 0; cp < 0x10000; cp += 7) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      expect(String.fromCodePoint(folder.foldCodePoint(cp))).toHaveLength(1);
    }
  });

  it('is idempotent, so folding the query twice changes nothing', () => {
    for (const text of ['縣志寧古塔', '臺灣爲緑', 'ＡＢ'])
      expect(folder.foldText(folder.foldText(text))).toBe(folder.foldText(text));
  });

  it('adds extra variant pairs (e.g. KR-Gaiji normalised forms) to the classes', () => {
    expect(same('峯', '山')).toBe(false);
    const extra = createFolder([['𠀀', '𠀁']]);
    expect(extra.foldText('𠀀')).toBe(extra.foldText('𠀁'));
    expect(folder.foldText('𠀀')).not.toBe(folder.foldText('𠀁'));
  });
});
