import path from 'node:path';
import { Command, Option } from 'commander';
import { BOOK_TYPES, type TBook, type TBookMetadata } from '../shared/gazetteer.ts';
import { AppError } from '../shared/errors.ts';
import { openConfiguredDatabase, openSearchIndex, textSourceOf } from '../server/main.ts';
import { systemClock } from '../server/platform/clock.ts';
import { readSourceIsolated } from '../server/modules/gazetteer/read-book-isolated.ts';
import { deleteBook, ingestBook, reindexAll, setBookPublished } from '../server/modules/gazetteer/ingest-book.ts';
import { listBooks, readSearchText, type GazetteerDeps } from '../server/modules/gazetteer/read-books.ts';
import { buildNewGeneration, openFollowingSearch } from '../server/modules/gazetteer/search-generations.ts';
import { syncSearchIndexWithDatabase } from '../server/modules/gazetteer/index-consistency.ts';
import { findSections } from '../server/modules/gazetteer/gazetteer.repository.ts';
import { findLastBookChangeSeq } from '../server/modules/gazetteer/book-changes.repository.ts';
import { CLI_ACTOR, CliError, readConfig, runCommand } from './cli-support.ts';

/** A command is a short run with no requests to keep answering: the index runs in this thread, without workers. */
const CLI_SEARCH = { workers: 0 };

/** Opens the database and the search index, runs `body`, and closes both whatever happens. */
export async function withGazetteer<T>(
  body: (deps: GazetteerDeps) => Promise<T>,
  options: { gaijiFile?: string } = {},
): Promise<T> {
  const config = readConfig();
  const handle = await openConfiguredDatabase(config);
  const search = options.gaijiFile
    ? await openFollowingSearch(config.dataDir, {
        gaijiFile: options.gaijiFile,
        textSource: textSourceOf(config),
        ...CLI_SEARCH,
      })
    : await openSearchIndex(config, CLI_SEARCH);
  try {
    return await body({ db: handle.db, clock: systemClock, search });
  } finally {
    await search.index.close();
    await handle.close();
  }
}

function parseId(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new CliError(`书目编号“${raw}”无效，应为正整数（见 bin/fangzhi books list）。`);
  return id;
}

/** A one-line progress bar on stderr when it is a terminal; plain lines otherwise (logs, CI). */
function progress(done: number, total: number, text: string): void {
  const width = 24;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${text}`;
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${line}`);
  else process.stderr.write(`${line}\n`);
}

interface IngestOptions {
  type?: string;
  region?: string;
  year?: string;
  title?: string;
  period?: string;
  compiler?: string;
  publisher?: string;
  place?: string;
  edition?: string;
  isbn?: string;
  publish?: boolean;
  gaiji?: string;
  json?: boolean;
}

function overridesFrom(opts: IngestOptions): TBookMetadata & { published?: boolean } {
  const year = opts.year === undefined ? undefined : Number(opts.year);
  if (year !== undefined && !Number.isInteger(year))
    throw new CliError(`--year “${opts.year}”不是整数年份，例如 --year 1779。`);
  return {
    ...(opts.title ? { title: opts.title } : {}),
    ...(opts.type ? { type: opts.type as TBook['type'] } : {}),
    ...(opts.region ? { region: opts.region } : {}),
    ...(year !== undefined ? { year } : {}),
    ...(opts.period ? { period: opts.period } : {}),
    ...(opts.compiler ? { compiler: opts.compiler } : {}),
    ...(opts.publisher ? { publisher: opts.publisher } : {}),
    ...(opts.place ? { place: opts.place } : {}),
    ...(opts.edition ? { edition: opts.edition } : {}),
    ...(opts.isbn ? { isbn: opts.isbn } : {}),
    ...(opts.publish ? { published: true } : {}),
  };
}

