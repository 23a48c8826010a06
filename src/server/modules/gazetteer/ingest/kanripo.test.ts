import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatChineseNumber, KANRIPO_LICENCE, parseKanripoBook, type KanripoFile } from './kanripo.ts';
import { parseGaijiTable } from './kr-gaiji.ts';

const fixtures = path.join(import.meta.dirname, 'fixtures/kanripo');
const gaiji = parseGaijiTable(readFileSync(path.join(fixtures, 'charlist-sample.txt'), 'utf8'));

function readTitle(dir: string): { files: KanripoFile[]; readme: string } {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.txt'))
    .map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') }));
  return { files, readme: readFileSync(path.join(dir, 'Readme.org'), 'utf8') };
}

describe('parseKanripoBook on the sample title', () => {
  const { files, readme } = readTitle(path.join(fixtures, 'KR9z0001'));
  const book = parseKanripoBook(files, { gaiji, readme });

  it('takes the id, title, edition and licence from the source', () => {
    expect(book.metadata).toEqual({
      sourceId: 'KR9z0001',
      title: '青嵐縣志',
      edition: '虛構示例本 (DEMO)',
      licence: KANRIPO_LICENCE,
      // A witness that is not a 四庫全書 set: no series or holding is made up; 卷数 counts numbered juan (卷二上 and
      // 卷二下 are one 卷), not the 序 or the sections.
      bib: {
        juanCount: 2,
        contributors: [],
        compiledYear: null,
        printedYear: null,
        editionKind: null,
        holding: null,
        series: null,
      },
    });
  });

  it('makes one section per juan and per Readme entry inside the front matter', () => {
    expect(book.sections.map((s) => [s.level, s.title])).toEqual([
      [1, '序'],
      [1, '凡例'],
      [1, '卷一'],
      [1, '卷二上'],
      [1, '卷二下'],
    ]);
  });

  it('removes the line marks and joins printed lines with newlines', () => {
    const juan2 = book.sections[3];
    expect(juan2?.text).toBe('青嵐縣志卷二上\n　　戸口\n　　舊額三千餘戸');
  });

  it('reads a two-column note first column then second, and keeps it in the text as a note range', () => {
    const juan1 = book.sections[2];
    if (!juan1) throw new Error('no juan 1');
    const noteTexts = juan1.notes.map((n) => juan1.text.slice(n.start, n.end));
    expect(noteTexts[0]).toBe('在縣城東十里山勢如屏四時常翠');
    // A note that runs over a page break stays one range, with the line break inside it.
    expect(noteTexts[1]).toBe('源出翠屏山北流入淮江其\n流甚緩土人謂之慢河');
    expect(juan1.text.replace(/\[[^\]]*\]/g, '')).not.toMatch(/[()¶/]|<pb:|&KR/);
  });

  it('maps glyph codes through the table and keeps composed-glyph descriptions whole', () => {
    const juan1 = book.sections[2]?.text ?? '';
    expect(juan1).toContain('㵎水');
    expect(juan1).toContain('古渡在〓水之南[卄/木]木成林');
    expect(book.warnings.filter((w) => w.includes('KR9003'))).toHaveLength(1);
  });

  it('anchors every page side where its text begins, labelled with the juan', () => {
    const juan1 = book.sections[2];
    if (!juan1) throw new Error('no juan 1');
    expect(juan1.anchors.map((a) => [a.id, a.label])).toEqual([
      ['001-1a', '卷一 葉1a'],
      ['001-1b', '卷一 葉1b'],
      ['001-2a', '卷一 葉2a'],
      ['001-2b', '卷一 葉2b'],
    ]);
    const page1b = juan1.anchors[1];
    expect(juan1.text.slice(page1b?.offset)).toMatch(/^流甚緩/);
    expect(juan1.text.slice(juan1.anchors[3]?.offset)).toMatch(/^　　古渡/);
  });

  it('splits a file at a second JUAN property', () => {
    expect(book.sections[4]?.anchors[0]?.id).toBe('002-2a');
    expect(book.sections[4]?.text.startsWith('青嵐縣志卷二下')).toBe(true);
  });
});

describe('parseKanripoBook on a lone juan file in the numbered-header layout', () => {
  const text = readFileSync(path.join(fixtures, 'KR9z0002_003.txt'), 'utf8');
  const book = parseKanripoBook([{ name: 'KR9z0002_003.txt', text }]);

  it('is a one-juan book titled from the number, with a warning for the missing page marker', () => {
    expect(book.metadata.sourceId).toBe('KR9z0002');
    expect(book.sections.map((s) => s.title)).toEqual(['卷三']);
    expect(book.sections[0]?.anchors).toEqual([]);
    expect(book.warnings.some((w) => w.includes('没有页码标记'))).toBe(true);
  });

  it('without a glyph table still removes note markup', () => {
    const section = book.sections[0];
    expect(section?.text).toBe('　白石鎮在河曲之地\n　一作白石村居民以石為業');
    expect(section?.notes.map((n) => section.text.slice(n.start, n.end))).toEqual(['一作白石村']);
  });
});

describe('formatChineseNumber', () => {
  it('writes juan numbers as they are printed', () => {
    expect([1, 10, 14, 27, 100, 105, 120, 131].map(formatChineseNumber)).toEqual([
      '一',
      '十',
      '十四',
      '二十七',
      '一百',
      '一百零五',
      '一百二十',
      '一百三十一',
    ]);
  });
});
