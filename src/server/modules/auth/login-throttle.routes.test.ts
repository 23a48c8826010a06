import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { TEST_DIALECTS } from '../../test/test-db.ts';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../test/test-app.ts';
import { createLoginLimiter } from '../../platform/auth/login-limiter.ts';
import { deleteStaleThrottleRows, findThrottleRows } from '../../platform/auth/login-throttle.repository.ts';
import { ARGON2_CONCURRENCY, ARGON2_QUEUE, hashPassword, verifyPassword } from '../../platform/auth/password.ts';

/** Issue 11, item 5: throttling that holds across usernames, addresses and processes; TRUST_PROXY; bounded argon2. */
describe.each(TEST_DIALECTS)('sign-in throttling (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await t.signIn('victim', ['unit_staff']);
    await t.signIn('bystander', ['unit_staff']);
  });
  afterAll(async () => t.close());

  const login = (username: string, password: string, from?: string) =>
    t.anonymous().request('POST', '/api/auth/login', { username, password }, from ? { 'x-forwarded-for': from } : {});
  // Through the owner's repository: every window and lock counts as over at the end of time.
  const clearThrottle = () =>
    deleteStaleThrottleRows(t.deps.db, '9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z');

  it('locks one address that tries many usernames, whatever the usernames', async () => {
    t.deps.config.trustProxyHops = 1;
    await clearThrottle();
    const { maxIp } = t.deps.loginLimiter.limits;
    for (let i = 0; i < maxIp; i++)
      expect((await login(`guess${i}`, 'wrong-password', '203.0.113.7')).status).toBe(401);
    const refused = await login('bystander', TEST_PASSWORD, '203.0.113.7');
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { message: string }).message).toMatch(
      /^此地址登录失败次数过多，请 15 分钟后再试/,
    );
    // Another address is not affected.
    expect((await login('bystander', TEST_PASSWORD, '198.51.100.1')).status).toBe(200);
  });

  it('locks an account that many addresses guess at, even with the right password', async () => {
    t.deps.config.trustProxyHops = 1;
    await clearThrottle();
    const { maxUser } = t.deps.loginLimiter.limits;
    for (let i = 0; i < maxUser; i++)
      expect((await login('victim', 'wrong-password', `192.0.2.${i + 1}`)).status).toBe(401);
    const refused = await login('victim', TEST_PASSWORD, '192.0.2.200');
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { message: string }).message).toMatch(/^该账号登录失败次数过多/);
    t.clock.advance(t.deps.loginLimiter.limits.lockMs + 1000);
    expect((await login('victim', TEST_PASSWORD, '192.0.2.200')).status).toBe(200);
  });

  it('keeps the counts in the database, so another server process sees the lock', async () => {
    await clearThrottle();
    const otherProcess = createLoginLimiter();
    const attempt = { username: 'victim', ip: '192.0.2.50' };
    const now = t.clock.now().getTime();
    for (let i = 0; i < t.deps.loginLimiter.limits.maxPair; i++)
      await otherProcess.recordFailure(t.deps.db, attempt, now);
    expect(await t.deps.loginLimiter.check(t.deps.db, attempt, now)).toMatchObject({ scope: 'pair' });
    expect(await t.deps.loginLimiter.check(t.deps.db, { username: 'victim', ip: '192.0.2.51' }, now)).toBeNull();
  });

  it('locks after a global number of failures from anywhere', async () => {
    await clearThrottle();
    const limiter = createLoginLimiter({ ...t.deps.loginLimiter.limits, maxGlobal: 12 });
    const now = t.clock.now().getTime();
    for (let i = 0; i < 12; i++) await limiter.recordFailure(t.deps.db, { username: `u${i}`, ip: `10.0.${i}.1` }, now);
    expect(await limiter.check(t.deps.db, { username: 'bystander', ip: '10.9.9.9' }, now)).toMatchObject({
      scope: 'global',
    });
    await clearThrottle();
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY is set, and then takes the address our proxy saw', async () => {
    await clearThrottle();
    t.deps.config.trustProxyHops = 0;
    // Without trust, a client rotating X-Forwarded-For is still one (socket) address.
    const { maxPair } = t.deps.loginLimiter.limits;
    for (let i = 0; i < maxPair; i++) await login('victim', 'wrong-password', `198.18.0.${i}`);
    expect((await login('victim', TEST_PASSWORD, '198.18.0.99')).status).toBe(429);
    await clearThrottle();
    t.deps.config.trustProxyHops = 1;
    // The client wrote the left part; our proxy appended the address it saw: that one counts.
    for (let i = 0; i < maxPair; i++) await login('victim', 'wrong-password', `1.1.1.${i}, 198.18.1.1`);
    expect((await login('victim', TEST_PASSWORD, '9.9.9.9, 198.18.1.1')).status).toBe(429);
    expect((await login('victim', TEST_PASSWORD, '198.18.1.2')).status).toBe(200);
    expect(await findThrottleRows(t.deps.db, ['ip:198.18.1.1'])).toHaveLength(1);
    const spoofed = Array.from({ length: maxPair }, (_, i) => [`ip:1.1.1.${i}`, `pair:victim|1.1.1.${i}`]).flat();
    expect(await findThrottleRows(t.deps.db, spoofed)).toEqual([]);
    t.deps.config.trustProxyHops = 0;
    await clearThrottle();
  });
});

