import type { TAuditEntry, TAuditPage } from '../../shared/audit.ts';
import type { TestClient } from './test-app.ts';

/**
 * The audit log as an administrator or a leader reads it (GET /api/audit), every page, oldest entry first: what a test
 * checks after an API call, instead of querying `audit_log` (owned by platform/audit) itself.
 */
export async function readAuditLog(
  client: TestClient,
  query: { entityType?: string; action?: string } = {},
): Promise<TAuditEntry[]> {
  const entries: TAuditEntry[] = [];
  for (let page = 1; ; page += 1) {
    const params = new URLSearchParams({ ...query, page: String(page), pageSize: '200' });
    const res = await client.json<TAuditPage>('GET', `/api/audit?${params}`);
    if (res.status !== 200)
      throw new Error(`reading the audit log failed (${res.status}): ${JSON.stringify(res.body)}`);
    entries.push(...res.body.items);
    if (res.body.items.length === 0 || entries.length >= res.body.total) break;
  }
  return entries.reverse();
}

/** How many entries the whole audit log holds: a refused request must leave it unchanged. */
export async function auditLogSize(client: TestClient): Promise<number> {
  const res = await client.json<TAuditPage>('GET', '/api/audit?pageSize=1');
  if (res.status !== 200) throw new Error(`reading the audit log failed (${res.status}): ${JSON.stringify(res.body)}`);
  return res.body.total;
}
