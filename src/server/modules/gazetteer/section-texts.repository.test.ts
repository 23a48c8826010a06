/**
 * The index stores positions, not texts (issue 15): the page's snippets are cut from the main database's text, read by
 * the search workers through their own read-only connection. Here on an SQLite file, through the worker pool, as the
 * server runs it (PostgreSQL is covered by the two-server test).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { createTestClock } from '../../test/test-app.ts';
import { systemActor } from '../../platform/auth/actor.ts';
import { parsePlainText } from './ingest/plain-text.ts';
import { ingestBook } from './ingest-book.ts';
import { openFollowingSearch } from './search-generations.ts';
import { openSectionTextReader } from './section-texts.repository.ts';
import { findSections, insertSections } from './gazetteer.repository.ts';
import { encodePiece } from './section-chunks.ts';
import { locate } from '../../../shared/locator.ts';
import { sql } from 'kysely';
import type { GazetteerSearch } from './open-search.ts';

describe('section texts from the main database', () => {
  let dir: string;
  let handle: DbHandle;
  let search: GazetteerSearch;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-texts-'));
    const file = path.join(dir, 'fangzhi.sqlite');
    handle = openDatabase({ kind: 'sqlite', file });
    await migrateToLatest(handle.db);
    search = await openFollowingSearch(dir, { env: {}, workers: 2, textSource: { kind: 'sqlite', file } });
    const text = '吉林府志\n\n卷一\n山川\n長白山在府東南，山高二百里。\n松花江出長白山。\n';
    await ingestBook(
      { db: handle.db, clock: createTestClock(), search },
      systemActor('cli'),
      { book: parsePlainText(new TextEncoder().encode(text), '吉林府志.txt'), format: 'txt', sourceName: 'a.txt' },
      { published: true },
    );
    // Page anchors as an old book's edition gives them (leaf 2b starts at 松花江), for the hits' places.
    const section = (await findSections(handle.db, 1)).find((s) => s.text.includes('松花江'));
    if (!section) throw new Error('no section');
    const anchors = [{ offset: section.text.indexOf('松花江'), id: '001-2b', label: '' }];
    await sql`UPDATE book_section SET anchors_json = ${JSON.stringify(anchors)} WHERE id = ${section.id}`.execute(
      handle.db,
    );
  });
  afterAll(async () => {
    await search.index.close();
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('cuts snippets from the database text while the index file holds no copy of it', async () => {
    const result = await search.index.search('长白山', { filters: { publishedOnly: true } });
    expect(result.total).toBe(2);
    expect(result.hits.map((h) => h.snippet.match)).toEqual(['長白山', '長白山']);
    expect(result.hits[0]?.snippet.after).toContain('在府東南');
    const indexFiles = fs.readdirSync(dir).filter((f) => f.startsWith('search') && f.endsWith('.sqlite'));
    expect(indexFiles.length).toBeGreaterThan(0);
    for (const f of indexFiles) expect(fs.readFileSync(path.join(dir, f)).includes(Buffer.from('府東南'))).toBe(false);
  });

  it('places each hit on the page and line the main thread would count from the text (no text read to cite it)', async () => {
    const result = await search.index.search('長白山', { fold: false });
    expect(result.hits.map((h) => h.place)).toEqual([
      { anchorId: null, line: 2 },
      { anchorId: '001-2b', line: 1 },
    ]);
    const rows = await findSections(handle.db, 1);
    for (const hit of [...result.hits, ...(await search.index.kwic('山'))]) {
      const row = rows.find((r) => r.id === hit.sectionId);
      if (!row) throw new Error('no row');
      const where = locate({ ...row, anchors: JSON.parse(row.anchors_json) }, hit.offset);
      expect(hit.place).toEqual({ anchorId: where.anchorId, line: where.line });
      // Named in the worker: the section from its row, the book from the index (what the page shows, no read here).
      expect(hit.head).toEqual({ bookTitle: '吉林府志', sectionOrdinal: row.ordinal, sectionTitle: row.title });
    }
  });

  it('reads by id and leaves out ids that do not exist', async () => {
    const reader = openSectionTextReader({ kind: 'sqlite', file: path.join(dir, 'fangzhi.sqlite') });
    const texts = await reader.load([1, 2, 3, 999]);
    expect([...texts.keys()].sort()).toEqual([1, 2, 3].filter((id) => texts.has(id)));
    expect(texts.has(999)).toBe(false);
    expect([...texts.values()].some((t) => t.text.includes('松花江'))).toBe(true);
    expect([...texts.values()].every((t) => Array.isArray(JSON.parse(t.anchors)))).toBe(true);
    await reader.close();
  });

  it('cuts a window from the stored bytes, a lone surrogate as one code point', async () => {
    const id = (await findSections(handle.db, 1)).find((s) => s.text.includes('長白山在'))?.id;
    if (id === undefined) throw new Error('no section');
    const reader = openSectionTextReader({ kind: 'sqlite', file: path.join(dir, 'fangzhi.sqlite') });
    const whole = (await reader.load([id])).get(id)?.text ?? '';
    const [first, bare, missing] = await reader.windows([
      { id, from: 2, count: 5 },
      { id, from: 3, count: 4, head: false },
      { id: 999, from: 0, count: 4, head: false },
    ]);
    expect(first?.text).toBe([...whole].slice(2, 7).join(''));
    expect(first?.head?.title).toBeTruthy();
    // Without its row when the caller keeps it; a section with no text there is null either way.
    expect(bare).toEqual({ text: [...whole].slice(3, 7).join('') });
    expect(missing).toBeNull();
    // A lone surrogate (kept as it is since the pieces are UTF-16) is one code point, as the index counts it.
    const [lone] = await insertSections(handle.db, 1, [
      {
        ordinal: 9_001,
        level: 1,
        parent_ordinal: null,
        title: '殘葉',
        text: '山\uD800水𠀀江',
        anchors_json: '[]',
        notes_json: '[]',
        glyphs_json: null,
      },
    ]);
    const [cut] = await reader.windows([{ id: lone as number, from: 1, count: 3 }]);
    expect(cut?.text).toBe('\uD800水𠀀');
    await reader.close();
  });

  it('inflates a piece read again only when its stored bytes changed', async () => {
    const [id] = await insertSections(handle.db, 1, [
      {
        ordinal: 9_002,
        level: 1,
        parent_ordinal: null,
        title: '重刻',
        text: '長白山'.repeat(3_000),
        anchors_json: '[]',
        notes_json: '[]',
        glyphs_json: null,
      },
    ]);
    const reader = openSectionTextReader({ kind: 'sqlite', file: path.join(dir, 'fangzhi.sqlite') });
    const read = async () => (await reader.windows([{ id: id as number, from: 4_094, count: 4, head: false }]))[0];
    expect(await read()).toEqual({ text: '山長白山' });
    expect(await read()).toEqual({ text: '山長白山' });
    // The same piece rewritten under the same id and seq (outside the application, which never does): read afresh.
    await sql`UPDATE book_section_piece SET deflated = ${encodePiece(`${'松花江'.repeat(1_365)}松`)}
      WHERE section_id = ${id} AND seq = 0`.execute(handle.db);
    expect(await read()).toEqual({ text: '江松白山' });
    expect((await reader.load([id as number])).get(id as number)?.text.slice(4_094, 4_098)).toBe('江松白山');
    await reader.close();
  });
});
