import { Hono } from 'hono';
import { ZAuditQuery } from '../../../shared/audit.ts';
import type { AppDeps } from '../../deps.ts';
import { readQuery, requireActor, type AppEnv } from '../../http/context.ts';
import { listAuditEntries } from '../../platform/audit/audit.service.ts';

export function auditRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/', async (c) => {
    const actor = requireActor(c);
    return c.json(await listAuditEntries(deps, actor, readQuery(c, ZAuditQuery)));
  });
}
