import path from 'node:path';
import { z } from 'zod';

/** Everything the server and CLI read from the environment, validated once at start. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** `null` = embedded SQLite at `sqliteFile`. */
  databaseUrl: string | null;
  sqliteFile: string;
  adminPassword: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sessionHours: number;
  /** A session unused for this many minutes ends (SESSION_IDLE_MINUTES). */
  sessionIdleMinutes: number;
  /** Reverse proxies in front of the server whose X-Forwarded-For is trusted (TRUST_PROXY); 0 = use the socket address. */
  trustProxyHops: number;
  /** Set when served behind HTTPS (adds `Secure` to cookies). */
  secureCookies: boolean;
  webDir: string;
  /** Pins "today" (YYYY-MM-DD) for training and demonstration installs and browser tests; null = the real date. */
  fixedDate: string | null;
}

/** A count of characters of at least a million (the search's cache and scan limit), refused with one line. */
const characterCount = z
  .string()
  .refine(
    (v) => /^\d+$/.test(v) && Number(v) >= 1_000_000,
    '应为不小于 1000000 的整数（字数）(must be an integer ≥ 1000000)',
  )
  .optional();

const ZEnv = z.object({
  PORT: z.coerce
    .number({ error: () => ({ message: '必须是 1–65535 之间的整数 (must be an integer 1–65535)' }) })
    .int('必须是整数 (must be an integer)')
    .min(1, '必须在 1–65535 之间 (must be 1–65535)')
    .max(65535, '必须在 1–65535 之间 (must be 1–65535)')
    .default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1, '不能为空 (must not be empty)').default('./data'),
  DATABASE_URL: z
    .string()
    .regex(
      /^postgres(ql)?:\/\//,
      '应以 postgres:// 开头，未设置则使用内置 SQLite (must start with postgres://; unset = SQLite)',
    )
    .optional(),
  FANGZHI_ADMIN_PASSWORD: z.string().min(8, '至少 8 位 (at least 8 characters)').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  SECURE_COOKIES: z.enum(['true', 'false', '1', '0']).default('false'),
  SESSION_IDLE_MINUTES: z.coerce
    .number({ error: () => ({ message: '必须是 5–43200 之间的整数（分钟）(must be an integer 5–43200, minutes)' }) })
    .int('必须是整数 (must be an integer)')
    .min(5, '至少 5 分钟 (at least 5 minutes)')
    .max(43_200, '最多 43200 分钟（30 天）(at most 43200 minutes)')
    .default(120),
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|[0-9])$/, '应为 false、true 或代理层数 0–9 (must be false, true or a hop count 0–9)')
    .default('false'),
  FANGZHI_WEB_DIR: z.string().optional(),
  // Read by the search (`open-search.ts`, `search/page-cache.ts`); checked here too so a bad value stops the start
  // with one line instead of a stack trace from opening the index.
  FANGZHI_SEARCH_WORKERS: z
    .string()
    .regex(/^\d+$/, '应为不小于 0 的整数（检索线程数）(must be an integer ≥ 0)')
    .optional(),
  FANGZHI_SEARCH_CACHE_CHARS: characterCount,
  FANGZHI_SEARCH_SCAN_CHARS: characterCount,
  FANGZHI_SEARCH_PRELOAD_MB: z
    .string()
    .regex(/^\d+$/, '应为不小于 0 的整数（兆字节；0 表示启动时不预读）(must be an integer ≥ 0, MB)')
    .optional(),
  FANGZHI_FIXED_DATE: z.iso.date({ message: '应为 YYYY-MM-DD 格式的日期 (must be a date YYYY-MM-DD)' }).optional(),
});

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置有误 (invalid configuration):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment; throws `ConfigError` with one readable line per problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ZEnv.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (issue) => `${issue.path.join('.')}=${JSON.stringify(cleaned[String(issue.path[0])] ?? '')}: ${issue.message}`,
      ),
    );
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? null,
    sqliteFile: path.join(dataDir, 'fangzhi.sqlite'),
    adminPassword: e.FANGZHI_ADMIN_PASSWORD ?? null,
    logLevel: e.LOG_LEVEL,
    sessionHours: e.SESSION_HOURS,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    trustProxyHops: e.TRUST_PROXY === 'true' ? 1 : e.TRUST_PROXY === 'false' ? 0 : Number(e.TRUST_PROXY),
    secureCookies: e.SECURE_COOKIES === 'true' || e.SECURE_COOKIES === '1',
    webDir: path.resolve(cwd, e.FANGZHI_WEB_DIR ?? path.join(import.meta.dirname, '../../dist/web')),
    fixedDate: e.FANGZHI_FIXED_DATE ?? null,
  };
}
