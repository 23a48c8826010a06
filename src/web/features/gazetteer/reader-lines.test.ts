import { describe, expect, it } from 'vitest';
import { buildReaderLines } from './reader-lines.ts';

describe('buildReaderLines', () => {
  const section = {
    title: '卷十四',
    text: '欽定四庫全書\n翠屏山在縣東\n其山如屏',
    anchors: [
      { offset: 0, id: '018-2a' },
      { offset: 14, id: '018-2b' },
    ],
    notes: [{ start: 10, end: 13 }],
    apparatus: [{ start: 0, end: 6 }],
    hits: [
      { offset: 7, length: 3 },
      { offset: 15, length: 1 },
    ],
  };
  const lines = buildReaderLines(section);

  it('gives every printed line its id, locator and the page it opens, keeping every character once', () => {
    expect(lines.map((l) => [l.lineId, l.locator, l.page?.label ?? null])).toEqual([
      ['018-2a.1', '卷十四 葉2a 行1', '卷十四 葉2a'],
      ['018-2a.2', '卷十四 葉2a 行2', null],
      ['018-2b.1', '卷十四 葉2b 行1', '卷十四 葉2b'],
    ]);
    expect(lines.map((l) => l.runs.map((r) => r.text).join('')).join('\n')).toBe(section.text);
  });

  it('marks apparatus, notes and hits inside a line', () => {
    expect(lines[0]?.runs).toEqual([{ text: '欽定四庫全書', note: false, apparatus: true, hit: null, gaiji: null }]);
    expect(lines[1]?.runs).toEqual([
      { text: '翠屏山', note: false, apparatus: false, hit: 0, gaiji: null },
      { text: '在縣東', note: true, apparatus: false, hit: null, gaiji: null },
    ]);
    expect(lines[2]?.runs.map((r) => [r.text, r.hit])).toEqual([
      ['其', null],
      ['山', 1],
      ['如屏', null],
    ]);
  });

  it('lets a hit run across a line break', () => {
    const split = buildReaderLines({
      title: '卷一',
      text: '長白\n山下',
      anchors: [],
      notes: [],
      apparatus: [],
      hits: [{ offset: 0, length: 4 }],
    });
    expect(
      split.map((l) =>
        l.runs
          .filter((r) => r.hit === 0)
          .map((r) => r.text)
          .join(''),
      ),
    ).toEqual(['長白', '山']);
    expect(split.map((l) => l.locator)).toEqual(['卷一 第1段', '卷一 第2段']);
  });

  it('marks a glyph with no character by its source code', () => {
    const g = buildReaderLines({
      title: '卷一',
      text: '古渡在〓水之南',
      anchors: [],
      notes: [],
      apparatus: [],
      hits: [],
      glyphs: [{ offset: 3, code: 'KR9003' }],
    });
    expect(g[0]?.runs.map((r) => [r.text, r.gaiji])).toEqual([
      ['古渡在', null],
      ['〓', 'KR9003'],
      ['水之南', null],
    ]);
  });
});
