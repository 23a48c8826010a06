import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../shared/errors.ts';
import { LIMITS } from '../../shared/limits.ts';
import type { AppEnv } from './context.ts';

/**
 * Request body limits per route, enforced before anything parses the body: a declared Content-Length over the limit is
 * refused at once, and a chunked body is counted as it streams in and refused at the first byte over. Only the routes
 * that take a file (multipart) or pasted plan text get the upload limit; signing in gets a few kilobytes; every other
 * JSON body 1 MiB. (Before, one 20 MB limit covered all of /api, so anonymous login parsed 20 MB JSON bodies.)
 */

/** A file plus its form fields (metadata, the confirmed task table of a plan import). */
export const UPLOAD_BODY_BYTES = LIMITS.uploadBytes + 2 * 1024 * 1024;
export const LOGIN_BODY_BYTES = 16 * 1024;

const UPLOAD_ROUTES: readonly RegExp[] = [
  /^\/api\/plans(?:\/preview)?$/, // 工作要点 file or pasted text (up to 2 million characters)
  /^\/api\/books$/, // 省情数据库 book upload
  /^\/api\/reports\/\d+\/attachments$/, // 进展报告附件
  /^\/api\/review\/manuscripts$/, // 评审书稿 (.docx/.pdf)
  /^\/api\/evaluation\/campaigns\/\d+\/entries$/, // 评审参评作品 (.docx/.pdf)
];

export function limitFor(method: string, path: string): number {
  if (path === '/api/auth/login') return LOGIN_BODY_BYTES;
  if (method === 'POST' && UPLOAD_ROUTES.some((r) => r.test(path))) return UPLOAD_BODY_BYTES;
  return LIMITS.jsonBodyBytes;
}

const describe = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`;

const limiters = new Map<number, MiddlewareHandler<AppEnv>>();

function limiter(maxSize: number): MiddlewareHandler<AppEnv> {
  let handler = limiters.get(maxSize);
  if (!handler) {
    handler = bodyLimit({
      maxSize,
      onError: () => {
        throw new AppError(
          'PAYLOAD_TOO_LARGE',
          maxSize >= LIMITS.uploadBytes
            ? `上传的内容超过 ${describe(LIMITS.uploadBytes)} 的上限，请压缩或拆分后重试。`
            : `请求内容超过 ${describe(maxSize)} 的上限，请精简后重试。`,
        );
      },
    });
    limiters.set(maxSize, handler);
  }
  return handler;
}

/**
 * GET and HEAD carry no body (the Node adapter never gives them one), and Hono's limiter reads `c.req.raw.body`, which
 * makes the adapter build a full fetch Request with an AbortController for the request. Each such Request leaves a
 * finalizer behind, and under 100 connections of searches the finalizers of thousands of them ran in one go after a
 * collection and held the event loop 50 ms (a CPU profile of `bench:load`, stop 24): these methods skip it.
 */
const WITHOUT_BODY = new Set(['GET', 'HEAD']);

export const bodyLimits: MiddlewareHandler<AppEnv> = (c, next) =>
  WITHOUT_BODY.has(c.req.method) ? next() : limiter(limitFor(c.req.method, c.req.path))(c, next);
