/**
 * An ingest's rows written in the book-rows thread (book-rows-writer.ts) on its own connection to the SQLite file:
 * the same rows, audit entry and change-log row as the transaction on the server's connection; nothing of a failed
 * write; the thread waits for a lock another connection holds while the server's connection goes on reading.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { systemActor, type Actor } from '../../platform/auth/actor.ts';
import { createTestClock } from '../../test/test-app.ts';
import { createTestDatabase } from '../../test/test-db.ts';
import type { ParsedBook } from './book-model.ts';
import { PART_CHARS } from '../../platform/send-in-parts.ts';
import { startBookRowsWriter, type BookRowsWriter } from './book-rows-writer.ts';
import type { BookRowsJob } from './book-rows.ts';
import { findBookBySourceId, findSections, type SectionValues } from './gazetteer.repository.ts';
import { findBookChangesAfter } from './book-changes.repository.ts';
import { testBookValues } from '../../test/gazetteer/book-values.ts';
import { findAuditEntries } from '../../platform/audit/audit.repository.ts';
import { ingestBook } from './ingest-book.ts';
import { openGazetteerSearch, type GazetteerSearch } from './open-search.ts';

const staff: Actor = {
  userId: 7,
  username: 'lishi',
  displayName: '李史',
  roles: ['admin'],
  unitId: null,
  ip: '10.0.0.8',
  requestId: 'req-1',
};

/** A book long enough to travel in several parts: `sections` juan of `chars` characters each. */
function longBook(sourceId: string, sections: number, chars: number): ParsedBook {
  const line = '長白山在府東南二百里頂有潭周八十里鴨綠混同二江出焉';
  return {
    metadata: { sourceId, title: `長白山志${sourceId}` },
    sections: Array.from({ length: sections }, (_, i) => ({
      level: 1,
      title: `卷${i + 1}`,
      text: `第${i + 1}卷`.concat(line.repeat(Math.ceil(chars / line.length))).slice(0, chars),
      anchors: [
        { offset: 0, id: `${i + 1}-1a`, label: `卷${i + 1} 葉1a` },
        { offset: Math.floor(chars / 2), id: `${i + 1}-1b`, label: `卷${i + 1} 葉1b` },
      ],
      notes: [{ start: 2, end: 6 }],
    })),
    warnings: [],
  };
}

interface Stored {
  book: Record<string, unknown>;
  sections: Record<string, unknown>[];
  audit: Record<string, unknown>[];
  changes: Record<string, unknown>[];
}

/** What an ingest left in a database, without ids and times (which differ between two databases). */
async function stored(handle: DbHandle, sourceId: string): Promise<Stored> {
  const row = await findBookBySourceId(handle.db, sourceId);
  if (!row) throw new Error(`no book ${sourceId}`);
  const { id, created_at: _c, updated_at: _u, ...book } = row;
  const sections = (await findSections(handle.db, id)).map(({ id: _id, book_id: _b, ...s }) => s);
  const audit = (await findAuditEntries(handle.db, { entityType: 'book', page: 1, pageSize: 200 })).rows
    .map(({ actor_id, actor_name, action, entity_id, summary, ip, request_id }) => ({
      actor_id,
      actor_name,
      action,
      entity_id,
      summary,
      ip,
      request_id,
    }))
    .reverse();
  const changes = (await findBookChangesAfter(handle.db, 0, 1000)).map(({ book_id, kind }) => ({ book_id, kind }));
  return { book, sections, audit: audit.map((a) => ({ ...a, entity_id: a.entity_id === String(id) })), changes };
}

let dir: string;
let handle: DbHandle;
let search: GazetteerSearch;
let writer: BookRowsWriter;
/** What the writer told of each committed write. */
let written: { ms: number; sections: number }[];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-book-rows-'));
  handle = openDatabase({ kind: 'sqlite', file: path.join(dir, 'fangzhi.sqlite') });
  await migrateToLatest(handle.db);
  search = await openGazetteerSearch({ path: ':memory:', env: {} });
  written = [];
  writer = startBookRowsWriter(path.join(dir, 'fangzhi.sqlite'), {
    onWritten: (ms, sections) => written.push({ ms, sections }),
  });
});

