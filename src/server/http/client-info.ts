import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppContext } from './context.ts';
import type { ClientInfo } from '../platform/auth/auth.service.ts';

/** Address, browser and request id of the caller, as recorded in sessions and the audit log. */
export function clientInfo(c: AppContext): ClientInfo {
  let ip: string | null = null;
  try {
    ip = getConnInfo(c).remote.address ?? null;
  } catch {
    ip = null; // app.request() in tests has no socket
  }
  return { ip, userAgent: c.req.header('user-agent') ?? null, requestId: c.get('requestId') };
}
