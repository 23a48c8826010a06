import fs from 'node:fs';
import { Command } from 'commander';
import { openDatabase } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { assertTargetEmpty, copySqliteToPostgres, TargetNotEmptyError } from '../server/db/copy-to-postgres.ts';
import { systemClock } from '../server/platform/clock.ts';
import { reindexAll } from '../server/modules/gazetteer/ingest-book.ts';
import { buildNewGeneration } from '../server/modules/gazetteer/search-generations.ts';
import { findLastBookChangeSeq } from '../server/modules/gazetteer/book-changes.repository.ts';
import { CliError, readConfig, runCommand } from './cli-support.ts';

/**
 * `bin/fangzhi migrate-to-postgres DATABASE_URL` (issue 15): copies the SQLite installation in DATA_DIR into an empty
 * PostgreSQL database row by row, checks the counts per table, then builds the search index from PostgreSQL in DATA_DIR
 * (a new generation that records the change log's position, so a server started on PostgreSQL with this DATA_DIR is
 * ready at once; one with another DATA_DIR builds its own in the background).
 */
export function migrateToPostgresCommand(): Command {
  return new Command('migrate-to-postgres')
    .description(
      '把 DATA_DIR 中的 SQLite 数据库整体迁移到空的 PostgreSQL 数据库 / move an SQLite installation to PostgreSQL',
    )
    .argument('<databaseUrl>', 'PostgreSQL 连接串，例如 postgres://fangzhi@127.0.0.1:5432/fangzhi')
    .action((url: string) =>
      runCommand(async () => {
        if (!/^postgres(ql)?:\/\//.test(url))
          throw new CliError(`“${url}”不是 PostgreSQL 连接串，应形如 postgres://用户@主机:5432/数据库名。`);
        const config = readConfig();
        if (!fs.existsSync(config.sqliteFile))
          throw new CliError(`${config.sqliteFile} 不存在：请把 DATA_DIR 设为要迁移的 SQLite 安装的数据目录。`);
        const started = performance.now();
        const source = openDatabase({ kind: 'sqlite', file: config.sqliteFile });
        const target = openDatabase({ kind: 'postgres', url });
        try {
          await migrateToLatest(source.db);
          try {
            await assertTargetEmpty(target.db);
          } catch (error) {
            if (error instanceof TargetNotEmptyError)
              throw new CliError(
                `目标数据库不是空的（表 ${error.table} 已有数据），迁移不会覆盖或合并已有数据。\n` +
                  '请新建一个空数据库（例如 createdb fangzhi）后再运行本命令。',
              );
            throw error;
          }
          await migrateToLatest(target.db);
          await assertTargetEmpty(target.db);
          const copies = await copySqliteToPostgres(source.sqlite!, target.db, ({ table, rows }) =>
            process.stderr.write(`  ${table}：${rows} 行\n`),
          );
          const rows = copies.reduce((n, c) => n + c.rows, 0);
          process.stdout.write(`已复制 ${copies.length} 张表、${rows} 行，各表行数与 SQLite 一致。\n`);
          let books = 0;
          await buildNewGeneration(
            config.dataDir,
            async (search) => {
              const seq = await findLastBookChangeSeq(target.db);
              books = await reindexAll({ db: target.db, clock: systemClock, search });
              return seq;
            },
            { textSource: { kind: 'postgres', url } },
          );
          process.stdout.write(
            `已从 PostgreSQL 建立检索索引：${books} 本书。用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒。\n` +
              `今后请以 DATABASE_URL=${url.replace(/:[^:@/]*@/, ':***@')} 启动 bin/fangzhi serve；原 SQLite 文件保持不变，可留作备份。\n`,
          );
        } finally {
          await source.close();
          await target.close();
        }
      }),
    );
}
