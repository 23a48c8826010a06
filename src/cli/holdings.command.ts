import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { ACQUISITION_METHODS, HOLDING_TYPES, type TImportPreview } from '../shared/library.ts';
import { AppError } from '../shared/errors.ts';
import { openConfiguredDatabase } from '../server/main.ts';
import { systemClock } from '../server/platform/clock.ts';
import type { Db } from '../server/db/database.ts';
import { findUnitUsingName } from '../server/modules/org/org.repository.ts';
import { exportHoldings } from '../server/modules/library/export-holdings.ts';
import { countHoldings } from '../server/modules/library/find-holdings.ts';
import { importHoldings, previewHoldingsImport } from '../server/modules/library/import-holdings.ts';
import { CLI_ACTOR, CliError, readConfig, runCommand } from './cli-support.ts';

async function withDb<T>(body: (db: Db) => Promise<T>): Promise<T> {
  const handle = await openConfiguredDatabase(readConfig());
  try {
    return await body(handle.db);
  } finally {
    await handle.close();
  }
}

/** `--unit 吉林省方志馆` or `--unit 12`: the office whose holdings these are. */
async function resolveUnit(db: Db, raw: string | undefined): Promise<number | undefined> {
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw);
  const unit = await findUnitUsingName(db, raw);
  if (!unit) throw new CliError(`组织机构中没有“${raw}”：请用 bin/fangzhi units list 查看单位名称或编号。`);
  return unit.id;
}

function printPreview(p: TImportPreview): void {
  for (const item of p.items) {
    const what =
      item.action === 'create'
        ? '新建'
        : item.action === 'add_copies'
          ? `并入已有书目（${item.duplicateOf?.reason}）`
          : '跳过';
    process.stdout.write(`${item.source}  ${item.title || '（无题名）'}  复本 ${item.copies}  ${what}\n`);
    for (const e of item.errors) process.stdout.write(`    错误：${e}\n`);
  }
  const c = p.counts;
  process.stdout.write(
    `合计：新建书目 ${c.create} 条，并入已有书目 ${c.addCopies} 条，复本 ${c.copies} 册，有错误 ${c.skip} 条。\n`,
  );
}

export function holdingsCommand(): Command {
  const cmd = new Command('holdings').description(
    '方志馆与市县馆藏：导入、统计、导出 / library holdings: import, count, export',
  );

  cmd
    .command('import <file>')
    .description(
      '导入 MARC（ISO 2709 或 MARCXML，CNMARC 字段）或 .xlsx 馆藏表；有任何错误则不导入 / import MARC or .xlsx',
    )
    .option('--dry-run', '只检查并列出将新建的书目、重复和错误，不保存 / check only, save nothing')
    .option('--json', '以 JSON 输出 / print JSON')
    .option('--unit <unit>', '收藏单位（名称或编号），默认省方志委 / holding office (name or id)')
    .addOption(
      new Option(
        '--acquisition <method>',
        '文件未注明时的入藏方式 / acquisition method when the file has none',
      ).choices([...ACQUISITION_METHODS]),
    )
    .action((file: string, opts: { dryRun?: boolean; json?: boolean; unit?: string; acquisition?: string }) =>
      runCommand(async () => {
        if (!fs.existsSync(file)) throw new CliError(`找不到文件：${file}`);
        const bytes = new Uint8Array(fs.readFileSync(file));
        await withDb(async (db) => {
          const deps = { db, clock: systemClock };
          const req = {
            bytes,
            fileName: path.basename(file),
            unitId: (await resolveUnit(db, opts.unit)) ?? null,
            ...(opts.acquisition ? { acquisition: opts.acquisition } : {}),
          };
          if (opts.dryRun) {
            const preview = await previewHoldingsImport(deps, CLI_ACTOR, req);
            if (opts.json) process.stdout.write(`${JSON.stringify(preview, null, 2)}\n`);
            else printPreview(preview);
            if (preview.counts.skip > 0) process.exitCode = 1;
            return;
          }
          try {
            const result = await importHoldings(deps, CLI_ACTOR, req);
            if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
            else
              process.stdout.write(
                `已导入（批次 ${result.batch.id}）：新建书目 ${result.batch.recordCount} 条，复本 ${result.batch.copyCount} 册。\n`,
              );
          } catch (error) {
            if (opts.json && error instanceof AppError) {
              process.stdout.write(
                `${JSON.stringify({ code: error.code, message: error.message, errors: error.details.map((d) => d.message) }, null, 2)}\n`,
              );
              process.exitCode = 1;
              return;
            }
            throw error;
          }
        });
      }),
    );

  cmd
    .command('count')
    .description('按文献类型统计书目与在藏复本 / count records and held copies by type')
    .addOption(new Option('--type <type>', '只统计一种文献类型').choices([...HOLDING_TYPES]))
    .option('--unit <unit>', '只统计一个单位（名称或编号）')
    .option('--json', '以 JSON 输出 / print JSON')
    .action((opts: { type?: string; unit?: string; json?: boolean }) =>
      runCommand(() =>
        withDb(async (db) => {
          const counts = await countHoldings({ db }, CLI_ACTOR, {
            type: opts.type,
            unitId: await resolveUnit(db, opts.unit),
          });
          if (opts.json) {
            process.stdout.write(`${JSON.stringify(counts, null, 2)}\n`);
            return;
          }
          for (const t of counts.byType) process.stdout.write(`${t.type}\t书目 ${t.records}\t复本 ${t.copies}\n`);
          process.stdout.write(`合计\t书目 ${counts.records}\t复本 ${counts.copies}\n`);
        }),
      ),
    );

  cmd
    .command('export')
    .description('导出馆藏：marc（ISO 2709）、marcxml 或 xlsx / export holdings')
    .addOption(
      new Option('--format <format>', '导出格式').choices(['marc', 'iso2709', 'marcxml', 'xlsx']).makeOptionMandatory(),
    )
    .requiredOption('--out <file>', '输出文件 / output file')
    .option('--unit <unit>', '只导出一个单位的馆藏（名称或编号）')
    .addOption(new Option('--type <type>', '只导出一种文献类型').choices([...HOLDING_TYPES]))
    .action((opts: { format: string; out: string; unit?: string; type?: string }) =>
      runCommand(() =>
        withDb(async (db) => {
          const format = opts.format === 'marc' ? 'iso2709' : (opts.format as 'iso2709' | 'marcxml' | 'xlsx');
          const unitId = await resolveUnit(db, opts.unit);
          const file = await exportHoldings({ db, clock: systemClock }, CLI_ACTOR, {
            format,
            ...(unitId ? { unitId } : {}),
            ...(opts.type ? { type: opts.type as (typeof HOLDING_TYPES)[number] } : {}),
          });
          fs.writeFileSync(opts.out, file.bytes);
          process.stdout.write(`已导出 ${file.records} 条书目到 ${opts.out}\n`);
        }),
      ),
    );
  return cmd;
}
