import fs from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { serveStatic } from '@hono/node-server/serve-static';
import { AppError } from '../shared/errors.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '../shared/auth.ts';
import type { AppDeps } from './deps.ts';
import type { AppEnv } from './http/context.ts';
import { clientInfo } from './http/client-info.ts';
import { bodyLimits } from './http/body-limits.ts';
import { resolveSession } from './platform/auth/auth.service.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { usersRoutes } from './modules/users/users.routes.ts';
import { userAccounts } from './modules/users/user-accounts.ts';
import { countUsersInUnit } from './modules/users/users.repository.ts';
import { orgRoutes } from './modules/org/org.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { workplanRoutes } from './modules/workplan/workplan.routes.ts';
import { documentsRoutes, escalationDocumentRoutes } from './modules/documents/documents.routes.ts';
import { dashboardRoutes } from './modules/dashboard/dashboard.routes.ts';
import { assessmentRoutes } from './modules/assessment/assessment.routes.ts';
import {
  booksRoutes,
  docsRoutes,
  searchRoutes,
  glyphRoutes,
  savedSearchRoutes,
} from './modules/gazetteer/gazetteer.routes.ts';
import { supervisionRoutes } from './modules/supervision/supervision.routes.ts';
import { notificationSettingsRoutes, notificationsRoutes } from './modules/notifications/notifications.routes.ts';
import { compilationRoutes } from './modules/compilation/compilation.routes.ts';
import { libraryRoutes } from './modules/library/library.routes.ts';
import { datareportsRoutes } from './modules/datareports/datareports.routes.ts';
import { reviewRoutes } from './modules/review/review.routes.ts';
import { evaluationRoutes } from './modules/evaluation/evaluation.routes.ts';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Requests that may change state without a session (and so without a CSRF token): only signing in. */
const CSRF_EXEMPT = new Set(['/api/auth/login']);

/**
 * Builds the HTTP application. Middleware order matters and is written down here, once:
 *  1. request id — every log line and audit entry of a request carries it;
 *  2. access log — logs method, path, status and time when the response is done;
 *  3. security headers — CSP, no sniffing, no framing, on every response;
 *  4. body limit on /api, per route — oversized bodies (declared or chunked) are refused before anything parses them;
 *  5. session — resolves the cookie to an actor (or null), never refuses by itself;
 *  6. CSRF — state-changing /api requests must echo the session's token and come from our own origin;
 *  7. routes, then the web app's static files with the SPA fallback.
 * Errors from any layer reach `onError`, which answers `{ code, message }` with a Chinese message.
 */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.use(requestId());
  app.use(async (c, next) => {
    c.set('trustProxyHops', deps.config.trustProxyHops);
    await next();
  });
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    deps.logger.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design injects its CSS-in-JS styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  // Per route (http/body-limits.ts): uploads 20 MB, sign-in 16 KB, every other JSON body 1 MiB; chunked bodies counted too.
  app.use('/api/*', bodyLimits);
  app.use('/api/*', async (c, next) => {
    c.set('actor', null);
    c.set('session', null);
    const token = getCookie(c, 'fz_session' satisfies typeof SESSION_COOKIE);
    if (token) {
      const resolved = await resolveSession(
        { ...deps, accounts: userAccounts, sessionIdleMinutes: deps.config.sessionIdleMinutes },
        token,
        clientInfo(c),
      );
      if (resolved) {
        c.set('actor', resolved.actor);
        c.set('session', { id: resolved.sessionId, csrfToken: resolved.csrfToken, unitName: resolved.unitName });
      }
    }
    await next();
  });
  app.use('/api/*', async (c, next) => {
    if (UNSAFE_METHODS.has(c.req.method) && !CSRF_EXEMPT.has(c.req.path)) {
      const session = c.get('session');
      if (session && c.req.header(CSRF_HEADER) !== session.csrfToken) throw new AppError('CSRF_FAILED');
    }
    if (UNSAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin');
      if (origin && new URL(c.req.url).host !== safeHost(origin)) throw new AppError('CSRF_FAILED');
    }
    await next();
  });

  // Several servers (issue 15): health also says whether this server's search index is ready or still being built.
  app.get('/api/health', (c) =>
    c.json({ status: 'ok', ...(deps.searchIndexStatus ? { searchIndex: deps.searchIndexStatus() } : {}) }),
  );
  // Sign-in (platform/auth) reaches accounts through a port; org counts a unit's accounts through another: both are
  // the users module's, handed over here so that neither platform/ nor org imports it.
  app.route('/api/auth', authRoutes(deps, userAccounts));
  app.route('/api/users', usersRoutes(deps));
  app.route('/api/units', orgRoutes(deps, { countUsersInUnit }));
  app.route('/api/audit', auditRoutes(deps));
  app.route('/api/plans', workplanRoutes(deps));
  app.route('/api/plans', documentsRoutes(deps));
  app.route('/api/chases', escalationDocumentRoutes(deps));
  // 任务督办: settings, roadmaps, progress reports and 督办 (lights, 催办/督办单, 延期, 办结, reminders), each path listed in
  // modules/supervision/supervision.routes.ts.
  app.route('/api', supervisionRoutes(deps));
  app.route('/api/plans', dashboardRoutes(deps));
  app.route('/api/plans', assessmentRoutes(deps));
  app.route('/api/notifications', notificationsRoutes(deps));
  app.route('/api/settings/notifications', notificationSettingsRoutes(deps));
  app.route('/api/library', libraryRoutes(deps));
  app.route('/api/datareports', datareportsRoutes(deps));
  app.route('/api/evaluation', evaluationRoutes(deps));
  // 省情数据库: reads are public (published books only without a session); writes check the session themselves.
  app.route('/api/books', booksRoutes(deps));
  app.route('/api/search', searchRoutes(deps));
  app.route('/api/docs', docsRoutes());
  // 编纂: projects, 篇目, drafts, checks, submissions, publication.
  app.route('/api/compilation', compilationRoutes(deps));
  app.route('/api/glyphs', glyphRoutes());
  app.route('/api/saved-searches', savedSearchRoutes(deps));
  // 评审 (issue 13): review rounds, panel, opinions, response matrix, decision and signatures.
  app.route('/api/review', reviewRoutes(deps));
  app.all('/api/*', () => {
    throw new AppError('NOT_FOUND', '没有这个接口，请检查地址。');
  });

  mountWebApp(app, deps.config.webDir);

  app.onError((error, c) => {
    if (error instanceof AppError) {
      return c.json({ code: error.code, message: error.message, details: error.details }, error.status as 400);
    }
    deps.logger.error({ err: error, requestId: c.get('requestId'), path: c.req.path }, 'unhandled error');
    const internal = new AppError('INTERNAL');
    return c.json({ code: internal.code, message: `${internal.message}（请求编号 ${c.get('requestId')}）` }, 500);
  });
  return app;
}

function safeHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** Serves the built web app; any other non-API path gets index.html so client-side routes survive a reload. */
function mountWebApp(app: Hono<AppEnv>, webDir: string): void {
  const indexFile = path.join(webDir, 'index.html');
  if (fs.existsSync(webDir)) {
    app.use('/assets/*', serveStatic({ root: webDir }));
    app.get('/favicon.svg', serveStatic({ root: webDir }));
  }
  app.get('*', (c) => {
    if (!fs.existsSync(indexFile)) {
      return c.text(
        '网页尚未构建：请先运行 npm run build（或 npm start）。\nThe web app is not built: run `npm run build`.',
        503,
      );
    }
    return c.html(fs.readFileSync(indexFile, 'utf8'));
  });
}
