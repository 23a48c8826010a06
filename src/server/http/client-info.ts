import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppContext } from './context.ts';
import type { ClientInfo } from '../platform/auth/auth.service.ts';

/**
 * The client's address. Without TRUST_PROXY it is the socket's peer, and X-Forwarded-For is ignored (anyone can send
 * it). With TRUST_PROXY=n (n reverse proxies of ours in front), it is the n-th address from the right of
 * X-Forwarded-For: the one our outermost proxy saw connect; entries further left were written by the client.
 */
export function clientAddress(c: AppContext, trustProxyHops: number): string | null {
  if (trustProxyHops > 0) {
    const chain = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    const fromProxy = chain[chain.length - trustProxyHops] ?? chain[0];
    if (fromProxy) return fromProxy.slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null; // app.request() in tests has no socket
  }
}

/** Address, browser and request id of the caller, as recorded in sessions, sign-in throttling and the audit log. */
export function clientInfo(c: AppContext): ClientInfo {
  return {
    ip: clientAddress(c, c.get('trustProxyHops') ?? 0),
    userAgent: c.req.header('user-agent') ?? null,
    requestId: c.get('requestId'),
  };
}
