/**
 * A book reaches the server packed (packed-book.ts): the parser's child sends each section's anchors, notes and glyphs
 * in their stored encodings. Packing must lose nothing the server stores or indexes, and the child must pack.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/auth/actor.ts';
import { createTestClock } from '../../test/test-app.ts';
import { createTestDatabase } from '../../test/test-db.ts';
import type { ParsedBook, ParsedSection } from './book-model.ts';
import { findBookBySourceId, findSections } from './gazetteer.repository.ts';
import { ingestBook } from './ingest-book.ts';
import { readSource } from './ingest/read-source.ts';
import { openGazetteerSearch } from './open-search.ts';
import { anchorOffsets, isPackedSection, packBook, packSection } from './packed-book.ts';
import { closeBookParseWorkers, readSourceIsolated } from './read-book-isolated.ts';
import { decodeNotes } from './section-notes.ts';

const KANRIPO = path.join(import.meta.dirname, 'ingest/fixtures/kanripo/KR9z0001');

const section: ParsedSection = {
  level: 2,
  title: '山川',
  text: '翠屏山在縣城東十里𠀀水出焉\n古渡在〓水之南',
  anchors: [
    { offset: 0, id: '001-1a', label: '卷一 葉1a' },
    { offset: 16, id: '001-1b', label: '卷一 葉1b' },
  ],
  notes: [
    { start: 3, end: 9 },
    { start: 11, end: 12 },
  ],
  glyphs: [{ offset: 19, code: 'KR9003' }],
};

describe('packSection', () => {
  it('keeps every anchor, note range and glyph in the encodings the rows store', () => {
    const packed = packSection(section);
    expect(isPackedSection(packed)).toBe(true);
    expect(packed).toMatchObject({ level: 2, title: '山川', text: section.text });
    expect(JSON.parse(packed.anchorsJson)).toEqual(section.anchors.map(({ offset, id }) => ({ offset, id })));
    expect(anchorOffsets(packed.anchorsJson).map((a) => a.offset)).toEqual([0, 16]);
    expect(decodeNotes(packed.notesJson)).toEqual(section.notes);
    expect(JSON.parse(packed.glyphsJson ?? 'null')).toEqual(section.glyphs);
  });

  it('stores no glyph list for a section without glyphs, and leaves a packed section as it is', () => {
    const { glyphs: _glyphs, ...plain } = section;
    expect(packSection(plain).glyphsJson).toBeNull();
    expect(packSection({ ...plain, glyphs: [] }).glyphsJson).toBeNull();
    const packed = packSection(section);
    expect(packSection(packed)).toBe(packed);
    expect(isPackedSection(section)).toBe(false);
  });
});

describe('a packed book on the server', () => {
  afterAll(() => closeBookParseWorkers());

  it('arrives packed from the parser child, equal to the parser’s book packed here', async () => {
    const isolated = await readSourceIsolated(KANRIPO);
    const local = await readSource(KANRIPO);
    expect(isolated.book.sections.length).toBeGreaterThan(1);
    expect(isolated.book.sections.every(isPackedSection)).toBe(true);
    expect(isolated.book).toEqual(packBook(local.book));
    expect(isolated.book.sections.some((s) => decodeNotes(s.notesJson).length > 0)).toBe(true);
    expect(isolated.book.sections.some((s) => anchorOffsets(s.anchorsJson).length > 1)).toBe(true);
  });

  it('is stored and indexed as the same book unpacked would be', async () => {
    const { book } = await readSource(KANRIPO);
    const ingestAs = async (source: ParsedBook | ReturnType<typeof packBook>) => {
      const handle = await createTestDatabase('sqlite');
      const search = await openGazetteerSearch({ path: ':memory:', env: {} });
      try {
        const deps = { db: handle.db, clock: createTestClock(), search };
        await ingestBook(deps, systemActor('cli'), { book: source, format: 'kanripo', sourceName: 'KR9z0001' });
        const row = await findBookBySourceId(handle.db, book.metadata.sourceId);
        const sections = (await findSections(handle.db, row!.id)).map(({ id: _id, book_id: _book, ...s }) => s);
        const counts = [];
        for (const q of ['翠屏山', '水', '土人謂之', '欽定四庫全書']) counts.push((await search.index.count(q)).total);
        return { sections, counts };
      } finally {
        await search.index.close();
        await handle.close();
      }
    };
    const unpacked = await ingestAs(book);
    const packed = await ingestAs(packBook(book));
    expect(packed).toEqual(unpacked);
    expect(unpacked.counts[0]).toBeGreaterThan(0);
    expect(unpacked.sections.some((s) => s.notes_json !== '[]')).toBe(true);
  });
});
