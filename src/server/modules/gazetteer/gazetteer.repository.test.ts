/**
 * A section's text is stored once, in pieces of `TEXT_CHUNK` code points (migration 0022) held as UTF-16 bytes
 * (migration 0024), deflated (migration 0025): the repository writes the pieces and gives the sections back whole, on
 * both databases; the migrations move texts of the old layouts into pieces and note ranges into steps, and back.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/database.ts';
import { migrateTo } from '../../db/migrate.ts';
import { createTestDatabaseAt, TEST_DIALECTS } from '../../test/test-db.ts';
import {
  deleteBookRow,
  deleteSections,
  findSection,
  findSections,
  findSectionsWithText,
  insertBook,
  insertSections,
  type SectionValues,
} from './gazetteer.repository.ts';
import { chunkText, inflatePiece, TEXT_CHUNK } from './section-chunks.ts';
import { decodePiece } from '../../test/text-pieces.ts';
import { decodeNotes } from './section-notes.ts';
import { testBookValues } from '../../test/gazetteer/book-values.ts';

const NOW = '2026-12-02T08:00:00.000Z';

const book = (sourceId: string) => testBookValues(sourceId);

/** Texts at every edge of a piece: empty, short, one piece exactly, a pair of surrogates across a boundary, many pieces. */
function edgeTexts(): string[] {
  const han = (n: number) => '長白山松花江'.repeat(Math.ceil(n / 6)).slice(0, n);
  return [
    '',
    '山',
    han(TEXT_CHUNK),
    han(TEXT_CHUNK + 1),
    // A character outside the BMP as the last code point of the first piece, and as the first of the second.
    `${han(TEXT_CHUNK - 1)}𠀀${han(10)}`,
    `${han(TEXT_CHUNK)}𠀀𨽻\n　　${han(10)}`,
    `${'𪚥'.repeat(TEXT_CHUNK + 7)}`,
    `${han(3 * TEXT_CHUNK + 123)}\r\n${han(500)}`,
  ];
}

const sectionValues = (texts: readonly string[]): SectionValues[] =>
  texts.map((text, i) => ({
    ordinal: i + 1,
    level: 1,
    parent_ordinal: null,
    title: `卷${i + 1}`,
    text,
    anchors_json: '[]',
    notes_json: '[]',
    glyphs_json: null,
  }));

