/**
 * `npm run fuzz [-- --count N] [--seed S] [--concurrency C]`: mutates our own fixtures and feeds every importer (plan
 * preview/import, book upload/ingest), against a throwaway SQLite database and search index, then prints a table:
 * tried / parsed / clear errors / over limit / sandbox timeouts / crashes / hangs / partial writes.
 * Exit code 1 when anything crashed, hung or wrote half an import.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/server/db/database.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { openGazetteerSearch } from '../src/server/modules/gazetteer/open-search.ts';
import { closePlanExtractWorkers } from '../src/server/modules/workplan/extract-isolated.ts';
import { closeBookParseWorkers } from '../src/server/modules/gazetteer/read-book-isolated.ts';
import { formatReport, runFuzz } from '../src/server/test/fuzz-importers.ts';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} 应为非负整数`);
    process.exit(2);
  }
  return value;
}

const count = option('count', 500);
const seed = option('seed', 20231);
const concurrency = option('concurrency', 3);
const dir = mkdtempSync(path.join(os.tmpdir(), 'fangzhi-fuzz-'));
const handle = openDatabase({ kind: 'sqlite', file: path.join(dir, 'fuzz.sqlite') });
await migrateToLatest(handle.db);
const search = await openGazetteerSearch({ path: path.join(dir, 'search.sqlite'), env: {} });
const started = performance.now();
const rss = { peak: process.memoryUsage().rss };
const report = await runFuzz(
  { db: handle.db, search },
  {
    count,
    seed,
    concurrency,
    onProgress: (done, partial) => {
      rss.peak = Math.max(rss.peak, process.memoryUsage().rss);
      if (done % 100 === 0 || done === count) process.stderr.write(`\r${done}/${count}`);
      // A long run shows where it stands now and then (on stderr, so stdout stays the final table).
      if (done % 1000 === 0 && done < count) process.stderr.write(`\n${formatReport(partial)}\n`);
    },
  },
);
process.stderr.write('\n');
console.log(
  `模糊测试 / fuzz: ${count} 个变异文件，种子 ${seed}，并发 ${concurrency}，用时 ${((performance.now() - started) / 1000).toFixed(0)} 秒，本进程 RSS 峰值 ${(rss.peak / 1024 / 1024).toFixed(0)} MB`,
);
console.log(formatReport(report));
const bad = report.examples.filter(
  (e) => e.outcome === 'crash' || e.outcome === 'hang' || e.outcome === 'partialWrite',
);
for (const e of report.examples.slice(0, 20)) console.log(`  ${e.outcome}\t${e.seed}\t${e.how}\t${e.detail}`);
await Promise.all([closePlanExtractWorkers(), closeBookParseWorkers()]);
await search.index.close();
await handle.close();
rmSync(dir, { recursive: true, force: true });
process.exitCode = bad.length > 0 ? 1 : 0;
