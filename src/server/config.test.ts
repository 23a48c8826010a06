import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to port 3000 and SQLite under ./data', () => {
    const c = loadConfig({}, '/srv/fangzhi');
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeNull();
    expect(c.sqliteFile).toBe(path.join('/srv/fangzhi/data', 'fangzhi.sqlite'));
  });

  it('lists every wrong value in one readable message instead of a stack trace', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/PORT="abc"/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL="mysql:\/\/x": 应以 postgres:\/\/ 开头/);
  });

  it('refuses malformed search settings at start, each in one line', () => {
    expect(() => loadConfig({ FANGZHI_SEARCH_PRELOAD_MB: '2GB' })).toThrow(
      /FANGZHI_SEARCH_PRELOAD_MB="2GB": 应为不小于 0/,
    );
    expect(() => loadConfig({ FANGZHI_SEARCH_CACHE_CHARS: '5' })).toThrow(/FANGZHI_SEARCH_CACHE_CHARS="5"/);
    expect(() => loadConfig({ FANGZHI_SEARCH_SCAN_CHARS: '5' })).toThrow(/FANGZHI_SEARCH_SCAN_CHARS="5"/);
    expect(() => loadConfig({ FANGZHI_SEARCH_WORKERS: 'two' })).toThrow(/FANGZHI_SEARCH_WORKERS="two"/);
    expect(() => loadConfig({ FANGZHI_SEARCH_PRELOAD_MB: '0', FANGZHI_SEARCH_WORKERS: '2' })).not.toThrow();
  });

  it('pins the date only when asked, and only to a real date', () => {
    expect(loadConfig({}).fixedDate).toBeNull();
    expect(loadConfig({ FANGZHI_FIXED_DATE: '2023-06-28' }).fixedDate).toBe('2023-06-28');
    expect(() => loadConfig({ FANGZHI_FIXED_DATE: '2023-02-30' })).toThrow(/FANGZHI_FIXED_DATE/);
  });

  it('accepts a PostgreSQL URL and an explicit data dir', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h/db', DATA_DIR: '/var/lib/fz', PORT: '8080' });
    expect(c).toMatchObject({ databaseUrl: 'postgres://u@h/db', dataDir: '/var/lib/fz', port: 8080 });
  });

  it('reads the idle timeout and how many reverse proxies to trust, refusing nonsense', () => {
    expect(loadConfig({})).toMatchObject({ sessionIdleMinutes: 120, trustProxyHops: 0 });
    expect(loadConfig({ SESSION_IDLE_MINUTES: '30', TRUST_PROXY: 'true' })).toMatchObject({
      sessionIdleMinutes: 30,
      trustProxyHops: 1,
    });
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxyHops).toBe(2);
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: '1', TRUST_PROXY: 'yes' })).toThrow(
      /SESSION_IDLE_MINUTES="1": 至少 5 分钟[\s\S]*TRUST_PROXY="yes": 应为 false、true 或代理层数/,
    );
  });
});
