import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { PROJECT_KIND_LABELS, PROJECT_KINDS, type TOutlineNode, type TProjectKind } from '../shared/compilation.ts';
import { openConfiguredDatabase, openSearchIndex } from '../server/main.ts';
import { systemActor } from '../server/platform/auth/actor.ts';
import { systemClock, type Clock } from '../server/platform/clock.ts';
import type { Db } from '../server/db/database.ts';
import type { GazetteerSearch } from '../server/modules/gazetteer/open-search.ts';
import { createProject } from '../server/modules/compilation/create-project.ts';
import { getOutline } from '../server/modules/compilation/get-outline.ts';
import { listProjects } from '../server/modules/compilation/get-project.ts';
import { importOutline, previewOutlineImport } from '../server/modules/compilation/import-outline.ts';
import { checkProject } from '../server/modules/compilation/check-project.ts';
import { exportBook } from '../server/modules/compilation/drafts/export-book.ts';
import { publishProject } from '../server/modules/compilation/publish.ts';
import { listMaterials } from '../server/modules/compilation/materials/materials.ts';
import { CLASSIFICATION_LABELS, SOURCE_KIND_LABELS } from '../shared/compilation-sources.ts';
import { CliError, readConfig, runCommand } from './cli-support.ts';

/** A command is a short run with no requests to keep answering: the index runs in this thread, without workers. */
const CLI_SEARCH = { workers: 0 };

/** What the compilation commands need: the database, and the search index for publication. */
export interface CompileDeps {
  db: Db;
  clock: Clock;
  search: GazetteerSearch;
}

export async function withCompilation<T>(body: (deps: CompileDeps) => Promise<T>): Promise<T> {
  const config = readConfig();
  const handle = await openConfiguredDatabase(config);
  const search = await openSearchIndex(config, CLI_SEARCH);
  try {
    return await body({ db: handle.db, clock: systemClock, search });
  } finally {
    await search.index.close();
    await handle.close();
  }
}

const CLI = systemActor('cli');

export function parseProjectId(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new CliError(`项目编号“${raw}”无效，应为正整数（见 bin/fangzhi compile list）。`);
  return id;
}

export function readFileOrFail(file: string): Uint8Array {
  const full = path.resolve(file);
  if (!fs.existsSync(full)) throw new CliError(`找不到文件 ${full}。`);
  return fs.readFileSync(full);
}

/** The outline as nested JSON: level, title without its number, the generated number, children. */
export interface OutlineJson {
  id: number;
  level: string;
  number: string;
  title: string;
  genre: string;
  matter: string;
  children: OutlineJson[];
}

export function nestOutline(nodes: readonly TOutlineNode[]): OutlineJson[] {
  const byParent = new Map<number | null, TOutlineNode[]>();
  for (const n of nodes) byParent.set(n.parentId, [...(byParent.get(n.parentId) ?? []), n]);
  const ids = new Set(nodes.map((n) => n.id));
  const build = (parentId: number | null): OutlineJson[] =>
    (byParent.get(parentId) ?? []).map((n) => ({
      id: n.id,
      level: n.level,
      number: n.number,
      title: n.title,
      genre: n.genre,
      matter: n.matter,
      children: build(n.id),
    }));
  // Top of what is visible: nodes whose parent is not in the list.
  return [...new Set(nodes.filter((n) => n.parentId === null || !ids.has(n.parentId)).map((n) => n.parentId))].flatMap(
    build,
  );
}

function printTree(nodes: readonly OutlineJson[], indent = ''): void {
  for (const n of nodes) {
    process.stdout.write(
      `${indent}[${n.level}] ${n.number}${n.number && !/[、）]$/.test(n.number) ? ' ' : ''}${n.title}\n`,
    );
    printTree(n.children, `${indent}  `);
  }
}