async function pieceCount(h: DbHandle): Promise<number> {
  const row = await h.db
    .selectFrom('book_section_piece')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(TEST_DIALECTS)('gazetteer repository: texts in pieces (%s)', (dialect) => {
  let h: DbHandle | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });

  it('gives every text back whole, each stored once in pieces of TEXT_CHUNK code points', async () => {
    h = (await createTestDatabaseAt(dialect, null)).handle;
    const texts = edgeTexts();
    const bookId = await insertBook(h.db, book('a'), NOW);
    const ids = await insertSections(h.db, bookId, sectionValues(texts));
    expect((await findSections(h.db, bookId)).map((s) => s.text)).toEqual(texts);
    expect((await findSection(h.db, bookId, 6))?.text).toBe(texts[5]);
    const some = await findSectionsWithText(h.db, [ids[7] as number, ids[0] as number]);
    expect(new Map(some.map((s) => [s.id, s.text]))).toEqual(
      new Map([
        [ids[7], texts[7]],
        [ids[0], ''],
      ]),
    );
    const pieces = (
      await h.db.selectFrom('book_section_piece').selectAll().orderBy('section_id').orderBy('seq').execute()
    ).map((p) => ({ ...p, text: decodePiece(p.deflated) }));
    expect(pieces.length).toBe(texts.reduce((n, t) => n + chunkText(t).length, 0));
    for (const p of pieces) {
      // Two bytes a UTF-16 unit (a Han character takes 2 where UTF-8 took 3), deflated.
      expect(inflatePiece(p.deflated).length).toBe(2 * p.text.length);
      if (p.text.length >= 1000) expect(p.deflated.length).toBeLessThan(p.text.length);
      expect([...p.text].length).toBeLessThanOrEqual(TEXT_CHUNK);
      expect(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(p.text)).toBe(false);
    }
    expect(pieces.filter((p) => p.section_id === ids[7]).map((p) => p.seq)).toEqual([0, 1, 2, 3]);
    // A lone surrogate (a damaged source) comes back as it went in; as text, a database kept U+FFFD.
    const other = await insertBook(h.db, book('b'), NOW);
    await insertSections(h.db, other, sectionValues(['山\uD800水\uDC00']));
    expect((await findSections(h.db, other)).map((s) => s.text)).toEqual(['山\uD800水\uDC00']);
  });

  it('removes the pieces with their sections, and with their book', async () => {
    h = (await createTestDatabaseAt(dialect, null)).handle;
    const a = await insertBook(h.db, book('a'), NOW);
    const b = await insertBook(h.db, book('b'), NOW);
    await insertSections(h.db, a, sectionValues(edgeTexts()));
    await insertSections(h.db, b, sectionValues(['長白山', '松花江'.repeat(TEXT_CHUNK)]));
    await deleteSections(h.db, a);
    expect(await findSections(h.db, a)).toEqual([]);
    expect(await pieceCount(h)).toBe(1 + 3);
    await deleteBookRow(h.db, b);
    expect(await pieceCount(h)).toBe(0);
  });

  it('moves texts of the old layout into pieces, notes into steps, pieces into UTF-16 and deflates them (0022–0025), and back', async () => {
    const at = await createTestDatabaseAt(dialect, '0021-evaluation-cancel');
    h = at.handle;
    const texts = edgeTexts();
    const bookId = await insertBook(h.db, book('a'), NOW);
    // Written as the old layout has it: the text in the section's own row.
    const notes = (i: number) =>
      i % 2
        ? []
        : [
            { start: i, end: i + 2 },
            { start: 3 * i + 5, end: 4 * i + 9 },
          ];
    for (const [i, text] of texts.entries())
      await sql`INSERT INTO book_section (book_id, ordinal, level, parent_ordinal, title, text, anchors_json, notes_json)
        VALUES (${bookId}, ${i + 1}, 1, NULL, ${`卷${i + 1}`}, ${text}, '[]', ${JSON.stringify(notes(i))})`.execute(
        h.db,
      );
    await at.migrateToLatest();
    const migrated = await findSections(h.db, bookId);
    expect(migrated.map((s) => s.text)).toEqual(texts);
    expect(migrated.map((s) => decodeNotes(s.notes_json))).toEqual(texts.map((_, i) => notes(i)));
    expect(migrated[0]?.notes_json).toBe('[0,2,5,4]');
    expect(await pieceCount(h)).toBe(texts.reduce((n, t) => n + chunkText(t).length, 0));
    // The pieces are those the application cuts, so windows read after the migration line up with the index.
    const pieces = await h.db
      .selectFrom('book_section_piece')
      .select(['deflated'])
      .orderBy('section_id')
      .orderBy('seq')
      .execute();
    expect(pieces.map((p) => decodePiece(p.deflated))).toEqual(texts.flatMap((t) => chunkText(t)));
    await migrateDown(h);
    const rows = await sql<{ text: string; notes_json: string }>`SELECT text, notes_json FROM book_section
      ORDER BY ordinal`.execute(h.db);
    expect(rows.rows.map((r) => r.text)).toEqual(texts);
    expect(rows.rows.map((r) => JSON.parse(r.notes_json) as unknown)).toEqual(texts.map((_, i) => notes(i)));
  });

  it('deflates the UTF-16 pieces in place (0025), more than one step of them, and gives back the same bytes', async () => {
    const at = await createTestDatabaseAt(dialect, '0024-pieces-utf16');
    h = at.handle;
    const bookId = await insertBook(h.db, book('a'), NOW);
    // More pieces than one step rewrites (500), lone surrogates and pairs among them.
    const texts = Array.from({ length: 1203 }, (_, i) =>
      i % 7 === 3 ? '' : `${'長白山'.repeat(i % 50)}\uD800${i}𠀀${'\n　'.repeat(i % 3)}\uDC00`,
    );
    const before: [number, number, Buffer][] = [];
    for (const [i, text] of texts.entries()) {
      const row = await sql<{ id: number }>`INSERT INTO book_section (book_id, ordinal, level, parent_ordinal, title,
        anchors_json, notes_json) VALUES (${bookId}, ${i + 1}, 1, NULL, ${`卷${i + 1}`}, '[]', '[]') RETURNING id`.execute(
        h.db,
      );
      const id = Number((row.rows[0] as { id: number }).id);
      for (const [seq, piece] of [text, `${text}江`].entries()) {
        const utf16 = Buffer.from(piece, 'utf16le');
        before.push([id, seq, utf16]);
        await sql`INSERT INTO book_section_piece (section_id, seq, utf16) VALUES (${id}, ${seq}, ${utf16})`.execute(
          h.db,
        );
      }
    }
    await at.migrateToLatest();
    const after = await h.db
      .selectFrom('book_section_piece')
      .select(['section_id', 'seq', 'deflated'])
      .orderBy('section_id')
      .orderBy('seq')
      .execute();
    expect(after.map((p) => [p.section_id, p.seq, decodePiece(p.deflated)])).toEqual(
      before.map(([id, seq, b]) => [id, seq, b.toString('utf16le')]),
    );
    const found = await findSections(h.db, bookId);
    expect(found.map((s) => s.text)).toEqual(texts.map((t) => `${t}${t}江`));
    await migrateDown(h, '0024-pieces-utf16');
    const restored = await sql<{ section_id: number; seq: number; utf16: Uint8Array }>`SELECT section_id, seq, utf16
      FROM book_section_piece ORDER BY section_id, seq`.execute(h.db);
    expect(restored.rows.map((r) => [Number(r.section_id), Number(r.seq), Buffer.from(r.utf16)])).toEqual(before);
  });
});

async function migrateDown(h: DbHandle, to = '0021-evaluation-cancel'): Promise<void> {
  const schema = h.dialect === 'postgres' ? await currentSchema(h) : undefined;
  await migrateTo(h.db, to, schema ? { schema } : {});
}

async function currentSchema(h: DbHandle): Promise<string> {
  const r = await sql<{ s: string }>`SELECT current_schema() AS s`.execute(h.db);
  return (r.rows[0] as { s: string }).s;
}
