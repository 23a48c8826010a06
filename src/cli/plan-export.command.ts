import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { openConfiguredDatabase } from '../server/main.ts';
import { systemActor } from '../server/platform/auth/actor.ts';
import { clockFor } from '../server/platform/clock.ts';
import { exportPlanDocument } from '../server/modules/documents/export-plan-document.ts';
import { CliError, readConfig, runCommand } from './cli-support.ts';

/**
 * `plan export PLAN_ID --kind tasks|bulletin|summary --format xlsx|docx --out FILE [--period 2023-06]`: the same documents
 * the web page downloads, written to a file. The date on the document (成文日期) is today (UTC); the issuer is the plan's.
 */
export function addPlanExportCommand(plan: Command): void {
  plan
    .command('export')
    .description(
      '导出任务分解表（xlsx）、进展通报或工作总结（docx）/ export the task table, a progress bulletin or a summary',
    )
    .argument('<planId>', '工作要点编号（见 plan list）/ plan id (see plan list)')
    .requiredOption('--kind <kind>', 'tasks（任务分解表）| bulletin（进展通报）| summary（工作总结）')
    .option('--format <format>', 'xlsx（tasks）或 docx（bulletin、summary）')
    .requiredOption('--out <file>', '输出文件 / output file')
    .option('--period <period>', '通报期次 2023-06 / 2023-Q2 / 2023-H1；总结为 2023-H1（半年）或 2023（全年）')
    .action((planId: string, opts: { kind: string; format?: string; out: string; period?: string }) =>
      runCommand(async () => {
        const id = Number(planId);
        if (!Number.isSafeInteger(id) || id <= 0)
          throw new CliError(`工作要点编号“${planId}”无效，应为正整数（可用 bin/fangzhi plan list 查看）。`);
        const out = path.resolve(opts.out);
        if (!fs.existsSync(path.dirname(out))) throw new CliError(`输出目录 ${path.dirname(out)} 不存在。`);
        const config = readConfig();
        const handle = await openConfiguredDatabase(config);
        try {
          const doc = await exportPlanDocument(
            { db: handle.db, clock: clockFor(config.fixedDate) },
            systemActor('cli'),
            id,
            {
              kind: opts.kind,
              format: opts.format,
              period: opts.period,
            },
          );
          fs.writeFileSync(out, doc.bytes);
          process.stdout.write(`已导出《${doc.fileName}》到 ${out}（${doc.bytes.length} 字节）。\n`);
        } finally {
          await handle.close();
        }
      }),
    );
}
