import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { toImportRequest, findImportProblems } from '../shared/workplan-import.ts';
import { openConfiguredDatabase } from '../server/main.ts';
import { systemClock } from '../server/platform/clock.ts';
import { extractTextIsolated, parsePlanIsolated } from '../server/modules/workplan/extract-isolated.ts';
import { loadUnitDirectory, resolveUnitNames } from '../server/modules/workplan/preview-plan.ts';
import { describeRevision, importPlan } from '../server/modules/workplan/import-plan.ts';
import { listPlans, loadSavedTaskFaces } from '../server/modules/workplan/find-plans.ts';
import { diffPlans, faceOfInput } from '../server/modules/workplan/plan-diff.ts';
import { findPlanByYearTitle } from '../server/modules/workplan/workplan.repository.ts';
import type { TRevisionEntry } from '../shared/workplan.ts';
import { CLI_ACTOR, CliError, readConfig, runCommand } from './cli-support.ts';
import { countTaskHistory } from '../server/modules/supervision/task-history.ts';
import { addPlanExportCommand } from './plan-export.command.ts';

const STATUS_LABEL: Record<TRevisionEntry['status'], string> = {
  kept: '未变',
  renumbered: '重新编号',
  changed: '修改',
  new: '新增',
  dropped: '去掉',
};

/** One line per task that the revision touches: what happens to it and what hangs on it. */
function describeEntries(entries: readonly TRevisionEntry[]): string[] {
  return entries
    .filter((e) => e.status !== 'kept')
    .map((e) => {
      const where =
        e.status === 'new'
          ? `第 ${e.number} 项`
          : e.status === 'dropped'
            ? `原第 ${e.previousNumber} 项`
            : `原第 ${e.previousNumber} 项 → 第 ${e.number} 项`;
      const h = e.history;
      const history =
        h && h.reports + h.milestones + h.chases + h.extensions > 0
          ? `（填报 ${h.reports}，节点 ${h.milestones}，催办 ${h.chases}，延期 ${h.extensions}）`
          : '';
      const outcome = e.outcome === 'archive' ? '，将标为已撤销并保留历史' : e.outcome === 'delete' ? '，将删除' : '';
      const fields = e.status === 'changed' ? `：${e.fields.join('、')}` : '';
      return `${STATUS_LABEL[e.status]} ${where}${fields}${history}${outcome} ${e.text.slice(0, 30)}`;
    });
}

function readFileOrFail(file: string): Uint8Array {
  const full = path.resolve(file);
  if (!fs.existsSync(full)) throw new CliError(`找不到文件 ${full}。`);
  return fs.readFileSync(full);
}

