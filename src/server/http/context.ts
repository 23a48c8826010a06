import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../platform/auth/actor.ts';

export interface AppEnv {
  Variables: {
    requestId: string;
    actor: Actor | null;
    session: { id: string; csrfToken: string; unitName: string | null } | null;
    /** TRUST_PROXY as configured: how many of our reverse proxies' X-Forwarded-For entries to trust (see client-info.ts). */
    trustProxyHops: number;
  };
}

export type AppContext = Context<AppEnv>;

/** The signed-in user, or 401. */
export function requireActor(c: AppContext): Actor {
  const actor = c.get('actor');
  if (!actor) throw new AppError('UNAUTHENTICATED');
  return actor;
}

function toValidationError(error: z.ZodError): AppError {
  const details = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  const first = details[0];
  return new AppError(
    'VALIDATION_FAILED',
    first ? `${first.message}${first.path ? `（字段：${first.path}）` : ''}` : undefined,
    details,
  );
}

/** Parses the JSON body against a shared schema: malformed JSON → 400 BAD_REQUEST, schema mismatch → 400 VALIDATION_FAILED. */
export async function readJson<T extends z.ZodType>(c: AppContext, schema: T): Promise<z.infer<T>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new AppError('BAD_REQUEST', '请求内容不是有效的 JSON，请检查格式后重试。');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw toValidationError(parsed.error);
  return parsed.data;
}

export function readQuery<T extends z.ZodType>(c: AppContext, schema: T): z.infer<T> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw toValidationError(parsed.error);
  return parsed.data;
}

export function readIdParam(c: AppContext, name = 'id'): number {
  const raw = c.req.param(name);
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new AppError('BAD_REQUEST', `路径中的编号“${raw ?? ''}”无效，应为正整数。`);
  return id;
}
