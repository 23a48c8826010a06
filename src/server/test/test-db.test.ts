import { describe, expect, it } from 'vitest';
import { otherSchemaVanished } from './test-db.ts';

/** A migration's error as `migrateToLatest` throws it: a Chinese message with PostgreSQL's error as its cause. */
function failed(reason: string, cause: Record<string, unknown>): Error {
  return new Error(`数据库迁移失败：${reason}`, { cause: Object.assign(new Error(reason), cause) });
}

describe('otherSchemaVanished (the PostgreSQL test databases retry a migration only on another test’s race)', () => {
  const mine = 't_0a0b0c0d0e0f';

  it('retries when another schema, one of its tables or one of its columns vanished during the introspection', () => {
    expect(otherSchemaVanished(failed('schema "t_123456abcdef" does not exist', { code: '3F000' }), mine)).toBe(true);
    expect(otherSchemaVanished(failed('relation "t_123456abcdef.task" does not exist', { code: '42P01' }), mine)).toBe(
      true,
    );
    const column = 'column "plan_id" of relation "plan_supervision" does not exist';
    expect(otherSchemaVanished(failed(column, { code: '42703', routine: 'pg_get_serial_sequence' }), mine)).toBe(true);
  });

  it('does not retry a failure of its own schema or of a migration itself', () => {
    expect(otherSchemaVanished(failed(`relation "${mine}.task" does not exist`, { code: '42P01' }), mine)).toBe(false);
    // A migration naming a missing column fails in its own statement, not in the sequence lookup.
    const column = 'column "plan_id" of relation "plan_supervision" does not exist';
    expect(otherSchemaVanished(failed(column, { code: '42703', routine: 'errorMissingColumn' }), mine)).toBe(false);
    expect(otherSchemaVanished(failed('syntax error at or near "TABEL"', { code: '42601' }), mine)).toBe(false);
    expect(otherSchemaVanished(null, mine)).toBe(false);
  });
});