export function compileCommand(): Command {
  const compile = new Command('compile').description(
    '编纂：志书、年鉴、地方史项目 / compiling chronicles, yearbooks and histories',
  );

  compile
    .command('create')
    .description('新建编纂项目 / create a project')
    .requiredOption(
      '--kind <kind>',
      `类型 / kind: ${PROJECT_KINDS.map((k) => `${k}（${PROJECT_KIND_LABELS[k]}）`).join(' | ')}`,
    )
    .requiredOption('--title <title>', '书名 / title')
    .option('--year <year>', '年鉴卷年 / yearbook volume year')
    .option('--from <id>', '年鉴：沿用该卷框架 / yearbook: clone the frame of this volume')
    .option('--json', '输出 JSON / print JSON')
    .action((opts: { kind: string; title: string; year?: string; from?: string; json?: boolean }) =>
      runCommand(async () => {
        if (!(PROJECT_KINDS as readonly string[]).includes(opts.kind))
          throw new CliError(`--kind “${opts.kind}”无效，应为：${PROJECT_KINDS.join('、')}。`);
        const year = opts.year === undefined ? null : Number(opts.year);
        if (year !== null && !Number.isInteger(year))
          throw new CliError(`--year “${opts.year}”不是整数年份，例如 --year 2023。`);
        const view = await withCompilation((deps) =>
          createProject(deps, CLI, {
            kind: opts.kind as TProjectKind,
            title: opts.title,
            year,
            cloneFromId: opts.from ? parseProjectId(opts.from) : null,
          }),
        );
        if (opts.json) process.stdout.write(`${JSON.stringify(view.project, null, 2)}\n`);
        else
          process.stdout.write(
            `已创建编纂项目 ${view.project.id}：${view.project.title}（${PROJECT_KIND_LABELS[view.project.kind]}）\n`,
          );
      }),
    );

  compile
    .command('list')
    .description('列出编纂项目 / list projects')
    .option('--json', '输出 JSON / print JSON')
    .action((opts: { json?: boolean }) =>
      runCommand(async () => {
        const projects = await withCompilation((deps) => listProjects(deps, CLI));
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(projects, null, 2)}\n`);
          return;
        }
        if (projects.length === 0) process.stdout.write('还没有编纂项目。用 bin/fangzhi compile create 新建。\n');
        for (const p of projects)
          process.stdout.write(
            `${p.id}\t${PROJECT_KIND_LABELS[p.kind]}\t${p.title}${p.year ? `\t${p.year} 卷` : ''}\t篇目 ${p.nodeCount} 条\n`,
          );
      }),
    );

  const outline = compile.command('outline').description('篇目 / outline');
  outline
    .command('import')
    .description(
      '导入篇目（.txt / .docx / .xlsx），替换现有篇目，并打印层级 / import an outline file and print the tree',
    )
    .argument('<id>', '项目编号 / project id')
    .argument('<file>', '.txt / .docx / .xlsx')
    .option('--append', '追加在现有篇目之后，而不是替换 / append instead of replacing')
    .option('--json', '输出 JSON / print JSON')
    .action((id: string, file: string, opts: { append?: boolean; json?: boolean }) =>
      runCommand(async () => {
        const projectId = parseProjectId(id);
        const bytes = readFileOrFail(file);
        const { preview, saved } = await withCompilation(async (deps) => {
          const p = await previewOutlineImport(deps, CLI, projectId, bytes, path.basename(file));
          if (p.count === 0) throw new CliError(`“${path.basename(file)}”中没有找到篇目：${p.warnings.join('；')}`);
          return {
            preview: p,
            saved: await importOutline(deps, CLI, projectId, {
              headings: p.headings,
              mode: opts.append ? 'append' : 'replace',
            }),
          };
        });
        const tree = nestOutline(saved.nodes);
        if (opts.json) {
          process.stdout.write(
            `${JSON.stringify({ method: preview.method, count: preview.count, warnings: preview.warnings, nodes: tree }, null, 2)}\n`,
          );
          return;
        }
        printTree(tree);
        process.stdout.write(
          `共 ${preview.count} 条（层级依据：${{ styles: 'Word 标题样式', numbering: '编号', indentation: '缩进', table: '表格列', flat: '无，全部为第一层' }[preview.method]}）\n`,
        );
        for (const w of preview.warnings) process.stdout.write(`提示：${w}\n`);
      }),
    );
  outline
    .command('show')
    .description('显示篇目树 / show the outline')
    .argument('<id>', '项目编号 / project id')
    .option('--json', '输出 JSON（层级、不含编号的标题、下级）/ print JSON (level, title without number, children)')
    .action((id: string, opts: { json?: boolean }) =>
      runCommand(async () => {
        const o = await withCompilation((deps) => getOutline(deps, CLI, parseProjectId(id)));
        const tree = nestOutline(o.nodes);
        if (opts.json) process.stdout.write(`${JSON.stringify(tree, null, 2)}\n`);
        else printTree(tree);
      }),
    );

  compile
    .command('check')
    .description('对全书运行检查规则 / run the rule checks on the whole book')
    .argument('<id>', '项目编号 / project id')
    .option('--json', '输出 JSON / print JSON')
    .action((id: string, opts: { json?: boolean }) =>
      runCommand(async () => {
        const report = await withCompilation((deps) => checkProject(deps, CLI, parseProjectId(id)));
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
          return;
        }
        for (const p of report.problems)
          process.stdout.write(
            `${p.severity === 'error' ? '错误' : '提示'}\t${p.ruleLabel}\t${p.nodePath}${p.paragraph !== null ? ` 第 ${p.paragraph + 1} 段` : ''}\t${p.message}\n`,
          );
        process.stdout.write(`检查 ${report.nodeCount} 条篇目，发现 ${report.problems.length} 个问题。\n`);
      }),
    );

  compile
    .command('sources')
    .description('列出项目的资料来源与摘录卡片 / list the sources and excerpt cards of a project')
    .argument('<id>', '项目编号 / project id')
    .option('--node <nodeId>', '只列关联到该篇目的卡片 / only the cards linked to this node')
    .option('--subject <subject>', '按主题筛选卡片 / cards whose subject contains this')
    .option('--json', '输出 JSON（sources、cards）/ print JSON (sources, cards)')
    .action((id: string, opts: { node?: string; subject?: string; json?: boolean }) =>
      runCommand(async () => {
        const m = await withCompilation((deps) =>
          listMaterials(deps, CLI, parseProjectId(id), {
            ...(opts.node ? { nodeId: parseProjectId(opts.node) } : {}),
            ...(opts.subject ? { subject: opts.subject } : {}),
          }),
        );
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ sources: m.sources, cards: m.cards }, null, 2)}\n`);
          return;
        }
        for (const s of m.sources)
          process.stdout.write(
            `来源 ${s.id}\t${SOURCE_KIND_LABELS[s.kind]}\t${CLASSIFICATION_LABELS[s.classification]}\t${s.citation}\n`,
          );
        for (const c of m.cards)
          process.stdout.write(
            `卡片 ${c.id}\t${c.time ?? '时间不详'}\t${c.subject ?? ''}\t${c.text.replace(/\s+/g, ' ').slice(0, 40)}\t来源 ${c.sourceId}\n`,
          );
        process.stdout.write(`共 ${m.sources.length} 个资料来源，${m.cards.length} 张卡片。\n`);
      }),
    );

  compile
    .command('export')
    .description('导出全书（.docx 书稿版式，或经 LibreOffice 转成 PDF）/ export the book as .docx or PDF')
    .argument('<id>', '项目编号 / project id')
    .requiredOption('--format <format>', 'docx | pdf')
    .requiredOption('--out <file>', '输出文件 / output file')
    .option('--node <nodeId>', '只导出该篇目及其下级 / only this node and what is under it')
    .option('--source-notes', '把段落引用的资料卡片印成脚注（秘密及以上除外）/ cited cards as footnotes')
    .action((id: string, opts: { format: string; out: string; node?: string; sourceNotes?: boolean }) =>
      runCommand(async () => {
        if (opts.format !== 'docx' && opts.format !== 'pdf')
          throw new CliError(`--format “${opts.format}”无效，应为 docx 或 pdf。`);
        const file = await withCompilation((deps) =>
          exportBook(deps, CLI, parseProjectId(id), {
            format: opts.format as 'docx' | 'pdf',
            nodeId: opts.node ? parseProjectId(opts.node) : null,
            sourceNotes: opts.sourceNotes === true,
          }),
        );
        fs.writeFileSync(path.resolve(opts.out), file.bytes);
        process.stdout.write(`已导出 ${path.resolve(opts.out)}（${Math.round(file.bytes.length / 1024)} KB）\n`);
      }),
    );

  compile
    .command('publish')
    .description('发布到省情数据库（网络图书，可检索）/ publish into the gazetteer database')
    .argument('<id>', '项目编号 / project id')
    .option('--submission <sid>', '发布该送审稿冻结的版本，而不是最新稿件 / publish a frozen submission')
    .option('--json', '输出 JSON / print JSON')
    .action((id: string, opts: { submission?: string; json?: boolean }) =>
      runCommand(async () => {
        const result = await withCompilation((deps) =>
          publishProject(deps, CLI, parseProjectId(id), {
            submissionId: opts.submission ? parseProjectId(opts.submission) : null,
          }),
        );
        if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else
          process.stdout.write(
            `已${result.replaced ? '更新' : '发布'}《${result.title}》到省情数据库：书目 ${result.bookId}，${result.sections} 节，${result.link}\n`,
          );
      }),
    );

  return compile;
}