describe('argon2 work is bounded', () => {
  it(`runs at most ${ARGON2_CONCURRENCY} at once and refuses beyond a queue of ${ARGON2_QUEUE}`, async () => {
    const hash = await hashPassword('bounded-work-1');
    const results = await Promise.allSettled(
      Array.from({ length: ARGON2_QUEUE + ARGON2_CONCURRENCY + 6 }, () => verifyPassword(hash, 'bounded-work-1')),
    );
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(6);
    expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
    expect(((refused[0] as PromiseRejectedResult).reason as AppError).code).toBe('RATE_LIMITED');
    expect(results.filter((r) => r.status === 'fulfilled' && r.value === true)).toHaveLength(
      ARGON2_QUEUE + ARGON2_CONCURRENCY,
    );
  });
});

describe.each(TEST_DIALECTS)('body limits before parsing (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  /** A body that never ends unless the server stops reading: proof that nothing parses it whole. */
  function endless(): ReadableStream<Uint8Array> {
    const chunk = new TextEncoder().encode(`{"username":"${'a'.repeat(60_000)}`);
    let sent = 0;
    return new ReadableStream({
      pull(controller) {
        sent += chunk.length;
        if (sent > 200 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
  }

  it('refuses a login body over 16 KB, declared or chunked, with a message naming the limit', async () => {
    const declared = await t.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(20 * 1024 * 1024) },
      body: 'x',
    });
    expect(declared.status).toBe(413);
    const chunked = await t.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: endless(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(((await chunked.json()) as { message: string }).message).toBe('请求内容超过 16 KB 的上限，请精简后重试。');
  });

  it('refuses any other JSON body over 1 MiB, and lets uploads up to their own limit through', async () => {
    const admin = await t.signIn('limits', ['admin']);
    const big = { name: 'x'.repeat(1024 * 1024 + 10) };
    const res = await admin.request('POST', '/api/units', big);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toBe('请求内容超过 1 MB 的上限，请精简后重试。');
    // Pasted plan text of 3 MB is under the upload limit: it reaches the parser (which answers about the text, not the size).
    const pasted = await admin.request('POST', '/api/plans/preview', { text: `${'一'.repeat(1_000_000)}` });
    expect(pasted.status).not.toBe(413);
    const tooBig = await admin.request('POST', '/api/plans/preview', { text: 'x'.repeat(23 * 1024 * 1024) });
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as { message: string }).message).toMatch(/超过 20 MB 的上限/);
  });
});
