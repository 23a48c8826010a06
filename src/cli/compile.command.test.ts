import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../../bin/fangzhi');
const FIXTURES = path.resolve(import.meta.dirname, '../server/modules/compilation/outline/fixtures');
const data = fs.mkdtempSync(path.join(os.tmpdir(), 'fangzhi-compile-cli-'));
const run = (args: string[]) =>
  spawnSync(BIN, args, {
    env: { ...process.env, DATA_DIR: data, DATABASE_URL: '', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });

afterAll(() => fs.rmSync(data, { recursive: true, force: true }));

interface OutlineJson {
  level: string;
  title: string;
  number: string;
  children: OutlineJson[];
}

describe('bin/fangzhi compile', () => {
  it(
    'creates, lists, imports and shows an outline, checks, exports and refuses to publish an empty book',
    { timeout: 300_000 },
    () => {
      const created = run([
        'compile',
        'create',
        '--kind',
        'yearbook',
        '--title',
        '吉林年鉴（2023）',
        '--year',
        '2023',
        '--json',
      ]);
      expect(created.status, created.stderr).toBe(0);
      const project = JSON.parse(created.stdout) as { id: number; kind: string; year: number };
      expect(project).toMatchObject({ kind: 'yearbook', year: 2023 });
      expect(run(['compile', 'create', '--kind', 'yearbook', '--title', '无卷年']).stderr).toMatch(/年鉴须填写卷年/);
      expect(run(['compile', 'create', '--kind', 'novel', '--title', 'x']).stderr).toMatch(/--kind “novel”无效/);

      const list = JSON.parse(run(['compile', 'list', '--json']).stdout) as { id: number; title: string }[];
      expect(list.map((p) => p.title)).toEqual(['吉林年鉴（2023）']);

      const imported = run([
        'compile',
        'outline',
        'import',
        String(project.id),
        path.join(FIXTURES, 'yearbook-frame-indented.txt'),
        '--json',
      ]);
      expect(imported.status, imported.stderr).toBe(0);
      expect(JSON.parse(imported.stdout)).toMatchObject({ method: 'indentation', count: 22 });
      expect(
        run(['compile', 'outline', 'import', String(project.id), path.join(FIXTURES, 'yearbook-frame-indented.txt')])
          .stdout,
      ).toMatch(/\[条目\] 位置面积/);

      const shown = JSON.parse(
        run(['compile', 'outline', 'show', String(project.id), '--json']).stdout,
      ) as OutlineJson[];
      const overview = shown.find((n) => n.title === '概况')!;
      expect(overview).toMatchObject({ level: '类目', number: '' });
      expect(overview.children.map((c) => [c.level, c.title])).toEqual([
        ['分目', '自然地理'],
        ['分目', '人口'],
      ]);
      expect(overview.children[0]!.children.map((c) => c.title)).toEqual(['位置面积', '气候']);

      const materials = run(['compile', 'sources', String(project.id), '--json']);
      expect(materials.status, materials.stderr).toBe(0);
      expect(JSON.parse(materials.stdout)).toEqual({ sources: [], cards: [] });
      expect(run(['compile', 'sources', String(project.id)]).stdout).toContain('共 0 个资料来源，0 张卡片。');
      expect(run(['compile', 'sources', '999', '--json']).stderr).toMatch(/编纂项目 999 不存在/);

      const check = JSON.parse(run(['compile', 'check', String(project.id), '--json']).stdout) as {
        nodeCount: number;
        problems: { rule: string }[];
      };
      expect(check.nodeCount).toBe(22);
      expect(check.problems.filter((p) => p.rule === 'entry-title')).toEqual([]);

      const out = path.join(data, 'book.docx');
      const exported = run(['compile', 'export', String(project.id), '--format', 'docx', '--out', out]);
      expect(exported.status, exported.stderr).toBe(0);
      expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe('PK');
      expect(run(['compile', 'export', String(project.id), '--format', 'odt', '--out', out]).stderr).toMatch(
        /应为 docx 或 pdf/,
      );

      const published = run(['compile', 'publish', String(project.id)]);
      expect(published.status).toBe(1);
      expect(published.stderr).toMatch(/还没有任何稿件/);
      expect(run(['compile', 'outline', 'show', '999']).stderr).toMatch(/编纂项目 999 不存在/);
    },
  );
});
