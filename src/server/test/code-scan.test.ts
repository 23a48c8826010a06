import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findModuleCycles, moduleOf, scanFile, tablesInSqlText } from './code-scan.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-scan-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const known = new Set(['task', 'unit', 'report', 'chase', 'plan', 'milestone', 'audit_log']);

function scan(source: string) {
  const file = 'src/server/modules/demo/demo.ts';
  fs.mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), source);
  return scanFile(root, file, known);
}

describe('code scan', () => {
  it('finds tables in builder calls, aliases, subqueries, joins and sql templates', () => {
    const r = scan(`
      import { sql } from 'kysely';
      import { x } from '../other/other.service.ts';
      export async function f(db: any) {
        await db.selectFrom('task as t').innerJoin('unit', 'unit.id', 't.unit_id')
          .select((eb: any) => eb.selectFrom('milestone').select('id').as('m')).execute();
        await db.insertInto('report').values({}).execute();
        await db.updateTable('plan').set({}).execute();
        await sql\`DELETE FROM audit_log WHERE id = \${1}\`.execute(db);
        await sql\`select 1\`.execute(db);
        sql.table('chase');
        await db.selectFrom('cte_not_a_table').execute();
        await db.with('x', (q: any) => q).selectFrom(['task', 'unit']).execute();
      }`);
    expect(r.refs.map((x) => `${x.kind}:${x.table}`).sort()).toEqual(
      [
        'insert:report',
        'join:unit',
        'select:milestone',
        'select:task',
        'select:task',
        'select:unit',
        'sql:audit_log',
        'sql:chase',
        'update:plan',
      ].sort(),
    );
    // Query sites: 3 selectFrom with a table + the cte one + the array one, insert, update, 2 sql templates.
    expect(r.querySites).toHaveLength(8);
    expect(r.imports).toEqual(['src/server/modules/other/other.service.ts']);
  });

  it('reads table names from SQL text only when they are tables', () => {
    expect(
      tablesInSqlText('UPDATE task SET x = 1; INSERT INTO "report" …; SELECT * FROM pg_tables JOIN unit u', known),
    ).toEqual(['task', 'report', 'unit']);
  });

  it('names the module of a file', () => {
    expect(moduleOf('src/server/modules/workplan/parse/parse-plan.ts')).toBe('workplan');
    expect(moduleOf('src/server/platform/auth/auth.service.ts')).toBe('platform/auth');
    expect(moduleOf('src/server/platform/policy.ts')).toBe('platform');
    expect(moduleOf('src/cli/main.ts')).toBeNull();
  });

  it('finds import loops, not chains', () => {
    const g = (edges: [string, string][]) => {
      const m = new Map<string, Set<string>>();
      for (const [a, b] of edges) m.set(a, new Set([...(m.get(a) ?? []), b]));
      return m;
    };
    expect(
      findModuleCycles(
        g([
          ['a', 'b'],
          ['b', 'c'],
        ]),
      ),
    ).toEqual([]);
    expect(
      findModuleCycles(
        g([
          ['a', 'b'],
          ['b', 'c'],
          ['c', 'a'],
          ['d', 'a'],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
  });
});
