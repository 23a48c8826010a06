import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { CSRF_COOKIE, SESSION_COOKIE, ZChangePasswordRequest, ZLoginRequest } from '../../../shared/auth.ts';
import type { AppDeps } from '../../deps.ts';
import { readJson, requireActor, type AppEnv } from '../../http/context.ts';
import { clientInfo } from '../../http/client-info.ts';
import type { AccountStore } from '../../platform/auth/accounts.ts';
import { changeOwnPassword, login, logout, presentCurrentUser } from '../../platform/auth/auth.service.ts';

/** `accounts`: the users module's accounts, handed over by app.ts. */
export function authRoutes(deps: AppDeps, accounts: AccountStore) {
  const cookieBase = { path: '/', sameSite: 'Strict', secure: deps.config.secureCookies } as const;
  return new Hono<AppEnv>()
    .post('/login', async (c) => {
      const input = await readJson(c, ZLoginRequest);
      const { token, user } = await login(
        {
          db: deps.db,
          clock: deps.clock,
          loginLimiter: deps.loginLimiter,
          sessionHours: deps.config.sessionHours,
          sessionIdleMinutes: deps.config.sessionIdleMinutes,
          accounts,
          passwordHashing: deps.passwordHashing,
        },
        input,
        clientInfo(c),
      );
      // Max-Age, not Expires: the browser's clock decides, whatever date the server's clock is pinned to.
      const maxAge = deps.config.sessionHours * 3600;
      setCookie(c, SESSION_COOKIE, token, { ...cookieBase, httpOnly: true, maxAge });
      // Readable by the page on purpose: it is echoed in the X-CSRF-Token header (double submit, checked against the session).
      setCookie(c, CSRF_COOKIE, user.csrfToken, { ...cookieBase, httpOnly: false, maxAge });
      return c.json(user);
    })
    .get('/me', (c) => {
      const actor = requireActor(c);
      const session = c.get('session');
      return c.json(presentCurrentUser(actor, session?.unitName ?? null, session?.csrfToken ?? ''));
    })
    .post('/password', async (c) => {
      const actor = requireActor(c);
      await changeOwnPassword(
        { ...deps, accounts },
        actor,
        await readJson(c, ZChangePasswordRequest),
        c.get('session')?.id ?? null,
      );
      return c.json({ ok: true });
    })
    .post('/logout', async (c) => {
      const actor = requireActor(c);
      const session = c.get('session');
      if (session) await logout(deps, session.id, actor);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      deleteCookie(c, CSRF_COOKIE, { path: '/' });
      return c.json({ ok: true });
    });
}
