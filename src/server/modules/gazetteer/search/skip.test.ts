import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { searchByBruteForce } from '../../../test/gazetteer/brute-force.ts';
import { createFolder } from './fold.ts';
import { sectionApparatus } from '../book-apparatus.ts';
import { PostingEngine, withApparatusFound } from './posting-index.ts';
import type { IndexedSection } from './search-index.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'fangzhi-skip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = '青河府志卷一\n青河府志曰山高\n青河府志卷一';
const head = text.indexOf('\n');
const tail = text.lastIndexOf('\n') + 1;
const section: IndexedSection = {
  sectionId: 1,
  bookId: 1,
  text,
  skip: [
    { start: tail, end: text.length },
    { start: 0, end: head },
  ],
  facets: { type: '旧志', region: null, period: null, year: null, title: '青河府志' },
};

describe('skipped ranges (the apparatus) in the index', () => {
  it('are left out of tokens, counts and hits, in agreement with the brute-force oracle, and survive reopening', async () => {
    const file = path.join(dir, 'a.sqlite');
    const index = new PostingEngine({ path: file });
    index.indexBook(1, [section]);
    const expected = searchByBruteForce([section], '府志', createFolder());
    expect(expected.total).toBe(1);
    expect(await index.count('府志')).toEqual({ total: 1, sections: 1 });
    expect((await index.search('府志')).hits.map((h) => h.offset)).toEqual(expected.hits.map((h) => h.offset));
    expect((await index.count('卷一')).total).toBe(0);
    await index.close();
    const reopened = new PostingEngine({ path: file, extraVariants: [['㐀', '山']] });
    expect(reopened.needsRebuild).toBe(false);
    expect(await reopened.searchText(1, { fold: false })).toBe('青河府志曰山高');
    expect((await reopened.count('府志')).total).toBe(1);
    await reopened.close();
  });

  it('an index file from before skipping asks to be rebuilt from the books', async () => {
    const file = path.join(dir, 'old.sqlite');
    const old = new Database(file);
    old.exec(`CREATE TABLE section(section_id INTEGER PRIMARY KEY, book_id INTEGER NOT NULL, type TEXT NOT NULL, region TEXT, period TEXT,
      year INTEGER, title TEXT NOT NULL, tokens INTEGER NOT NULL, display TEXT NOT NULL);
      INSERT INTO section VALUES (1, 1, '旧志', NULL, NULL, NULL, '青河府志', 3, '${text}');`);
    old.close();
    const index = new PostingEngine({ path: file });
    expect(index.needsRebuild).toBe(true);
    index.indexBook(1, [section]);
    expect((await index.count('府志')).total).toBe(1);
    await index.close();
  });

  it('an apparatus sent as what it is found from is found by the index, as the reader finds it', async () => {
    const book = { title: '青河府志', source_format: 'kanripo', search_rule: null };
    const anchorsJson = JSON.stringify([{ offset: 0, id: 'p1a' }]);
    const { skip: _given, ...bare } = section;
    const sent: IndexedSection = { ...bare, apparatus: { book, anchorsJson } };
    const found = sectionApparatus(book, { text, anchors: [{ offset: 0 }] }, createFolder());
    expect(found.length).toBeGreaterThan(0);
    const resolved = withApparatusFound(sent, createFolder());
    expect(resolved.skip).toEqual(found);
    expect(resolved).not.toHaveProperty('apparatus');
    // A skip that came with the section stands; a section without either is searched whole.
    expect(withApparatusFound({ ...sent, skip: [] }, createFolder()).skip).toEqual([]);
    expect(withApparatusFound(bare, createFolder())).toEqual(bare);

    const index = new PostingEngine({ path: path.join(dir, 'found.sqlite') });
    index.indexBook(1, [sent]);
    const expected = searchByBruteForce([{ ...bare, skip: found }], '府志', createFolder());
    expect(await index.count('府志')).toEqual({ total: expected.total, sections: 1 });
    expect((await index.count('卷一')).total).toBe(0);
    index.indexSection({ ...sent, sectionId: 2, apparatus: { book: { ...book, title: '別志' }, anchorsJson } });
    // Under another title those lines are text: found in section 2's first line and its last.
    expect((await index.count('卷一')).total).toBe(2);
    await index.close();
  });
});
