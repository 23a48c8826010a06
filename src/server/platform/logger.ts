import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; secrets are redacted wherever they appear in a logged object. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'fangzhi' },
    redact: ['password', '*.password', 'req.headers.cookie', 'headers.cookie', '*.csrfToken'],
  });
}
