import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.ts';
import * as m0001 from './migrations/0001-foundation.ts';
import * as m0002 from './migrations/0002-gazetteer.ts';
import * as m0003 from './migrations/0003-workplan.ts';
import * as m0004 from './migrations/0004-supervision.ts';
import * as m0005 from './migrations/0005-user-email.ts';
import * as m0006 from './migrations/0006-sessions-throttle.ts';
import * as m0007 from './migrations/0007-plan-revisions.ts';
import * as m0008 from './migrations/0008-compilation.ts';
import * as m0014 from './migrations/0014-supervision-loop.ts';
import * as m0009 from './migrations/0009-library.ts';
import * as m0010 from './migrations/0010-datareports.ts';
import * as m0011 from './migrations/0011-scholar.ts';
import * as m0015 from './migrations/0015-review.ts';
import * as m0018 from './migrations/0018-book-changes.ts';
import * as m0019 from './migrations/0019-compile-sources.ts';
import * as m0016 from './migrations/0016-evaluation.ts';
import * as m0020 from './migrations/0020-supervision-gaps.ts';
import * as m0021 from './migrations/0021-evaluation-cancel.ts';
import * as m0022 from './migrations/0022-section-text-chunks.ts';
import * as m0023 from './migrations/0023-compact-notes.ts';
import * as m0024 from './migrations/0024-pieces-utf16.ts';
import * as m0025 from './migrations/0025-pieces-deflated.ts';

/** Every migration, in order. A new migration is a new file added here; released ones never change. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-gazetteer': m0002,
  '0003-workplan': m0003,
  '0004-supervision': m0004,
  '0005-user-email': m0005,
  '0006-sessions-throttle': m0006,
  '0007-plan-revisions': m0007,
  '0008-compilation': m0008,
  '0014-supervision-loop': m0014,
  '0009-library': m0009,
  '0010-datareports': m0010,
  '0011-scholar': m0011,
  '0015-review': m0015,
  '0018-book-changes': m0018,
  '0019-compile-sources': m0019,
  '0016-evaluation': m0016,
  '0020-supervision-gaps': m0020,
  '0021-evaluation-cancel': m0021,
  '0022-section-text-chunks': m0022,
  '0023-compact-notes': m0023,
  '0024-pieces-utf16': m0024,
  '0025-pieces-deflated': m0025,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(MIGRATIONS) };

/** Brings the schema to the latest version; returns the names applied. Throws with the failing migration's name. */
export async function migrateToLatest(db: Db, options: { schema?: string } = {}): Promise<string[]> {
  // With a pinned PostgreSQL schema, name it: otherwise Kysely's existence check sees another schema's migration tables.
  const migrator = new Migrator({ db, provider, ...(options.schema ? { migrationTableSchema: options.schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`数据库迁移失败${failed ? `（${failed.migrationName}）` : ''}：${reason}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Brings the schema up or down to the named migration (tests of a migration on data in the layout before it). */
export async function migrateTo(db: Db, name: string, options: { schema?: string } = {}): Promise<void> {
  const migrator = new Migrator({ db, provider, ...(options.schema ? { migrationTableSchema: options.schema } : {}) });
  const { error } = await migrator.migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
