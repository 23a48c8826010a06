import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './context.ts';
import { bodyLimits, limitFor, LOGIN_BODY_BYTES, UPLOAD_BODY_BYTES } from './body-limits.ts';

describe('request body limits', () => {
  it('gives login a few kilobytes, uploads their own limit and every other body 1 MiB', () => {
    expect(limitFor('POST', '/api/auth/login')).toBe(LOGIN_BODY_BYTES);
    expect(limitFor('POST', '/api/books')).toBe(UPLOAD_BODY_BYTES);
    expect(limitFor('POST', '/api/plans/preview')).toBe(UPLOAD_BODY_BYTES);
    expect(limitFor('PUT', '/api/books')).toBe(1024 * 1024);
    expect(limitFor('POST', '/api/units')).toBe(1024 * 1024);
  });

  it('lets GET and HEAD through without touching the raw request; a POST is counted', async () => {
    const app = new Hono<AppEnv>();
    app.use('*', bodyLimits);
    app.all('*', (c) => c.text('ok'));
    const touched: string[] = [];
    // A request whose body (what the limiter reads, and what makes the Node adapter build a full Request) is watched.
    const watched = (method: string, body?: string) => {
      const request = new Request('http://localhost/api/search?q=天池', { method, body });
      return new Proxy(request, {
        get(target, key) {
          if (key === 'body') touched.push(method);
          const value = Reflect.get(target, key, target) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
    };
    expect((await app.fetch(watched('GET'))).status).toBe(200);
    expect((await app.fetch(watched('HEAD'))).status).toBe(200);
    expect(touched).toEqual([]);
    expect((await app.fetch(watched('POST', 'x'.repeat(10)))).status).toBe(200);
    expect(touched).toContain('POST');
  });
});
