import fs from 'node:fs';
import { Command } from 'commander';
import { openConfiguredDatabase } from '../server/main.ts';
import { listCampaigns } from '../server/modules/evaluation/campaigns.ts';
import { systemClock } from '../server/platform/clock.ts';
import { CAMPAIGN_KIND_LABELS, CAMPAIGN_STAGE_LABELS } from '../shared/evaluation.ts';
import { ScoreInputError, scoreFile } from '../shared/evaluation-score.ts';
import { CLI_ACTOR, CliError, readConfig, runCommand } from './cli-support.ts';

/** `review`: 评审 from the command line. `score` uses the same computation as the web app and writes nothing. */
export function reviewCommand(): Command {
  const cmd = new Command('review').description('评审：评审活动与评分计算 / evaluation campaigns and score sheets');
  cmd
    .command('campaign')
    .description('评审活动 / evaluation campaigns')
    .command('list')
    .description('列出评审活动 / list campaigns')
    .option('--json', '以 JSON 输出 / print JSON')
    .action((opts: { json?: boolean }) =>
      runCommand(async () => {
        const handle = await openConfiguredDatabase(readConfig());
        try {
          const list = await listCampaigns({ db: handle.db, clock: systemClock }, CLI_ACTOR);
          if (opts.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
          else if (list.length === 0) process.stdout.write('还没有评审活动。\n');
          else
            for (const c of list)
              process.stdout.write(
                `${c.id}\t${c.title}\t${CAMPAIGN_KIND_LABELS[c.kind]}\t${CAMPAIGN_STAGE_LABELS[c.stage]}\t参评 ${c.entryCount} 件\n`,
              );
        } finally {
          await handle.close();
        }
      }),
    );
  cmd
    .command('score <file>')
    .description(
      "按评分表计算一件作品的得分（不写数据库）/ compute an entry score from a JSON file of a sheet and the experts' marks",
    )
    .option('--json', '以 JSON 输出 / print JSON')
    .action((file: string, opts: { json?: boolean }) =>
      runCommand(async () => {
        if (!fs.existsSync(file)) throw new CliError(`找不到文件：${file}`);
        let raw: unknown;
        try {
          raw = JSON.parse(fs.readFileSync(file, 'utf8'));
        } catch (error) {
          throw new CliError(`“${file}”不是有效的 JSON：${error instanceof Error ? error.message : String(error)}`);
        }
        let r;
        try {
          r = scoreFile(raw);
        } catch (error) {
          if (error instanceof ScoreInputError) throw new CliError(error.message);
          throw error;
        }
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          return;
        }
        for (const e of r.experts)
          process.stdout.write(
            `${e.expert}\t${e.total} 分${e.errorRate === null ? '' : `\t差错率 ${e.errorRate}/万字`}${e.veto.length ? `\t否决：${e.veto.join('、')}` : ''}${e.dropped ? '\t（去掉）' : ''}\n`,
          );
        process.stdout.write(
          `汇总 ${r.total} 分（${r.aggregateUsed}）\t${r.vetoed ? '一票否决' : (r.grade ?? '未达等级')}${r.errorRate === null ? '' : `\t差错率 ${r.errorRate}/万字`}\n`,
        );
      }),
    );
  return cmd;
}
