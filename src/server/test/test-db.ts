import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DbHandle, type Dialect } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';

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
  if (dialect === 'sqlite') {
    const handle = openDatabase({ kind: 'sqlite', file: ':memory:' });
    await migrateToLatest(handle.db);
    return handle;
  }
  const url = process.env.TEST_DATABASE_URL!;
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const handle = openDatabase({ kind: 'postgres', url, schema });
  await migrateToLatest(handle.db, { schema });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}
