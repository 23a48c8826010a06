/**
 * Guards of the code's shape, read from the source with the TypeScript compiler:
 *  - every table has exactly one owner (`db/table-owners.ts`, mirrored in docs/ARCHITECTURE.md);
 *  - only the owner's `*.repository.ts` files query a table (joins and `sql` templates included; migrations exempt);
 *  - `platform/` imports no module, and modules do not import each other in a loop.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TABLE_OWNERS, TABLE_READ_MODELS, type TableName } from './db/table-owners.ts';
import {
  findModuleCycles,
  isMigration,
  isRepository,
  isTestFile,
  listSourceFiles,
  moduleImportGraph,
  moduleOf,
  readSchemaTables,
  scanFile,
  type TableRef,
} from './test/code-scan.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * PENDING ON BRANCH `sup` — the supervision domain (reports, supervision, notifications, dashboard, documents,
 * assessment) is being reshaped on branch `sup` (one supervision module, repositories, one test world). These are its
 * offenders as of this branch, listed so the guards can hold everywhere else meanwhile. The lead empties both lists
 * after merging `sup`: the test below fails as soon as an entry no longer offends, so they can only shrink.
 * Do not add to them.
 */
const PENDING_ON_SUP = {
  /** File → tables it queries without owning them. */
  tableRefs: {} as Record<string, readonly TableName[]>,
  /** Modules that import each other in a loop (reports ⇄ supervision ⇄ notifications). */
  moduleCycles: [] as string[][],
};

const schemaTables = readSchemaTables(ROOT, 'src/server/db/schema.ts');
const known = new Set(schemaTables);
const scanned = listSourceFiles(ROOT, ['src/server', 'src/cli']).map((file) => scanFile(ROOT, file, known));
const owners: Record<string, string> = TABLE_OWNERS;

/** Whether `ref` is allowed: in a repository of the table's owner (or its test), or a read in a declared read model. */
function mayQuery(ref: TableRef): boolean {
  const module = moduleOf(ref.file);
  const repositoryFile = isRepository(ref.file) || ref.file.endsWith('.repository.test.ts');
  if (!module || !repositoryFile) return false;
  if (owners[ref.table] === module) return true;
  const readers: readonly string[] = TABLE_READ_MODELS[ref.table as TableName] ?? [];
  return readers.includes(module) && (ref.kind === 'select' || ref.kind === 'join');
}

function offenders(): Map<string, Set<string>> {
  const byFile = new Map<string, Set<string>>();
  for (const f of scanned) {
    if (isMigration(f.file)) continue;
    for (const ref of f.refs) {
      if (mayQuery(ref)) continue;
      if (!byFile.has(f.file)) byFile.set(f.file, new Set());
      byFile.get(f.file)!.add(ref.table);
    }
  }
  return byFile;
}

describe('table ownership', () => {
  it('gives every table of schema.ts exactly one owner, and names no table that does not exist', () => {
    expect(schemaTables.length).toBeGreaterThan(20);
    expect(Object.keys(TABLE_OWNERS).sort()).toEqual([...schemaTables].sort());
    for (const owner of new Set(Object.values(owners))) {
      const folder = owner.startsWith('platform/') ? `src/server/${owner}` : `src/server/modules/${owner}`;
      expect(fs.existsSync(path.join(ROOT, folder)), `owner folder ${folder}`).toBe(true);
    }
  });

  it('agrees with the "Table owners" table of docs/ARCHITECTURE.md', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs/ARCHITECTURE.md'), 'utf8');
    const section = doc.split(/^## Table owners\s*$/m)[1];
    expect(section, 'docs/ARCHITECTURE.md needs a "## Table owners" section').toBeDefined();
    const documented: Record<string, string> = {};
    for (const line of section!.split('\n')) {
      if (/^## /.test(line)) break;
      const m = /^\|\s*`([a-z_]+)`\s*\|\s*`([a-z/]+)`\s*\|/.exec(line);
      if (m) documented[m[1]!] = m[2]!;
    }
    expect(documented).toEqual(owners);
  });

  it('is respected: only the owner’s repositories query a table', () => {
    const found = offenders();
    const unexpected: string[] = [];
    for (const [file, tables] of found) {
      const pending = PENDING_ON_SUP.tableRefs[file] ?? [];
      for (const table of tables) {
        if (!pending.includes(table as TableName))
          unexpected.push(`${file} queries ${table} (owned by ${owners[table]})`);
      }
    }
    expect(unexpected, 'call a function the owning module exports instead (see db/table-owners.ts)').toEqual([]);
  });

  it('still needs every PENDING_ON_SUP entry (the list only shrinks)', () => {
    const found = offenders();
    const fixed = Object.entries(PENDING_ON_SUP.tableRefs).flatMap(([file, tables]) =>
      tables.filter((t) => !found.get(file)?.has(t)).map((t) => `${file}: ${t}`),
    );
    expect(fixed, 'remove these entries from PENDING_ON_SUP in architecture.test.ts').toEqual([]);
  });

  it('catches queries in every form the code writes them', () => {
    // The scanner itself, on the repositories it must see: a join, a subquery, and sql templates.
    const refs = (file: string) => new Set(scanned.find((f) => f.file === file)!.refs.map((r) => r.table));
    expect(refs('src/server/modules/workplan/workplan.repository.ts')).toEqual(
      new Set(['plan', 'plan_section', 'task', 'task_unit', 'task_target', 'plan_source']),
    );
    expect(refs('src/server/platform/audit/audit.repository.test.ts')).toEqual(new Set(['audit_log']));
  });
});

describe('module boundaries', () => {
  it('has no import from platform/ into modules/', () => {
    // Production files only: a platform test may set up its data through a module (a session needs an account).
    const upward = scanned
      .filter((f) => f.file.startsWith('src/server/platform/') && !isTestFile(f.file))
      .flatMap((f) => f.imports.filter((i) => i.startsWith('src/server/modules/')).map((i) => `${f.file} → ${i}`));
    expect(upward, 'platform/ must not depend on a module: pass a port in deps instead').toEqual([]);
  });

  it('has no import loop between modules', () => {
    const graph = moduleImportGraph(scanned);
    expect(graph.size).toBeGreaterThan(3);
    expect(findModuleCycles(graph)).toEqual(PENDING_ON_SUP.moduleCycles);
  });

  it('loads the libraries of document files where a file is read or written, not when the server starts', () => {
    // Each would stay on the event loop's heap from the start (55 MB with them, 41 without), marked by every full
    // collection; `official-docx.ts` and `book-docx.ts` hold the docx library and are themselves imported on use.
    const lazy =
      /^import\s+(?!type\s)[^;]*?from\s+'(exceljs|docx|mammoth|pdfjs-dist[^']*|nodemailer|subset-font|[^']*\/(?:official|book)-docx\.ts)';/gm;
    const eager = scanned
      .filter(
        (f) => !isTestFile(f.file) && !f.file.includes('/fixtures/') && !/\/(official|book)-docx\.ts$/.test(f.file),
      )
      .flatMap((f) =>
        [...fs.readFileSync(path.join(ROOT, f.file), 'utf8').matchAll(lazy)].map((m) => `${f.file} → ${m[1]}`),
      );
    expect(eager, 'import it inside the function that uses it: `const { … } = await import(…)`').toEqual([]);
  });
});
