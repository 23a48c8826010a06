/**
 * The search benchmark's corpus, scaled from the shared Kanseki Repository titles (../shared/corpus/kanripo), parsed by
 * the ingest module's Kanripo parser. Copy 0 is the corpus as it is; every further copy keeps the 1,000 most frequent
 * characters and remaps every other Han character by a permutation drawn for that copy (BMP to BMP, astral to astral,
 * so offsets and anchors stay valid): frequent words grow linearly with the scale and names diversify, as in a real
 * collection. Deterministic (seeded); the copies are written to a temporary directory, never to the repository.
 * Sized in copies (`--scale N`, ≈ 21 M characters each) or in characters (`--chars 300M`, `--chars 1B`: whole copies
 * and then the books of one more until the target is reached).
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
  /** How long generating took (parsing the originals included) and the JSON characters written. */
  generation?: { seconds: number; parseSeconds: number; fileChars: number };
}

const isHan = (cp: number) =>
  (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x20000 && cp <= 0x2a6df);

/** How much to generate: whole copies of the corpus, or (`chars`) books until that many characters are written. */
export interface CorpusSize {
  /** Copies of the corpus (copy 0 is the corpus itself). Default 1. */
  copies?: number;
  /** Stop after the book that reaches this many characters (copies as needed; the last one partial). */
  chars?: number;
  /** At most this many books (a quick smoke run). */
  maxBooks?: number;
}

/**
 * Parses `--chars` values: `300M`, `1B`, `1.5G`, `500k` or a plain number (characters, i.e. UTF-16 units of display text).
 */
export function parseCharCount(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kKmMgGbB]?)$/.exec(value.trim());
  if (!m) throw new Error(`无法识别的字数“${value}”（例：300M、1B）`);
  const unit = { '': 1, k: 1e3, m: 1e6, g: 1e9, b: 1e9 }[(m[2] as string).toLowerCase()] as number;
  return Math.round(Number(m[1]) * unit);
}

/**
 * The remapping of one copy as a lookup table: code point → code point of the copy (0 = unchanged). BMP characters map
 * to BMP characters and astral to astral, so every UTF-16 offset of the original stays valid in the copy.
 */
function remapTable(
  rareBmp: number[],
  rareAstral: number[],
  targetsBmp: number[],
  targetsAstral: number[],
  copy: number,
) {
  const random = createRandom(1000 + copy);
  const bmp = shuffle([...targetsBmp], random);
  const astral = shuffle([...targetsAstral], random);
  const table = new Int32Array(0x2a6e0);
  rareBmp.forEach((cp, i) => (table[cp] = bmp[i] as number));
  rareAstral.forEach((cp, i) => (table[cp] = astral[i] as number));
  return table;
}

/** `text` with every code point looked up in `table` (one pass over UTF-16 units into a typed array). */
function remapText(text: string, table: Int32Array): string {
  const n = text.length;
  const out = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        const t = cp < table.length ? (table[cp] as number) : 0;
        out[i] = t ? 0xd800 + ((t - 0x10000) >> 10) : c;
        out[i + 1] = t ? 0xdc00 + ((t - 0x10000) & 0x3ff) : d;
        i++;
        continue;
      }
    }
    const t = table[c] as number;
    out[i] = t || c;
  }
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength).toString('utf16le');
}

/**
 * Writes the scaled corpus under `dir` (one JSON file per book, written and dropped one at a time: memory holds the
 * parsed originals, about 21 M characters, whatever the size asked) and returns their list.
 */
export function generateScaledCorpus(corpusRoot: string, size: CorpusSize, dir: string): ScaledCorpus {
  const started = performance.now();
  const maxBooks = size.maxBooks ?? Infinity;
  const targetChars = size.chars ?? Infinity;
  const copies = size.chars !== undefined ? Infinity : (size.copies ?? 1);
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
  const parseSeconds = (performance.now() - started) / 1000;

  mkdirSync(dir, { recursive: true });
  const books: CorpusBook[] = [];
  let chars = 0;
  let textBytes = 0;
  let fileBytes = 0;
  const done = () => books.length >= maxBooks || chars >= targetChars;
  for (let copy = 0; copy < copies && !done(); copy++) {
    const table = copy > 0 ? remapTable(rareBmp, rareAstral, targetsBmp, targetsAstral, copy) : null;
    for (const [i, { id, book }] of parsed.entries()) {
      if (done()) break;
      const sections = book.sections.map((s) => ({ ...s, text: table ? remapText(s.text, table) : s.text }));
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
      const json = JSON.stringify(generated);
      writeFileSync(file, json);
      fileBytes += json.length;
      books.push({ file, chars: bookChars });
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    dir,
    books,
    chars,
    textBytes,
    variants,
    gaijiFile: existsSync(gaijiFile) ? gaijiFile : null,
    generation: { seconds, parseSeconds, fileChars: fileBytes },
  };
}