afterEach(async () => {
  await writer.close();
  await search.index.close();
  await handle.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the book-rows thread', () => {
  it('stores the rows, audit entry and change log the server’s own transaction stores', async () => {
    // Over ten parts: the sections are split and reassembled in order.
    const book = longBook('KR-long', 30, Math.ceil((PART_CHARS * 10) / 30));
    const deps = { db: handle.db, clock: createTestClock(), search, bookRows: writer };
    const viaThread = await ingestBook(deps, staff, { book, format: 'kanripo', sourceName: 'long' });
    expect(viaThread.book.sectionCount).toBe(30);

    const local = await createTestDatabase('sqlite');
    const localSearch = await openGazetteerSearch({ path: ':memory:', env: {} });
    try {
      await ingestBook({ db: local.db, clock: createTestClock(), search: localSearch }, staff, {
        book,
        format: 'kanripo',
        sourceName: 'long',
      });
      const [a, b] = [await stored(handle, 'KR-long'), await stored(local, 'KR-long')];
      expect(a).toEqual(b);
      expect(a.sections.map((s) => s.text)).toEqual(book.sections.map((s) => s.text));
      expect(a.audit).toEqual([
        expect.objectContaining({ actor_id: 7, actor_name: '李史（lishi）', action: 'book.ingest', ip: '10.0.0.8' }),
      ]);
      expect(a.changes).toEqual([expect.objectContaining({ kind: 'ingest' })]);
    } finally {
      await localSearch.index.close();
      await local.close();
    }
    // Indexed after the thread's commit, from the sections it was given.
    const found = await search.index.search('鴨綠混同', { limit: 5 });
    expect(found.total).toBeGreaterThan(0);
  });

  it('replaces a book with the same source id, keeping its id, in one transaction', async () => {
    const deps = { db: handle.db, clock: createTestClock(), search, bookRows: writer };
    const first = await ingestBook(deps, systemActor('cli'), {
      book: longBook('KR-r', 3, 500),
      format: 'kanripo',
      sourceName: 'r',
    });
    const second = await ingestBook(deps, systemActor('cli'), {
      book: longBook('KR-r', 5, 300),
      format: 'kanripo',
      sourceName: 'r',
    });
    expect(second.replaced).toBe(true);
    expect(second.book.id).toBe(first.book.id);
    const after = await stored(handle, 'KR-r');
    expect(after.sections).toHaveLength(5);
    expect(after.audit.map((a) => [a.action, a.actor_name])).toEqual([
      ['book.ingest', '系统（命令行）'],
      ['book.replace', '系统（命令行）'],
    ]);
    expect(after.changes.map((c) => c.kind)).toEqual(['ingest', 'replace']);
    // Each commit is told with the time its transaction took and the book's sections.
    expect(written.map((w) => w.sections)).toEqual([3, 5]);
    for (const w of written) expect(w.ms).toBeGreaterThan(0);
  });

  it('commits nothing of a write that fails part-way, and keeps writing after it', async () => {
    const sections: SectionValues[] = Array.from({ length: 600 }, (_, i) => ({
      // The last section repeats the first's ordinal: the second INSERT of sections fails, after the book and 500 rows.
      ordinal: i === 599 ? 1 : i + 1,
      level: 1,
      parent_ordinal: null,
      title: `卷${i + 1}`,
      text: '方志'.repeat(200),
      anchors_json: '[]',
      notes_json: '',
      glyphs_json: null,
    }));
    const job: BookRowsJob = {
      existing: null,
      values: testBookValues('KR-bad', {
        title: '壞書',
        type: '旧志',
        source_format: 'kanripo',
        is_published: 0,
        section_count: 600,
        char_count: 240_000,
      }),
      sections,
      now: '2026-12-04T00:00:00.000Z',
      actor: staff,
    };
    await expect(writer.write(job)).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_CONSTRAINT/) });
    expect(await findBookBySourceId(handle.db, 'KR-bad')).toBeUndefined();
    const count = async (table: 'book_section' | 'book_section_piece') =>
      Number(
        (
          await handle.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count('book_section')).toBe(0);
    expect(await count('book_section_piece')).toBe(0);
    expect(await findBookChangesAfter(handle.db, 0, 10)).toEqual([]);
    expect((await findAuditEntries(handle.db, { page: 1, pageSize: 10 })).rows).toEqual([]);

    const ok = await writer.write({
      ...job,
      sections: sections.slice(0, 599),
      values: { ...job.values, section_count: 599 },
    });
    expect(ok.ids).toHaveLength(599);
    expect(ok.row.source_id).toBe('KR-bad');
    expect(await findBookChangesAfter(handle.db, 0, 10)).toHaveLength(1);
    // Only the committed write is told of.
    expect(written.map((w) => w.sections)).toEqual([599]);
  });

  it('waits for a write lock another connection holds, while the server’s connection goes on reading', async () => {
    const other = new SQLite(path.join(dir, 'fangzhi.sqlite'));
    try {
      other.exec('BEGIN IMMEDIATE');
      const job = ingestBook(
        { db: handle.db, clock: createTestClock(), search, bookRows: writer },
        systemActor('cli'),
        { book: longBook('KR-wait', 4, 2000), format: 'kanripo', sourceName: 'wait' },
      );
      let settled = false;
      void job.then(
        () => (settled = true),
        () => (settled = true),
      );
      // The thread has the book and is waiting for the lock; the server's connection reads meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settled).toBe(false);
      expect(await findBookBySourceId(handle.db, 'KR-wait')).toBeUndefined();
      other.exec('COMMIT');
      const done = await job;
      expect(done.book.sectionCount).toBe(4);
      expect((await findSections(handle.db, done.book.id)).map((s) => s.title)).toEqual(['卷1', '卷2', '卷3', '卷4']);
    } finally {
      other.close();
    }
  });

  it('fails a write it cannot send to the thread, and writes the next one', async () => {
    const section = (i: number): SectionValues => ({
      ordinal: i + 1,
      level: 1,
      parent_ordinal: null,
      title: `卷${i + 1}`,
      text: '方志'.repeat(20_000),
      anchors_json: '[]',
      notes_json: '',
      glyphs_json: null,
    });
    const sections = Array.from({ length: 6 }, (_, i) => section(i));
    const job: BookRowsJob = {
      existing: null,
      values: testBookValues('KR-clone', { section_count: 6, char_count: 240_000 }),
      sections,
      now: '2026-12-04T00:00:00.000Z',
      actor: staff,
    };
    // A value no thread can receive, in the last part: the parts before it have been sent already.
    const bad = [...sections.slice(0, 5), { ...section(5), title: (() => '卷6') as unknown as string }];
    await expect(writer.write({ ...job, sections: bad })).rejects.toThrow(/could not be cloned/);
    expect(await findBookBySourceId(handle.db, 'KR-clone')).toBeUndefined();
    const ok = await writer.write(job);
    expect(ok.ids).toHaveLength(6);
    expect((await findSections(handle.db, ok.row.id)).map((s) => s.title)).toEqual(sections.map((s) => s.title));
    // Nothing of the failed write is left in flight: closing does not wait for it.
    await writer.close();
  });

  it('fails a write with a Chinese error when its thread cannot start, and writes nothing', async () => {
    const broken = startBookRowsWriter(path.join(dir, 'no-such-folder', 'fangzhi.sqlite'));
    try {
      const job = broken.write({
        existing: null,
        values: {} as BookRowsJob['values'],
        sections: [],
        now: '2026-12-04T00:00:00.000Z',
        actor: systemActor('cli'),
      });
      await expect(job).rejects.toThrow(/书目写入线程.*本次导入未完成，请重试/);
    } finally {
      await broken.close();
    }
  });
});
