import { Command, Option } from 'commander';
import { BOOK_TYPES, ZKwicParams, ZSearchParams } from '../shared/gazetteer.ts';
import { kwicBooks, searchBooks } from '../server/modules/gazetteer/search-books.ts';
import { CLI_ACTOR, CliError, runCommand } from './cli-support.ts';
import { withGazetteer } from './books.command.ts';

interface SearchCliOptions {
  json?: boolean;
  type?: string[];
  region?: string[];
  period?: string[];
  book?: string[];
  limit: string;
  page: string;
  sort: string;
  fold: boolean;
  kwic?: boolean;
  kwicSort: string;
  publishedOnly?: boolean;
}

function parseParams<T>(
  result: { success: true; data: T } | { success: false; error: { issues: { message: string }[] } },
): T {
  if (!result.success) throw new CliError(result.error.issues.map((i) => i.message).join('；'));
  return result.data;
}

export function searchCommand(): Command {
  return new Command('search')
    .description('全文检索省情数据库（与网页同一检索引擎）/ full-text search')
    .argument('<query>', '检索式：空格 = AND，OR，NOT 或 -，"短语"，甲 NEAR/10 乙')
    .option('--json', '输出 JSON（含 total 命中次数、sections 命中章节数与命中列表）')
    .addOption(new Option('--type <type...>', '按类型筛选').choices(BOOK_TYPES))
    .option('--region <region...>', '按地区筛选（行政区划代码含下级，或历史地名）')
    .option('--period <period...>', '按时期筛选，如 清')
    .option('--book <id...>', '只检索这些书目编号')
    .option('--limit <n>', '显示条数', '20')
    .option('--page <n>', '页码', '1')
    .addOption(new Option('--sort <sort>', '排序').choices(['relevance', 'year', 'title']).default('relevance'))
    .option('--no-fold', '不做繁简、异体折叠（按原字形精确检索）')
    .option('--kwic', '输出 KWIC 语境索引（关键词居中）')
    .addOption(new Option('--kwic-sort <side>', 'KWIC 排序依据').choices(['left', 'right']).default('right'))
    .option('--published-only', '只检索已发布的书（与公众看到的一致）')
    .action((query: string, opts: SearchCliOptions) =>
      runCommand(async () => {
        const common = {
          q: query,
          fold: opts.fold ? '1' : '0',
          types: opts.type?.join(','),
          regions: opts.region?.join(','),
          periods: opts.period?.join(','),
          books: opts.book?.join(','),
        };
        // --published-only reads as the public does (no one signed in); otherwise as the system, which sees every book.
        const reader = opts.publishedOnly ? null : CLI_ACTOR;
        await withGazetteer(async (deps) => {
          if (opts.kwic) {
            const params = parseParams(
              ZKwicParams.safeParse({ ...common, kwicSort: opts.kwicSort, limit: opts.limit }),
            );
            const rows = await kwicBooks(deps, reader, params);
            if (opts.json) {
              process.stdout.write(`${JSON.stringify({ query, rows }, null, 2)}\n`);
              return;
            }
            const width = Math.max(0, ...rows.map((r) => [...r.left].length));
            for (const r of rows) {
              process.stdout.write(
                `${'　'.repeat(width - [...r.left].length)}${r.left}【${r.keyword}】${r.right}\t《${r.bookTitle}》${r.anchor ?? r.sectionTitle}\n`,
              );
            }
            return;
          }
          const params = parseParams(
            ZSearchParams.safeParse({ ...common, sort: opts.sort, page: opts.page, pageSize: opts.limit }),
          );
          const result = await searchBooks(deps, reader, params);
          if (opts.json) {
            process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
            return;
          }
          process.stdout.write(
            `“${query}”：命中 ${result.total} 处，分布在 ${result.sections} 个章节（${result.tookMs} 毫秒）\n`,
          );
          for (const h of result.hits) {
            const where = h.locator || h.sectionTitle;
            process.stdout.write(
              `《${h.bookTitle}》${where}  …${h.snippet.before.replace(/\s+/g, '')}【${h.snippet.match}】${h.snippet.after.replace(/\s+/g, '')}…\n`,
            );
          }
          const shown = (result.page - 1) * result.pageSize + result.hits.length;
          if (shown < result.total)
            process.stdout.write(
              `（显示第 ${(result.page - 1) * result.pageSize + 1}–${shown} 处；用 --page 翻页，--limit 调整条数）\n`,
            );
        });
      }),
    );
}