export function booksCommand(): Command {
  const books = new Command('books').description('省情数据库：导入、列出、导出书目 / gazetteer database books');

  books
    .command('ingest')
    .description('导入书（文件或汉籍リポジトリ文件夹；同一来源重新导入会替换原书）/ ingest books')
    .argument('<path...>', '.txt .md .docx .epub .pdf 文件，或 Kanripo 文件夹')
    .addOption(new Option('--type <type>', '类型 / type').choices(BOOK_TYPES))
    .option('--region <region>', '地区：行政区划代码（如 220000）或历史地名')
    .option('--year <year>', '年份（公元），如 1779')
    .option('--title <title>', '书名（只导入一本时使用）')
    .option('--period <period>', '时期，如 清乾隆四十四年')
    .option('--compiler <compiler>', '编纂者')
    .option('--publisher <publisher>', '出版者')
    .option('--place <place>', '出版地')
    .option('--edition <edition>', '版本')
    .option('--isbn <isbn>', 'ISBN')
    .option('--publish', '导入后立即发布到公众检索')
    .option(
      '--gaiji <file>',
      '缺字表 charlist.org.txt 的路径（默认 FANGZHI_KR_GAIJI，否则安装目录旁的 ../shared/corpus/kr-gaiji/）',
    )
    .option('--json', '输出 JSON 摘要')
    .action((paths: string[], opts: IngestOptions) =>
      runCommand(async () => {
        if (opts.title && paths.length > 1) throw new CliError('--title 只能在导入一本书时使用。');
        const overrides = overridesFrom(opts);
        const started = performance.now();
        const results: {
          path: string;
          ok: boolean;
          book?: TBook;
          replaced?: boolean;
          warnings?: number;
          seconds: number;
          error?: string;
        }[] = [];
        await withGazetteer(
          async (deps) => {
            for (const [i, p] of paths.entries()) {
              const t0 = performance.now();
              progress(i, paths.length, `读取 ${p}`);
              try {
                const source = await readSourceIsolated(p, opts.gaiji ? { gaijiFile: opts.gaiji } : {});
                progress(
                  i,
                  paths.length,
                  `保存并建立索引《${source.book.metadata.title}》（${source.book.sections.length} 节）`,
                );
                const r = await ingestBook(
                  deps,
                  CLI_ACTOR,
                  { book: source.book, format: source.format, sourceName: path.basename(source.sourcePath) },
                  overrides,
                );
                results.push({
                  path: p,
                  ok: true,
                  book: r.book,
                  replaced: r.replaced,
                  warnings: r.warnings.length,
                  seconds: (performance.now() - t0) / 1000,
                });
              } catch (error) {
                const message =
                  error instanceof AppError ? error.message : error instanceof Error ? error.message : String(error);
                results.push({ path: p, ok: false, error: message, seconds: (performance.now() - t0) / 1000 });
              }
              progress(i + 1, paths.length, p);
            }
            // A bulk load ends with its smallest index segments merged (fewer rows for every later lookup); a server
            // on the same index would otherwise do it once writes have stopped for a while.
            if (results.some((r) => r.ok)) {
              progress(paths.length, paths.length, '整理检索索引');
              await deps.search.index.compact?.();
            }
          },
          opts.gaiji ? { gaijiFile: opts.gaiji } : {},
        );
        if (process.stderr.isTTY) process.stderr.write('\n');
        const failed = results.filter((r) => !r.ok);
        if (opts.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
        else {
          for (const r of results) {
            if (r.ok && r.book) {
              process.stdout.write(
                `${r.replaced ? '已替换' : '已导入'}  #${r.book.id}  《${r.book.title}》  ${r.book.type}  ${r.book.sectionCount} 节  ${r.book.charCount} 字  ${r.seconds.toFixed(1)} 秒${r.warnings ? `  ${r.warnings} 条提示` : ''}\n`,
              );
            } else process.stdout.write(`失败  ${r.path}：${r.error}\n`);
          }
          const chars = results.reduce((n, r) => n + (r.book?.charCount ?? 0), 0);
          process.stdout.write(
            `合计：成功 ${results.length - failed.length} 本，失败 ${failed.length} 本，共 ${chars} 字，用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒。\n`,
          );
        }
        if (failed.length > 0) process.exitCode = 1;
      }),
    );

  books
    .command('list')
    .description('列出书目 / list books')
    .option('--json', '输出 JSON')
    .action((opts: { json?: boolean }) =>
      runCommand(async () => {
        const list = await withGazetteer((deps) => listBooks(deps, CLI_ACTOR));
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
          return;
        }
        if (list.length === 0) process.stdout.write('还没有书目。用 bin/fangzhi books ingest 路径 导入。\n');
        for (const b of list) {
          process.stdout.write(
            `#${b.id}\t${b.title}\t${b.type}\t${b.region ?? '—'}\t${b.year ?? '—'}\t${b.sectionCount} 节\t${b.published ? '已发布' : '未发布'}\t${b.sourceId}\n`,
          );
        }
      }),
    );

  books
    .command('text')
    .description("输出一本书的文本；--search-text 输出索引检索的规范化文本（可用来核对检索结果）/ print a book's text")
    .argument('<bookId>', '书目编号')
    .option('--search-text', '输出检索用文本（去掉换行与缩进，并做繁简、异体折叠）')
    .option('--no-fold', '与 --search-text 同用：不做折叠（原字形）')
    .action((raw: string, opts: { searchText?: boolean; fold: boolean }) =>
      runCommand(async () => {
        const id = parseId(raw);
        await withGazetteer(async (deps) => {
          if (opts.searchText) {
            const sections = await readSearchText(deps, id, { fold: opts.fold });
            if (sections.length === 0) throw new AppError('NOT_FOUND', `书目 ${id} 不存在或没有章节。`);
            const missing = sections.filter((s) => s.text === null).length;
            if (missing > 0)
              throw new CliError(`书目 ${id} 有 ${missing} 节不在检索索引中，请先运行 bin/fangzhi books reindex。`);
            // One section per line: the search text has no line breaks of its own, so a phrase never spans two lines.
            for (const s of sections) process.stdout.write(`${s.text}\n`);
            return;
          }
          const sections = await findSections(deps.db, id);
          if (sections.length === 0) throw new AppError('NOT_FOUND', `书目 ${id} 不存在或没有章节。`);
          for (const s of sections)
            process.stdout.write(`${'#'.repeat(Math.min(s.level, 6))} ${s.title}\n\n${s.text}\n\n`);
        });
      }),
    );

  books
    .command('reindex')
    .description('从数据库重建检索索引（索引文件损坏、缺字表变化后使用）/ rebuild the search index')
    .action(() =>
      runCommand(async () => {
        const config = readConfig();
        // Built into a new file from the rows, then swapped in atomically: a running server keeps answering from the
        // old index until the new one is complete, then follows the switch (nothing is deleted under it).
        const started = performance.now();
        const handle = await openConfiguredDatabase(config);
        let n = 0;
        try {
          await buildNewGeneration(
            config.dataDir,
            async (search) => {
              const deps = { db: handle.db, clock: systemClock, search };
              // The change log's position before any book is read: running servers replay what follows after the swap.
              const seq = await findLastBookChangeSeq(handle.db);
              n = await reindexAll(deps, (done, total, title) => progress(done, total, title));
              // Books saved while the rebuild ran are caught here, before the swap.
              await syncSearchIndexWithDatabase(deps);
              return seq;
            },
            { textSource: textSourceOf(config) },
          );
        } finally {
          await handle.close();
        }
        if (process.stderr.isTTY) process.stderr.write('\n');
        process.stdout.write(
          `已重建检索索引：${n} 本书，用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒。\n`,
        );
      }),
    );

  for (const [name, published, description] of [
    ['publish', true, '发布到公众检索 / publish'],
    ['unpublish', false, '撤销发布 / unpublish'],
  ] as const) {
    books
      .command(name)
      .description(description)
      .argument('<bookId>', '书目编号')
      .action((raw: string) =>
        runCommand(async () => {
          const book = await withGazetteer((deps) => setBookPublished(deps, CLI_ACTOR, parseId(raw), published));
          process.stdout.write(`《${book.title}》${published ? '已发布' : '已撤销发布'}。\n`);
        }),
      );
  }

  books
    .command('delete')
    .description('删除书目（数据库与检索索引）/ delete a book')
    .argument('<bookId>', '书目编号')
    .action((raw: string) =>
      runCommand(async () => {
        await withGazetteer((deps) => deleteBook(deps, CLI_ACTOR, parseId(raw)));
        process.stdout.write(`已删除书目 ${raw}。\n`);
      }),
    );

  return books;
}
