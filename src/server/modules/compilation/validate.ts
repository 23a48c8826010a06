import type { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';

/** Validates input that may come from the CLI as well as a route (routes have already validated; this is cheap). */
export function validate<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError(
      'VALIDATION_FAILED',
      first?.message,
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return parsed.data;
}
