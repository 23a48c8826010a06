import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DbHandle, type Dialect } from '../db/database.ts';
import { migrateTo, migrateToLatest } from '../db/migrate.ts';

/**
 * The dialects repository and route tests loop over: SQLite always; PostgreSQL when TEST_DATABASE_URL is set
 * (`.ci/run` sets it and fails if PostgreSQL is unreachable).
 */
export const TEST_DIALECTS: Dialect[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

if (!process.env.TEST_DATABASE_URL && !process.env.FANGZHI_PG_NOTE_SHOWN) {
  process.env.FANGZHI_PG_NOTE_SHOWN = '1';
  console.info('TEST_DATABASE_URL 未设置：数据库测试只在 SQLite 上运行（PostgreSQL tests skipped).');
}

/** A fresh, migrated database: an in-memory SQLite, or a new schema of the PostgreSQL test database (dropped on close). */
export async function createTestDatabase(dialect: Dialect): Promise<DbHandle> {
  return (await createTestDatabaseAt(dialect, null)).handle;
}

/**
 * A fresh database migrated up to the named migration (null: all of them), and a function bringing it to the latest
 * schema: a migration's test fills the layout before it, then runs it.
 */
export async function createTestDatabaseAt(
  dialect: Dialect,
  migration: string | null,
): Promise<{ handle: DbHandle; migrateToLatest: () => Promise<unknown> }> {
  if (dialect === 'sqlite') {
    const handle = openDatabase({ kind: 'sqlite', file: ':memory:' });
    if (migration) await migrateTo(handle.db, migration);
    else await migrateToLatest(handle.db);
    return { handle, migrateToLatest: () => migrateToLatest(handle.db) };
  }
  const url = process.env.TEST_DATABASE_URL!;
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const handle = openDatabase({ kind: 'postgres', url, schema });
  await migrateWithRetry(
    () => (migration ? migrateTo(handle.db, migration, { schema }) : migrateToLatest(handle.db, { schema })),
    schema,
  );
  return {
    handle: {
      ...handle,
      close: async () => {
        await handle.close();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP SCHEMA ${schema} CASCADE`);
        await c.end();
      },
    },
    migrateToLatest: () => migrateWithRetry(() => migrateToLatest(handle.db, { schema }), schema),
  };
}

/**
 * Kysely's migrator introspects every schema of the test database by name; when a test in another process drops its
 * schema at that moment, PostgreSQL answers 3F000 (invalid_schema_name) or 42P01 (undefined_table, `relation
 * "t_….compile_contradiction" does not exist`: CI, stops 22 and 23) about that other schema, or 42703 from the
 * introspection's `pg_get_serial_sequence` when the other schema's table went between listing its columns and asking
 * for their sequences (`column "plan_id" of relation "plan_supervision" does not exist`, unnamed schema: CI, stop 35).
 * Nothing of ours is wrong then, so the migration is simply run again (it is idempotent: applied migrations are
 * skipped, and a migration that fails runs in a transaction that is rolled back).
 */
async function migrateWithRetry(migrate: () => Promise<unknown>, schema: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrate();
      return;
    } catch (error) {
      if (!otherSchemaVanished(error, schema) || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/** Whether a failed migration of `schema` failed on another test's schema being dropped meanwhile (see above). */
export function otherSchemaVanished(error: unknown, schema: string): boolean {
  const cause = (error as { cause?: { code?: unknown; routine?: unknown } } | null)?.cause;
  const code = (error as { code?: unknown } | null)?.code ?? cause?.code;
  const routine = (error as { routine?: unknown } | null)?.routine ?? cause?.routine;
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes(schema)) return false;
  // Its schema (3F000) or one of its tables (42P01, `relation "t_….table"`) gone in the middle of the introspection.
  const named = /(?:schema|relation) "(t_[0-9a-f]+)[".]/.exec(message)?.[1];
  // One of its columns gone between listing it and asking for its sequence (the schema is not named then).
  const columnVanished = code === '42703' && routine === 'pg_get_serial_sequence';
  return code === '3F000' || named !== undefined || columnVanished;
}
