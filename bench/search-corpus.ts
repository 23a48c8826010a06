/**
 * The search benchmark's corpus, scaled from the shared Kanseki Repository titles (../shared/corpus/kanripo), parsed by
 * the ingest module's Kanripo parser. Copy 0 is the corpus as it is; every further copy keeps the 1,000 most frequent
 * characters and remaps every other Han character by a permutation drawn for that copy (BMP to BMP, astral to astral,
 * so offsets and anchors stay valid): frequent words grow linearly with the scale and names diversify, as in a real
 * collection. Deterministic (seeded); the copies are written to a temporary directory, never to the repository.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseKanripoBook } from '../src/server/modules/gazetteer/ingest/kanripo.ts';
import { listVariantPairs, parseGaijiTable, type GaijiTable } from '../src/server/modules/gazetteer/ingest/kr-gaiji.ts';
import type { ParsedBook } from '../src/server/modules/gazetteer/book-model.ts';

// Facet values for the benchmark's books: the province each title covers (our own labels, GB/T 2260 codes).
const REGIONS: Record<string, string> = {
  KR2k0038: '220000',
  KR2k0040: '210000',
  KR2k0041: '130000',
  KR2k0042: '320000',
  KR2k0044: '330000',
  KR2k0046: '420000',
  KR2k0047: '410000',
  KR2k0049: '140000',
  KR2k0052: '510000',
  KR2k0130: '230000',
};

export function findCorpusRoot(repoRoot: string): string | null {
  const root = path.resolve(repoRoot, '../shared/corpus');
  return existsSync(path.join(root, 'kanripo')) ? root : null;
}

export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

export interface CorpusBook {
  /** File of the generated book (JSON of `ParsedBook` plus the facets given at ingest). */
  file: string;
  chars: number;
}

export interface GeneratedBook {
  book: ParsedBook;
  region: string | null;
  year: number;
}

export interface ScaledCorpus {
  dir: string;
  books: CorpusBook[];
  /** Display characters (UTF-16 units) over all sections. */
  chars: number;
  textBytes: number;
  variants: [string, string][];
  gaijiFile: string | null;
}

const isHan = (cp: number) =>
  (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x20000 && cp <= 0x2a6df);

/** Writes `scale` copies of the corpus under `dir` (one JSON file per book) and returns their list. */
export function generateScaledCorpus(
  corpusRoot: string,
  scale: number,
  dir: string,
  maxBooks = Infinity,
): ScaledCorpus {
  const gaijiFile = path.join(corpusRoot, 'kr-gaiji', 'charlist.org.txt');
  const gaiji: GaijiTable | null = existsSync(gaijiFile) ? parseGaijiTable(readFileSync(gaijiFile, 'utf8')) : null;
  const variants = gaiji ? listVariantPairs(gaiji).map((p): [string, string] => [p.form, p.normalized]) : [];
  const kanripo = path.join(corpusRoot, 'kanripo');
  const parsed = readdirSync(kanripo)
    .sort()
    .map((id) => {
      const folder = path.join(kanripo, id);
      const files = readdirSync(folder)
        .filter((name) => name.endsWith('.txt'))
        .map((name) => ({ name, text: readFileSync(path.join(folder, name), 'utf8') }));
      const readmePath = path.join(folder, 'Readme.org');
      const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : null;
      return { id, book: parseKanripoBook(files, { gaiji, readme }) };
    });
  const frequency = new Map<number, number>();
  for (const { book } of parsed)
    for (const s of book.sections)
      for (const ch of s.text) {
        const cp = ch.codePointAt(0) as number;
        if (isHan(cp)) frequency.set(cp, (frequency.get(cp) ?? 0) + 1);
      }
  const kept = new Set(
    [...frequency]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, 1000)
      .map(([cp]) => cp),
  );
  const rareBmp = [...frequency.keys()].filter((cp) => !kept.has(cp) && cp < 0x10000).sort((a, b) => a - b);
  const rareAstral = [...frequency.keys()].filter((cp) => !kept.has(cp) && cp >= 0x10000).sort((a, b) => a - b);
  const targetsBmp: number[] = [];
  for (let cp = 0x3400; cp <= 0x9fff; cp++) if (isHan(cp) && !kept.has(cp)) targetsBmp.push(cp);
  const targetsAstral: number[] = [];
  for (let cp = 0x20000; cp <= 0x2a6df; cp++) targetsAstral.push(cp);

  mkdirSync(dir, { recursive: true });
  const books: CorpusBook[] = [];
  let chars = 0;
  let textBytes = 0;
  for (let copy = 0; copy < scale; copy++) {
    let remap: ((text: string) => string) | null = null;
    if (copy > 0) {
      const random = createRandom(1000 + copy);
      const bmp = shuffle([...targetsBmp], random);
      const astral = shuffle([...targetsAstral], random);
      const map = new Map<number, string>();
      rareBmp.forEach((cp, i) => map.set(cp, String.fromCodePoint(bmp[i] as number)));
      rareAstral.forEach((cp, i) => map.set(cp, String.fromCodePoint(astral[i] as number)));
      remap = (text) => {
        let out = '';
        for (const ch of text) out += map.get(ch.codePointAt(0) as number) ?? ch;
        return out;
      };
    }
    parsed.forEach(({ id, book }, i) => {
      if (books.length >= maxBooks) return;
      const sections = book.sections.map((s) => ({ ...s, text: remap ? remap(s.text) : s.text }));
      const generated: GeneratedBook = {
        book: {
          ...book,
          metadata: {
            ...book.metadata,
            sourceId: copy === 0 ? id : `${id}-copy${copy}`,
            title: copy === 0 ? book.metadata.title : `${book.metadata.title}（副本${copy}）`,
          },
          sections,
        },
        region: REGIONS[id] ?? null,
        year: 1700 + i * 10 + copy,
      };
      let bookChars = 0;
      for (const s of sections) {
        bookChars += s.text.length;
        textBytes += Buffer.byteLength(s.text);
      }
      chars += bookChars;
      const file = path.join(dir, `copy${copy}-${id}.json`);
      writeFileSync(file, JSON.stringify(generated));
      books.push({ file, chars: bookChars });
    });
  }
  return { dir, books, chars, textBytes, variants, gaijiFile: existsSync(gaijiFile) ? gaijiFile : null };
}

export function readGeneratedBook(file: string): GeneratedBook {
  return JSON.parse(readFileSync(file, 'utf8')) as GeneratedBook;
}
