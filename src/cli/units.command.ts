import { Command } from 'commander';
import { UNIT_KIND_LABELS } from '../shared/org.ts';
import { openConfiguredDatabase } from '../server/main.ts';
import { systemClock } from '../server/platform/clock.ts';
import { listUnits, loadJilinTemplate } from '../server/modules/org/org.service.ts';
import { CLI_ACTOR, readConfig, runCommand } from './cli-support.ts';

export function unitsCommand(): Command {
  const units = new Command('units').description('组织机构 / the unit directory');
  units
    .command('load-jilin')
    .description('载入吉林省组织机构模板（已存在的同名单位跳过）/ load the Jilin template (existing names are skipped)')
    .action(() =>
      runCommand(async () => {
        const handle = await openConfiguredDatabase(readConfig());
        try {
          const r = await loadJilinTemplate({ db: handle.db, clock: systemClock }, CLI_ACTOR);
          process.stdout.write(`已载入吉林省组织机构模板：新建 ${r.created} 个单位，跳过已存在的 ${r.skipped} 个。\n`);
        } finally {
          await handle.close();
        }
      }),
    );
  units
    .command('list')
    .description('列出单位 / list units')
    .option('--json', '输出 JSON / print JSON')
    .action((opts: { json?: boolean }) =>
      runCommand(async () => {
        const handle = await openConfiguredDatabase(readConfig());
        try {
          const rows = await listUnits({ db: handle.db, clock: systemClock }, CLI_ACTOR);
          if (opts.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          else
            for (const u of rows)
              process.stdout.write(
                `${u.id}\t${u.name}\t${UNIT_KIND_LABELS[u.kind]}\t${u.divisionCode ?? ''}\t${u.aliases.join('、')}\n`,
              );
        } finally {
          await handle.close();
        }
      }),
    );
  return units;
}
