/**
 * The engine against brute force on real text: 欽定盛京通志 (KR2k0040) from the shared Kanseki Repository corpus,
 * read at run time (nothing of it is in the repository). Skipped when ../shared is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseKanripoBook } from '../ingest/kanripo.ts';
import { listVariantPairs, parseGaijiTable } from '../ingest/kr-gaiji.ts';
import { searchByBruteForce } from '../../../test/gazetteer/brute-force.ts';
import { createFolder } from './fold.ts';
import { PostingEngine } from './posting-index.ts';
import type { IndexedSection } from './search-index.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const corpus = path.resolve(repoRoot, '../shared/corpus');
const bookDir = path.join(corpus, 'kanripo', 'KR2k0040');
const present = existsSync(bookDir);
if (!present) console.log('未找到 ../shared/corpus/kanripo/KR2k0040，跳过真实语料检索测试。');

describe.skipIf(!present)('search on the real corpus (KR2k0040)', () => {
  const gaijiPath = path.join(corpus, 'kr-gaiji', 'charlist.org.txt');
  const gaiji = existsSync(gaijiPath) ? parseGaijiTable(readFileSync(gaijiPath, 'utf8')) : null;
  const variants = gaiji ? listVariantPairs(gaiji).map((p): [string, string] => [p.form, p.normalized]) : [];
  const files = present
    ? readdirSync(bookDir)
        .filter((n) => n.endsWith('.txt'))
        .map((name) => ({ name, text: readFileSync(path.join(bookDir, name), 'utf8') }))
    : [];
  const book = parseKanripoBook(files, { gaiji });
  const sections: IndexedSection[] = book.sections.map((s, i) => ({
    sectionId: i + 1,
    bookId: 1,
    text: s.text,
    facets: { type: '通志', region: '奉天', period: '清', year: 1779, title: book.metadata.title },
  }));
  const index = new PostingEngine({ path: ':memory:', extraVariants: variants });
  index.indexBook(1, sections);
  const folder = createFolder(variants);
  afterAll(() => index.close());

  it.each(['長白山', '寧古塔', '寕古塔', '吉林', '山', '县志'])(
    '「%s」 equals brute force in both fold modes',
    async (query) => {
      for (const fold of [true, false]) {
        const expected = searchByBruteForce(sections, query, fold ? folder : null);
        const result = await index.search(query, { fold, limit: 1_000_000, facets: false });
        const got = result.hits
          .map((h) => ({ sectionId: h.sectionId, offset: h.offset, length: h.length }))
          .sort((a, b) => a.sectionId - b.sectionId || a.offset - b.offset);
        expect({ total: result.total, sections: result.sections }).toEqual({
          total: expected.total,
          sections: expected.sections,
        });
        expect(got).toEqual(expected.hits);
      }
    },
  );

  it('folds 寕古塔 into 寧古塔 and finds 縣志 for 县志', async () => {
    expect(await index.count('寕古塔')).toEqual(await index.count('寧古塔'));
    expect((await index.count('寧古塔')).total).toBeGreaterThan((await index.count('寧古塔', { fold: false })).total);
    expect((await index.count('县志')).total).toBeGreaterThan(0);
    expect((await index.count('县志', { fold: false })).total).toBe(0);
  });
});
