/**
 * Reads the source tree with the TypeScript compiler (no regexes over code): which tables each file names in Kysely
 * calls and `sql` templates, which files each file imports, and the module each file belongs to. Used by
 * `src/server/architecture.test.ts` (the guards) and `scripts/code-metrics.ts` (the figures). No app import on purpose,
 * so the metrics script can be copied into an older checkout and run there.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Kysely builder methods whose first argument names the table a query reads or writes. */
const QUERY_METHODS = new Map<string, TableRefKind>([
  ['selectFrom', 'select'],
  ['insertInto', 'insert'],
  ['replaceInto', 'insert'],
  ['updateTable', 'update'],
  ['deleteFrom', 'delete'],
  ['mergeInto', 'update'],
  ['innerJoin', 'join'],
  ['leftJoin', 'join'],
  ['rightJoin', 'join'],
  ['fullJoin', 'join'],
  ['crossJoin', 'join'],
  ['innerJoinLateral', 'join'],
  ['leftJoinLateral', 'join'],
]);

export type TableRefKind = 'select' | 'insert' | 'update' | 'delete' | 'join' | 'sql';

export interface TableRef {
  /** Path relative to the root, with forward slashes. */
  file: string;
  line: number;
  table: string;
  kind: TableRefKind;
}

/** A place that starts a query: a `selectFrom/insertInto/updateTable/deleteFrom` call or a `sql` template. */
export interface QuerySite {
  file: string;
  line: number;
}

export interface ScannedFile {
  file: string;
  refs: TableRef[];
  querySites: QuerySite[];
  /** Files this one imports (relative specifiers only), relative to the root; type-only imports included. */
  imports: string[];
}

const SOURCE_EXTENSIONS = ['.ts', '.tsx'];

/** Every .ts/.tsx file under `dirs` (relative to `root`), skipping node_modules and build output. */
export function listSourceFiles(root: string, dirs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (SOURCE_EXTENSIONS.some((ext) => entry.name.endsWith(ext)) && !entry.name.endsWith('.d.ts'))
        out.push(full);
    }
  };
  for (const d of dirs) walk(path.join(root, d));
  return out.map((f) => toRelative(root, f)).sort();
}

function toRelative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** Table names a piece of SQL text reads or writes (`FROM x`, `JOIN x`, `INTO x`, `UPDATE x`, `TABLE x`). */
export function tablesInSqlText(text: string, known: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\b(?:from|join|into|update|table)\s+["`]?([A-Za-z_][A-Za-z0-9_]*)/gi)) {
    const name = m[1]!;
    if (known.has(name) && !found.includes(name)) found.push(name);
  }
  return found;
}

function tableOfArgument(arg: ts.Expression): string[] {
  if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) {
    return [arg.text.split(/\s+as\s+/i)[0]!.trim()];
  }
  if (ts.isArrayLiteralExpression(arg)) return arg.elements.flatMap((e) => tableOfArgument(e as ts.Expression));
  return [];
}

/** Parses one file and returns its table references, query sites and relative imports. */
export function scanFile(root: string, file: string, knownTables: ReadonlySet<string>): ScannedFile {
  const full = path.join(root, file);
  const text = fs.readFileSync(full, 'utf8');
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const refs: TableRef[] = [];
  const querySites: QuerySite[] = [];
  const imports: string[] = [];
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const addImport = (specifier: string) => {
    if (!specifier.startsWith('.')) return;
    imports.push(toRelative(root, path.resolve(path.dirname(full), specifier)));
  };

  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      addImport(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
        addImport(node.arguments[0].text);
      } else if (ts.isPropertyAccessExpression(callee)) {
        const method = callee.name.text;
        const kind = QUERY_METHODS.get(method);
        const first = node.arguments[0];
        if (kind && first) {
          if (kind !== 'join') querySites.push({ file, line: lineOf(node) });
          for (const table of tableOfArgument(first)) {
            if (knownTables.has(table)) refs.push({ file, line: lineOf(node), table, kind });
          }
        }
        // sql.table('x') and sql.raw('… FROM x …')
        if (ts.isIdentifier(callee.expression) && callee.expression.text === 'sql' && first) {
          const names =
            method === 'table'
              ? tableOfArgument(first).filter((t) => knownTables.has(t))
              : ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)
                ? tablesInSqlText(first.text, knownTables)
                : [];
          for (const table of names) refs.push({ file, line: lineOf(node), table, kind: 'sql' });
        }
      }
    } else if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text === 'sql') {
      querySites.push({ file, line: lineOf(node) });
      const t = node.template;
      const literal = ts.isNoSubstitutionTemplateLiteral(t)
        ? t.text
        : [t.head.text, ...t.templateSpans.map((s) => s.literal.text)].join(' ? ');
      for (const table of tablesInSqlText(literal, knownTables))
        refs.push({ file, line: lineOf(node), table, kind: 'sql' });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { file, refs, querySites, imports };
}

/** The names of the tables in `interface Database { … }` of a schema file. */
export function readSchemaTables(root: string, schemaFile: string): string[] {
  const text = fs.readFileSync(path.join(root, schemaFile), 'utf8');
  const source = ts.createSourceFile(schemaFile, text, ts.ScriptTarget.Latest, true);
  const names: string[] = [];
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'Database') {
      for (const member of node.members) if (member.name && ts.isIdentifier(member.name)) names.push(member.name.text);
    }
  });
  return names;
}

/**
 * The module a file belongs to: `modules/<name>/…` → `<name>`; `platform/<part>/…` → `platform/<part>`, other
 * `platform/*.ts` → `platform`; anything else (app.ts, main.ts, db/, test/, the CLI) → null.
 */
export function moduleOf(file: string): string | null {
  const m = /^src\/server\/modules\/([^/]+)\//.exec(file);
  if (m) return m[1]!;
  const p = /^src\/server\/platform\/(?:([^/]+)\/)?/.exec(file);
  if (p) return p[1] ? `platform/${p[1]}` : 'platform';
  return null;
}

export function isTestFile(file: string): boolean {
  return /\.test\.tsx?$/.test(file) || file.startsWith('src/server/test/');
}

export function isMigration(file: string): boolean {
  return file.startsWith('src/server/db/migrations/');
}

export function isRepository(file: string): boolean {
  return file.endsWith('.repository.ts');
}

/**
 * The groups of modules that import each other in a loop (strongly connected components with more than one module),
 * each sorted, found with Tarjan's algorithm over the module graph.
 */
export function findModuleCycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const nodes = new Set<string>([...edges.keys(), ...[...edges.values()].flatMap((s) => [...s])]);
  const connect = (v: string) => {
    indices.set(v, index);
    low.set(v, index);
    index += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!indices.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) cycles.push(group.sort());
    }
  };
  for (const v of [...nodes].sort()) if (!indices.has(v)) connect(v);
  return cycles;
}

/** Module → modules it imports, from production files under src/server/modules (tests excluded). */
export function moduleImportGraph(files: readonly ScannedFile[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const f of files) {
    const from = moduleOf(f.file);
    if (!from || from.startsWith('platform') || isTestFile(f.file)) continue;
    for (const target of f.imports) {
      const to = moduleOf(target);
      if (!to || to === from || to.startsWith('platform')) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)!.add(to);
    }
  }
  return graph;
}
