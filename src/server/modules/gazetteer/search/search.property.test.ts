/**
 * Property test: for random sections and random queries of every length — substrings of the text (across line breaks
 * and indentation too), strings that do not occur, and boolean combinations — in both fold modes, the engine's hits
 * equal the brute-force oracle's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchByBruteForce } from '../../../test/gazetteer/brute-force.ts';
import { getDefaultFolder } from './fold.ts';
import { PostingEngine } from './posting-index.ts';
import type { IndexedSection } from './search-index.ts';

function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Traditional/simplified/variant pairs, Latin in both cases and widths, an astral character, punctuation and layout.
const ALPHABET = [...'縣县志寧宁寕甯乾干隆山林吉長长白aAＡb1１，。𠀀\n\n　 '];
const TYPES = ['通志', '府志', '县志'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function randomText(random: () => number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += pick(random, ALPHABET);
  return text;
}

function randomSubstring(random: () => number, sections: IndexedSection[]): string {
  const chars = [...pick(random, sections).text];
  const length = 1 + Math.floor(random() * 10);
  const start = Math.floor(random() * Math.max(1, chars.length - length));
  return chars.slice(start, start + length).join('');
}

function randomTerm(random: () => number, sections: IndexedSection[]): string {
  const raw = random() < 0.8 ? randomSubstring(random, sections) : randomText(random, 1 + Math.floor(random() * 4));
  const term = raw.replace(/[\s\u3000]/g, '');
  return term === '' ? '山' : term;
}

function randomQuery(random: () => number, sections: IndexedSection[]): string {
  const t = (): string => `"${randomTerm(random, sections)}"`;
  switch (Math.floor(random() * 11)) {
    case 0:
      return `${t()} ${t()}`;
    case 1:
      return `${t()} OR ${t()}`;
    case 2:
      return `${t()} -${t()}`;
    case 3:
      return `${t()} NEAR/${Math.floor(random() * 6)} ${t()}`;
    case 8: {
      // Short terms, which occur often: NEAR of terms of two or more characters is decided on their positions.
      const short = (): string => {
        const chars = [...randomSubstring(random, sections).replace(/[\s\u3000]/g, '')];
        return `"${chars.slice(0, 2 + Math.floor(random() * 2)).join('') || '山林'}"`;
      };
      return `${short()} NEAR/${Math.floor(random() * 12)} ${short()}${random() < 0.3 ? ` -${t()}` : ''}`;
    }
    case 4:
      return `(${t()} OR ${t()}) NOT ${t()}`;
    case 5: {
      // A term twice: the same span is one hit.
      const same = t();
      return `${same} OR (${same} ${t()})`;
    }
    case 6:
      return `(${t()} ${t()}) OR (${t()} -${t()}) OR ${t()}`;
    case 7:
      return `${t()} -(${t()} OR ${t()})`;
    default:
      return t();
  }
}

describe('search engine against brute force', () => {
  const random = createRandom(20240611);
  const sections: IndexedSection[] = [];
  for (let id = 1; id <= 60; id++) {
    const text = randomText(random, Math.floor(random() * 160));
    // Every other section has apparatus left out of the search text (two random ranges, possibly overlapping).
    const skip =
      id % 2 === 0 && text.length > 4
        ? [0, 1].map(() => {
            const start = Math.floor(random() * (text.length - 2));
            return { start, end: Math.min(text.length, start + 1 + Math.floor(random() * 12)) };
          })
        : undefined;
    sections.push({
      sectionId: id,
      bookId: 1 + (id % 4),
      text,
      ...(skip ? { skip } : {}),
      // Facets belong to the book (the index keeps them per book, as books have them).
      facets: {
        type: TYPES[(1 + (id % 4)) % TYPES.length] as string,
        region: 1 + (id % 4) === 2 ? null : '吉林',
        period: '清',
        year: 1700 + (id % 4),
        title: `书${id % 4}`,
        // Book 4 is a draft: the public scope must leave it out, exactly.
        published: 1 + (id % 4) !== 4,
      },
    });
  }
  const facetsOf = (matching: Set<number>) => {
    const tally = <T>(pick: (s: IndexedSection) => T) => {
      const counts = new Map<T, number>();
      for (const s of sections) if (matching.has(s.sectionId)) counts.set(pick(s), (counts.get(pick(s)) ?? 0) + 1);
      return [...counts]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || (String(a.value) < String(b.value) ? -1 : 1));
    };
    const book = tally((s) => s.bookId);
    return {
      type: tally((s) => s.facets.type),
      region: tally((s) => s.facets.region),
      period: tally((s) => s.facets.period),
      book: book.map((b) => ({ ...b, label: `书${b.value - 1}` })),
      bookTotal: book.length,
    };
  };
  const index = new PostingEngine({ path: ':memory:' });
  beforeAll(() => {
    for (let book = 1; book <= 4; book++)
      index.indexBook(
        book,
        sections.filter((s) => s.bookId === book),
      );
  });
  afterAll(() => index.close());

  it('returns exactly the brute-force hits for 1500 random queries in both fold modes', async () => {
    for (let round = 0; round < 1500; round++) {
      const query = randomQuery(random, sections);
      const fold = round % 2 === 0;
      const filters =
        round % 5 === 0
          ? { types: ['县志', '府志'] }
          : round % 7 === 0
            ? { sectionIds: [1 + (round % 60), 2 + (round % 59)] }
            : round % 3 === 0
              ? { publishedOnly: true }
              : round % 11 === 0
                ? { publishedOnly: true, types: ['通志'] }
                : undefined;
      const expected = searchByBruteForce(sections, query, fold ? getDefaultFolder() : null, filters);
      const result = await index.search(query, { fold, filters, limit: 1_000_000, facets: false });
      const got = result.hits
        .map((h) => ({ sectionId: h.sectionId, offset: h.offset, length: h.length }))
        .sort((a, b) => a.sectionId - b.sectionId || a.offset - b.offset || a.length - b.length);
      expect({ query, fold, total: result.total, sections: result.sections, hits: got }).toEqual({
        query,
        fold,
        total: expected.total,
        sections: expected.sections,
        hits: expected.hits,
      });
      expect(await index.count(query, { fold, filters })).toEqual({
        total: expected.total,
        sections: expected.sections,
      });
      // Facets count matching sections per book and per the book's type, region and period, most first, ties by value.
      if (round % 10 === 0) {
        const { facets } = await index.search(query, { fold, filters, limit: 20 });
        expect({ query, facets }).toEqual({ query, facets: facetsOf(new Set(expected.hits.map((h) => h.sectionId))) });
      }
    }
  });

  it('still agrees after a book is replaced and another removed', async () => {
    const replaced = sections.filter((s) => s.bookId === 2).map((s) => ({ ...s, text: randomText(random, 80) }));
    index.indexBook(2, replaced);
    index.removeBook(3);
    const current = [...sections.filter((s) => s.bookId !== 2 && s.bookId !== 3), ...replaced];
    for (let round = 0; round < 300; round++) {
      const query = randomQuery(random, current);
      const expected = searchByBruteForce(current, query, getDefaultFolder());
      expect(await index.count(query)).toEqual({ total: expected.total, sections: expected.sections });
    }
  });
});
