/**
 * Loads the shared Kanseki Repository corpus (../shared/corpus/kanripo) as indexable sections for the search benchmark,
 * through the ingest module's Kanripo parser. `scale` replicates every book under new ids for larger sizes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseKanripoBook } from '../src/server/modules/gazetteer/ingest/kanripo.ts';
import { listVariantPairs, parseGaijiTable, type GaijiTable } from '../src/server/modules/gazetteer/ingest/kr-gaiji.ts';
import type { IndexedSection } from '../src/server/modules/gazetteer/search/search-index.ts';

export interface BenchCorpus {
  books: { bookId: number; title: string; sections: IndexedSection[] }[];
  /** Display characters (UTF-16 units) over all sections. */
  chars: number;
  /** KR-Gaiji form → normalized pairs, handed to the index as extra variants. */
  variants: [string, string][];
}

// Facet values for the benchmark's filters: the book kind and the province each title covers (our own labels).
const REGIONS: Record<string, string> = {
  KR2k0038: '东北',
  KR2k0040: '奉天',
  KR2k0041: '直隶',
  KR2k0042: '江南',
  KR2k0044: '浙江',
  KR2k0046: '湖广',
  KR2k0047: '河南',
  KR2k0049: '山西',
  KR2k0052: '四川',
  KR2k0130: '黑龙江',
};

export function findCorpusRoot(repoRoot: string): string | null {
  const root = path.resolve(repoRoot, '../shared/corpus');
  return existsSync(path.join(root, 'kanripo')) ? root : null;
}

export function loadBenchCorpus(corpusRoot: string, scale: number): BenchCorpus {
  const gaijiPath = path.join(corpusRoot, 'kr-gaiji', 'charlist.org.txt');
  const gaiji: GaijiTable | null = existsSync(gaijiPath) ? parseGaijiTable(readFileSync(gaijiPath, 'utf8')) : null;
  const variants = gaiji ? listVariantPairs(gaiji).map((p): [string, string] => [p.form, p.normalized]) : [];
  const kanripo = path.join(corpusRoot, 'kanripo');
  const parsed = readdirSync(kanripo)
    .sort()
    .map((id) => {
      const dir = path.join(kanripo, id);
      const files = readdirSync(dir)
        .filter((name) => name.endsWith('.txt'))
        .map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') }));
      const readmePath = path.join(dir, 'Readme.org');
      const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : null;
      return { id, book: parseKanripoBook(files, { gaiji, readme }) };
    });
  const books: BenchCorpus['books'] = [];
  let chars = 0;
  let sectionId = 1;
  for (let copy = 0; copy < scale; copy++) {
    parsed.forEach(({ id, book }, i) => {
      const bookId = copy * parsed.length + i + 1;
      const title = copy === 0 ? book.metadata.title : `${book.metadata.title}（副本${copy}）`;
      const sections = book.sections.map((s) => {
        chars += s.text.length;
        return {
          sectionId: sectionId++,
          bookId,
          text: s.text,
          facets: {
            type: id === 'KR2k0038' || id === 'KR2k0130' ? '专志' : '通志',
            region: REGIONS[id] ?? null,
            period: '清',
            year: 1700 + i * 10,
            title,
          },
        };
      });
      books.push({ bookId, title, sections });
    });
  }
  return { books, chars, variants };
}
