/**
 * The Kanripo parser against the real corpus in ../shared (not part of the repository; skipped when absent).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParsedBook } from '../book-model.ts';
import { parseKanripoBook, type KanripoFile } from './kanripo.ts';
import { parseKanripoReadme } from './kanripo-readme.ts';
import { parseGaijiTable } from './kr-gaiji.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../../../..');
const corpus = path.resolve(repoRoot, '../shared/corpus');
const hasCorpus = existsSync(path.join(corpus, 'kanripo'));
if (!hasCorpus) console.log(`未找到语料 ${corpus}，跳过真实古籍的导入测试。`);

const TITLES = [
  'KR2k0038',
  'KR2k0040',
  'KR2k0041',
  'KR2k0042',
  'KR2k0044',
  'KR2k0046',
  'KR2k0047',
  'KR2k0049',
  'KR2k0052',
  'KR2k0130',
];

interface LoadedTitle {
  files: KanripoFile[];
  readme: string;
  book: ParsedBook;
}

describe.skipIf(!hasCorpus)('parseKanripoBook on the Kanseki Repository corpus', () => {
  const gaiji = hasCorpus
    ? parseGaijiTable(readFileSync(path.join(corpus, 'kr-gaiji/charlist.org.txt'), 'utf8'))
    : new Map();
  const loaded = new Map<string, LoadedTitle>();
  const load = (id: string): LoadedTitle => {
    const cached = loaded.get(id);
    if (cached) return cached;
    const dir = path.join(corpus, 'kanripo', id);
    const files = readdirSync(dir)
      .filter((name) => name.endsWith('.txt'))
      .map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') }));
    const readme = readFileSync(path.join(dir, 'Readme.org'), 'utf8');
    const title = { files, readme, book: parseKanripoBook(files, { gaiji, readme }) };
    loaded.set(id, title);
    return title;
  };

  it.each(TITLES)('%s: id, title and one juan section per JUAN property', (id) => {
    const { files, readme, book } = load(id);
    expect(book.metadata.sourceId).toBe(id);
    expect(book.metadata.title).toBe(parseKanripoReadme(readme).title);
    const juanProperties = files.reduce((n, f) => n + (f.text.match(/^#\+PROPERTY: JUAN/gm)?.length ?? 0), 0);
    const filesWithout = files.filter((f) => !/^#\+PROPERTY: JUAN/m.test(f.text) && f.text.includes('¶')).length;
    const readmeExtras = book.sections.length - juanProperties - filesWithout;
    expect(readmeExtras).toBeGreaterThanOrEqual(0);
    expect(book.sections.every((s) => s.level === 1 && s.title !== '')).toBe(true);
  });

  it.each(TITLES)('%s: the table of contents has every juan of Readme.org, starting on its page', (id) => {
    const { files, readme, book } = load(id);
    const allAnchors = new Set(book.sections.flatMap((s) => s.anchors.map((a) => a.id)));
    const sectionStarts = new Map(book.sections.map((s) => [s.anchors[0]?.id, s.title]));
    const entries = parseKanripoReadme(readme).entries.filter((e) => allAnchors.has(e.anchor));
    const juanTitlesInReadme = new Set(entries.map((e) => e.title).filter((t) => t.startsWith('卷')));
    const juanTitlesInBook = new Set(book.sections.map((s) => s.title).filter((t) => t.startsWith('卷')));
    for (const title of juanTitlesInReadme) expect(juanTitlesInBook.has(title), title).toBe(true);
    // Juan the Readme leaves out (it points some of KR2k0052's at pages that do not exist) come from the source's own
    // JUAN properties, never from guesswork.
    for (const title of juanTitlesInBook) {
      if (!juanTitlesInReadme.has(title))
        expect(
          files.some((f) => f.text.includes(`JUAN ${title}`)),
          title,
        ).toBe(true);
    }
    for (const entry of entries) {
      // The repository's Readme sometimes lists a juan again further in; a repeat does not start a new section.
      if (sectionStarts.has(entry.anchor)) continue;
      expect(juanTitlesInBook.has(entry.title), `${entry.anchor} ${entry.title}`).toBe(true);
    }
  });

  it.each(TITLES)('%s: every page marker becomes an anchor and no markup is left', (id) => {
    const { files, book } = load(id);
    const markers = files.reduce((n, f) => n + (f.text.match(/<pb:/g)?.length ?? 0), 0);
    const anchors = book.sections.flatMap((s) => s.anchors);
    expect(anchors).toHaveLength(markers);
    expect(new Set(anchors.map((a) => a.id)).size).toBe(markers);
    for (const section of book.sections) {
      const outsideGlyphDescriptions = section.text.replace(/\[[^\]\n]*\]/g, '');
      expect(outsideGlyphDescriptions).not.toMatch(/¶|<pb:|&KR|[()/]/);
      for (const anchor of section.anchors) expect(anchor.offset).toBeLessThanOrEqual(section.text.length);
    }
  });

  it.each(TITLES)('%s: notes are exactly the text that stood inside (…)', (id) => {
    const { files, book } = load(id);
    const countChars = (s: string): number => Array.from(s.replace(/[\s\u3000]/g, '')).length;
    let insideParens = 0;
    for (const file of files) {
      const body = file.text
        .split('\n')
        .filter((line) => !line.startsWith('#'))
        .join('\n')
        .replace(/<pb:[^>]*>/g, '')
        .replace(/¶/g, '')
        .replace(/&KR\d+;/g, 'X')
        .replace(/\[[^\]\n]*\]/g, (description) => description.replace(/[()/]/g, '#'));
      for (const match of body.matchAll(/\(([^)]*)(\)|$)/g)) {
        insideParens += countChars((match[1] ?? '').replace(/\//g, ''));
      }
    }
    let inNotes = 0;
    for (const section of book.sections) {
      for (const note of section.notes) inNotes += countChars(section.text.slice(note.start, note.end));
    }
    expect(inNotes).toBe(insideParens);
  });

  it('KR2k0040 juan 27 covers 長白山 and 寧古塔', () => {
    const { book } = load('KR2k0040');
    const juan27 = book.sections.find((s) => s.title === '卷二十七');
    expect(juan27?.anchors[0]).toMatchObject({ id: '027-1a', label: '卷二十七 葉1a' });
    expect(book.metadata).toMatchObject({
      edition: '文淵閣四庫全書本',
      bib: { juanCount: 130, series: '四庫全書', editionKind: '四庫全書本' },
    });
    expect(juan27?.text).toContain('長白山');
    expect(juan27?.text).toContain('寧古塔');
  });

  it('KR2k0041 numbered headers get juan titles, and its front matter is split as its Readme lists it', () => {
    const { book } = load('KR2k0041');
    expect(book.sections[0]?.title).toBe('目録');
    expect(book.sections.filter((s) => s.anchors[0]?.id.startsWith('000-'))).toHaveLength(11);
    expect(book.sections.some((s) => s.title === '卷一百二十')).toBe(true);
  });
});