export function planCommand(): Command {
  const plan = new Command('plan').description('工作要点 / annual plans (work points)');

  plan
    .command('parse')
    .description(
      '解析工作要点文件并输出结果（不连接数据库，不保存）/ parse a work-points file (no database, nothing saved)',
    )
    .argument('<file>', '.docx / .doc / .wps / .pdf / .ofd / .xlsx / .xls / .et / .csv / .txt')
    .option('--json', '输出 JSON / print JSON')
    .action((file: string, opts: { json?: boolean }) =>
      runCommand(async () => {
        const { text } = await extractTextIsolated(readFileOrFail(file), path.basename(file));
        const result = await parsePlanIsolated(text);
        if (opts.json) {
          const { sourceText: _sourceText, ...printed } = result;
          process.stdout.write(`${JSON.stringify(printed, null, 2)}\n`);
          return;
        }
        const tasks = result.sections.flatMap((s) => s.tasks);
        process.stdout.write(
          `${result.plan.title}（${result.plan.year} 年）：${result.sections.length} 个部分，${tasks.length} 项任务\n`,
        );
        for (const s of result.sections) {
          process.stdout.write(`\n${s.ordinal}. ${s.title}\n`);
          for (const t of s.tasks) {
            const targets = t.targets.map((g) => g.text).join('、');
            process.stdout.write(
              `  ${t.number}. 牵头：${t.leadUnits.join('、') || '—'}  配合：${t.supportUnits.join('、') || '—'}` +
                `${t.leaders?.length ? `  责任领导：${t.leaders.join('、')}` : ''}${targets ? `  指标：${targets}` : ''}` +
                `  时限：${t.deadline.continuous ? `长期（${t.deadline.text ?? '持续推进'}）` : `${t.deadline.date}${t.deadline.explicit ? '' : '（未明确）'}`}\n`,
            );
          }
        }
        for (const w of result.warnings) process.stdout.write(`提示：${w}\n`);
      }),
    );

  plan
    .command('import')
    .description('导入工作要点并保存（有未知单位时不保存，除非加 --create-units）/ import and save a work-points file')
    .argument('<file>', '.docx / .doc / .wps / .pdf / .ofd / .xlsx / .xls / .et / .csv / .txt')
    .option('--year <year>', '年度（文件标题中没有年度时使用）/ plan year when the title states none')
    .option('--create-units', '把组织机构中没有的单位新建出来 / create units missing from the directory')
    .option(
      '--accept-revision',
      '修订版会撤销已有填报的任务时仍然导入 / import a revision even if it archives tasks that have reports',
    )
    .action((file: string, opts: { year?: string; createUnits?: boolean; acceptRevision?: boolean }) =>
      runCommand(async () => {
        const bytes = readFileOrFail(file);
        const fileName = path.basename(file);
        const year = opts.year === undefined ? undefined : Number(opts.year);
        if (year !== undefined && (!Number.isInteger(year) || year < 1949 || year > 2100))
          throw new CliError(`--year ${opts.year} 不是有效的年度。`);
        const { text } = await extractTextIsolated(bytes, fileName);
        const handle = await openConfiguredDatabase(readConfig());
        try {
          const directory = await loadUnitDirectory(handle.db);
          const parse = await parsePlanIsolated(text, {
            knownUnits: directory.flatMap((d) => [d.name, ...d.aliases]),
            ...(year ? { defaultYear: year } : {}),
          });
          if (year) parse.plan.year = year;
          const units = resolveUnitNames(
            parse.sections.flatMap((s) => s.tasks.flatMap((t) => [...t.leadUnits, ...t.supportUnits])),
            directory,
          );
          const request = toImportRequest(parse, units, opts.createUnits === true);
          const problems = findImportProblems(request, units);
          for (const problem of problems) process.stderr.write(`提示：${problem}\n`);
          if (!opts.createUnits && units.some((u) => u.kind === 'unknown')) {
            throw new CliError(
              '有单位不在组织机构中，未保存任何内容。可先运行 bin/fangzhi units load-jilin 载入组织机构，或在网页“系统管理 → 组织机构”中添加/设置简称，或加 --create-units 自动新建这些单位。',
            );
          }
          const saved = await findPlanByYearTitle(handle.db, parse.plan.year, parse.plan.title);
          if (saved) {
            const diff = diffPlans(
              await loadSavedTaskFaces(handle.db, saved.id, countTaskHistory),
              request.sections.flatMap((s) => s.tasks.map(faceOfInput)),
            );
            process.stdout.write(
              `《${saved.title}》已有第 ${saved.revision} 版，本文件是修订版：${describeRevision(diff)}。\n`,
            );
            for (const line of describeEntries(diff.entries)) process.stdout.write(`  ${line}\n`);
            const withReports = diff.entries.filter((e) => e.status === 'dropped' && (e.history?.reports ?? 0) > 0);
            if (withReports.length > 0 && !opts.acceptRevision) {
              throw new CliError(
                `修订版会撤销 ${withReports.length} 项已有进展填报的任务（${withReports.map((e) => `原第 ${e.previousNumber} 项`).join('、')}），未保存任何内容。` +
                  '这些任务将标为“已撤销”并保留填报记录；核对无误后加 --accept-revision 重新运行。',
              );
            }
            // The CLI shows every drop above; running it (with --accept-revision where reports are involved) confirms them.
            request.confirmedDrops = diff.entries
              .filter((e) => e.status === 'dropped' && e.taskId !== null)
              .map((e) => e.taskId!);
          }
          const result = await importPlan(
            { db: handle.db, clock: systemClock, taskHistory: countTaskHistory },
            CLI_ACTOR,
            request,
            { kind: 'file', fileName, bytes },
          );
          const taskCount = request.sections.reduce((n, s) => n + s.tasks.length, 0);
          process.stdout.write(
            result.unchanged
              ? `与已保存的第 ${result.revision} 版完全相同，未作更改。\n`
              : result.created
                ? `已导入《${parse.plan.title}》（编号 ${result.planId}）：${request.sections.length} 个部分，${taskCount} 项任务。\n`
                : `已导入《${parse.plan.title}》第 ${result.revision} 版：${describeRevision(result.diff!)}。\n`,
          );
          if (result.createdUnits.length > 0) process.stdout.write(`新建单位：${result.createdUnits.join('、')}\n`);
        } finally {
          await handle.close();
        }
      }),
    );

  plan
    .command('list')
    .description('列出已导入的工作要点 / list saved plans')
    .option('--json', '输出 JSON / print JSON')
    .action((opts: { json?: boolean }) =>
      runCommand(async () => {
        const handle = await openConfiguredDatabase(readConfig());
        try {
          const rows = await listPlans({ db: handle.db }, CLI_ACTOR);
          if (opts.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          else
            for (const r of rows)
              process.stdout.write(`${r.id}\t${r.year}\t${r.title}\t第 ${r.revision} 版\t${r.taskCount} 项任务\n`);
        } finally {
          await handle.close();
        }
      }),
    );
  addPlanExportCommand(plan);
  return plan;
}
