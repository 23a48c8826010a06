/**
 * The edition's apparatus on real text: 欽定盛京通志 (KR2k0040) from ../shared/corpus, read at run time (nothing of it is
 * in the repository). The indexed text must be exactly the display text without its edition headers and title-and-卷
 * lines, and every count must equal a brute-force count over that text. Skipped when ../shared is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findApparatus } from './apparatus.ts';
import { parseKanripoBook } from './ingest/kanripo.ts';
import { listVariantPairs, parseGaijiTable } from './ingest/kr-gaiji.ts';
import { createFolder } from './search/fold.ts';
import { PostingEngine } from './search/posting-index.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const corpus = path.resolve(repoRoot, '../shared/corpus');
const bookDir = path.join(corpus, 'kanripo', 'KR2k0040');
const present = existsSync(bookDir);
if (!present) console.log('未找到 ../shared/corpus/kanripo/KR2k0040，跳过“检索文本不含书名卷次行”的真实语料测试。');

/** The test's own idea of a heading line (the title alone heads some pages), written independently of apparatus.ts. */
function isHead(line: string): boolean {
  const t = line.replace(/[\s\u3000]/g, '');
  return t === '欽定四庫全書' || /^(欽定)?盛京通志([卷巻]之?[一二三四五六七八九十百]+[上下]?)?$/.test(t);
}

function countOf(text: string, term: string): number {
  return text.split(term).length - 1;
}

describe.skipIf(!present)('search text without apparatus (KR2k0040)', () => {
  const gaiji = parseGaijiTable(readFileSync(path.join(corpus, 'kr-gaiji', 'charlist.org.txt'), 'utf8'));
  const variants = listVariantPairs(gaiji).map((p): [string, string] => [p.form, p.normalized]);
  const folder = createFolder(variants);
  const files = present
    ? readdirSync(bookDir)
        .filter((n) => n.endsWith('.txt'))
        .map((name) => ({ name, text: readFileSync(path.join(bookDir, name), 'utf8') }))
    : [];
  const readme = present ? readFileSync(path.join(bookDir, 'Readme.org'), 'utf8') : '';
  const book = parseKanripoBook(files, { gaiji, readme });
  const index = new PostingEngine({ path: ':memory:', extraVariants: variants });
  const facets = { type: '旧志', region: '210000', period: '清', year: 1779, title: book.metadata.title };
  index.indexBook(
    1,
    book.sections.map((s, i) => ({
      sectionId: i + 1,
      bookId: 1,
      text: s.text,
      facets,
      skip: findApparatus(s.text, s.anchors, {
        titles: [book.metadata.title],
        format: 'kanripo',
        rule: null,
        fold: (t) => folder.foldText(t),
      }),
    })),
  );
  const withoutHeads = book.sections.map((s) =>
    s.text
      .split('\n')
      .filter((line) => !isHead(line))
      .join('')
      .replace(/[\s\u3000]/g, ''),
  );
  afterAll(() => index.close());

  it('the book prints its apparatus hundreds of times', async () => {
    const heads = book.sections.reduce((n, s) => n + s.text.split('\n').filter(isHead).length, 0);
    expect(heads).toBeGreaterThan(400);
  });

  it('indexes each juan exactly without its edition headers and title-and-卷 lines', async () => {
    for (const [i, expected] of withoutHeads.entries()) {
      const indexed = await index.searchText(i + 1, { fold: false });
      expect(indexed === expected, `section ${i + 1} (${book.sections[i]?.title})`).toBe(true);
    }
  });

  it.each(['欽定四庫全書', '盛京通志', '長白山', '寧古塔', '吉林'])(
    '「%s」: hit count equals a brute-force count over the text without heads',
    async (term) => {
      const expected = withoutHeads.reduce((n, text) => n + countOf(text, term), 0);
      expect((await index.count(term, { fold: false })).total).toBe(expected);
    },
  );

  it('the apparatus no longer inflates the title words', async () => {
    const raw = book.sections.reduce((n, s) => n + countOf(s.text.replace(/[\s\u3000]/g, ''), '欽定四庫全書'), 0);
    expect((await index.count('欽定四庫全書', { fold: false })).total).toBeLessThan(raw / 10);
  });
});
