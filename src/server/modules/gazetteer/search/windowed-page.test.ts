/**
 * A page of hits is built from the index's stored layouts and windows of display text cut from the pieces of text the
 * database holds (`windowedPage`), not from whole sections. It must give exactly what the whole-text path gives: the same offsets,
 * lengths, snippets and places, on texts with every kind of layout (line breaks, indentation, ASCII and full-width
 * spaces, tabs), characters outside the BMP (surrogate pairs: SQL counts code points, JavaScript UTF-16 units), the
 * edition's apparatus left out of the search text, and page anchors.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors.ts';
import { getDefaultFolder } from './fold.ts';
import { PostingEngine, windowSpans } from './posting-index.ts';
import type { IndexedSection } from './search-index.ts';
import type { SectionTextReader } from '../section-texts.repository.ts';
import { placedHits, shapeAnswer, sharedNow, type UntimedAnswer } from '../search-answer.ts';
import { createScratchDatabase } from '../../../test/cluster-servers.ts';
import { buildSearchText, decodeLayout, encodeLayout, normalizeSkip, windowOf } from './search-text.ts';
import { chunkText, encodePiece, TEXT_CHUNK } from '../section-chunks.ts';
import { decodePiece } from '../../../test/text-pieces.ts';
import { createRandom } from '../../../test/fuzz-importers.ts';

// Few distinct characters, so terms recur across sections; variants the folder folds; four outside the BMP.
const CHARS = [...'山水縣志長白江河東西南北年月之而為爲於于長长書书', '𠀀', '𨽻', '𪚥', '𠮷'];
const LAYOUT = ['\n', '\n　　', '\n　', ' ', '\t', '　', '\r\n'];

function makeText(next: () => number, length: number): string {
  let out = '';
  let n = 0;
  while (n < length) {
    if (next() < 0.08) out += LAYOUT[Math.floor(next() * LAYOUT.length)] as string;
    else {
      out += CHARS[Math.floor(next() * CHARS.length)] as string;
      n++;
    }
  }
  return out;
}

describe('hits of a page from layouts and windows', () => {
  let dir = '';
  let file = '';
  let windowed: PostingEngine;
  let whole: PostingEngine;
  const sections: IndexedSection[] = [];
  const anchors = new Map<number, { offset: number; id: string; label?: string }[]>();
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'fangzhi-windowed-'));
    file = path.join(dir, 'main.sqlite');
    const next = createRandom(20261201);
    const db = new Database(file);
    db.exec('CREATE TABLE book_section(id INTEGER PRIMARY KEY, ordinal INTEGER, title TEXT, anchors_json TEXT)');
    db.exec(
      'CREATE TABLE book_section_piece(section_id INTEGER, seq INTEGER, deflated BLOB, PRIMARY KEY (section_id, seq))',
    );
    for (let id = 1; id <= 48; id++) {
      // Up to about three pieces of text (`TEXT_CHUNK`), so windows and spans cross from one piece into the next.
      const text = makeText(next, 20 + Math.floor(next() * 3 * TEXT_CHUNK));
      const skip: { start: number; end: number }[] = [];
      for (let k = 0; k < 3; k++) {
        if (next() < 0.5) continue;
        const start = Math.floor(next() * text.length);
        skip.push({ start, end: Math.min(text.length, start + 1 + Math.floor(next() * 30)) });
      }
      // Anchors in every stored form: as the ingest writes them, with a label (rows of older versions), and with ids
      // that JSON escapes.
      const list: { offset: number; id: string; label?: string }[] = [];
      for (let offset = Math.floor(next() * 300); offset < text.length; offset += 50 + Math.floor(next() * 400)) {
        const n = list.length + 1;
        if (id % 3 === 0) list.push({ offset, id: `${id}-${n}a`, label: '' });
        else list.push({ offset, id: id % 3 === 1 ? `${id}-${n}a` : `${id}"\\-${n}\n` });
      }
      anchors.set(id, list);
      db.prepare('INSERT INTO book_section(id, ordinal, title, anchors_json) VALUES (?, ?, ?, ?)').run(
        id,
        id + 1,
        `卷${id}`,
        JSON.stringify(list),
      );
      for (const [seq, piece] of chunkText(text).entries())
        db.prepare('INSERT INTO book_section_piece(section_id, seq, deflated) VALUES (?, ?, ?)').run(
          id,
          seq,
          encodePiece(piece),
        );
      sections.push({
        sectionId: id,
        bookId: 1 + (id % 4),
        text,
        ...(skip.length > 0 ? { skip } : {}),
        facets: { type: '县志', region: null, period: '清', year: 1800, title: `書${id % 4}`, published: id % 4 !== 3 },
      });
    }
    db.close();
    windowed = new PostingEngine({ path: path.join(dir, 'a.sqlite'), textSource: { kind: 'sqlite', file } });
    // The same texts through a loader: the whole-text path.
    whole = new PostingEngine({
      path: path.join(dir, 'b.sqlite'),
      texts: (ids) =>
        new Map(
          ids.map((id) => [
            id,
            {
              text: (sections.find((s) => s.sectionId === id) as IndexedSection).text,
              anchors: JSON.stringify(anchors.get(id)),
              ordinal: id + 1,
              title: `卷${id}`,
            },
          ]),
        ),
    });
    for (const engine of [windowed, whole])
      for (let book = 1; book <= 4; book++)
        engine.indexBooks([{ bookId: book, sections: sections.filter((s) => s.bookId === book) }]);
  });
  afterAll(async () => {
    await windowed.close();
    await whole.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A term of `min` to `min + spread - 1` characters from a random place of a random section's search text (null: too short). */
  function randomTerm(next: () => number, min: number, spread: number): string | null {
    const s = sections[Math.floor(next() * sections.length)] as IndexedSection;
    const plain = [...buildSearchText(s.text, null, normalizeSkip(s.skip)).plain];
    const length = min + Math.floor(next() * spread);
    if (plain.length < length) return null;
    const at = Math.floor(next() * (plain.length - length));
    return plain.slice(at, at + length).join('');
  }

  /**
   * Runs `terms` random terms through `engine` and the whole-text engine and expects the same totals and hits; the
   * engine under test must read windows only (never a whole text). Returns the hits compared and those with surrogates.
   */
  async function compareWithWhole(
    engine: PostingEngine,
    terms: number,
  ): Promise<{ hits: number; astral: number; reads: number }> {
    const reader = (engine as unknown as { reader: SectionTextReader }).reader;
    let wholeReads = 0;
    let windowReads = 0;
    let rowReads = 0;
    const load = reader.load.bind(reader);
    const windows = reader.windows.bind(reader);
    reader.load = (ids) => ((wholeReads += ids.length), load(ids));
    reader.windows = (requests) => {
      windowReads += requests.length;
      rowReads += requests.filter((r) => r.head !== false).length;
      return windows(requests);
    };
    const next = createRandom(7);
    let compared = 0;
    let withAstral = 0;
    for (let q = 0; q < terms; q++) {
      const term = randomTerm(next, 2, 7);
      if (term === null) continue;
      const options = {
        filters: { publishedOnly: next() < 0.5 },
        offset: Math.floor(next() * 3) * 10,
        limit: 10,
        snippetChars: [0, 1, 5, 40][Math.floor(next() * 4)] as number,
      };
      const a = await engine.search(term, options);
      const b = await whole.search(term, options);
      expect({ term, total: a.total, hits: a.hits }).toEqual({ term, total: b.total, hits: b.hits });
      compared += a.hits.length;
      if (a.hits.some((h) => /[\uD800-\uDBFF]/.test(h.snippet.before + h.snippet.match + h.snippet.after)))
        withAstral++;
    }
    // At most one read per hit, fewer where hits share a section (its windows are read as one span).
    expect(windowReads).toBeGreaterThan(0);
    expect(windowReads).toBeLessThanOrEqual(compared);
    expect(wholeReads).toBe(0);
    // A section's row (anchors, title) once: later pages keep it.
    expect(rowReads).toBeGreaterThan(0);
    expect(rowReads).toBeLessThanOrEqual(sections.length);
    return { hits: compared, astral: withAstral, reads: windowReads };
  }

  it("answers a page as the API's JSON where it searched, the same as the answer shaped from its result", async () => {
    const next = createRandom(11);
    let answered = 0;
    for (let q = 0; q < 30; q++) {
      const term = randomTerm(next, 2, 4);
      if (term === null) continue;
      const options = { filters: { publishedOnly: true }, offset: 10 * (q % 2), limit: 10, snippetChars: 40 };
      const frame = { query: term, fold: true, page: 1 + (q % 2), pageSize: 10, startedAt: sharedNow() };
      const shaped = await windowed.searchAnswer(term, options, frame);
      if (!('json' in shaped)) throw new Error(`${term}: the engine placed and named its hits, but sent no JSON`);
      const sent = JSON.parse(shaped.json) as UntimedAnswer;
      const result = await windowed.search(term, options);
      expect(sent).toEqual(shapeAnswer(frame, result, placedHits(result.hits) ?? []));
      answered += sent.hits.length;
    }
    expect(answered).toBeGreaterThan(20);
  });

  /** Windows of every section read through `reader`, at random and across each boundary of pieces, equal the text's. */
  async function expectWindowsOfText(reader: SectionTextReader): Promise<void> {
    const next = createRandom(99);
    const requests: { id: number; from: number; count: number }[] = [];
    for (const s of sections) {
      const n = [...s.text].length;
      for (let boundary = TEXT_CHUNK; boundary < n; boundary += TEXT_CHUNK)
        requests.push({ id: s.sectionId, from: boundary - 3, count: 6 });
      for (let k = 0; k < 5; k++) {
        const from = Math.floor(next() * n);
        requests.push({ id: s.sectionId, from, count: Math.floor(next() * (n - from + 5)) });
      }
    }
    requests.push({ id: 999, from: 0, count: 5 });
    const got = await reader.windows(requests);
    expect(requests.filter((r) => r.from % TEXT_CHUNK === TEXT_CHUNK - 3).length).toBeGreaterThan(20);
    for (const [i, r] of requests.entries()) {
      const s = sections.find((x) => x.sectionId === r.id);
      if (!s) expect(got[i]).toBeNull();
      else expect(got[i]?.text).toBe([...s.text].slice(r.from, r.from + r.count).join(''));
    }
  }

  it('cuts windows from the pieces of text, across their boundaries, as the whole text would', async () => {
    await expectWindowsOfText((windowed as unknown as { reader: SectionTextReader }).reader);
  });

  it('gives the same hits, snippets and places as the whole texts, for 400 terms of 2–8 characters', async () => {
    const { hits, astral, reads } = await compareWithWhole(windowed, 400);
    expect(hits).toBeGreaterThan(500);
    expect(astral).toBeGreaterThan(50);
    expect(reads).toBeLessThan(hits);
  });

  /** An engine on the same files that keeps no whole text between queries (every one it needs is read), counting them. */
  function uncachedEngine(): { engine: PostingEngine; wholeReads: () => number } {
    const engine = new PostingEngine({
      path: path.join(dir, 'a.sqlite'),
      textSource: { kind: 'sqlite', file },
      cacheChars: 0,
    });
    const reader = (engine as unknown as { reader: SectionTextReader }).reader;
    let reads = 0;
    const load = reader.load.bind(reader);
    reader.load = (ids) => ((reads += ids.length), load(ids));
    return { engine, wholeReads: () => reads };
  }

  it('counts the variant panel from windows around the hits, as the whole texts give it', async () => {
    const { engine, wholeReads } = uncachedEngine();
    const next = createRandom(31);
    let panels = 0;
    let severalForms = 0;
    let fromWholeTexts = 0;
    try {
      for (let q = 0; q < 300; q++) {
        let term = randomTerm(next, 2, 3);
        if (term === null) continue;
        // Searched in the other form of its variants half the time: the panel lists the forms as written.
        if (next() < 0.5) term = term.replace(/長/g, '长').replace(/書/g, '书').replace(/爲/g, '為');
        const options = { limit: 5, variantLimit: 2_000, filters: { publishedOnly: next() < 0.5 } };
        const before = wholeReads();
        const a = await engine.search(term, options);
        if (wholeReads() > before) fromWholeTexts++;
        const b = await whole.search(term, options);
        expect({ term, variants: a.variants }).toEqual({ term, variants: b.variants });
        if (a.variants) panels++;
        if ((a.variants?.length ?? 0) > 1) severalForms++;
      }
    } finally {
      await engine.close();
    }
    expect(panels).toBeGreaterThan(100);
    expect(severalForms).toBeGreaterThan(20);
    // Panels come from windows. A few read whole texts: where a random skip range here ends inside a pair of
    // surrogates, a window's search text does not match the layout and the page falls back, as pages do.
    expect(fromWholeTexts).toBeLessThanOrEqual(Math.ceil(panels * 0.02));
  });

  it('counts a NEAR with a one-character side from windows around the other side, as the whole texts give it', async () => {
    const { engine, wholeReads } = uncachedEngine();
    const next = createRandom(47);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    let asked = 0;
    let matched = 0;
    let fromWholeTexts = 0;
    try {
      for (let q = 0; q < 300; q++) {
        const term = randomTerm(next, 2, 3);
        if (term === null) continue;
        // One character of the text (variant forms and characters outside the BMP among them), either side.
        const char = pick(CHARS);
        const distance = Math.floor(next() * 12);
        const near = next() < 0.5 ? `${char} NEAR/${distance} ${term}` : `${term} NEAR/${distance} ${char}`;
        const other = pick(CHARS);
        const query = pick([near, `(${near}) OR ${other}${other}`, `${other} (${near})`, `${near} -${other}`]);
        const filters = { publishedOnly: next() < 0.5 };
        const before = wholeReads();
        const a = await engine.count(query, { fold: true, filters });
        if (wholeReads() > before) fromWholeTexts++;
        const b = await whole.count(query, { fold: true, filters });
        expect({ query, ...a }).toEqual({ query, ...b });
        asked++;
        if (a.total > 0) matched++;
        if (q % 10 === 0) {
          // A page of such a query, as the whole texts give it.
          const page = await engine.search(query, { limit: 10, filters });
          const expected = await whole.search(query, { limit: 10, filters });
          expect({ query, total: page.total, hits: page.hits }).toEqual({
            query,
            total: expected.total,
            hits: expected.hits,
          });
        }
      }
    } finally {
      await engine.close();
    }
    expect(asked).toBeGreaterThan(250);
    expect(matched).toBeGreaterThan(100);
    expect(matched).toBeLessThan(asked);
    // Counted from windows; as for panels, a window whose search text does not fit the layout (a random skip range
    // ending inside a pair of surrogates) sends a query to the whole texts.
    expect(fromWholeTexts).toBeLessThanOrEqual(Math.ceil(asked * 0.03));
  });

  it('refuses a NEAR whose one-character side it would look for around more occurrences than its limit', async () => {
    // scanChars 8,000: windows around 4 occurrences at most.
    const engine = new PostingEngine({
      path: path.join(dir, 'a.sqlite'),
      textSource: { kind: 'sqlite', file },
      scanChars: 8_000,
    });
    try {
      const pairs = [...'山水縣志長白江河東西'].flatMap((a) => [...'山水縣志長白江河東西'].map((b) => a + b));
      const totals = await Promise.all(pairs.map(async (p) => ({ p, total: (await whole.count(p)).total })));
      const frequent = totals.reduce((a, b) => (b.total > a.total ? b : a));
      // Longer terms cut from the texts, found at most 4 times.
      const next = createRandom(61);
      const rare: { p: string }[] = [];
      for (let i = 0; i < 50 && rare.length < 5; i++) {
        const p = randomTerm(next, 4, 3);
        const total = p === null ? 0 : (await whole.count(p)).total;
        if (p !== null && total <= 4) rare.push({ p });
      }
      expect(frequent.total).toBeGreaterThan(20);
      expect(rare.length).toBeGreaterThan(0);
      const error = (await engine.count(`之 NEAR/3 ${frequent.p}`).catch((e: unknown) => e)) as AppError;
      expect(error).toBeInstanceOf(AppError);
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toContain(
        `邻近检索的单字一侧“之”要在“${getDefaultFolder().foldText(frequent.p)}”超过 4 处出现的附近逐处核对正文，超过一次检索的上限`,
      );
      expect(error.message).toContain('请把“之”写成两个字以上的词');
      await expect(engine.search(`${frequent.p} NEAR/3 之`, { limit: 5 })).rejects.toThrow(/超过一次检索的上限/);
      // Around a rarer partner it is answered, as the whole texts answer it.
      for (const { p } of rare) {
        const query = `之 NEAR/3 ${p}`;
        expect({ query, ...(await engine.count(query)) }).toEqual({ query, ...(await whole.count(query)) });
      }
    } finally {
      await engine.close();
    }
  });

  it('gives the same KWIC rows from windows around the hits as the whole texts give', async () => {
    const { engine, wholeReads } = uncachedEngine();
    const next = createRandom(53);
    let asked = 0;
    let rows = 0;
    let fromWholeTexts = 0;
    try {
      for (let q = 0; q < 200; q++) {
        let term = randomTerm(next, 2, 4);
        if (term === null) continue;
        if (next() < 0.3) term = term.replace(/長/g, '长').replace(/書/g, '书');
        const options = {
          fold: next() < 0.8,
          width: [0, 1, 5, 20][Math.floor(next() * 4)] as number,
          sort: next() < 0.5 ? ('left' as const) : ('right' as const),
          limit: [3, 1000][Math.floor(next() * 2)] as number,
          filters: { publishedOnly: next() < 0.5 },
        };
        const before = wholeReads();
        const a = await engine.kwic(term, options);
        if (wholeReads() > before) fromWholeTexts++;
        const b = await whole.kwic(term, options);
        expect({ term, options, rows: a }).toEqual({ term, options, rows: b });
        asked++;
        rows += a.length;
      }
    } finally {
      await engine.close();
    }
    expect(asked).toBeGreaterThan(150);
    expect(rows).toBeGreaterThan(1000);
    // Exact searches of a term with variants read whole texts (their hits are found in the texts); the rest windows.
    expect(fromWholeTexts).toBeLessThan(asked * 0.5);
    expect(fromWholeTexts).toBeGreaterThan(0);
  });

  // The same pieces in PostgreSQL give the same pages.
  it.skipIf(!process.env.TEST_DATABASE_URL)('gives the same pages with the texts in PostgreSQL', async () => {
    const scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL as string, 'fangzhi_windows');
    const client = new pg.Client({ connectionString: scratch.url });
    let engine: PostingEngine | null = null;
    try {
      await client.connect();
      await client.query(
        'CREATE TABLE book_section(id integer PRIMARY KEY, ordinal integer, title text, anchors_json text)',
      );
      await client.query(
        'CREATE TABLE book_section_piece(section_id integer, seq integer, deflated bytea, PRIMARY KEY (section_id, seq))',
      );
      for (const s of sections) {
        await client.query('INSERT INTO book_section VALUES ($1, $2, $3, $4)', [
          s.sectionId,
          s.sectionId + 1,
          `卷${s.sectionId}`,
          JSON.stringify(anchors.get(s.sectionId)),
        ]);
        for (const [seq, piece] of chunkText(s.text).entries())
          await client.query('INSERT INTO book_section_piece VALUES ($1, $2, $3)', [
            s.sectionId,
            seq,
            encodePiece(piece),
          ]);
      }
      engine = new PostingEngine({
        path: path.join(dir, 'pg.sqlite'),
        textSource: { kind: 'postgres', url: scratch.url },
      });
      for (let book = 1; book <= 4; book++)
        engine.indexBooks([{ bookId: book, sections: sections.filter((s) => s.bookId === book) }]);
      await expectWindowsOfText((engine as unknown as { reader: SectionTextReader }).reader);
      const { hits, astral } = await compareWithWhole(engine, 150);
      expect(hits).toBeGreaterThan(150);
      expect(astral).toBeGreaterThan(10);
    } finally {
      await engine?.close();
      await client.end();
      await scratch.drop();
    }
  });

  it('reads the windows of one section once, as one span', async () => {
    const reader = (windowed as unknown as { reader: SectionTextReader }).reader;
    const windows = reader.windows.bind(reader);
    const asked: number[] = [];
    reader.windows = (requests) => (asked.push(...requests.map((r) => r.id)), windows(requests));
    try {
      const result = await windowed.search('山水', { limit: 50, snippetChars: 5 });
      const sections = new Set(result.hits.map((h) => h.sectionId));
      expect(result.hits.length).toBe(50);
      expect(sections.size).toBeLessThan(50);
      // Every section here is shorter than the gap that splits a span.
      expect(asked.sort((a, b) => a - b)).toEqual([...sections].sort((a, b) => a - b));
    } finally {
      reader.windows = windows;
    }
  });

  it('splits the windows of a section into spans only across a gap wider than a piece of text', () => {
    const w = (cpStart: number, start = cpStart) => ({
      start,
      end: start + 10,
      plainFrom: 0,
      plainTo: 10,
      cpStart,
      cpCount: 10,
    });
    const far = 3_010 + TEXT_CHUNK + 1;
    const spans = windowSpans([
      { id: 7, window: w(far, far + 100) },
      { id: 3, window: w(0) },
      { id: 7, window: w(100, 150) },
      { id: 7, window: w(3_000, 3_060) },
      { id: 3, window: w(5) },
    ]);
    expect(spans.list).toEqual([
      { id: 3, cpStart: 0, cpEnd: 15, start: 0, end: 15 },
      { id: 7, cpStart: 100, cpEnd: 3_010, start: 150, end: 3_070 },
      { id: 7, cpStart: far, cpEnd: far + 10, start: far + 100, end: far + 110 },
    ]);
    expect(spans.of).toEqual([2, 0, 1, 1, 0]);
    expect(
      windowSpans([
        { id: 7, window: w(100) },
        { id: 7, window: w(110 + TEXT_CHUNK) },
      ]).list,
    ).toHaveLength(1);
  });

  it('places hits on their anchors and lines', async () => {
    const result = await windowed.search('長白', { limit: 50, snippetChars: 3 });
    expect(result.hits.length).toBeGreaterThan(0);
    expect(result.hits.every((h) => h.place !== undefined)).toBe(true);
    // Named from the same row as the window (the section) and from the index's facets (the book).
    for (const h of result.hits)
      expect(h.head).toEqual({
        bookTitle: `書${h.sectionId % 4}`,
        sectionOrdinal: h.sectionId + 1,
        sectionTitle: `卷${h.sectionId}`,
      });
    expect(result.hits.some((h) => (h.place?.line ?? 0) > 1)).toBe(true);
    // On the last anchor at or before the hit, whatever form the anchors were stored in (a few sections of each).
    let placed = 0;
    for (const section of sections.filter((x) => x.sectionId % 16 < 6)) {
      const plain = buildSearchText(section.text, null, normalizeSkip(section.skip)).plain;
      const term = plain.slice(plain.length >> 1, (plain.length >> 1) + 2);
      if (/[\uD800-\uDFFF]/.test(term)) continue;
      const found = await windowed.search(term, { limit: 20, filters: { sectionIds: [section.sectionId] } });
      for (const h of found.hits) {
        let anchorId: string | null = null;
        for (const a of anchors.get(h.sectionId) ?? []) if (a.offset <= h.offset) anchorId = a.id;
        expect(h.place?.anchorId, `${h.sectionId}@${h.offset}`).toBe(anchorId);
        placed++;
      }
    }
    expect(placed).toBeGreaterThan(12);
  });

  it('falls back to whole texts when a text no longer matches its layout (edited under the index)', async () => {
    const before = await windowed.search('山水', { limit: 200 });
    const target = before.hits[0];
    if (!target) throw new Error('no hit');
    const editFirstPiece = (edit: (text: string) => string) => {
      const db = new Database(file);
      const read = db.prepare('SELECT deflated FROM book_section_piece WHERE section_id = ? AND seq = 0').pluck();
      const text = decodePiece(read.get(target.sectionId) as Buffer);
      db.prepare('UPDATE book_section_piece SET deflated = ? WHERE section_id = ? AND seq = 0').run(
        encodePiece(edit(text)),
        target.sectionId,
      );
      db.close();
    };
    editFirstPiece((text) => `　${text}`);
    const after = await windowed.search('山水', { limit: 200 });
    expect(after.total).toBe(before.total);
    expect(after.hits).toHaveLength(before.hits.length);
    editFirstPiece((text) => text.slice(1));
  });

  it('drops a layout it keeps when another connection re-indexes the section with new skip ranges', async () => {
    const target = sections.find((s) => s.bookId === 2 && s.text.length > 1500) as IndexedSection;
    const plain = buildSearchText(target.text, null, normalizeSkip(target.skip)).plain;
    const term = plain.slice(plain.length - 40, plain.length - 36).replace(/[\uD800-\uDFFF]/g, '') || '山水';
    const options = { limit: 50, snippetChars: 10 };
    await windowed.search(term, options);
    // The apparatus of book 2 changes: its first 600 units are left out now, on the other connection.
    const changed = sections
      .filter((s) => s.bookId === 2)
      .map((s) => ({ ...s, skip: [...(s.skip ?? []), { start: 0, end: Math.min(600, s.text.length) }] }));
    const other = new PostingEngine({ path: path.join(dir, 'a.sqlite'), textSource: { kind: 'sqlite', file } });
    other.indexBooks([{ bookId: 2, sections: changed }]);
    await other.close();
    whole.indexBooks([{ bookId: 2, sections: changed }]);
    const a = await windowed.search(term, options);
    const b = await whole.search(term, options);
    expect(a.hits.some((h) => h.bookId === 2)).toBe(true);
    expect(a.hits).toEqual(b.hits);
  });

  it('stores layouts compactly and reads them back exactly; windows never cut a surrogate pair', () => {
    const text = '𠀀山\n　　水𨽻𪚥\n縣 志𠮷';
    const built = buildSearchText(text, null);
    const layout = decodeLayout(encodeLayout(built.layout));
    expect(layout).toEqual(built.layout);
    for (let from = -2; from <= built.plain.length + 2; from++)
      for (let to = from; to <= built.plain.length + 2; to++) {
        const w = windowOf(layout, from, to);
        const cut = [...text].slice(w.cpStart, w.cpStart + w.cpCount).join('');
        expect(cut).toBe(text.slice(w.start, w.end));
        expect(cut.length).toBe(w.end - w.start);
        expect(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(cut)).toBe(false);
      }
  });
});
