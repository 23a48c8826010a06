/**
 * Figures on the shape of the tree it runs in: `node bin/run-ts scripts/code-metrics.ts [--json]`.
 *  - query call sites (Kysely `selectFrom/insertInto/updateTable/deleteFrom` calls and `sql` templates, found with the
 *    TypeScript compiler) in src/, bench/, e2e/ and scripts/, and how many sit outside a `*.repository.ts`
 *    (migrations are left out: they are DDL and frozen);
 *  - groups of modules (folders under src/server/modules) that import each other in a loop, and imports from
 *    src/server/platform into a module (production files);
 *  - table references (builder calls, joins, `sql` templates) outside the owning module's repositories, by the owner
 *    map of `src/server/db/table-owners.ts` (the rule `src/server/architecture.test.ts` enforces);
 *  - lines longer than 120 characters in .ts/.tsx/.js/.mjs/.css files outside node_modules and build output.
 * It depends only on `src/server/test/code-scan.ts` and `table-owners.ts`, so these files can be copied into an older
 * checkout (with the same tables) and run there.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  findModuleCycles,
  isMigration,
  isRepository,
  isTestFile,
  listSourceFiles,
  moduleOf,
  moduleImportGraph,
  readSchemaTables,
  scanFile,
} from '../src/server/test/code-scan.ts';

const root = process.cwd();
const tables = new Set(readSchemaTables(root, 'src/server/db/schema.ts'));
const files = listSourceFiles(root, ['src', 'bench', 'e2e', 'scripts']).map((file) => scanFile(root, file, tables));

const sites = files.filter((f) => !isMigration(f.file)).flatMap((f) => f.querySites);
const outside = sites.filter((s) => !isRepository(s.file));
const cycles = findModuleCycles(moduleImportGraph(files));

const LONG = 120;
const TEXT_EXTENSIONS = ['.ts', '.tsx', '.js', '.mjs', '.css'];
function walk(dir: string, out: string[]): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (
      ['node_modules', 'dist', 'data', 'coverage', 'artifacts', 'results'].includes(entry.name) ||
      entry.name.startsWith('.')
    )
      continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (TEXT_EXTENSIONS.some((ext) => entry.name.endsWith(ext))) out.push(full);
  }
  return out;
}
let longLines = 0;
for (const file of walk(root, [])) {
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) if ([...line].length > LONG) longLines += 1;
}

const { TABLE_OWNERS } = (await import('../src/server/db/table-owners.ts')) as { TABLE_OWNERS: Record<string, string> };
const foreignRefs = files
  .filter((f) => !isMigration(f.file))
  .flatMap((f) => f.refs)
  .filter((r) => {
    const repository = isRepository(r.file) || r.file.endsWith('.repository.test.ts');
    return !(repository && moduleOf(r.file) === TABLE_OWNERS[r.table]);
  });

const upward = files
  .filter((f) => f.file.startsWith('src/server/platform/') && !isTestFile(f.file))
  .flatMap((f) => f.imports.filter((i) => i.startsWith('src/server/modules/')));

const figures = {
  querySites: sites.length,
  querySitesOutsideRepositories: outside.length,
  querySitesOutsideRepositoriesInProduction: outside.filter((s) => !isTestFile(s.file)).length,
  filesWithQueriesOutsideRepositories: new Set(outside.map((s) => s.file)).size,
  tableRefsOutsideOwner: foreignRefs.length,
  tableRefsOutsideOwnerInProduction: foreignRefs.filter((r) => !isTestFile(r.file)).length,
  filesReferencingTablesTheyDoNotOwn: new Set(foreignRefs.map((r) => r.file)).size,
  moduleImportCycles: cycles.length,
  modulesInCycles: cycles.flat().length,
  cycles: cycles.map((c) => c.join(' ⇄ ')),
  platformImportsOfModules: upward.length,
  linesOver120: longLines,
};

if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
else {
  process.stdout.write(
    [
      `query call sites (src, bench, e2e, scripts; migrations excluded): ${figures.querySites}`,
      `  outside *.repository.ts: ${figures.querySitesOutsideRepositories}` +
        ` (production files: ${figures.querySitesOutsideRepositoriesInProduction};` +
        ` in ${figures.filesWithQueriesOutsideRepositories} files)`,
      `table references outside the owner's repositories: ${figures.tableRefsOutsideOwner}` +
        ` (production files: ${figures.tableRefsOutsideOwnerInProduction};` +
        ` in ${figures.filesReferencingTablesTheyDoNotOwn} files)`,
      `module import loops: ${figures.moduleImportCycles}` +
        (figures.cycles.length ? ` (${figures.cycles.join('; ')})` : ''),
      `imports from platform/ into modules/ (production files): ${figures.platformImportsOfModules}`,
      `lines over ${LONG} characters (.ts .tsx .js .mjs .css): ${figures.linesOver120}`,
      '',
    ].join('\n'),
  );
}
