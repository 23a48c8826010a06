import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { AuditLogTable } from '../../db/schema.ts';
import type { TAuditQuery } from '../../../shared/audit.ts';

// Insert and select only: the table refuses UPDATE and DELETE by trigger.

export async function insertAuditEntry(db: Db, entry: Insertable<AuditLogTable>): Promise<void> {
  await db.insertInto('audit_log').values(entry).execute();
}

export async function findAuditEntries(db: Db, query: TAuditQuery) {
  let q = db.selectFrom('audit_log');
  if (query.actorId) q = q.where('actor_id', '=', query.actorId);
  if (query.entityType) q = q.where('entity_type', '=', query.entityType);
  if (query.action) q = q.where('action', '=', query.action);
  if (query.from) q = q.where('occurred_at', '>=', `${query.from}T00:00:00.000Z`);
  if (query.to) q = q.where('occurred_at', '<=', `${query.to}T23:59:59.999Z`);
  if (query.q) {
    const like = `%${query.q}%`;
    q = q.where((eb) => eb.or([eb('summary', 'like', eb.val(like)), eb('actor_name', 'like', eb.val(like))]));
  }
  const totalRow = await q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll()
    .orderBy('id', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { rows, total: Number(totalRow.n) };
}
