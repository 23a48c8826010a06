/**
 * The gazetteer's change log (`book_change`). Every change to a book writes one row in the transaction of the change;
 * each server's search index follows the log (`index-follower.ts`).
 *
 * On PostgreSQL the writer takes a transaction-scoped advisory lock before inserting, so sequence numbers are committed
 * in order: a reader that sees seq N has seen every change below N (no change commits "behind" a follower). The lock is
 * held only from the insert (the last statement of the change) to the commit. The insert also sends NOTIFY, which
 * PostgreSQL delivers at commit, so followers on other servers hear of it at once. On SQLite writers are serialized
 * by the database itself.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Db } from '../../db/database.ts';

export type BookChangeKind = 'ingest' | 'replace' | 'update' | 'publish' | 'unpublish' | 'delete';

/** The LISTEN/NOTIFY channel followers listen on. */
export const BOOK_CHANGE_CHANNEL = 'fangzhi_book_change';
/** Advisory lock keys (class, object) that order change-log writers on PostgreSQL. */
const WRITER_LOCK = [15, 1] as const;

function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Appends a change (call it last in the change's transaction); returns its seq. */
export async function recordBookChange(trx: Db, bookId: number, kind: BookChangeKind, at: string): Promise<number> {
  const pg = isPostgres(trx);
  if (pg) await sql`select pg_advisory_xact_lock(${WRITER_LOCK[0]}, ${WRITER_LOCK[1]})`.execute(trx);
  const row = await trx
    .insertInto('book_change')
    .values({ book_id: bookId, kind, at })
    .returning('seq')
    .executeTakeFirstOrThrow();
  if (pg) await sql`select pg_notify(${BOOK_CHANGE_CHANNEL}, ${String(row.seq)})`.execute(trx);
  return Number(row.seq);
}

export interface BookChangeRow {
  seq: number;
  book_id: number;
  kind: string;
}

/** Changes after `seq`, oldest first, at most `limit`. */
export async function findBookChangesAfter(db: Db, seq: number, limit: number): Promise<BookChangeRow[]> {
  const rows = await db
    .selectFrom('book_change')
    .select(['seq', 'book_id', 'kind'])
    .where('seq', '>', seq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ seq: Number(r.seq), book_id: Number(r.book_id), kind: r.kind }));
}

/** The last seq committed (0 when the log is empty). */
export async function findLastBookChangeSeq(db: Db): Promise<number> {
  const row = await db
    .selectFrom('book_change')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  return row?.seq == null ? 0 : Number(row.seq);
}
