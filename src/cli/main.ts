import { Command } from 'commander';
import { loadConfig } from '../server/config.ts';
import { openConfiguredDatabase, startServer } from '../server/main.ts';
import { compactSqlite } from '../server/db/database.ts';
import { backupCommand, restoreCommand } from './backup.command.ts';
import { userCommand } from './user.command.ts';
import { planCommand } from './plan.command.ts';
import { unitsCommand } from './units.command.ts';
import { booksCommand } from './books.command.ts';
import { searchCommand } from './search.command.ts';
import { compileCommand } from './compile.command.ts';
import { exitOnClosedPipe, runCommand } from './cli-support.ts';
import { holdingsCommand } from './holdings.command.ts';
import { datareportCommand } from './datareport.command.ts';
import { migrateToPostgresCommand } from './migrate-to-postgres.command.ts';
import { reviewCommand } from './review.command.ts';

const program = new Command('fangzhi')
  .description(
    '方志 Fangzhi：地方志工作要点督办与省情数据库。\nFangzhi: work-plan supervision and gazetteer database for local-chronicles offices.\n\n' +
      '环境变量 / environment: PORT (3000), DATA_DIR (./data), DATABASE_URL (postgres://…; 未设置则用 SQLite), FANGZHI_ADMIN_PASSWORD, LOG_LEVEL',
  )
  .helpOption('-h, --help', '显示帮助 / show help')
  // Bilingual descriptions are long: wrap at 120 columns rather than the terminal's 80 so each reads on one line.
  .configureHelp({ helpWidth: 120 })
  .helpCommand('help [command]', '显示命令帮助 / help for a command')
  .showHelpAfterError('（运行 bin/fangzhi --help 查看用法 / run with --help for usage）');

program
  .command('serve')
  .description('启动网页服务（迁移数据库，首次启动创建管理员）/ start the web server')
  .action(() =>
    runCommand(async () => {
      const running = await startServer(loadConfig(process.env));
      const stop = () => void running.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }),
  );

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

program
  .command('migrate')
  .description('把数据库结构升级到最新版本（SQLite 空闲页过多时随即压缩）/ migrate the database to the latest schema')
  .action(() =>
    runCommand(async () => {
      const handle = await openConfiguredDatabase(loadConfig(process.env));
      const compacted = compactSqlite(handle);
      await handle.close();
      process.stdout.write('数据库已是最新版本。/ Database is up to date.\n');
      if (compacted)
        process.stdout.write(
          `已压缩数据库文件：${mb(compacted.before)} MB → ${mb(compacted.after)} MB。/ Compacted the database file.\n`,
        );
    }),
  );

program.addCommand(userCommand());
program.addCommand(unitsCommand());
program.addCommand(planCommand());
program.addCommand(booksCommand());
program.addCommand(searchCommand());
program.addCommand(compileCommand());
program.addCommand(backupCommand());
program.addCommand(restoreCommand());
program.addCommand(holdingsCommand());
program.addCommand(datareportCommand());
// Several servers, one PostgreSQL (issue 15): move an SQLite installation there.
program.addCommand(migrateToPostgresCommand());
program.addCommand(reviewCommand());

exitOnClosedPipe(process.stdout);
await program.parseAsync(process.argv);
