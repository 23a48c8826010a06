/**
 * The transaction of a book's ingest: its row (new, or the existing one updated), its sections and their texts, the
 * audit entry and the change-log row, in one transaction. It runs in one of two places (`ingest-book.ts` chooses):
 * on the server's connection, yielding to the event loop between statements (PostgreSQL, an in-memory database, the
 * command line), or in the book-rows worker thread on its own connection to the SQLite file (`book-rows-writer.ts`),
 * where nothing of it — the texts' deflating, the inserts, the commit's writes to the log — holds the event loop.
 * Everything it needs travels in `BookRowsJob`, which is plain data, so both places run this same code.
 */
import type { Db } from '../../db/database.ts';
import type { Principal } from '../../platform/auth/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit } from '../../platform/audit/audit.service.ts';
import { presentBook } from './read-books.ts';
import {
  deleteSections,
  findBookById,
  insertBook,
  insertSections,
  updateBookRow,
  type BookRow,
  type BookValues,
  type SectionValues,
} from './gazetteer.repository.ts';
import { recordBookChange } from './book-changes.repository.ts';

export interface BookRowsJob {
  /** The book replaced (same source id), as read before the transaction; null for a new book. */
  existing: BookRow | null;
  values: BookValues;
  sections: SectionValues[];
  /** When the ingest happened (ISO): the rows' timestamps, the audit entry's and the change log's. */
  now: string;
  /** Who ingested, for the audit entry. */
  actor: Principal;
}

export interface BookRowsWritten {
  /** The change-log seq of the ingest. */
  seq: number;
  /** The book's row as committed. */
  row: BookRow;
  /** The sections' ids, in the order of `job.sections`. */
  ids: number[];
}

/** Runs inside a transaction (`trx`); `pause` runs between statements (the in-process path yields there). */
export async function writeBookRows(trx: Db, job: BookRowsJob, pause?: () => Promise<void>): Promise<BookRowsWritten> {
  const { existing, values, sections, now, actor } = job;
  let id: number;
  if (existing) {
    id = existing.id;
    await deleteSections(trx, id);
    await updateBookRow(trx, id, values, now);
  } else {
    id = await insertBook(trx, values, now);
  }
  const ids = await insertSections(trx, id, sections, pause);
  const row = (await findBookById(trx, id))!;
  const clock: Clock = { now: () => new Date(now) };
  await recordAudit(trx, clock, actor, {
    action: existing ? 'book.replace' : 'book.ingest',
    entityType: 'book',
    entityId: id,
    summary: `${existing ? '重新导入' : '导入'}《${row.title}》（${sections.length} 节，${values.char_count} 字）`,
    before: existing ? presentBook(existing) : undefined,
    after: presentBook(row),
  });
  // The change log row goes last, so its writer lock is held only until the commit (book-changes.repository.ts).
  const seq = await recordBookChange(trx, id, existing ? 'replace' : 'ingest', now);
  return { seq, row, ids };
}
