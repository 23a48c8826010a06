import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Command } from 'commander';
import { openConfiguredDatabase, openSearchIndex } from '../server/main.ts';
import { syncSearchIndexWithDatabase } from '../server/modules/gazetteer/index-consistency.ts';
import { recordAudit } from '../server/platform/audit/audit.service.ts';
import { systemClock } from '../server/platform/clock.ts';
import { endAllSessions } from '../server/platform/auth/auth.service.ts';
import { CLI_ACTOR, CliError, readConfig, runCommand } from './cli-support.ts';

/** A command is a short run with no requests to keep answering: the index runs in this thread, without workers. */
const CLI_SEARCH = { workers: 0 };

const PG_HINT =
  '当前使用 PostgreSQL（DATABASE_URL）：请使用 pg_dump / pg_restore 备份与恢复。\nOn PostgreSQL, use pg_dump / pg_restore.';

export function backupCommand(): Command {
  return new Command('backup')
    .description('在线备份 SQLite 数据库到文件 / online backup of the SQLite database to FILE')
    .argument('<file>', '备份文件路径 / backup file')
    .action((file: string) =>
      runCommand(async () => {
        const config = readConfig();
        if (config.databaseUrl) throw new CliError(PG_HINT);
        const target = path.resolve(file);
        if (fs.existsSync(target)) throw new CliError(`备份文件 ${target} 已存在，请换一个文件名，以免覆盖。`);
        const handle = await openConfiguredDatabase(config);
        try {
          // better-sqlite3's backup uses SQLite's online backup API: consistent while the server keeps running.
          await handle.sqlite!.backup(target);
          process.stdout.write(`已备份到 ${target}（${(fs.statSync(target).size / 1024).toFixed(0)} KB）\n`);
        } finally {
          await handle.close();
        }
      }),
    );
}

/** Checks that a file is a Fangzhi SQLite database, intact, before anything is replaced. */
function assertFangzhiBackup(file: string): void {
  let db: SQLite.Database | null = null;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new CliError(`备份文件 ${file} 已损坏（integrity_check: ${String(check)}），无法恢复。`);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    for (const t of ['kysely_migration', 'app_user', 'unit', 'audit_log']) {
      if (!tables.includes(t)) throw new CliError(`文件 ${file} 不是方志系统的备份（缺少数据表 ${t}）。`);
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`无法读取备份文件 ${file}：${error instanceof Error ? error.message : String(error)}`);
  } finally {
    db?.close();
  }
}

export function restoreCommand(): Command {
  return new Command('restore')
    .description(
      '从备份文件恢复 SQLite 数据库（请先停止服务）/ restore the SQLite database from FILE (stop the server first)',
    )
    .argument('<file>', '备份文件路径 / backup file')
    .option('--force', '覆盖已有数据 / replace an existing database')
    .action((file: string, opts: { force?: boolean }) =>
      runCommand(async () => {
        const config = readConfig();
        if (config.databaseUrl) throw new CliError(PG_HINT);
        const source = path.resolve(file);
        if (!fs.existsSync(source)) throw new CliError(`找不到备份文件 ${source}。`);
        assertFangzhiBackup(source);
        if (fs.existsSync(config.sqliteFile) && !opts.force) {
          throw new CliError(`数据目录中已有数据库 ${config.sqliteFile}。如确需用备份覆盖，请先停止服务并加 --force。`);
        }
        fs.mkdirSync(config.dataDir, { recursive: true });
        // Copy to a temporary name and rename, so an interrupted restore never leaves half a database.
        const temp = `${config.sqliteFile}.restoring`;
        fs.copyFileSync(source, temp);
        for (const suffix of ['-wal', '-shm']) fs.rmSync(`${config.sqliteFile}${suffix}`, { force: true });
        fs.renameSync(temp, config.sqliteFile);
        const handle = await openConfiguredDatabase(config);
        try {
          // Sessions in a backup belong to the past: whoever held them must sign in again.
          await handle.db.transaction().execute(async (trx) => {
            const ended = await endAllSessions(trx);
            await recordAudit(trx, systemClock, CLI_ACTOR, {
              action: 'system.restore',
              entityType: 'system',
              summary: `从备份文件 ${path.basename(source)} 恢复数据库${ended > 0 ? `，备份中的 ${ended} 个登录会话已作废` : ''}`,
            });
          });
          // The search index describes the data before the restore: bring it in line with the restored books.
          const search = await openSearchIndex(config, CLI_SEARCH);
          try {
            const repaired = await syncSearchIndexWithDatabase({ db: handle.db, clock: systemClock, search });
            if (repaired.length > 0)
              process.stdout.write(`检索索引已按恢复后的数据更新（${repaired.length} 本书）。\n`);
          } finally {
            await search.index.close();
          }
        } finally {
          await handle.close();
        }
        process.stdout.write(`已从 ${source} 恢复到 ${config.sqliteFile}\n`);
      }),
    );
}
