/**
 * Moves an SQLite installation to PostgreSQL (`bin/fangzhi migrate-to-postgres`): every table row by row, parents
 * before children (foreign keys on PostgreSQL, and within a self-referencing table — unit, compile_node — parents
 * before their children), blobs as bytea, then every serial sequence set past the highest id, then the row counts
 * compared table by table. The target must be empty; it is migrated to the latest schema first. Like the migrations,
 * this file sits below the modules and names no table: it copies whatever the schema holds.
 */
import type SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { Db } from './database.ts';

const BOOKKEEPING = new Set(['kysely_migration', 'kysely_migration_lock']);
/** Bind parameters per INSERT (PostgreSQL allows 65535) and bytes of values per INSERT. */
const MAX_PARAMS = 30_000;
const MAX_BATCH_BYTES = 8 * 1024 * 1024;

export class TargetNotEmptyError extends Error {
  constructor(readonly table: string) {
    super(`target table ${table} is not empty`);
  }
}

export interface TableCopy {
  table: string;
  rows: number;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Tables of the target's current schema other than Kysely's bookkeeping. */
async function targetTables(db: Db): Promise<string[]> {
  const r = await sql<{ name: string }>`select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  return r.rows.map((x) => x.name).filter((n) => !BOOKKEEPING.has(n));
}

/** Throws TargetNotEmptyError naming the first table of the target that holds a row. */
export async function assertTargetEmpty(db: Db): Promise<void> {
  for (const table of await targetTables(db)) {
    const r = await sql<{ any: boolean }>`select exists(select 1 from ${sql.table(table)}) as any`.execute(db);
    if (r.rows[0]?.any) throw new TargetNotEmptyError(table);
  }
}

interface ForeignKey {
  table: string;
  column: string;
  references: string;
  referencedColumn: string;
}

async function foreignKeys(db: Db): Promise<ForeignKey[]> {
  const r = await sql<ForeignKey>`
    select c.conrelid::regclass::text as "table", a.attname as "column",
           c.confrelid::regclass::text as "references", af.attname as "referencedColumn"
    from pg_constraint c
    join pg_namespace n on n.oid = c.connamespace and n.nspname = current_schema()
    cross join lateral unnest(c.conkey, c.confkey) as k(col, fcol)
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.col
    join pg_attribute af on af.attrelid = c.confrelid and af.attnum = k.fcol
    where c.contype = 'f'`.execute(db);
  const bare = (name: string) => name.replace(/^.*\./, '').replace(/^"|"$/g, '');
  return r.rows.map((fk) => ({ ...fk, table: bare(fk.table), references: bare(fk.references) }));
}

/** Tables ordered so that every table comes after the tables it references. */
export function dependencyOrder(tables: readonly string[], fks: readonly ForeignKey[]): string[] {
  const deps = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const fk of fks) if (fk.table !== fk.references) deps.get(fk.table)?.add(fk.references);
  const out: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: string, path: string[]) => {
    if (state.get(t) === 'done') return;
    if (state.get(t) === 'visiting') throw new Error(`foreign keys form a cycle: ${[...path, t].join(' → ')}`);
    state.set(t, 'visiting');
    for (const d of [...(deps.get(t) ?? [])].sort()) visit(d, [...path, t]);
    state.set(t, 'done');
    out.push(t);
  };
  for (const t of [...tables].sort()) visit(t, []);
  return out;
}

/** Rows of a self-referencing table, each after the rows it references. */
function parentsFirst(rows: Record<string, unknown>[], selfRefs: readonly ForeignKey[]): Record<string, unknown>[] {
  if (selfRefs.length === 0) return rows;
  const key = selfRefs[0]!.referencedColumn;
  const byKey = new Map(rows.map((r) => [r[key], r]));
  const done = new Set<unknown>();
  const visiting = new Set<unknown>();
  const out: Record<string, unknown>[] = [];
  const place = (row: Record<string, unknown>) => {
    const k = row[key];
    if (done.has(k) || visiting.has(k)) return;
    visiting.add(k);
    for (const fk of selfRefs) {
      const parent = row[fk.column] == null ? undefined : byKey.get(row[fk.column]);
      if (parent) place(parent);
    }
    visiting.delete(k);
    done.add(k);
    out.push(row);
  };
  for (const row of rows) place(row);
  return out;
}

function sizeOf(value: unknown): number {
  if (typeof value === 'string') return value.length * 3;
  if (Buffer.isBuffer(value)) return value.length;
  return 8;
}

/**
 * Copies every table of `source` (SQLite, already migrated) into `target` (PostgreSQL, migrated, empty) in one
 * transaction; returns the rows per table. Throws when a count differs afterwards.
 */
export async function copySqliteToPostgres(
  source: SQLite.Database,
  target: Db,
  onTable: (copy: TableCopy) => void = () => undefined,
): Promise<TableCopy[]> {
  const tables = await targetTables(target);
  const sourceTables = new Set(
    source
      .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`)
      .all()
      .map((r) => (r as { name: string }).name)
      .filter((n) => !BOOKKEEPING.has(n)),
  );
  const missing = [...sourceTables].filter((t) => !tables.includes(t));
  if (missing.length > 0) throw new Error(`tables missing on PostgreSQL: ${missing.join(', ')}`);
  const fks = await foreignKeys(target);
  const order = dependencyOrder(tables, fks);
  const copies: TableCopy[] = [];
  await target.transaction().execute(async (trx) => {
    for (const table of order) {
      if (!sourceTables.has(table)) {
        copies.push({ table, rows: 0 });
        continue;
      }
      const columnsResult = await sql<{ name: string }>`select column_name as name from information_schema.columns
        where table_schema = current_schema() and table_name = ${table} and is_generated = 'NEVER'
        order by ordinal_position`.execute(trx);
      const sourceColumns = new Set(
        (source.prepare(`pragma table_info(${q(table)})`).all() as { name: string }[]).map((c) => c.name),
      );
      const columns = columnsResult.rows.map((c) => c.name).filter((c) => sourceColumns.has(c));
      const selfRefs = fks.filter((fk) => fk.table === table && fk.references === table);
      const select = source.prepare(`select ${columns.map(q).join(', ')} from ${q(table)} order by rowid`);
      const rows: Iterable<Record<string, unknown>> =
        selfRefs.length > 0
          ? parentsFirst(select.all() as Record<string, unknown>[], selfRefs)
          : (select.iterate() as IterableIterator<Record<string, unknown>>);
      const perInsert = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
      let batch: Record<string, unknown>[] = [];
      let bytes = 0;
      let n = 0;
      const flush = async () => {
        if (batch.length === 0) return;
        const values = batch.map((row) => sql`(${sql.join(columns.map((c) => sql`${row[c] ?? null}`))})`);
        await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.id(c)))}) values ${sql.join(
          values,
        )}`.execute(trx);
        n += batch.length;
        batch = [];
        bytes = 0;
      };
      for (const row of rows) {
        batch.push(row);
        for (const c of columns) bytes += sizeOf(row[c]);
        if (batch.length >= perInsert || bytes >= MAX_BATCH_BYTES) await flush();
      }
      await flush();
      // Serial columns: the next id continues after the highest copied one.
      const serials = await sql<{ column: string }>`select column_name as "column" from information_schema.columns
        where table_schema = current_schema() and table_name = ${table}
          and (column_default like 'nextval(%' or is_identity = 'YES')`.execute(trx);
      for (const { column } of serials.rows) {
        await sql`select setval(pg_get_serial_sequence(${q(table)}, ${column}),
          coalesce((select max(${sql.id(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(trx);
      }
      const copy = { table, rows: n };
      copies.push(copy);
      onTable(copy);
    }
  });
  // The counts, table by table, on both sides.
  const wrong: string[] = [];
  for (const { table } of copies) {
    const expected = sourceTables.has(table)
      ? (source.prepare(`select count(*) as n from ${q(table)}`).get() as { n: number }).n
      : 0;
    const r = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(target);
    if (Number(r.rows[0]?.n) !== expected) wrong.push(`${table}: SQLite ${expected}, PostgreSQL ${r.rows[0]?.n}`);
  }
  if (wrong.length > 0) throw new Error(`row counts differ after the copy: ${wrong.join('; ')}`);
  return copies;
}
