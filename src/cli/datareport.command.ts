import fs from 'node:fs';
import { Command } from 'commander';
import { openConfiguredDatabase } from '../server/main.ts';
import { checkWorkbook, reportTemplate } from '../server/modules/datareports/fill-report.ts';
import { AppError } from '../shared/errors.ts';
import { CLI_ACTOR, CliError, readConfig, runCommand } from './cli-support.ts';

function parseId(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new CliError(`年报编号“${raw}”无效，应为正整数（网页“资料年报”中可见）。`);
  return id;
}

export function datareportCommand(): Command {
  const cmd = new Command('datareport').description(
    '资料年报：生成填报模板、检查填好的 Excel / annual data reports: template and validation',
  );
  cmd
    .command('template <cycleId>')
    .description('按年报表单生成 .xlsx 填报模板 / write the .xlsx template of a cycle')
    .requiredOption('--out <file>', '输出文件 / output file')
    .action((cycleId: string, opts: { out: string }) =>
      runCommand(async () => {
        const handle = await openConfiguredDatabase(readConfig());
        try {
          const file = await reportTemplate({ db: handle.db }, CLI_ACTOR, parseId(cycleId));
          fs.writeFileSync(opts.out, file.bytes);
          process.stdout.write(`已生成模板 ${opts.out}\n`);
        } finally {
          await handle.close();
        }
      }),
    );
  cmd
    .command('validate <cycleId> <file>')
    .description('检查填好的 .xlsx，按工作表和单元格列出每处错误 / check a filled workbook, errors by sheet and cell')
    .option('--json', '以 JSON 输出 / print JSON')
    .action((cycleId: string, file: string, opts: { json?: boolean }) =>
      runCommand(async () => {
        if (!fs.existsSync(file)) throw new CliError(`找不到文件：${file}`);
        const handle = await openConfiguredDatabase(readConfig());
        try {
          let result;
          try {
            result = await checkWorkbook(
              { db: handle.db },
              CLI_ACTOR,
              parseId(cycleId),
              new Uint8Array(fs.readFileSync(file)),
              null,
            );
          } catch (error) {
            if (opts.json && error instanceof AppError) {
              process.stdout.write(
                `${JSON.stringify({ ok: false, fileError: error.message, errors: [], warnings: [] }, null, 2)}\n`,
              );
              process.exitCode = 1;
              return;
            }
            throw error;
          }
          const ok = result.errors.length === 0;
          if (opts.json)
            process.stdout.write(
              `${JSON.stringify({ ok, errors: result.errors, warnings: result.warnings, values: result.values }, null, 2)}\n`,
            );
          else if (ok) process.stdout.write('检查通过，没有错误。\n');
          else
            for (const e of result.errors) process.stdout.write(`${e.cell ?? e.label}（${e.label}）：${e.message}\n`);
          if (!ok) process.exitCode = 1;
        } finally {
          await handle.close();
        }
      }),
    );
  return cmd;
}
