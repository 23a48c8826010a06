import { pino } from 'pino';
import type { TRole } from '../../shared/auth.ts';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import type { Dialect } from '../db/database.ts';
import type { AppDeps } from '../deps.ts';
import { createLoginLimiter } from '../platform/auth/login-limiter.ts';
import { systemActor } from '../platform/auth/actor.ts';
import type { PasswordHashing } from '../platform/auth/password.ts';
import type { Clock } from '../platform/clock.ts';
import { createUser } from '../modules/users/users.service.ts';
import { createTestDatabase } from './test-db.ts';
import { openGazetteerSearch } from '../modules/gazetteer/open-search.ts';
import { countTaskHistory } from '../modules/supervision/task-history.ts';
import { liveIndicatorActuals } from '../modules/library/live-indicators.ts';
import { createNotifier } from '../modules/notifications/dispatch.ts';

export const TEST_PASSWORD = 'correct-horse-1';

/**
 * argon2id at its cheapest (64 KiB, one pass): test users sign in by the dozen, and the strong production parameters
 * would make that take minutes on a loaded machine. `password.test.ts` checks that production still hashes strongly.
 */
export const TEST_PASSWORD_HASHING: PasswordHashing = { memoryCost: 64, timeCost: 1, parallelism: 1 };

/** A clock tests can move. */
export function createTestClock(start = '2023-04-01T08:00:00.000Z'): Clock & { advance(ms: number): void } {
  let now = new Date(start).getTime();
  return { now: () => new Date(now), advance: (ms) => (now += ms) };
}

export interface TestApp {
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  clock: ReturnType<typeof createTestClock>;
  /** Creates a user with the given roles (and unit) and returns a client signed in as that user. */
  signIn(username: string, roles: TRole[], unitId?: number | null): Promise<TestClient>;
  /** Signs an existing user in again (a moved clock expires sessions after 12 hours). */
  login(username: string): Promise<TestClient>;
  /** Signs in again as an existing user (another browser, another session); headers e.g. X-Forwarded-For. */
  signInAgain(username: string, password?: string, headers?: Record<string, string>): Promise<TestClient>;
  /** A client with no session. */
  anonymous(): TestClient;
  close(): Promise<void>;
}

export interface TestClient {
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  json<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

export async function createTestApp(dialect: Dialect): Promise<TestApp> {
  const handle = await createTestDatabase(dialect);
  const clock = createTestClock();
  const config = loadConfig({ DATA_DIR: '/nonexistent-fangzhi-test', LOG_LEVEL: 'silent' });
  const logger = pino({ level: 'silent' });
  const deps: AppDeps = {
    db: handle.db,
    dialect,
    clock,
    logger,
    config,
    loginLimiter: createLoginLimiter(),
    // In memory; no glyph table, so tests do not depend on ../shared.
    search: await openGazetteerSearch({ path: ':memory:', env: {}, cwd: '/nonexistent-fangzhi-test' }),
    notify: createNotifier({ db: handle.db, clock, logger }),
    taskHistory: countTaskHistory,
    liveIndicators: liveIndicatorActuals,
    passwordHashing: TEST_PASSWORD_HASHING,
  };
  const app = createApp(deps);

  const client = (cookie: string | null, csrf: string | null): TestClient => {
    const request = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      Promise.resolve(
        app.request(path, {
          method,
          headers: {
            ...(body !== undefined && typeof body !== 'string' && !(body instanceof FormData)
              ? { 'content-type': 'application/json' }
              : {}),
            ...(cookie ? { cookie } : {}),
            ...(csrf ? { 'x-csrf-token': csrf } : {}),
            ...headers,
          },
          body:
            body === undefined
              ? undefined
              : typeof body === 'string' || body instanceof FormData
                ? body
                : JSON.stringify(body),
        }),
      );
    return {
      request,
      async json<T>(method: string, path: string, body?: unknown) {
        const res = await request(method, path, body);
        return { status: res.status, body: (await res.json()) as T };
      },
    };
  };

  const signInAs = async (username: string, password: string, headers: Record<string, string>): Promise<TestClient> => {
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    return client(cookies.join('; '), csrf);
  };

  return {
    deps,
    app,
    clock,
    async signIn(username, roles, unitId = null) {
      await createUser(deps, systemActor('test-setup'), {
        username,
        displayName: `测试${username}`,
        password: TEST_PASSWORD,
        roles,
        unitId,
      });
      return login(username);
    },
    login: (username) => login(username),
    signInAgain: (username, password = TEST_PASSWORD, headers = {}) => signInAs(username, password, headers),
    anonymous: () => client(null, null),
    close: async () => {
      await deps.search.index.close();
      return handle.close();
    },
  };

  function login(username: string): Promise<TestClient> {
    return signInAs(username, TEST_PASSWORD, {});
  }
}
