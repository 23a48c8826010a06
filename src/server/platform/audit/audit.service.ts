import type { Db } from '../../db/database.ts';
import type { Clock } from '../clock.ts';
import type { TAuditEntry, TAuditPage, TAuditQuery } from '../../../shared/audit.ts';
import { isSystemActor, type Actor, type Principal } from '../auth/actor.ts';
import { authorize } from '../policy.ts';
import { findAuditEntries, insertAuditEntry } from './audit.repository.ts';

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  /** One Chinese sentence a person reads in the log, e.g. `创建用户 zhangsan（张三）`. */
  summary: string;
  before?: unknown;
  after?: unknown;
}

/** How the log names what the system was doing when it acted (`系统（命令行）`); other purposes are shown as given. */
const SYSTEM_PURPOSES: Record<string, string> = {
  cli: '命令行',
  reminders: '定时提醒',
  bootstrap: '首次启动',
  login: '登录检查',
};

/** The name the log shows for whoever acted: `张三（zhangsan）` or `系统（命令行）`. */
export function auditActorName(principal: Principal): string {
  if (isSystemActor(principal)) return `系统（${SYSTEM_PURPOSES[principal.purpose] ?? principal.purpose}）`;
  return `${principal.displayName}（${principal.username}）`;
}

/**
 * Appends one entry. Call it with the same `db` (transaction) as the change it records, so the change and its record
 * commit or roll back together.
 */
export async function recordAudit(db: Db, clock: Clock, principal: Principal, record: AuditRecord): Promise<void> {
  const actor = isSystemActor(principal) ? null : principal;
  await insertAuditEntry(db, {
    occurred_at: clock.now().toISOString(),
    actor_id: actor?.userId ?? null,
    actor_name: auditActorName(principal),
    action: record.action,
    entity_type: record.entityType,
    entity_id: record.entityId === undefined || record.entityId === null ? null : String(record.entityId),
    summary: record.summary,
    before_json: record.before === undefined ? null : JSON.stringify(record.before),
    after_json: record.after === undefined ? null : JSON.stringify(record.after),
    ip: actor?.ip ?? null,
    request_id: actor?.requestId ?? null,
  });
}

export async function listAuditEntries(deps: { db: Db }, actor: Actor, query: TAuditQuery): Promise<TAuditPage> {
  authorize(actor, 'audit.read');
  const { rows, total } = await findAuditEntries(deps.db, query);
  const items: TAuditEntry[] = rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurred_at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    summary: r.summary,
    before: r.before_json === null ? null : (JSON.parse(r.before_json) as unknown),
    after: r.after_json === null ? null : (JSON.parse(r.after_json) as unknown),
    ip: r.ip,
  }));
  return { items, total };
}
